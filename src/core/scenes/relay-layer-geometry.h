/* relay-layer-geometry.h: where a layer's source lands on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-layer.h"

G_BEGIN_DECLS

typedef struct
{
  /* cut off the source's edges */
  RelayCrop crop;
  /* where what remains is drawn, at that size */
  RelayRect rect;
} RelayLayerGeometry;

gboolean relay_layer_geometry_compute (int source_width, int source_height, const RelayRect *rect,
                                       RelayLayerFit fit, const RelayCrop *crop,
                                       RelayLayerGeometry *geometry);

void relay_layer_geometry_crop_to_shape (int source_width, int source_height, int width, int height,
                                         double center_x, double center_y, RelayCrop *crop);

G_END_DECLS
