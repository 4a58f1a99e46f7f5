/* relay-layer-properties.h: a layer's exact values, in a popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/scenes/relay-layer.h"

G_BEGIN_DECLS

#define RELAY_TYPE_LAYER_PROPERTIES (relay_layer_properties_get_type ())

G_DECLARE_FINAL_TYPE (RelayLayerProperties, relay_layer_properties, RELAY, LAYER_PROPERTIES,
                      GtkPopover)

GtkWidget *relay_layer_properties_new (void);
void relay_layer_properties_set_layer (RelayLayerProperties *self, RelayLayer *layer);
GtkWidget *relay_layer_properties_get_field (RelayLayerProperties *self, const char *property);

G_END_DECLS
