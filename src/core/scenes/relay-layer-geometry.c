/* relay-layer-geometry.c
 *
 * The layer's own crop comes first, then its fit: "contain" shrinks the
 * rectangle around the picture (the canvas shows through the bars), "cover"
 * crops the picture's overflow evenly on both sides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-layer-geometry.h"

/* Sizes here are positive. */
static int
round_size (double size)
{
  return MAX (1, (int) (size + 0.5));
}

/**
 * relay_layer_geometry_compute:
 * @source_width: the source's picture, in its pixels
 * @rect: the layer's rectangle on the canvas
 *
 * Returns: %FALSE when nothing is left to draw (the crop takes it all, an
 *   empty rectangle); @geometry is then unset
 */
gboolean
relay_layer_geometry_compute (int source_width, int source_height, const RelayRect *rect,
                              RelayLayerFit fit, const RelayCrop *crop,
                              RelayLayerGeometry *geometry)
{
  int width = source_width - (int) crop->left - (int) crop->right;
  int height = source_height - (int) crop->top - (int) crop->bottom;
  double scale;

  if (width < 1 || height < 1 || rect->width < 1 || rect->height < 1)
    return FALSE;

  geometry->crop = *crop;
  geometry->rect = *rect;

  switch (fit)
    {
      case RELAY_LAYER_FIT_STRETCH:
        break;
      case RELAY_LAYER_FIT_CONTAIN:
        scale = MIN ((double) rect->width / width, (double) rect->height / height);
        geometry->rect.width = round_size (width * scale);
        geometry->rect.height = round_size (height * scale);
        geometry->rect.x = rect->x + (rect->width - geometry->rect.width) / 2;
        geometry->rect.y = rect->y + (rect->height - geometry->rect.height) / 2;
        break;
      case RELAY_LAYER_FIT_COVER:
        {
          int shown_width, shown_height;

          scale = MAX ((double) rect->width / width, (double) rect->height / height);
          shown_width = MIN (width, round_size (rect->width / scale));
          shown_height = MIN (height, round_size (rect->height / scale));
          geometry->crop.left += (width - shown_width) / 2;
          geometry->crop.right += width - shown_width - (width - shown_width) / 2;
          geometry->crop.top += (height - shown_height) / 2;
          geometry->crop.bottom += height - shown_height - (height - shown_height) / 2;
          break;
        }
      default:
        g_return_val_if_reached (FALSE);
    }

  return TRUE;
}
