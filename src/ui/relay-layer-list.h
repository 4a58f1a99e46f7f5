/* relay-layer-list.h: the layers of a scene, the front one first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/scenes/relay-scene.h"

G_BEGIN_DECLS

#define RELAY_TYPE_LAYER_LIST (relay_layer_list_get_type ())

G_DECLARE_FINAL_TYPE (RelayLayerList, relay_layer_list, RELAY, LAYER_LIST, GtkWidget)

GtkWidget *relay_layer_list_new (void);
void relay_layer_list_set_scene (RelayLayerList *self, RelayScene *scene);
RelayScene *relay_layer_list_get_scene (RelayLayerList *self);
RelayLayer *relay_layer_list_get_selected (RelayLayerList *self);
void relay_layer_list_select (RelayLayerList *self, const char *layer_id);
GtkWidget *relay_layer_list_find_row (RelayLayerList *self, const char *layer_id);
char *relay_layer_list_describe (RelayLayer *layer);

G_END_DECLS
