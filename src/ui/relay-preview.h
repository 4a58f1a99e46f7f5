/* relay-preview.h: a live picture of a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/media/relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_PREVIEW (relay_preview_get_type ())

G_DECLARE_FINAL_TYPE (RelayPreview, relay_preview, RELAY, PREVIEW, GtkWidget)

#define RELAY_PREVIEW_WIDTH  640
#define RELAY_PREVIEW_HEIGHT 360

GtkWidget *relay_preview_new (void);
void relay_preview_set_stream (RelayPreview *self, RelayStream *stream);
RelayStream *relay_preview_get_stream (RelayPreview *self);
GdkPaintable *relay_preview_get_paintable (RelayPreview *self);
guint64 relay_preview_get_frames_shown (RelayPreview *self);
const char *relay_preview_get_status (RelayPreview *self);

G_END_DECLS
