/* relay-stream.h: a named source, mixed to the program format, with its encoders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-encoder.h"
#include "relay-enums.h"
#include "relay-profile.h"
#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_STREAM (relay_stream_get_type ())

G_DECLARE_FINAL_TYPE (RelayStream, relay_stream, RELAY, STREAM, GObject)

/* The highest "volume": about +12 dB */
#define RELAY_STREAM_MAX_VOLUME 4.0
/* What pictures with transparency are blended in */
#define RELAY_STREAM_ALPHA_FORMAT "AYUV"

RelayStream *relay_stream_new (const char *name, GstElement *pipeline,
                               const RelayProgramFormat *format, GError **error);
const char *relay_stream_get_name (RelayStream *self);
RelayStreamState relay_stream_get_state (RelayStream *self);
gint64 relay_stream_get_created_at (RelayStream *self);
gboolean relay_stream_get_keep_alive (RelayStream *self);
void relay_stream_set_keep_alive (RelayStream *self, gboolean keep_alive);
void relay_stream_watch_audio_level (RelayStream *self);
RelaySource *relay_stream_get_source (RelayStream *self);
gboolean relay_stream_is_source_flowing (RelayStream *self);
gboolean relay_stream_set_source (RelayStream *self, RelaySource *source, GError **error);
gboolean relay_stream_can_change_video_format (RelayStream *self, GError **error);
gboolean relay_stream_set_video_format (RelayStream *self, const RelayProgramFormat *format,
                                        GError **error);
void relay_stream_end_source (RelayStream *self, RelaySource *source);
const RelayProgramFormat *relay_stream_get_format (RelayStream *self);
const RelayEncodingDefaults *relay_stream_get_encoding_defaults (RelayStream *self);
void relay_stream_set_encoding_defaults (RelayStream *self, const RelayEncodingDefaults *defaults);
GstElement *relay_stream_get_mixer (RelayStream *self, RelayMediaKind kind);
GstElement *relay_stream_get_pipeline (RelayStream *self);
void relay_stream_hold_alpha (RelayStream *self);
void relay_stream_release_alpha (RelayStream *self);

RelayEncoder *relay_stream_acquire_video_encoder (RelayStream *self,
                                                  const RelayVideoProfile *profile, GError **error);
RelayEncoder *relay_stream_acquire_audio_encoder (RelayStream *self,
                                                  const RelayAudioProfile *profile, GError **error);
void relay_stream_release_encoder (RelayStream *self, RelayEncoder *encoder);
guint relay_stream_count_encoders (RelayStream *self, RelayMediaKind kind);

GstPad *relay_stream_link_raw_pad (RelayStream *self, RelayMediaKind kind, GstPad *sink_pad);
void relay_stream_release_raw_pad (RelayStream *self, GstPad *pad);

gboolean relay_stream_handle_message (RelayStream *self, GstMessage *message);
void relay_stream_close (RelayStream *self);

G_END_DECLS
