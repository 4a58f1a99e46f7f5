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

/**
 * relay_layer_geometry_crop_to_shape:
 * @source_width: the picture cut from
 * @width: the shape wanted (only the ratio of @width to @height counts)
 * @center_x: where the cut's centre goes, 0 (left) to 1 (right)
 * @center_y: likewise, 0 (top) to 1 (bottom)
 * @crop: (out): what to cut off the picture's edges
 *
 * The largest part of the picture in the wanted shape, around a centre the
 * person chose; it stays inside the picture when the centre is near an edge.
 */
void
relay_layer_geometry_crop_to_shape (int source_width, int source_height, int width, int height,
                                    double center_x, double center_y, RelayCrop *crop)
{
  int kept_width = source_width;
  int kept_height = source_height;
  int left, top;

  g_return_if_fail (width > 0 && height > 0);

  /* narrower than the picture: full height; else full width */
  if ((gint64) width * source_height < (gint64) height * source_width)
    kept_width = MAX (1, (int) ((double) source_height * width / height + 0.5));
  else
    kept_height = MAX (1, (int) ((double) source_width * height / width + 0.5));

  left = CLAMP ((int) (CLAMP (center_x, 0.0, 1.0) * source_width - kept_width / 2.0 + 0.5), 0,
                source_width - kept_width);
  top = CLAMP ((int) (CLAMP (center_y, 0.0, 1.0) * source_height - kept_height / 2.0 + 0.5), 0,
               source_height - kept_height);
  *crop = (RelayCrop){
    .left = left,
    .top = top,
    .right = source_width - kept_width - left,
    .bottom = source_height - kept_height - top,
  };
}
