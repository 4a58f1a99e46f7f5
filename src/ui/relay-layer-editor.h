/* relay-layer-editor.h: moving and resizing a layer on the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/scenes/relay-layer.h"
#include "relay-preview.h"

G_BEGIN_DECLS

#define RELAY_TYPE_LAYER_EDITOR (relay_layer_editor_get_type ())

G_DECLARE_FINAL_TYPE (RelayLayerEditor, relay_layer_editor, RELAY, LAYER_EDITOR, GtkWidget)

/* how near, in canvas pixels, an edge or centre line draws a dragged edge to it */
#define RELAY_LAYER_EDITOR_SNAP 8

GtkWidget *relay_layer_editor_new (void);
void relay_layer_editor_set_preview (RelayLayerEditor *self, RelayPreview *preview);
void relay_layer_editor_set_layer (RelayLayerEditor *self, RelayLayer *layer);
RelayLayer *relay_layer_editor_get_layer (RelayLayerEditor *self);
gboolean relay_layer_editor_canvas_to_widget (RelayLayerEditor *self, double canvas_x,
                                              double canvas_y, double *x, double *y);

G_END_DECLS
