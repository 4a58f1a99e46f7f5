/* relay-whip-output.c
 *
 * One attempt is one webrtcbin and one WHIP session:
 *
 *   video ─ rtph264pay ─┐
 *                       ├─ webrtcbin (sendonly, max-bundle) ⇄ RelayWhipClient (POST/PATCH/DELETE)
 *   audio ─ rtpopuspay ─┘
 *
 * The offer is made once webrtcbin has seen the payloaders' caps (so it
 * carries the encoder's real profile and parameter sets). With trickle ICE it
 * is posted at once and candidates follow in PATCHes; without (the server
 * refused PATCH earlier, or trickle is off) it is posted when gathering is
 * complete. A connection that drops gets an ICE restart; when that fails the
 * attempt fails and the retry policy makes a fresh POST.
 *
 * webrtcbin calls back on its own threads; everything is handed to the main
 * context, where an attempt that has ended ignores it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-gst-util.h"
#include "relay-link-header.h"
#include "relay-mask.h"
#include "relay-sdp-fragment.h"
#include "relay-whip-client.h"
#include "relay-webrtc.h"
#include "relay-whip-output.h"

/* without trickle, how long the offer waits for the last candidates */
#define GATHER_TIMEOUT_MS 3000
/* a dropped connection may come back by itself before an ICE restart */
#define DISCONNECTED_GRACE_MS 2000
#define RESTART_TIMEOUT_MS    10000
/* libnice notices a dead peer only after about 50 s of unanswered keepalives;
 * receiver reports that stop coming say so much sooner */
#define RECEIVER_SILENCE_US (12 * G_USEC_PER_SEC)

typedef struct
{
  RelayWhipOutput *output;
  GstElement *webrtc;
  RelayWhipClient *client;
  GCancellable *cancellable;

  gboolean started;
  gboolean offering;
  gboolean posted;
  gboolean restarting;
  /* the server's new ICE is applied; what comes next shows whether it works */
  gboolean restart_answered;
  guint ice_restarts;
  gboolean ended;
  gboolean failed;
  gboolean gathering_complete;
  gboolean connected_once;
  GstWebRTCPeerConnectionState connection_state;
  /* candidates found so far, for an ICE restart: "candidate:…" by mline */
  GPtrArray *candidates;
  guint gather_timeout_id;
  guint disconnected_id;
  guint restart_timeout_id;
  gboolean stats_pending;
  /* what the receiver reported last (its highest sequence numbers), and when */
  guint64 receiver_reports;
  gint64 receiver_report_us;
  /* the bytes sent when a new report came: what the receiver has covered;
   * as of the last statistics, and when they came */
  guint64 acknowledged;
  gint64 stats_us;
} WhipAttempt;

struct _RelayWhipOutput
{
  RelayOutput parent_instance;

  char *endpoint;
  char *token;
  gboolean tls_validation;
  gboolean trickle;
  /* the user's, then what servers announced (webrtcbin's form) */
  GPtrArray *ice_servers;
  SoupSession *session;

  WhipAttempt *current;
  RelayWhipStats stats;
};

G_DEFINE_FINAL_TYPE (RelayWhipOutput, relay_whip_output, RELAY_TYPE_OUTPUT)

enum
{
  PROP_0,
  PROP_ENDPOINT,
  PROP_TOKEN,
  PROP_TLS_VALIDATION,
  PROP_TRICKLE,
  PROP_ICE_SERVERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark
attempt_quark (void)
{
  return g_quark_from_static_string ("relay-whip-attempt");
}

static void
attempt_clear (gpointer data)
{
  WhipAttempt *attempt = data;

  g_clear_handle_id (&attempt->gather_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
  g_clear_handle_id (&attempt->restart_timeout_id, g_source_remove);
  g_clear_object (&attempt->client);
  g_clear_object (&attempt->cancellable);
  gst_clear_object (&attempt->webrtc);
  g_clear_pointer (&attempt->candidates, g_ptr_array_unref);
  g_clear_object (&attempt->output);
}

static WhipAttempt *
attempt_ref (WhipAttempt *attempt)
{
  return g_atomic_rc_box_acquire (attempt);
}

static void
attempt_unref (gpointer attempt)
{
  g_atomic_rc_box_release_full (attempt, attempt_clear);
}

static WhipAttempt *
attempt_from_bin (GstElement *bin)
{
  return g_object_get_qdata (G_OBJECT (bin), attempt_quark ());
}

/* Main-context hand-over */

typedef void (*AttemptFunc) (WhipAttempt *attempt, gpointer data);

static gboolean
attempt_ended (gpointer attempt)
{
  return ((WhipAttempt *) attempt)->ended;
}

static void
attempt_defer (WhipAttempt *attempt, AttemptFunc func, gpointer data, GDestroyNotify destroy)
{
  relay_defer_owned_call (attempt_ref (attempt), (GDestroyNotify) attempt_unref, attempt_ended,
                          (RelayOwnedFunc) func, data, destroy);
}

/* Failures */

static void
attempt_fail (WhipAttempt *attempt, RelayFailureKind kind, guint retry_after_ms,
              const char *message)
{
  if (attempt->ended || attempt->failed || attempt->output->current != attempt)
    return;

  attempt->failed = TRUE;
  relay_output_report_failure (RELAY_OUTPUT (attempt->output), kind, retry_after_ms, message);
}

static void
attempt_fail_with_error (WhipAttempt *attempt, const GError *error)
{
  g_autofree char *message = NULL;
  RelayFailureKind kind;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  kind = relay_whip_client_explain_error (attempt->client, error, &message);
  attempt_fail (attempt, kind, relay_whip_client_get_retry_after_ms (attempt->client), message);
}

/* ICE servers */

static gboolean
has_ice_server (GPtrArray *servers, const char *server)
{
  for (guint i = 0; i < servers->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (servers, i), server))
        return TRUE;
    }
  return FALSE;
}

/* Servers announced in a 201 reach this webrtcbin (for its ICE restarts)
 * and every later attempt from the start. */
static void
learn_ice_servers (WhipAttempt *attempt)
{
  RelayWhipOutput *self = attempt->output;
  const char *const *servers = relay_whip_client_get_ice_servers (attempt->client);

  for (guint i = 0; servers[i] != NULL; i++)
    {
      if (has_ice_server (self->ice_servers, servers[i]))
        continue;
      g_ptr_array_add (self->ice_servers, g_strdup (servers[i]));
      relay_webrtc_add_ice_server (attempt->webrtc, servers[i]);
    }
}

/* Signalling */

static void on_posted (GObject *source, GAsyncResult *result, gpointer user_data);
static void create_offer (WhipAttempt *attempt);

static void
post_offer (WhipAttempt *attempt, const char *sdp)
{
  g_clear_handle_id (&attempt->gather_timeout_id, g_source_remove);
  if (attempt->posted)
    return;

  attempt->posted = TRUE;
  g_debug ("output %s: posting the offer (%s)",
           relay_output_get_id (RELAY_OUTPUT (attempt->output)),
           relay_whip_client_get_trickle (attempt->client) ? "candidates trickle"
                                                           : "candidates included");
  relay_whip_client_post_offer_async (attempt->client, sdp, attempt->cancellable, on_posted,
                                      attempt_ref (attempt));
}

/* Without trickle, the offer goes with every candidate webrtcbin found. */
static void
post_gathered_offer (WhipAttempt *attempt)
{
  g_autofree char *sdp = relay_webrtc_dup_description (attempt->webrtc, "local-description");

  if (sdp != NULL)
    post_offer (attempt, sdp);
}

static gboolean
on_gather_timeout (gpointer user_data)
{
  WhipAttempt *attempt = user_data;

  attempt->gather_timeout_id = 0;
  g_debug ("WHIP: gathering not complete after %u ms, posting the candidates found",
           GATHER_TIMEOUT_MS);
  post_gathered_offer (attempt);
  return G_SOURCE_REMOVE;
}

/* set-local-description and set-remote-description answer here. */
static void
on_description_set (GstPromise *promise, gpointer user_data)
{
  WhipAttempt *attempt = user_data;
  const GstStructure *reply = gst_promise_get_reply (promise);
  GError *error = NULL;

  if (reply != NULL && gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL))
    attempt_defer (attempt, (AttemptFunc) attempt_fail_with_error, error,
                   (GDestroyNotify) g_error_free);
  gst_promise_unref (promise);
}

static gboolean
set_remote_answer (WhipAttempt *attempt, const char *answer_sdp)
{
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *answer;

  gst_sdp_message_new_from_text (answer_sdp, &sdp);
  if (sdp == NULL)
    return FALSE;

  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  g_signal_emit_by_name (
      attempt->webrtc, "set-remote-description", answer,
      gst_promise_new_with_change_func (on_description_set, attempt_ref (attempt), attempt_unref));
  gst_webrtc_session_description_free (answer);
  return TRUE;
}

/* A POST's answer, or an ICE restart's (@restart): applied, or the attempt
 * fails. A refused restart leaves a fresh POST to try. */
static void
answer_received (WhipAttempt *attempt, const char *answer, const GError *error, gboolean restart)
{
  g_autofree char *message = NULL;

  if (attempt->ended || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (answer == NULL && !restart)
    {
      attempt_fail_with_error (attempt, error);
      return;
    }
  if (answer == NULL)
    {
      relay_whip_client_explain_error (attempt->client, error, &message);
      g_debug ("WHIP: ICE restart refused: %s", message);
    }
  else
    {
      learn_ice_servers (attempt);
      attempt->restart_answered = restart;
      if (set_remote_answer (attempt, answer))
        return;
    }
  attempt_fail (attempt, RELAY_FAILURE_TRANSIENT, 0,
                restart ? _ ("connection lost")
                        : _ ("the WHIP server’s answer is not a usable SDP"));
}

static void
on_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *answer =
      relay_whip_client_post_offer_finish (RELAY_WHIP_CLIENT (source), result, &error);

  answer_received (user_data, answer, error, FALSE);
  attempt_unref (user_data);
}

/* ICE restart (webrtcbin 1.22 has none of its own: new credentials are set
 * in the new offer, and libnice takes them with the server's new ones) */

static void
on_restarted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *answer =
      relay_whip_client_restart_ice_finish (RELAY_WHIP_CLIENT (source), result, &error);

  answer_received (user_data, answer, error, TRUE);
  attempt_unref (user_data);
}

static void
send_restart_offer (WhipAttempt *attempt, const GstSDPMessage *offer)
{
  GstSDPMessage *with_candidates = NULL;
  g_autofree char *text = NULL;

  gst_sdp_message_copy (offer, &with_candidates);
  relay_webrtc_sdp_add_candidates (with_candidates, 0, attempt->candidates);
  text = gst_sdp_message_as_text (with_candidates);
  gst_sdp_message_free (with_candidates);

  relay_whip_client_restart_ice_async (attempt->client, text, attempt->cancellable, on_restarted,
                                       attempt_ref (attempt));
}

static gboolean
on_restart_timeout (gpointer user_data)
{
  WhipAttempt *attempt = user_data;

  attempt->restart_timeout_id = 0;
  attempt_fail (attempt, RELAY_FAILURE_TRANSIENT, 0, _ ("connection lost"));
  return G_SOURCE_REMOVE;
}

/* The connection works (again): a restart in progress has succeeded. */
static void
restart_done (WhipAttempt *attempt)
{
  if (attempt->restarting)
    {
      g_debug ("output %s: ICE restarted", relay_output_get_id (RELAY_OUTPUT (attempt->output)));
      attempt->ice_restarts++;
    }
  attempt->restarting = FALSE;
  attempt->restart_answered = FALSE;
  g_clear_handle_id (&attempt->restart_timeout_id, g_source_remove);
}

static void
restart_ice (WhipAttempt *attempt)
{
  if (attempt->restarting || attempt->offering)
    return;

  g_debug ("output %s: restarting ICE", relay_output_get_id (RELAY_OUTPUT (attempt->output)));
  attempt->restarting = TRUE;
  /* silence is watched again once reports come back */
  attempt->receiver_report_us = 0;
  attempt->restart_timeout_id = g_timeout_add (RESTART_TIMEOUT_MS, on_restart_timeout, attempt);
  create_offer (attempt);
}

/* The offer */

static void
offer_created (WhipAttempt *attempt, gpointer data)
{
  GstWebRTCSessionDescription *offer = data;
  gboolean restart = attempt->restarting;

  attempt->offering = FALSE;
  if (restart)
    {
      g_autofree char *ufrag = relay_webrtc_random_ice_string (16);
      g_autofree char *pwd = relay_webrtc_random_ice_string (32);

      relay_sdp_fragment_set_ice_credentials (offer->sdp, ufrag, pwd);
    }

  g_signal_emit_by_name (
      attempt->webrtc, "set-local-description", offer,
      gst_promise_new_with_change_func (on_description_set, attempt_ref (attempt), attempt_unref));

  if (restart)
    {
      send_restart_offer (attempt, offer->sdp);
    }
  else if (relay_whip_client_get_trickle (attempt->client))
    {
      g_autofree char *text = gst_sdp_message_as_text (offer->sdp);

      post_offer (attempt, text);
    }
  else if (attempt->gathering_complete)
    {
      post_gathered_offer (attempt);
    }
  else
    {
      attempt->gather_timeout_id = g_timeout_add (GATHER_TIMEOUT_MS, on_gather_timeout, attempt);
    }
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  WhipAttempt *attempt = user_data;
  const GstStructure *reply = gst_promise_get_reply (promise);
  GstWebRTCSessionDescription *offer = NULL;
  GError *error = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, "error",
                       G_TYPE_ERROR, &error, NULL);
  gst_promise_unref (promise);

  if (offer != NULL)
    attempt_defer (attempt, offer_created, offer,
                   (GDestroyNotify) gst_webrtc_session_description_free);
  else
    attempt_defer (attempt, (AttemptFunc) attempt_fail_with_error,
                   error ? error
                         : g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                                                "webrtcbin made no offer"),
                   (GDestroyNotify) g_error_free);
}

static void
create_offer (WhipAttempt *attempt)
{
  attempt->offering = TRUE;
  g_signal_emit_by_name (
      attempt->webrtc, "create-offer", NULL,
      gst_promise_new_with_change_func (on_offer_created, attempt_ref (attempt), attempt_unref));
}

/* The offer carries the payloaders' caps (profile, parameter sets), which
 * webrtcbin knows once the first buffers came through. */
static void
maybe_create_offer (WhipAttempt *attempt, gpointer data)
{
  GstIterator *pads;
  GValue item = G_VALUE_INIT;
  gboolean ready = TRUE;

  if (!attempt->started || attempt->offering || attempt->posted)
    return;

  pads = gst_element_iterate_sink_pads (attempt->webrtc);
  while (ready && gst_iterator_next (pads, &item) == GST_ITERATOR_OK)
    {
      ready = gst_pad_has_current_caps (g_value_get_object (&item));
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (pads);

  if (ready)
    create_offer (attempt);
}

static void
on_sink_caps (GObject *pad, GParamSpec *pspec, gpointer user_data)
{
  attempt_defer (user_data, maybe_create_offer, NULL, NULL);
}

/* Candidates and connection state */

typedef struct
{
  guint mline_index;
  char *candidate;
} LocalCandidate;

static void
local_candidate_free (gpointer data)
{
  LocalCandidate *candidate = data;

  g_free (candidate->candidate);
  g_free (candidate);
}

static void
add_local_candidate (WhipAttempt *attempt, gpointer data)
{
  LocalCandidate *candidate = data;

  if (candidate->mline_index == 0)
    g_ptr_array_add (attempt->candidates, g_strdup (candidate->candidate));
  relay_whip_client_add_local_candidate (attempt->client, candidate->mline_index,
                                         candidate->candidate);
}

static void
on_ice_candidate (GstElement *webrtc, guint mline_index, const char *text, gpointer user_data)
{
  LocalCandidate *candidate = g_new0 (LocalCandidate, 1);

  candidate->mline_index = mline_index;
  candidate->candidate = g_strdup (text);
  attempt_defer (user_data, add_local_candidate, candidate, local_candidate_free);
}

static void
gathering_changed (WhipAttempt *attempt, gpointer data)
{
  if (GPOINTER_TO_UINT (data) != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    return;

  attempt->gathering_complete = TRUE;
  relay_whip_client_end_of_candidates (attempt->client);
  if (attempt->gather_timeout_id != 0)
    post_gathered_offer (attempt);
}

static gboolean
on_disconnected_too_long (gpointer user_data)
{
  WhipAttempt *attempt = user_data;

  attempt->disconnected_id = 0;
  restart_ice (attempt);
  return G_SOURCE_REMOVE;
}

static void
connection_changed (WhipAttempt *attempt, gpointer data)
{
  GstWebRTCPeerConnectionState state = GPOINTER_TO_UINT (data);

  attempt->connection_state = state;
  if (attempt->output->current == attempt)
    attempt->output->stats.connection_state = state;

  switch (state)
    {
      case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED:
        attempt->connected_once = TRUE;
        g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
        restart_done (attempt);
        break;
      case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED:
        if (attempt->connected_once && attempt->disconnected_id == 0)
          attempt->disconnected_id =
              g_timeout_add (DISCONNECTED_GRACE_MS, on_disconnected_too_long, attempt);
        break;
      case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED:
        g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
        if (attempt->connected_once)
          restart_ice (attempt);
        else
          attempt_fail (attempt, RELAY_FAILURE_TRANSIENT, 0, _ ("ICE connection failed"));
        break;
      default:
        break;
    }
}

/* notify::connection-state and notify::ice-gathering-state */
static void
on_state_notify (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  gboolean connection = g_str_equal (pspec->name, "connection-state");
  int state = 0;

  g_object_get (webrtc, pspec->name, &state, NULL);
  attempt_defer (user_data, connection ? connection_changed : gathering_changed,
                 GUINT_TO_POINTER (state), NULL);
}

static void
on_client_trickle (RelayWhipClient *client, GParamSpec *pspec, gpointer user_data)
{
  WhipAttempt *attempt = user_data;

  /* remembered: the next attempts wait for gathering instead */
  if (!relay_whip_client_get_trickle (client))
    relay_whip_output_set_trickle (attempt->output, FALSE);
}

/* Stats */

static void
stats_received (WhipAttempt *attempt, gpointer data)
{
  const GstStructure *report = data;
  RelayWhipStats stats;
  guint64 receiver_reports;
  gint64 now = g_get_monotonic_time ();

  attempt->stats_pending = FALSE;
  attempt->stats_us = now;
  relay_webrtc_stats_init (&stats);
  stats.connection_state = attempt->connection_state;
  stats.ice_restarts = attempt->ice_restarts;
  relay_webrtc_stats_read (report, &stats);
  receiver_reports = stats.receiver_reports;

  /* a report that comes after the restart came through the new path */
  if (receiver_reports != attempt->receiver_reports && attempt->restart_answered)
    restart_done (attempt);

  if (receiver_reports != attempt->receiver_reports)
    {
      if (attempt->receiver_reports == 0)
        g_debug ("output %s: first receiver report, round trip %.0f ms",
                 relay_output_get_id (RELAY_OUTPUT (attempt->output)),
                 stats.round_trip_time * 1000);
      attempt->receiver_reports = receiver_reports;
      attempt->receiver_report_us = now;
      attempt->acknowledged = stats.bytes_sent;
    }
  else if (attempt->receiver_report_us != 0
           && now - attempt->receiver_report_us > RECEIVER_SILENCE_US
           && attempt->connection_state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED)
    {
      g_debug ("output %s: no receiver report for %u s",
               relay_output_get_id (RELAY_OUTPUT (attempt->output)),
               (guint) (RECEIVER_SILENCE_US / G_USEC_PER_SEC));
      restart_ice (attempt);
    }

  if (attempt->output->current == attempt)
    attempt->output->stats = stats;
}

static void
on_stats (GstPromise *promise, gpointer user_data)
{
  const GstStructure *reply = gst_promise_get_reply (promise);

  if (reply != NULL)
    attempt_defer (user_data, stats_received, gst_structure_copy (reply),
                   (GDestroyNotify) gst_structure_free);
  gst_promise_unref (promise);
}

/* RelayOutput */

static GstElement *
relay_whip_output_create_bin (RelayOutput *output, GError **error)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  WhipAttempt *attempt;
  GstElement *webrtc;
  RelayH264Profile profile = RELAY_H264_PROFILE_DEFAULT;

  webrtc = relay_webrtc_bin_add_new (GST_BIN (bin), (const char *const *) self->ice_servers->pdata,
                                     error);
  g_object_get (self, "h264-profile", &profile, NULL);
  if (webrtc == NULL
      || !relay_webrtc_add_senders (bin, webrtc, relay_output_get_video_enabled (output),
                                    relay_output_get_audio_enabled (output), profile, NULL, error))
    return NULL;

  attempt = g_atomic_rc_box_new0 (WhipAttempt);
  attempt->output = g_object_ref (self);
  attempt->webrtc = gst_object_ref (webrtc);
  attempt->cancellable = g_cancellable_new ();
  attempt->candidates = g_ptr_array_new_with_free_func (g_free);
  attempt->client = relay_whip_client_new (self->session, self->endpoint, self->token);
  relay_whip_client_set_tls_validation (attempt->client, self->tls_validation);
  relay_whip_client_set_trickle (attempt->client, self->trickle);
  g_object_set_qdata_full (G_OBJECT (bin), attempt_quark (), attempt, attempt_unref);

  g_signal_connect (attempt->client, "notify::trickle", G_CALLBACK (on_client_trickle), attempt);
  g_signal_connect (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate), attempt);
  g_signal_connect (webrtc, "notify::ice-gathering-state", G_CALLBACK (on_state_notify), attempt);
  g_signal_connect (webrtc, "notify::connection-state", G_CALLBACK (on_state_notify), attempt);
  {
    GstIterator *pads = gst_element_iterate_sink_pads (webrtc);
    GValue item = G_VALUE_INIT;

    while (gst_iterator_next (pads, &item) == GST_ITERATOR_OK)
      {
        g_signal_connect (g_value_get_object (&item), "notify::caps", G_CALLBACK (on_sink_caps),
                          attempt);
        g_value_reset (&item);
      }
    g_value_unset (&item);
    gst_iterator_free (pads);
  }

  return g_steal_pointer (&bin);
}

static void
relay_whip_output_attempt_started (RelayOutput *output, GstElement *bin)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  WhipAttempt *attempt = attempt_from_bin (bin);

  self->current = attempt;
  relay_webrtc_stats_init (&self->stats);
  attempt->started = TRUE;
  maybe_create_offer (attempt, NULL);
}

static void
relay_whip_output_query_progress (RelayOutput *output, GstElement *bin,
                                  RelayOutputProgress *progress)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  WhipAttempt *attempt = attempt_from_bin (bin);

  if (attempt == NULL || attempt != self->current)
    return;

  progress->bytes_sent = self->stats.bytes_sent;
  progress->connected = attempt->connection_state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED;
  /* packets go out whether anyone reads them: only receiver reports tell */
  progress->acknowledges = progress->connected;
  progress->acknowledged = attempt->acknowledged;
  progress->acknowledged_us = attempt->stats_us;

  if (!attempt->stats_pending)
    {
      attempt->stats_pending = TRUE;
      g_signal_emit_by_name (
          attempt->webrtc, "get-stats", NULL,
          gst_promise_new_with_change_func (on_stats, attempt_ref (attempt), attempt_unref));
    }
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_whip_client_delete_finish (RELAY_WHIP_CLIENT (source), result, &error))
    g_debug ("WHIP: session not deleted: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
relay_whip_output_end_attempt_async (RelayOutput *output, GstElement *bin,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  WhipAttempt *attempt = attempt_from_bin (bin);
  GTask *task = g_task_new (self, NULL, callback, user_data);

  if (attempt == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  attempt->ended = TRUE;
  g_clear_handle_id (&attempt->gather_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
  g_clear_handle_id (&attempt->restart_timeout_id, g_source_remove);
  g_cancellable_cancel (attempt->cancellable);
  if (self->current == attempt)
    {
      self->current = NULL;
      self->stats.connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED;
    }

  g_task_set_task_data (task, attempt_ref (attempt), attempt_unref);
  relay_whip_client_delete_async (attempt->client, on_deleted, task);
}

static void
relay_whip_output_end_attempt_finish (RelayOutput *output, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Public */

/**
 * relay_whip_output_get_stats:
 * @stats: (out caller-allocates)
 *
 * The figures of the current connection, or of the last one.
 */
void
relay_whip_output_get_stats (RelayWhipOutput *self, RelayWhipStats *stats)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->bitrate = relay_output_get_bitrate (RELAY_OUTPUT (self));
  if (self->current != NULL)
    stats->ice_restarts = self->current->ice_restarts;
}

/* Returns: (nullable): the session the server made for the current attempt
 * (its Location), secrets included: show it masked */
const char *
relay_whip_output_get_session_url (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  if (self->current == NULL || self->current->client == NULL)
    return NULL;
  return relay_whip_client_get_session_url (self->current->client);
}

/* Returns: (array zero-terminated=1): the STUN and TURN servers in use, as
 * webrtcbin takes them: the user's, then those servers announced */
const char *const *
relay_whip_output_get_ice_servers (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  return (const char *const *) self->ice_servers->pdata;
}

/**
 * relay_whip_output_set_ice_servers:
 * @servers: (array zero-terminated=1) (nullable): `stun:`, `turn:` or
 *   `turns:` URLs; TURN ones with their credentials
 *   (`turn://user:password@host:port`)
 *
 * Used from the next attempt on.
 */
void
relay_whip_output_set_ice_servers (RelayWhipOutput *self, const char *const *servers)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  g_ptr_array_set_size (self->ice_servers, 0);
  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      char *server = relay_link_header_ice_server_to_webrtc (servers[i], NULL, NULL);

      if (server == NULL)
        {
          g_autofree char *shown = relay_mask_url (servers[i]);

          g_warning ("WHIP: unusable ICE server %s (TURN needs turn://user:password@host)", shown);
          continue;
        }
      if (has_ice_server (self->ice_servers, server))
        g_free (server);
      else
        g_ptr_array_add (self->ice_servers, server);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICE_SERVERS]);
}

gboolean
relay_whip_output_get_trickle (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), FALSE);

  return self->trickle;
}

/* Off: the offer waits for every candidate (up to a few seconds) before it
 * is posted. Turns off by itself when a server refuses PATCH. */
void
relay_whip_output_set_trickle (RelayWhipOutput *self, gboolean trickle)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  trickle = !!trickle;
  if (self->trickle == trickle)
    return;
  self->trickle = trickle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRICKLE]);
}

/**
 * relay_whip_output_restart_ice:
 *
 * Restarts ICE on the current connection, as after a change of network: new
 * credentials and candidates through the WHIP session, the media going on.
 * When the server refuses, the attempt fails and the next one POSTs afresh.
 * Does nothing unless connected.
 */
void
relay_whip_output_restart_ice (RelayWhipOutput *self)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  if (self->current != NULL && self->current->connected_once)
    restart_ice (self->current);
}

/* Returns: (transfer full) (nullable): the current attempt's webrtcbin */
GstElement *
relay_whip_output_dup_webrtcbin (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  return self->current ? gst_object_ref (self->current->webrtc) : NULL;
}

/* GObject */

static void
relay_whip_output_constructed (GObject *object)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  G_OBJECT_CLASS (relay_whip_output_parent_class)->constructed (object);

  relay_mask_register_secret (self->token);
  self->session = soup_session_new_with_options ("user-agent", "Relaycast/" PACKAGE_VERSION, NULL);
}

static void
relay_whip_output_finalize (GObject *object)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  g_clear_object (&self->session);
  g_ptr_array_unref (self->ice_servers);
  g_free (self->endpoint);
  g_free (self->token);
  G_OBJECT_CLASS (relay_whip_output_parent_class)->finalize (object);
}

static void
relay_whip_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_TLS_VALIDATION:
        g_value_set_boolean (value, self->tls_validation);
        break;
      case PROP_TRICKLE:
        g_value_set_boolean (value, self->trickle);
        break;
      case PROP_ICE_SERVERS:
        g_value_set_boxed (value, self->ice_servers->pdata);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_output_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_ENDPOINT:
        self->endpoint = g_value_dup_string (value);
        break;
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        break;
      case PROP_TLS_VALIDATION:
        self->tls_validation = g_value_get_boolean (value);
        break;
      case PROP_TRICKLE:
        relay_whip_output_set_trickle (self, g_value_get_boolean (value));
        break;
      case PROP_ICE_SERVERS:
        relay_whip_output_set_ice_servers (self, g_value_get_boxed (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_output_class_init (RelayWhipOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);
  const GParamFlags secret = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = relay_whip_output_constructed;
  object_class->finalize = relay_whip_output_finalize;
  object_class->get_property = relay_whip_output_get_property;
  object_class->set_property = relay_whip_output_set_property;

  output_class->audio_codec = RELAY_AUDIO_CODEC_OPUS;
  /* the DELETE ends the session; media needs no end of stream */
  output_class->finish_with_eos = FALSE;
  output_class->create_bin = relay_whip_output_create_bin;
  output_class->attempt_started = relay_whip_output_attempt_started;
  output_class->query_progress = relay_whip_output_query_progress;
  output_class->end_attempt_async = relay_whip_output_end_attempt_async;
  output_class->end_attempt_finish = relay_whip_output_end_attempt_finish;

  /* Write-only: a WHIP URL may carry a key in its path (see display-url). */
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, secret);
  /* Sent as Authorization: Bearer. */
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, secret);
  /* Off only for test servers with self-signed certificates. */
  properties[PROP_TLS_VALIDATION] =
      g_param_spec_boolean ("tls-validation", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRICKLE] = g_param_spec_boolean ("trickle", NULL, NULL, TRUE, writable);
  properties[PROP_ICE_SERVERS] =
      g_param_spec_boxed ("ice-servers", NULL, NULL, G_TYPE_STRV, writable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_whip_output_init (RelayWhipOutput *self)
{
  self->tls_validation = TRUE;
  self->trickle = TRUE;
  self->ice_servers = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  relay_webrtc_stats_init (&self->stats);
}

/**
 * relay_whip_output_new:
 * @endpoint: the WHIP endpoint, http:// or https://
 * @options: the output's options; its token goes in Authorization: Bearer
 */
RelayOutput *
relay_whip_output_new (const char *endpoint, const RelayOutputOptions *options)
{
  const char *names[] = { "endpoint", "token", "tls-validation" };
  GValue values[G_N_ELEMENTS (names)] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  g_autofree char *display = g_strconcat ("whip+", endpoint, NULL);
  RelayOutput *self;

  g_value_init (&values[0], G_TYPE_STRING);
  g_value_set_string (&values[0], endpoint);
  g_value_init (&values[1], G_TYPE_STRING);
  g_value_set_string (&values[1], options->token);
  g_value_init (&values[2], G_TYPE_BOOLEAN);
  g_value_set_boolean (&values[2], options->tls_validation);

  self = relay_output_new_with_options (RELAY_TYPE_WHIP_OUTPUT, options, display,
                                        G_N_ELEMENTS (names), names, values);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_value_unset (&values[i]);
  if (options->ice_servers != NULL)
    relay_whip_output_set_ice_servers (RELAY_WHIP_OUTPUT (self), options->ice_servers);
  return self;
}
