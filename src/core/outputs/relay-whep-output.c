/* relay-whep-output.c
 *
 * A WHEP viewer is an output of its stream, like any destination:
 *
 *   video ─ rtph264pay (rtpvp8pay) ─┐
 *                                   ├─ webrtcbin (sendonly, answering the viewer's offer)
 *   audio ─ rtpopuspay ─────────────┘
 *
 * A stream a WHIP publisher feeds is sent as the publisher sends it: its
 * H.264 or VP8 and Opus, forwarded with no decoding and no encoding, when
 * the viewer takes that codec (relay-output-attempt.c asks the source for
 * a branch). Otherwise it takes the stream's shared encoders: the H.264
 * profile is chosen from what the viewer offers, the stream's own (Main)
 * first, so that watching the program costs no encoder of its own. Opus is
 * shared with WHIP outputs.
 *
 * A viewer cannot be called back, so there is one attempt; whoever made the
 * session removes the output when it closes (DELETE, the connection lost).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-webrtc.h"
#include "relay-whep-output.h"

struct _RelayWhepOutput
{
  RelayOutput parent_instance;

  RelayWebrtcSession *session;
  /* by RelayMediaKind: what the offer settled, NULL for a media not sent */
  GstCaps *codecs[2];
};

G_DEFINE_FINAL_TYPE (RelayWhepOutput, relay_whep_output, RELAY_TYPE_OUTPUT)

/* RelayOutput */

static GstElement *
relay_whep_output_create_bin (RelayOutput *output, GError **error)
{
  RelayWhepOutput *self = RELAY_WHEP_OUTPUT (output);
  g_autoptr (GstElement) bin = NULL;
  GstElement *webrtc;
  RelayH264Profile profile = RELAY_H264_PROFILE_DEFAULT;

  if (relay_webrtc_session_is_closed (self->session))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("the viewer has left"));
      return NULL;
    }

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  webrtc = relay_webrtc_bin_add_new (GST_BIN (bin), NULL, error);
  g_object_get (self, "h264-profile", &profile, NULL);
  if (webrtc == NULL
      || !relay_webrtc_add_senders (bin, webrtc, relay_output_get_video_enabled (output),
                                    relay_output_get_audio_enabled (output), profile, self->codecs,
                                    error))
    return NULL;
  return g_steal_pointer (&bin);
}

static GstElement *
find_webrtcbin (GstElement *bin)
{
  g_autoptr (GstIterator) elements = gst_bin_iterate_elements (GST_BIN (bin));
  GValue item = G_VALUE_INIT;
  GstElement *found = NULL;

  while (found == NULL && gst_iterator_next (elements, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);

      if (g_str_equal (G_OBJECT_TYPE_NAME (element), "GstWebRTCBin"))
        found = element;
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return found;
}

/* webrtcbin (1.22) answers with the SSRC and parameter sets of the caps its
 * sink pads have received. An answer made before the payloaders' first caps
 * names an SSRC that is not the one sent, and browsers then decode the video
 * but never show it (no frames reach their track). That happens whenever
 * the stream's encoder starts with the viewer, so the session takes the
 * webrtcbin, and answers, once every one of its sink pads has caps. */
typedef struct
{
  GWeakRef output;
  /* weak: its pads hold the wait */
  GWeakRef webrtc;
  gint attaching;
} CapsWait;

static void
caps_wait_clear (gpointer data)
{
  CapsWait *wait = data;

  g_weak_ref_clear (&wait->output);
  g_weak_ref_clear (&wait->webrtc);
}

static void
caps_wait_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, caps_wait_clear);
}

static void
caps_wait_unref_closure (gpointer data, GClosure *closure)
{
  caps_wait_unref (data);
}

static gboolean
attach_session (gpointer data)
{
  CapsWait *wait = data;
  g_autoptr (RelayWhepOutput) self = g_weak_ref_get (&wait->output);
  g_autoptr (GstElement) webrtc = g_weak_ref_get (&wait->webrtc);

  /* the session closes when the attempt ends, its webrtcbin on the way out */
  if (self != NULL && webrtc != NULL && !relay_webrtc_session_is_closed (self->session))
    relay_webrtc_session_attach (self->session, webrtc);
  return G_SOURCE_REMOVE;
}

static gboolean
has_caps (const GValue *item, GValue *all, gpointer user_data)
{
  if (gst_pad_has_current_caps (g_value_get_object (item)))
    return TRUE;
  g_value_set_boolean (all, FALSE);
  return FALSE;
}

/* Any thread. A sink pad stores its caps, and notifies them, once
 * webrtcbin has taken them. */
static void
attach_once_all_have_caps (CapsWait *wait)
{
  g_autoptr (GstElement) webrtc = g_weak_ref_get (&wait->webrtc);
  g_autoptr (GstIterator) sinks = NULL;
  g_auto (GValue) all = G_VALUE_INIT;

  if (webrtc == NULL || g_atomic_int_get (&wait->attaching))
    return;

  sinks = gst_element_iterate_sink_pads (webrtc);
  g_value_init (&all, G_TYPE_BOOLEAN);
  do
    {
      gst_iterator_resync (sinks);
      g_value_set_boolean (&all, TRUE);
    }
  while (gst_iterator_fold (sinks, has_caps, &all, NULL) == GST_ITERATOR_RESYNC);

  if (g_value_get_boolean (&all) && g_atomic_int_compare_and_exchange (&wait->attaching, 0, 1))
    relay_defer_to_main (attach_session, g_atomic_rc_box_acquire (wait), caps_wait_unref);
}

static void
on_sink_caps (GstPad *pad, GParamSpec *pspec, gpointer data)
{
  attach_once_all_have_caps (data);
}

static void
relay_whep_output_attempt_started (RelayOutput *output, GstElement *bin)
{
  CapsWait *wait = g_atomic_rc_box_new0 (CapsWait);
  GstElement *webrtc = find_webrtcbin (bin);
  g_autoptr (GstIterator) sinks = gst_element_iterate_sink_pads (webrtc);
  GValue item = G_VALUE_INIT;

  g_weak_ref_init (&wait->output, output);
  g_weak_ref_init (&wait->webrtc, webrtc);
  while (gst_iterator_next (sinks, &item) == GST_ITERATOR_OK)
    {
      g_signal_connect_data (g_value_get_object (&item), "notify::caps", G_CALLBACK (on_sink_caps),
                             g_atomic_rc_box_acquire (wait), caps_wait_unref_closure, 0);
      g_value_reset (&item);
    }
  g_value_unset (&item);

  /* caps may have come before the handlers */
  attach_once_all_have_caps (wait);
  caps_wait_unref (wait);
}

static void
relay_whep_output_query_progress (RelayOutput *output, GstElement *bin,
                                  RelayOutputProgress *progress)
{
  RelayWhepOutput *self = RELAY_WHEP_OUTPUT (output);
  RelayWebrtcStats stats;

  relay_webrtc_session_get_stats (self->session, &stats);
  progress->bytes_sent = stats.bytes_sent;
  progress->connected = stats.connection_state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED;
}

static const char *
relay_whep_output_forwarded_encoding (RelayOutput *output, RelayMediaKind kind)
{
  RelayWhepOutput *self = RELAY_WHEP_OUTPUT (output);
  GstCaps *codec = self->codecs[kind];

  if (codec == NULL || gst_caps_is_empty (codec))
    return NULL;
  return gst_structure_get_string (gst_caps_get_structure (codec, 0), "encoding-name");
}

static void
relay_whep_output_end_attempt_async (RelayOutput *output, GstElement *bin,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  RelayWhepOutput *self = RELAY_WHEP_OUTPUT (output);
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);

  relay_webrtc_session_close (self->session, "output stopped");
  g_task_return_boolean (task, TRUE);
}

static void
relay_whep_output_end_attempt_finish (RelayOutput *output, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Public */

/**
 * relay_whep_output_new:
 * @session: a subscribe session, not yet answered
 * @options: the output's options; its id, stream, attempts and media are
 *   settled here
 *
 * Answer the session (relay_webrtc_session_answer_async()) once the output
 * is added to the studio: the answer comes when media flows.
 *
 * Returns: (transfer full) (nullable): the output, or %NULL when the offer
 *   takes no H.264 profile Relaycast sends
 */
RelayOutput *
relay_whep_output_new (RelayWebrtcSession *session, const RelayOutputOptions *options,
                       GError **error)
{
  static const struct
  {
    const char *idc;
    RelayH264Profile profile;
  } profiles[] = {
    /* the stream's own encoder (Main) first */
    { "4d", RELAY_H264_PROFILE_DEFAULT },
    { "42", RELAY_H264_PROFILE_CONSTRAINED_BASELINE },
    { "64", RELAY_H264_PROFILE_HIGH },
  };
  RelayOutputOptions whep = *options;
  g_autoptr (GstCaps) video = NULL;
  g_autoptr (GstCaps) audio = relay_webrtc_session_pick_codec (session, RELAY_MEDIA_AUDIO, NULL);
  g_autofree char *display = NULL;
  RelayWhepOutput *self;

  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (session), NULL);

  /* a publisher's VP8 goes to the viewers who take it as it is: no encoder
   * of VP8 here */
  if (g_strcmp0 (options->publisher_video, "VP8") == 0)
    video = relay_webrtc_session_pick_codec (session, RELAY_MEDIA_VIDEO, "VP8");
  for (guint i = 0; i < G_N_ELEMENTS (profiles) && video == NULL; i++)
    {
      video = relay_webrtc_session_pick_codec (session, RELAY_MEDIA_VIDEO, profiles[i].idc);
      whep.h264_profile = profiles[i].profile;
    }
  if (video == NULL && audio == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The viewer takes neither H.264 nor Opus"));
      return NULL;
    }

  whep.id = relay_webrtc_session_get_id (session);
  whep.stream_name = relay_webrtc_session_get_stream_name (session);
  whep.attempts = 1;
  whep.video_enabled = options->video_enabled && video != NULL;
  whep.audio_enabled = options->audio_enabled && audio != NULL;
  display = g_strdup_printf ("whep://%s/%s", relay_webrtc_session_get_stream_name (session),
                             relay_webrtc_session_get_id (session));

  self = RELAY_WHEP_OUTPUT (
      relay_output_new_with_options (RELAY_TYPE_WHEP_OUTPUT, &whep, display, 0, NULL, NULL));
  self->session = g_object_ref (session);
  self->codecs[RELAY_MEDIA_VIDEO] = g_steal_pointer (&video);
  self->codecs[RELAY_MEDIA_AUDIO] = g_steal_pointer (&audio);
  return RELAY_OUTPUT (self);
}

RelayWebrtcSession *
relay_whep_output_get_session (RelayWhepOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHEP_OUTPUT (self), NULL);
  return self->session;
}

/* GObject */

static void
relay_whep_output_finalize (GObject *object)
{
  RelayWhepOutput *self = RELAY_WHEP_OUTPUT (object);

  g_clear_object (&self->session);
  for (guint i = 0; i < G_N_ELEMENTS (self->codecs); i++)
    gst_clear_caps (&self->codecs[i]);
  G_OBJECT_CLASS (relay_whep_output_parent_class)->finalize (object);
}

static void
relay_whep_output_class_init (RelayWhepOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);

  object_class->finalize = relay_whep_output_finalize;

  output_class->audio_codec = RELAY_AUDIO_CODEC_OPUS;
  output_class->finish_with_eos = FALSE;
  output_class->forwarded_encoding = relay_whep_output_forwarded_encoding;
  output_class->create_bin = relay_whep_output_create_bin;
  output_class->attempt_started = relay_whep_output_attempt_started;
  output_class->query_progress = relay_whep_output_query_progress;
  output_class->end_attempt_async = relay_whep_output_end_attempt_async;
  output_class->end_attempt_finish = relay_whep_output_end_attempt_finish;
}

static void
relay_whep_output_init (RelayWhepOutput *self)
{
}
