/* relay-text-picture.h: a live picture of a text, or of the time, on transparency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/base/gstpushsrc.h>

G_BEGIN_DECLS

#define RELAY_TYPE_TEXT_PICTURE (relay_text_picture_get_type ())

G_DECLARE_FINAL_TYPE (RelayTextPicture, relay_text_picture, RELAY, TEXT_PICTURE, GstPushSrc)

GstElement *relay_text_picture_new (guint fps, gboolean clock);

G_END_DECLS
