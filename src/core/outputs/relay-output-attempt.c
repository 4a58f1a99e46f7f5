/* relay-output-attempt.c
 *
 * Each start of an output is an attempt: a bin the subclass builds (flvmux and
 * rtmp2sink, a muxer and a file, webrtcbin), wrapped here behind one leaky
 * queue per medium and linked to the stream's shared encoders. Taking it down
 * unlinks it between two buffers, lets its muxer finalise on an end of stream
 * when the stop is graceful, and takes it out of the pipeline without the main
 * context waiting on a stuck sink.
 *
 *   encoder tee ─ [isolated pad ─ leaky queue ─ keyframe gate] ─ subclass bin
 *
 * A WHEP viewer of a WHIP publisher takes, in place of an encoder's tee, the
 * publisher's tee of what it sends, as it came (relay-webrtc-source.c).
 *
 * A subclass bin with an "flv" pad (RTMP) takes instead the tags of the FLV
 * mux it shares with the destinations of the same encoders, through a gate
 * and a queue of its own (relay-flv-fanout.c, relay-flv-gate.c):
 *
 *   shared mux tee ─ [isolated pad ─ gate ─ queue] ─ subclass bin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-flv-fanout.h"
#include "relay-flv-gate.h"
#include "relay-gst-util.h"
#include "relay-output-attempt.h"
#include "relay-webrtc-source.h"

#define EOS_TIMEOUT_MS 3000
#define QUEUE_MAX_TIME (3 * GST_SECOND)

typedef struct _AudioSwitch AudioSwitch;

struct _RelayOutputAttempt
{
  RelayOutput *output;
  RelayStream *stream;
  GstElement *bin;
  GstElement *inner;
  RelayEncoder *encoders[2];
  /* branches of the encoders, or of the publisher's media as it came */
  GstPad *encoder_pads[2];
  RelayWebrtcSource *publisher;
  GstPad *sink_pads[2];
  gboolean video_enabled;

  /* touched from streaming threads */
  gint video_started;
  gint need_keyframe;
  /* when a keyframe was last asked for, in monotonic seconds */
  gint keyframe_asked_s;
  /* bytes into the queues, and out of them towards the destination */
  gsize bytes_offered;
  gsize bytes_in;
  /* video frames: into the queue, out to the destination, held back by the
   * keyframe gate (and of those, the ones after the first picture: a loss) */
  gint frames_in;
  gint frames_sent;
  gint frames_skipped;
  gint frames_lost_at_gate;
  GstElement *video_queue;

  /* an FLV destination: the shared mux, its branch, the gate and its pad */
  RelayFlvFanout *fanout;
  GstPad *fanout_pad;
  GstPad *flv_pad;
  RelayFlvGate *gate;

  /* teardown, on the main context */
  gboolean was_connected;
  gboolean graceful;
  guint pending;
  guint eos_pending;
  guint eos_timeout_id;
  gboolean media_finished;
  RelayOutputAttemptEndedFunc ended;

  /* the sound moving to another encoder (muted, a clip) */
  AudioSwitch *audio_switch;
};

/* The attempt's audio going from one shared encoder to another while live:
 * unlinked from the old and linked to the new between two buffers. */
struct _AudioSwitch
{
  RelayOutput *output;
  RelayStream *stream;
  RelayEncoder *old_encoder;
  /* of an FLV destination, the mux it leaves */
  RelayFlvFanout *old_fanout;
  GstPad *old_pad;
  GstPad *new_pad;
  GstPad *sink_pad;
  /* the attempt ended first: the new encoder is not linked */
  GMutex lock;
  gboolean cancelled;
  gint fired;
};

static GstBuffer *
first_buffer (GstPadProbeInfo *info)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

      return gst_buffer_list_length (list) > 0 ? gst_buffer_list_get (list, 0) : NULL;
    }
  return GST_PAD_PROBE_INFO_BUFFER (info);
}

static gsize
probe_size (GstPadProbeInfo *info)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    return gst_buffer_list_calculate_size (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  return gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info));
}

/* A destination joining a running encoder, or one that just lost frames in
 * its queue, starts again at a keyframe: anything before it is undecodable. */
static gint
probe_count (GstPadProbeInfo *info)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    return (gint) gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  return 1;
}

static GstPadProbeReturn
count_audio_in (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  g_atomic_pointer_add (&attempt->bytes_offered, probe_size (info));
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
count_video_in (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  g_atomic_int_add (&attempt->frames_in, probe_count (info));
  return count_audio_in (pad, info, user_data);
}

static void request_keyframe (GstPad *video_sink_pad);

/* Streaming thread. A keyframe asked for may not come: a WebRTC publisher
 * (forwarded) answers one request of several that come close together, as
 * when viewers join at once. Asked again each second while waited for. */
static void
ask_keyframe_again (RelayOutputAttempt *attempt)
{
  gint now = (gint) (g_get_monotonic_time () / G_USEC_PER_SEC);
  gint asked = g_atomic_int_get (&attempt->keyframe_asked_s);

  if (now != asked && g_atomic_int_compare_and_exchange (&attempt->keyframe_asked_s, asked, now))
    request_keyframe (attempt->sink_pads[RELAY_MEDIA_VIDEO]);
}

static GstPadProbeReturn
gate_video (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;
  GstBuffer *buffer = first_buffer (info);

  if (buffer == NULL)
    return GST_PAD_PROBE_DROP;

  if (g_atomic_int_get (&attempt->need_keyframe))
    {
      if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        {
          g_atomic_int_add (&attempt->frames_skipped, probe_count (info));
          if (g_atomic_int_get (&attempt->video_started))
            g_atomic_int_add (&attempt->frames_lost_at_gate, probe_count (info));
          ask_keyframe_again (attempt);
          return GST_PAD_PROBE_DROP;
        }
      g_atomic_int_set (&attempt->need_keyframe, FALSE);
    }

  g_atomic_int_add (&attempt->frames_sent, probe_count (info));
  g_atomic_int_set (&attempt->video_started, TRUE);
  g_atomic_pointer_add (&attempt->bytes_in, probe_size (info));
  return GST_PAD_PROBE_OK;
}

/* Sound starts with the first picture, so a recording does not open on a
 * black, silent second. */
static GstPadProbeReturn
gate_audio (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  if (attempt->video_enabled && !g_atomic_int_get (&attempt->video_started))
    return GST_PAD_PROBE_DROP;

  g_atomic_pointer_add (&attempt->bytes_in, probe_size (info));
  return GST_PAD_PROBE_OK;
}

static void
request_keyframe (GstPad *video_sink_pad)
{
  gst_pad_push_event (video_sink_pad,
                      gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM,
                                            gst_structure_new ("GstForceKeyUnit", "all-headers",
                                                               G_TYPE_BOOLEAN, TRUE, NULL)));
}

static void
on_video_queue_overrun (GstElement *queue, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  if (g_atomic_int_compare_and_exchange (&attempt->need_keyframe, FALSE, TRUE))
    {
      g_autoptr (GstPad) sink = gst_element_get_static_pad (queue, "sink");

      GST_INFO_OBJECT (queue, "destination too slow: frames dropped, waiting for a keyframe");
      request_keyframe (sink);
    }
}

static gboolean
add_branch (RelayOutputAttempt *attempt, RelayMediaKind kind, GError **error)
{
  const char *name = kind == RELAY_MEDIA_VIDEO ? "video" : "audio";
  g_autoptr (GstPad) inner_pad = gst_element_get_static_pad (attempt->inner, name);
  g_autoptr (GstPad) queue_src = NULL;
  g_autoptr (GstPad) queue_sink = NULL;
  GstElement *queue;

  if (inner_pad == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, "the output has no %s input", name);
      return FALSE;
    }

  if (!(queue = relay_bin_add_new (GST_BIN (attempt->bin), "queue", error)))
    return FALSE;

  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time",
                (guint64) QUEUE_MAX_TIME, NULL);

  queue_src = gst_element_get_static_pad (queue, "src");
  queue_sink = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (queue_src, inner_pad);
  gst_pad_add_probe (queue_src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     kind == RELAY_MEDIA_VIDEO ? gate_video : gate_audio, attempt, NULL);
  gst_pad_add_probe (queue_sink, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     kind == RELAY_MEDIA_VIDEO ? count_video_in : count_audio_in, attempt, NULL);
  if (kind == RELAY_MEDIA_VIDEO)
    {
      g_signal_connect (queue, "overrun", G_CALLBACK (on_video_queue_overrun), attempt);
      attempt->video_queue = queue;
    }

  attempt->sink_pads[kind] = relay_ghost_static_pad (attempt->bin, queue, "sink", name);
  relay_pad_isolate_flow (attempt->sink_pads[kind]);
  return TRUE;
}

static gboolean
add_branches (RelayOutputAttempt *attempt, gboolean audio_enabled, GError **error)
{
  return (!attempt->video_enabled || add_branch (attempt, RELAY_MEDIA_VIDEO, error))
         && (!audio_enabled || add_branch (attempt, RELAY_MEDIA_AUDIO, error));
}

static gboolean
add_flv_branch (RelayOutputAttempt *attempt, GError **error)
{
  attempt->flv_pad =
      relay_flv_gate_add (GST_BIN (attempt->bin), attempt->inner, attempt->video_enabled, error);
  if (attempt->flv_pad == NULL)
    return FALSE;
  attempt->gate = relay_flv_gate_from_pad (attempt->flv_pad);
  return TRUE;
}

/* What feeds the attempt, given back: its branches of the shared encoders
 * (or of the FLV mux), and the encoders. */
static void
release_feeds (RelayOutputAttempt *attempt)
{
  if (attempt->fanout_pad != NULL)
    relay_flv_fanout_release_pad (attempt->fanout, attempt->fanout_pad);
  gst_clear_object (&attempt->fanout_pad);
  g_clear_object (&attempt->fanout);

  for (guint kind = 0; kind < 2; kind++)
    {
      if (attempt->encoders[kind] == NULL && attempt->encoder_pads[kind] != NULL)
        relay_webrtc_source_release_forward_pad (attempt->publisher, attempt->encoder_pads[kind]);
      if (attempt->encoders[kind] == NULL)
        {
          gst_clear_object (&attempt->encoder_pads[kind]);
          continue;
        }
      if (attempt->encoder_pads[kind] != NULL)
        relay_encoder_release_src_pad (attempt->encoders[kind], attempt->encoder_pads[kind]);
      gst_clear_object (&attempt->encoder_pads[kind]);
      relay_stream_release_encoder (attempt->stream, attempt->encoders[kind]);
      g_clear_object (&attempt->encoders[kind]);
    }
}

static void
on_clip_finished (RelayEncoder *encoder, RelayOutput *self)
{
  RelayOutputAttempt *attempt = relay_output_get_current_attempt (self);

  if (attempt != NULL && attempt->encoders[RELAY_MEDIA_AUDIO] == encoder
      && relay_output_get_sound (self) != NULL && !relay_output_get_sound_loop (self))
    relay_output_set_sound (self, NULL, FALSE);
}

/* A clip played once ends on its own, and its sound goes back to the shared encoder. */
static void
watch_audio_encoder (RelayOutput *self, RelayEncoder *encoder, const RelayAudioProfile *profile)
{
  if (profile->clip != NULL && !profile->clip_loop)
    g_signal_connect_object (encoder, "clip-finished", G_CALLBACK (on_clip_finished), self, 0);
}

static void
attempt_free (RelayOutputAttempt *attempt)
{
  g_clear_object (&attempt->publisher);
  gst_clear_object (&attempt->bin);
  g_clear_object (&attempt->stream);
  g_clear_object (&attempt->output);
  g_free (attempt);
}

/* Returns: (nullable): the attempt, its bin in the stream's pipeline and fed */
RelayOutputAttempt *
relay_output_attempt_new (RelayOutput *self, RelayStream *stream, GError **error)
{
  gboolean video_enabled = relay_output_get_video_enabled (self);
  gboolean audio_enabled = relay_output_get_audio_enabled (self);
  RelayOutputAttempt *attempt;
  RelayVideoProfile video_profile;
  RelayAudioProfile audio_profile;
  GstElement *inner;

  inner = RELAY_OUTPUT_GET_CLASS (self)->create_bin (self, error);
  if (inner == NULL)
    return NULL;

  attempt = g_new0 (RelayOutputAttempt, 1);
  attempt->output = g_object_ref (self);
  attempt->stream = g_object_ref (stream);
  attempt->video_enabled = video_enabled;
  attempt->need_keyframe = TRUE;
  attempt->bin = gst_object_ref_sink (gst_bin_new (NULL));
  attempt->inner = inner;
  gst_bin_add (GST_BIN (attempt->bin), inner);
  gst_object_unref (inner);
  relay_element_set_owner (attempt->bin, self);

  if (relay_element_has_pad (inner, "flv") ? !add_flv_branch (attempt, error)
                                           : !add_branches (attempt, audio_enabled, error))
    {
      attempt_free (attempt);
      return NULL;
    }

  /* A publisher's media, as it came: no encoder for what it sends. */
  if (RELAY_OUTPUT_GET_CLASS (self)->forwarded_encoding != NULL && attempt->gate == NULL
      && RELAY_IS_WEBRTC_SOURCE (relay_stream_get_source (stream)))
    attempt->publisher = g_object_ref (RELAY_WEBRTC_SOURCE (relay_stream_get_source (stream)));
  for (guint kind = 0; attempt->publisher != NULL && kind < 2; kind++)
    {
      const char *encoding = RELAY_OUTPUT_GET_CLASS (self)->forwarded_encoding (self, kind);

      if (kind == RELAY_MEDIA_VIDEO ? video_enabled : audio_enabled)
        attempt->encoder_pads[kind] = relay_webrtc_source_request_forward_pad (
            attempt->publisher, kind, encoding, relay_stream_get_pipeline (stream));
    }

  /* VP8 is only ever forwarded: a viewer of it whose publisher left has nothing */
  if (video_enabled && attempt->encoder_pads[RELAY_MEDIA_VIDEO] == NULL
      && RELAY_OUTPUT_GET_CLASS (self)->forwarded_encoding != NULL
      && g_strcmp0 (RELAY_OUTPUT_GET_CLASS (self)->forwarded_encoding (self, RELAY_MEDIA_VIDEO),
                    "VP8")
             == 0)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("The publisher’s VP8 picture is no longer there"));
      release_feeds (attempt);
      attempt_free (attempt);
      return NULL;
    }

  /* The attempt holds its encoders: its teardown may end after the stream closed. */
  relay_output_get_encoding_profiles (self, stream, &video_profile, &audio_profile);
  if (video_enabled && attempt->encoder_pads[RELAY_MEDIA_VIDEO] == NULL)
    {
      attempt->encoders[RELAY_MEDIA_VIDEO] =
          relay_stream_acquire_video_encoder (stream, &video_profile, error);
      if (attempt->encoders[RELAY_MEDIA_VIDEO] == NULL)
        {
          release_feeds (attempt);
          attempt_free (attempt);
          return NULL;
        }
      g_object_ref (attempt->encoders[RELAY_MEDIA_VIDEO]);
    }
  if (audio_enabled && attempt->encoder_pads[RELAY_MEDIA_AUDIO] == NULL)
    {
      attempt->encoders[RELAY_MEDIA_AUDIO] =
          relay_stream_acquire_audio_encoder (stream, &audio_profile, error);
      if (attempt->encoders[RELAY_MEDIA_AUDIO] == NULL)
        {
          release_feeds (attempt);
          attempt_free (attempt);
          return NULL;
        }
      g_object_ref (attempt->encoders[RELAY_MEDIA_AUDIO]);
      watch_audio_encoder (self, attempt->encoders[RELAY_MEDIA_AUDIO], &audio_profile);
    }
  if (attempt->gate != NULL)
    {
      attempt->fanout = relay_flv_fanout_acquire (stream, video_enabled ? &video_profile : NULL,
                                                  audio_enabled ? &audio_profile : NULL, error);
      if (attempt->fanout == NULL)
        {
          release_feeds (attempt);
          attempt_free (attempt);
          return NULL;
        }
    }

  relay_bin_add_to_running (relay_stream_get_pipeline (stream), attempt->bin);
  relay_bin_sync_with_running (attempt->bin);

  if (attempt->fanout != NULL)
    {
      attempt->fanout_pad = relay_flv_fanout_request_pad (attempt->fanout);
      gst_pad_link (attempt->fanout_pad, attempt->flv_pad);
      if (video_enabled)
        request_keyframe (attempt->flv_pad);
      return attempt;
    }

  for (guint kind = 0; kind < 2; kind++)
    {
      if (attempt->encoders[kind] != NULL)
        attempt->encoder_pads[kind] = relay_encoder_request_src_pad (attempt->encoders[kind]);
      if (attempt->encoder_pads[kind] != NULL)
        gst_pad_link (attempt->encoder_pads[kind], attempt->sink_pads[kind]);
    }
  if (attempt->publisher != NULL && attempt->encoders[RELAY_MEDIA_VIDEO] == NULL
      && attempt->encoder_pads[RELAY_MEDIA_VIDEO] != NULL)
    g_debug ("%s: the publisher's media forwarded", relay_output_get_id (self));

  if (attempt->sink_pads[RELAY_MEDIA_VIDEO] != NULL)
    request_keyframe (attempt->sink_pads[RELAY_MEDIA_VIDEO]);

  return attempt;
}

static void attempt_finish_media (RelayOutputAttempt *attempt);

static void
on_attempt_ended (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;
  RelayOutput *self = attempt->output;
  RelayOutputClass *klass = RELAY_OUTPUT_GET_CLASS (self);

  if (result != NULL && klass->end_attempt_finish != NULL)
    klass->end_attempt_finish (self, result);

  attempt->ended (self);
  attempt_free (attempt);
}

static gboolean
eos_timed_out (gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  attempt->eos_timeout_id = 0;
  g_debug ("output %s: no end of stream in time, closing anyway",
           relay_output_get_id (attempt->output));
  attempt_finish_media (attempt);
  return G_SOURCE_REMOVE;
}

static void
attempt_removed (gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;
  RelayOutputClass *klass = RELAY_OUTPUT_GET_CLASS (attempt->output);

  if (klass->end_attempt_async != NULL)
    klass->end_attempt_async (attempt->output, attempt->inner, on_attempt_ended, attempt);
  else
    on_attempt_ended (NULL, NULL, attempt);
}

static void
attempt_finish_media (RelayOutputAttempt *attempt)
{
  if (attempt->media_finished)
    return;
  attempt->media_finished = TRUE;
  g_clear_handle_id (&attempt->eos_timeout_id, g_source_remove);

  /* A sink may be stuck in a write: the main context must not wait for it. */
  relay_bin_remove_from_parent_async (attempt->bin, attempt_removed, attempt);
}

static gboolean
on_sink_eos_main (gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  if (!attempt->media_finished && --attempt->eos_pending == 0)
    attempt_finish_media (attempt);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
watch_sink_eos (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;

  relay_defer_to_main (on_sink_eos_main, user_data, NULL);
  return GST_PAD_PROBE_REMOVE;
}

/* The sinks inside the attempt (a filesink, rtmp2sink, webrtcbin's own). */
static guint
watch_sinks_for_eos (RelayOutputAttempt *attempt)
{
  g_autoptr (GstIterator) it = gst_bin_iterate_recurse (GST_BIN (attempt->bin));
  GValue item = G_VALUE_INIT;
  guint count = 0;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);

      if (!GST_IS_BIN (element) && GST_OBJECT_FLAG_IS_SET (element, GST_ELEMENT_FLAG_SINK))
        {
          g_autoptr (GstPad) pad = gst_element_get_static_pad (element, "sink");

          if (pad != NULL)
            {
              gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, watch_sink_eos, attempt,
                                 NULL);
              count++;
            }
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);

  return count;
}

static void
attempt_unlinked (gpointer user_data)
{
  RelayOutputAttempt *attempt = user_data;

  if (--attempt->pending > 0)
    return;

  release_feeds (attempt);

  /* Muxers finalise on EOS (an MP4 index, an RTMP unpublish); a destination
   * that never connected has nothing to finalise. */
  if (attempt->graceful && attempt->was_connected
      && RELAY_OUTPUT_GET_CLASS (attempt->output)->finish_with_eos)
    {
      attempt->eos_pending = watch_sinks_for_eos (attempt);
      if (attempt->eos_pending > 0)
        {
          attempt->eos_timeout_id = g_timeout_add (EOS_TIMEOUT_MS, eos_timed_out, attempt);
          for (guint kind = 0; kind < 2; kind++)
            {
              if (attempt->sink_pads[kind] != NULL)
                relay_pad_send_event_async (attempt->sink_pads[kind], gst_event_new_eos ());
            }
          if (attempt->flv_pad != NULL)
            relay_pad_send_event_async (attempt->flv_pad, gst_event_new_eos ());
          return;
        }
    }

  attempt_finish_media (attempt);
}

/* Takes @attempt down and frees it; @ended is called once its end is over:
 * its media stopped and the subclass finished what the protocol needs. */
void
relay_output_attempt_teardown (RelayOutputAttempt *attempt, gboolean graceful,
                               gboolean was_connected, RelayOutputAttemptEndedFunc ended)
{
  AudioSwitch *audio_switch = g_steal_pointer (&attempt->audio_switch);

  if (audio_switch != NULL)
    {
      g_mutex_lock (&audio_switch->lock);
      audio_switch->cancelled = TRUE;
      g_mutex_unlock (&audio_switch->lock);
    }

  attempt->graceful = graceful;
  attempt->was_connected = was_connected;
  attempt->ended = ended;
  attempt->pending = 1;

  for (guint kind = 0; kind < 2; kind++)
    {
      if (attempt->encoder_pads[kind] == NULL)
        continue;
      attempt->pending++;
      relay_pad_unlink_when_idle (attempt->encoder_pads[kind], attempt_unlinked, attempt);
    }
  if (attempt->fanout_pad != NULL)
    {
      attempt->pending++;
      relay_pad_unlink_when_idle (attempt->fanout_pad, attempt_unlinked, attempt);
    }

  attempt_unlinked (attempt);
}

/* Switching the sound's encoder while live */

static void
audio_switch_free (AudioSwitch *audio_switch)
{
  g_object_unref (audio_switch->output);
  g_object_unref (audio_switch->stream);
  g_object_unref (audio_switch->old_encoder);
  g_clear_object (&audio_switch->old_fanout);
  gst_object_unref (audio_switch->old_pad);
  gst_object_unref (audio_switch->new_pad);
  gst_object_unref (audio_switch->sink_pad);
  g_mutex_clear (&audio_switch->lock);
  g_free (audio_switch);
}

static gboolean
finish_audio_switch (gpointer user_data)
{
  AudioSwitch *audio_switch = user_data;
  RelayOutput *self = audio_switch->output;
  RelayOutputAttempt *attempt;

  if (audio_switch->old_fanout != NULL)
    relay_flv_fanout_release_pad (audio_switch->old_fanout, audio_switch->old_pad);
  else
    relay_encoder_release_src_pad (audio_switch->old_encoder, audio_switch->old_pad);
  relay_stream_release_encoder (audio_switch->stream, audio_switch->old_encoder);

  attempt = relay_output_get_current_attempt (self);
  if (attempt != NULL && attempt->audio_switch == audio_switch)
    {
      attempt->audio_switch = NULL;
      g_debug ("output %s: sound now from %s", relay_output_get_id (self),
               relay_encoder_get_key (attempt->encoders[RELAY_MEDIA_AUDIO]));
      /* what was asked for meanwhile */
      relay_output_attempt_switch_audio (attempt);
    }

  audio_switch_free (audio_switch);
  return G_SOURCE_REMOVE;
}

/* Between two buffers: an encoded audio frame is whole on either side. */
static GstPadProbeReturn
relink_when_idle (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  AudioSwitch *audio_switch = user_data;

  if (!g_atomic_int_compare_and_exchange (&audio_switch->fired, FALSE, TRUE))
    return GST_PAD_PROBE_REMOVE;

  gst_pad_unlink (audio_switch->old_pad, audio_switch->sink_pad);
  g_mutex_lock (&audio_switch->lock);
  if (!audio_switch->cancelled)
    {
      gst_pad_link (audio_switch->new_pad, audio_switch->sink_pad);
      /* another mux: the pictures go on from one of its keyframes */
      if (audio_switch->old_fanout != NULL)
        {
          relay_flv_gate_restart (relay_flv_gate_from_pad (audio_switch->sink_pad));
          request_keyframe (audio_switch->sink_pad);
        }
    }
  g_mutex_unlock (&audio_switch->lock);

  relay_defer_to_main (finish_audio_switch, audio_switch, NULL);
  return GST_PAD_PROBE_REMOVE;
}

/* Moves the attempt's sound to the encoder of the output's audio profile
 * (the treatment is part of it), if that changed: shared with the outputs of
 * the same treatment, made if none has it yet. */
void
relay_output_attempt_switch_audio (RelayOutputAttempt *attempt)
{
  RelayOutput *self;
  RelayVideoProfile video_profile;
  RelayAudioProfile audio_profile;
  g_autofree char *key = NULL;
  g_autoptr (GError) error = NULL;
  RelayEncoder *encoder;
  RelayFlvFanout *fanout = NULL;
  AudioSwitch *audio_switch;

  if (attempt == NULL || attempt->encoders[RELAY_MEDIA_AUDIO] == NULL
      || attempt->audio_switch != NULL)
    return;

  self = attempt->output;
  relay_output_get_encoding_profiles (self, attempt->stream, &video_profile, &audio_profile);
  key = relay_audio_profile_to_key (&audio_profile);
  if (g_str_equal (key, relay_encoder_get_key (attempt->encoders[RELAY_MEDIA_AUDIO])))
    return;

  encoder = relay_stream_acquire_audio_encoder (attempt->stream, &audio_profile, &error);
  if (encoder == NULL)
    {
      g_warning ("output %s: the sound cannot change: %s", relay_output_get_id (self),
                 error->message);
      return;
    }
  if (attempt->fanout != NULL)
    {
      fanout = relay_flv_fanout_acquire (
          attempt->stream, attempt->video_enabled ? &video_profile : NULL, &audio_profile, &error);
      if (fanout == NULL)
        {
          g_warning ("output %s: the sound cannot change: %s", relay_output_get_id (self),
                     error->message);
          relay_stream_release_encoder (attempt->stream, encoder);
          return;
        }
    }
  watch_audio_encoder (self, encoder, &audio_profile);

  audio_switch = g_new0 (AudioSwitch, 1);
  g_mutex_init (&audio_switch->lock);
  audio_switch->output = g_object_ref (self);
  audio_switch->stream = g_object_ref (attempt->stream);
  audio_switch->old_encoder = g_steal_pointer (&attempt->encoders[RELAY_MEDIA_AUDIO]);
  attempt->encoders[RELAY_MEDIA_AUDIO] = g_object_ref (encoder);
  if (fanout != NULL)
    {
      audio_switch->old_fanout = g_steal_pointer (&attempt->fanout);
      audio_switch->old_pad = g_steal_pointer (&attempt->fanout_pad);
      audio_switch->sink_pad = gst_object_ref (attempt->flv_pad);
      attempt->fanout = fanout;
      attempt->fanout_pad = relay_flv_fanout_request_pad (fanout);
      audio_switch->new_pad = gst_object_ref (attempt->fanout_pad);
    }
  else
    {
      audio_switch->old_pad = g_steal_pointer (&attempt->encoder_pads[RELAY_MEDIA_AUDIO]);
      audio_switch->sink_pad = gst_object_ref (attempt->sink_pads[RELAY_MEDIA_AUDIO]);
      attempt->encoder_pads[RELAY_MEDIA_AUDIO] = relay_encoder_request_src_pad (encoder);
      audio_switch->new_pad = gst_object_ref (attempt->encoder_pads[RELAY_MEDIA_AUDIO]);
    }
  attempt->audio_switch = audio_switch;

  g_debug ("output %s: sound moving to %s", relay_output_get_id (self), key);
  gst_pad_add_probe (audio_switch->old_pad, GST_PAD_PROBE_TYPE_IDLE, relink_when_idle, audio_switch,
                     NULL);
}

/* What the output reads of its attempt; those that take a %NULL attempt are
 * the output's figures while none runs. */

/* Frames the leaky queue threw away are those that went in and neither came
 * out nor wait in it. */
void
relay_output_attempt_count_frames (RelayOutputAttempt *attempt, guint64 *sent, guint64 *dropped)
{
  guint queued = 0;
  gint64 leaked;

  *sent = *dropped = 0;
  if (attempt != NULL && attempt->gate != NULL)
    {
      relay_flv_gate_count_frames (attempt->gate, sent, dropped);
      return;
    }
  if (attempt == NULL || attempt->video_queue == NULL)
    return;

  g_object_get (attempt->video_queue, "current-level-buffers", &queued, NULL);
  leaked = (gint64) g_atomic_int_get (&attempt->frames_in)
           - g_atomic_int_get (&attempt->frames_sent) - g_atomic_int_get (&attempt->frames_skipped)
           - queued;
  *sent = (guint64) g_atomic_int_get (&attempt->frames_sent);
  *dropped = (guint64) MAX (leaked, 0) + (guint64) g_atomic_int_get (&attempt->frames_lost_at_gate);
}

/* Returns: the subclass's bin */
GstElement *
relay_output_attempt_get_bin (RelayOutputAttempt *attempt)
{
  return attempt->inner;
}

/* Whether @object is one of the attempt's elements (or their pads). */
gboolean
relay_output_attempt_contains (RelayOutputAttempt *attempt, GstObject *object)
{
  return gst_object_has_as_ancestor (object, GST_OBJECT (attempt->bin));
}

/* Returns: (transfer none) (nullable): the shared encoder @kind comes from */
RelayEncoder *
relay_output_attempt_get_encoder (RelayOutputAttempt *attempt, RelayMediaKind kind)
{
  return attempt != NULL ? attempt->encoders[kind] : NULL;
}

/* Bytes offered to the attempt's queues, what it could not take included. */
guint64
relay_output_attempt_get_bytes_offered (RelayOutputAttempt *attempt)
{
  if (attempt->gate != NULL)
    return relay_flv_gate_get_bytes_offered (attempt->gate);
  return g_atomic_pointer_get (&attempt->bytes_offered);
}

/* Bytes out of the queues, towards the destination. */
guint64
relay_output_attempt_get_bytes_in (RelayOutputAttempt *attempt)
{
  if (attempt->gate != NULL)
    return relay_flv_gate_get_bytes_in (attempt->gate);
  return g_atomic_pointer_get (&attempt->bytes_in);
}

/* Video waiting in the attempt's queue, in nanoseconds. */
guint64
relay_output_attempt_get_queued_ns (RelayOutputAttempt *attempt)
{
  guint64 level = 0;

  if (attempt != NULL && attempt->gate != NULL)
    return relay_flv_gate_get_queued_ns (attempt->gate);
  if (attempt != NULL && attempt->video_queue != NULL)
    g_object_get (attempt->video_queue, "current-level-time", &level, NULL);
  return level;
}
