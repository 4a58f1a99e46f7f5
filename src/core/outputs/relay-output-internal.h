/* relay-output-internal.h: an output's private state, for the output's own files only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output-attempt.h"
#include "relay-stall-watch.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *stream_name;
  char *display_url;
  char *label;
  char *owner;
  /* milliseconds since 1970 */
  gint64 created_at;

  RelayOutputState state;
  char *last_error;
  RelayRetryPolicy policy;
  /* failed attempts since the output was last live */
  guint failures;
  /* the destination took this output's URL and key once in this run */
  gboolean was_live;
  guint reconnects;
  guint stalls;
  guint stall_timeout_ms;
  /* while live, with a protocol that tells what the destination took */
  RelayStallWatch *stall_watch;

  gboolean video_enabled;
  gboolean audio_enabled;
  guint video_bitrate_kbps;
  guint video_width;
  guint video_height;
  double crop_center_x;
  double crop_center_y;
  RelayScene *scene;
  RelayH264Profile h264_profile;
  guint audio_bitrate_kbps;
  guint max_keyframe_interval_s;
  guint max_video_bitrate_kbps;
  /* the sound's treatment, for this output only */
  gboolean muted;
  RelaySoundClip *clip;
  gboolean clip_loop;
  guint clip_instance;

  RelayStream *stream;
  RelayOutputAttempt *attempt;
  guint teardowns_pending;
  GPtrArray *stop_tasks;

  guint retry_source_id;
  gint64 next_retry_at_us;
  guint poll_source_id;
  gint64 connecting_since_us;
  gint64 live_since_us;
  gint64 last_poll_us;

  guint64 bytes_before;
  /* video frames of the attempts before this one */
  guint64 frames_sent_before;
  guint64 frames_dropped_before;
  guint64 attempt_bytes;
  guint bitrate;
} RelayOutputPrivate;

RelayOutputPrivate *relay_output_get_private (RelayOutput *self);

/* What the state machine (relay-output-run.c) changes, told through the
 * properties and signals relay-output.c holds */
void relay_output_set_state (RelayOutput *self, RelayOutputState state);
void relay_output_set_last_error (RelayOutput *self, const char *message);
void relay_output_notify_attempt (RelayOutput *self);
void relay_output_emit_stats_updated (RelayOutput *self);

G_END_DECLS
