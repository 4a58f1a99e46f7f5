/* relay-encoder.h: one encoder, teed to every output that shares its profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-profile.h"

G_BEGIN_DECLS

#define RELAY_TYPE_ENCODER (relay_encoder_get_type ())

G_DECLARE_FINAL_TYPE (RelayEncoder, relay_encoder, RELAY, ENCODER, GObject)

RelayEncoder *relay_encoder_new_video (const RelayVideoProfile *profile,
                                       const RelayProgramFormat *format, GError **error);
RelayEncoder *relay_encoder_new_audio (const RelayAudioProfile *profile,
                                       const RelayProgramFormat *format, GError **error);
RelayMediaKind relay_encoder_get_kind (RelayEncoder *self);
const char *relay_encoder_get_key (RelayEncoder *self);
GstElement *relay_encoder_get_bin (RelayEncoder *self);
GstPad *relay_encoder_request_src_pad (RelayEncoder *self);
void relay_encoder_release_src_pad (RelayEncoder *self, GstPad *pad);
guint64 relay_encoder_get_frames (RelayEncoder *self);
double relay_encoder_get_fps (RelayEncoder *self);
void relay_encoder_get_queue_level (RelayEncoder *self, guint *buffers, guint64 *time_ns);

void relay_encoder_handle_stream_status (GstMessage *message);

G_END_DECLS
