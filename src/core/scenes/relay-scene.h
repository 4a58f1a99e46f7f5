/* relay-scene.h: a named, ordered list of layers composed on a canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-layer.h"

G_BEGIN_DECLS

#define RELAY_TYPE_SCENE (relay_scene_get_type ())

G_DECLARE_FINAL_TYPE (RelayScene, relay_scene, RELAY, SCENE, GObject)

RelayScene *relay_scene_new (const char *id, const char *name);
RelayScene *relay_scene_new_from_json (JsonObject *object, GError **error);
RelayScene *relay_scene_new_from_json_full (JsonObject *object, char **field, GError **error);
JsonNode *relay_scene_to_json (RelayScene *self);
RelayScene *relay_scene_duplicate (RelayScene *self, const char *id, const char *name);
void relay_scene_replace (RelayScene *self, RelayScene *from);

const char *relay_scene_get_id (RelayScene *self);
const char *relay_scene_get_name (RelayScene *self);
void relay_scene_set_name (RelayScene *self, const char *name);

GListModel *relay_scene_get_layers (RelayScene *self);
RelayLayer *relay_scene_find_layer (RelayScene *self, const char *layer_id);
void relay_scene_add_layer (RelayScene *self, RelayLayer *layer);
void relay_scene_insert_layer (RelayScene *self, RelayLayer *layer, guint position);
gboolean relay_scene_remove_layer (RelayScene *self, const char *layer_id);
gboolean relay_scene_move_layer (RelayScene *self, const char *layer_id, guint position);

G_END_DECLS
