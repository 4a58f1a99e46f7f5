/* relay-output.h: one destination: its state machine, retries and stats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "relay-encoder.h"
#include "relay-enums.h"
#include "relay-retry-policy.h"
#include "relay-scene.h"
#include "relay-sound-clip.h"

G_BEGIN_DECLS

#define RELAY_TYPE_OUTPUT (relay_output_get_type ())

G_DECLARE_DERIVABLE_TYPE (RelayOutput, relay_output, RELAY, OUTPUT, GObject)

typedef struct
{
  /* bytes of this attempt as the destination sees them (0: count what enters) */
  guint64 bytes_sent;
  /* media reaches the destination */
  gboolean connected;
  /* the protocol tells how much the destination took: @acknowledged counts
   * bytes it confirmed (RTMP: how far the server's TCP window reaches; WHIP:
   * what receiver reports covered). When it stops moving, the output stalls. */
  gboolean acknowledges;
  guint64 acknowledged;
  /* when @acknowledged was read, if not now (monotonic time; 0: now) */
  gint64 acknowledged_us;
} RelayOutputProgress;

/* What every kind of output is made with; see relay_output_options_init(). */
typedef struct
{
  /* NULL: a random UUID */
  const char *id;
  /* NULL: "program" */
  const char *stream_name;
  const char *label;
  guint attempts;
  guint retry_delay_ms;
  gboolean video_enabled;
  gboolean audio_enabled;
  /* 0 or default: the stream's settings */
  guint video_bitrate_kbps;
  guint video_width;
  guint video_height;
  /* a size of another shape than the stream's is cut from it around this
   * centre, 0 to 1 across and down (0.5: the middle) */
  double crop_center_x;
  double crop_center_y;
  /* (nullable): a scene of the output's own, composed at its size instead
   * of the stream's picture */
  RelayScene *scene;
  RelayH264Profile h264_profile;
  guint audio_bitrate_kbps;
  /* off only for test servers with self-signed certificates */
  gboolean tls_validation;
  /* the secret a protocol sends beside the URL (WHIP's Authorization: Bearer) */
  const char *token;
  /* a platform's limit on the keyframe interval (0: the stream's setting) */
  guint max_keyframe_interval_s;
  /* a platform's limit on the video bitrate (0: none) */
  guint max_video_bitrate_kbps;
  /* STUN and TURN servers of WebRTC outputs, besides those the endpoint names */
  const char *const *ice_servers;
  /* a live destination that takes nothing this long is stalled (0: never) */
  guint stall_timeout_ms;
  /* who made it: one of RELAY_OUTPUT_OWNER_*, or a client's own name */
  const char *owner;
  /* a stream name in the URL that is no secret (its key is kept apart), shown unmasked */
  const char *public_name;
  /* a WHEP viewer's: what the stream's WebRTC publisher sends of its
   * picture, forwarded as it came when the viewer takes it ("H264", "VP8";
   * NULL: no publisher) */
  const char *publisher_video;
} RelayOutputOptions;

/* Owners of outputs: each client finds and shows its own by this, and the
 * API lists it. A client of the API names itself (its dialect, a relay task). */
#define RELAY_OUTPUT_OWNER_WINDOW       "window"
#define RELAY_OUTPUT_OWNER_COMMAND_LINE "command-line"

struct _RelayOutputClass
{
  GObjectClass parent_class;

  /* The audio codec this kind of destination carries. */
  RelayAudioCodec audio_codec;

  /* The elements of one attempt: a bin with a "video" and/or an "audio" sink
   * pad, as the output's switches ask. Errors here are configuration errors
   * and are not retried. */
  GstElement *(*create_bin) (RelayOutput *self, GError **error);

  /* Turns an error an element of the attempt posted into a short message. */
  RelayFailureKind (*explain_error) (RelayOutput *self, const GError *error, const char *debug,
                                     char **message);

  /* Polled every second while an attempt runs. */
  void (*query_progress) (RelayOutput *self, GstElement *bin, RelayOutputProgress *progress);

  /* The attempt's bin is in the pipeline and fed (signalling starts here). */
  void (*attempt_started) (RelayOutput *self, GstElement *bin);

  /* The attempt's media has stopped; finish what the protocol needs on the
   * way out (a WHIP DELETE). Must complete, and promptly. */
  void (*end_attempt_async) (RelayOutput *self, GstElement *bin, GAsyncReadyCallback callback,
                             gpointer user_data);
  void (*end_attempt_finish) (RelayOutput *self, GAsyncResult *result);

  /* Whether a graceful stop sends an end of stream through the attempt and
   * waits for it (muxers finalise on it); TRUE unless the subclass says. */
  gboolean finish_with_eos;

  /* (nullable): what of @kind the output takes as a WebRTC publisher sends
   * it ("H264", "VP8", "OPUS"), when its stream's source is one, rather than
   * from the stream's encoders: a WHEP viewer. %NULL, or none: encoded. */
  const char *(*forwarded_encoding) (RelayOutput *self, RelayMediaKind kind);

  gpointer padding[7];
};

void relay_output_options_init (RelayOutputOptions *options);

const char *relay_output_get_id (RelayOutput *self);
const char *relay_output_get_stream_name (RelayOutput *self);
const char *relay_output_get_display_url (RelayOutput *self);
const char *relay_output_get_label (RelayOutput *self);
const char *relay_output_get_owner (RelayOutput *self);
gboolean relay_output_is_owned_by (RelayOutput *self, const char *owner);
void relay_output_set_label (RelayOutput *self, const char *label);
RelayOutputState relay_output_get_state (RelayOutput *self);
gint64 relay_output_get_created_at (RelayOutput *self);
const char *relay_output_get_last_error (RelayOutput *self);
guint relay_output_get_attempt (RelayOutput *self);
guint relay_output_get_attempts (RelayOutput *self);
void relay_output_set_attempts (RelayOutput *self, guint attempts);
guint relay_output_get_retry_delay_ms (RelayOutput *self);
void relay_output_set_retry_delay_ms (RelayOutput *self, guint delay_ms);
guint relay_output_get_next_retry_s (RelayOutput *self);
guint relay_output_get_reconnects (RelayOutput *self);
guint relay_output_get_stalls (RelayOutput *self);
guint relay_output_get_stall_timeout_ms (RelayOutput *self);
guint64 relay_output_get_bytes_sent (RelayOutput *self);
guint64 relay_output_get_frames_sent (RelayOutput *self);
guint64 relay_output_get_frames_dropped (RelayOutput *self);
guint64 relay_output_get_queued_ns (RelayOutput *self);
RelayEncoder *relay_output_get_encoder (RelayOutput *self, RelayMediaKind kind);
guint relay_output_get_bitrate (RelayOutput *self);
gint64 relay_output_get_uptime_us (RelayOutput *self);
gboolean relay_output_get_video_enabled (RelayOutput *self);
void relay_output_get_video_size (RelayOutput *self, guint *width, guint *height);
void relay_output_get_crop_center (RelayOutput *self, double *x, double *y);
RelayScene *relay_output_get_scene (RelayOutput *self);
gboolean relay_output_get_audio_enabled (RelayOutput *self);
gboolean relay_output_get_muted (RelayOutput *self);
void relay_output_set_muted (RelayOutput *self, gboolean muted);
RelaySoundClip *relay_output_get_sound (RelayOutput *self);
gboolean relay_output_get_sound_loop (RelayOutput *self);
void relay_output_set_sound (RelayOutput *self, RelaySoundClip *clip, gboolean loop);
gboolean relay_output_is_active (RelayOutput *self);
char *relay_output_describe_state (RelayOutput *self);

/* For subclasses */
RelayOutput *relay_output_new_with_options (GType type, const RelayOutputOptions *options,
                                            const char *url, guint n_extra,
                                            const char *extra_names[], const GValue extra_values[]);
void relay_output_report_failure (RelayOutput *self, RelayFailureKind kind, guint retry_after_ms,
                                  const char *message);

G_END_DECLS
