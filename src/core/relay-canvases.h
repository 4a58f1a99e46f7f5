/* relay-canvases.h: a stream's picture in another shape, for the outputs
 * that ask for one (a vertical 9:16 beside the landscape program)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-scene-mixer.h"
#include "relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_CANVASES (relay_canvases_get_type ())

G_DECLARE_FINAL_TYPE (RelayCanvases, relay_canvases, RELAY, CANVASES, GObject)

RelayCanvases *relay_canvases_new (GstElement *pipeline);
gboolean relay_canvases_is_needed (RelayStream *stream, guint width, guint height);
RelayStream *relay_canvases_acquire (RelayCanvases *self, RelayStream *stream, guint width,
                                     guint height, double center_x, double center_y);
RelayStream *relay_canvases_acquire_scene (RelayCanvases *self, RelayStream *stream, guint width,
                                           guint height, RelayScene *scene,
                                           RelaySourceResolver resolve, gpointer resolve_data);
void relay_canvases_release (RelayCanvases *self, RelayStream *canvas);
guint relay_canvases_count (RelayCanvases *self);
void relay_canvases_close (RelayCanvases *self);

G_END_DECLS
