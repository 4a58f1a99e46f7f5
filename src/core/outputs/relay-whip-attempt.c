/* relay-whip-attempt.c: one attempt of a WHIP output: one webrtcbin and one
 * WHIP session
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

#include "relay-gst-util.h"
#include "relay-sdp-fragment.h"
#include "relay-webrtc.h"
#include "relay-whip-output-private.h"

/* without trickle, how long the offer waits for the last candidates */
#define GATHER_TIMEOUT_MS 3000
/* a dropped connection may come back by itself before an ICE restart */
#define DISCONNECTED_GRACE_MS 2000
#define RESTART_TIMEOUT_MS    10000
/* media reach webrtcbin within a frame or two of the start; an attempt whose
 * sender never sees them fails rather than stays "connecting" */
#define OFFER_TIMEOUT_MS 10000
/* libnice notices a dead peer only after about 50 s of unanswered keepalives;
 * receiver reports that stop coming say so much sooner */
#define RECEIVER_SILENCE_US (12 * G_USEC_PER_SEC)

static GQuark
attempt_quark (void)
{
  return g_quark_from_static_string ("relay-whip-attempt");
}

static void
attempt_clear (gpointer data)
{
  RelayWhipAttempt *attempt = data;

  g_clear_handle_id (&attempt->gather_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->offer_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
  g_clear_handle_id (&attempt->restart_timeout_id, g_source_remove);
  g_clear_object (&attempt->client);
  g_clear_object (&attempt->cancellable);
  gst_clear_object (&attempt->data_channel);
  gst_clear_object (&attempt->webrtc);
  g_clear_pointer (&attempt->candidates, g_ptr_array_unref);
  g_clear_object (&attempt->output);
}

RelayWhipAttempt *
relay_whip_attempt_ref (RelayWhipAttempt *attempt)
{
  return g_atomic_rc_box_acquire (attempt);
}

void
relay_whip_attempt_unref (gpointer attempt)
{
  g_atomic_rc_box_release_full (attempt, attempt_clear);
}

RelayWhipAttempt *
relay_whip_attempt_from_bin (GstElement *bin)
{
  return g_object_get_qdata (G_OBJECT (bin), attempt_quark ());
}

/* Main-context hand-over */

typedef void (*AttemptFunc) (RelayWhipAttempt *attempt, gpointer data);

static gboolean
attempt_ended (gpointer attempt)
{
  return ((RelayWhipAttempt *) attempt)->ended;
}

static void
attempt_defer (RelayWhipAttempt *attempt, AttemptFunc func, gpointer data, GDestroyNotify destroy)
{
  relay_defer_owned_call (relay_whip_attempt_ref (attempt),
                          (GDestroyNotify) relay_whip_attempt_unref, attempt_ended,
                          (RelayOwnedFunc) func, data, destroy);
}

/* Failures */

static void
attempt_fail (RelayWhipAttempt *attempt, RelayFailureKind kind, guint retry_after_ms,
              const char *message)
{
  if (attempt->ended || attempt->failed || attempt->output->current != attempt)
    return;

  attempt->failed = TRUE;
  relay_output_report_failure (RELAY_OUTPUT (attempt->output), kind, retry_after_ms, message);
}

static void
attempt_fail_with_error (RelayWhipAttempt *attempt, const GError *error)
{
  g_autofree char *message = NULL;
  RelayFailureKind kind;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  kind = relay_whip_client_explain_error (attempt->client, error, &message);
  attempt_fail (attempt, kind, relay_whip_client_get_retry_after_ms (attempt->client), message);
}

/* ICE servers */

/* Servers announced in a 201 reach this webrtcbin (for its ICE restarts)
 * and every later attempt from the start. */
static void
learn_ice_servers (RelayWhipAttempt *attempt)
{
  RelayWhipOutput *self = attempt->output;
  const char *const *servers = relay_whip_client_get_ice_servers (attempt->client);

  for (guint i = 0; servers[i] != NULL; i++)
    {
      if (_relay_whip_output_has_ice_server (self, servers[i]))
        continue;
      g_ptr_array_add (self->ice_servers, g_strdup (servers[i]));
      relay_webrtc_add_ice_server (attempt->webrtc, servers[i]);
    }
}

/* Signalling */

static void on_posted (GObject *source, GAsyncResult *result, gpointer user_data);
static void create_offer (RelayWhipAttempt *attempt);

static void
post_offer (RelayWhipAttempt *attempt, const char *sdp)
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
                                      relay_whip_attempt_ref (attempt));
}

/* Without trickle, the offer goes with every candidate webrtcbin found. */
static void
post_gathered_offer (RelayWhipAttempt *attempt)
{
  g_autofree char *sdp = relay_webrtc_dup_description (attempt->webrtc, "local-description");

  if (sdp != NULL)
    post_offer (attempt, sdp);
}

static gboolean
on_gather_timeout (gpointer user_data)
{
  RelayWhipAttempt *attempt = user_data;

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
  RelayWhipAttempt *attempt = user_data;
  const GstStructure *reply = gst_promise_get_reply (promise);
  GError *error = NULL;

  if (reply != NULL && gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL))
    attempt_defer (attempt, (AttemptFunc) attempt_fail_with_error, error,
                   (GDestroyNotify) g_error_free);
  gst_promise_unref (promise);
}

static gboolean
set_remote_answer (RelayWhipAttempt *attempt, const char *answer_sdp)
{
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *answer;

  gst_sdp_message_new_from_text (answer_sdp, &sdp);
  if (sdp == NULL)
    return FALSE;

  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  g_signal_emit_by_name (attempt->webrtc, "set-remote-description", answer,
                         gst_promise_new_with_change_func (on_description_set,
                                                           relay_whip_attempt_ref (attempt),
                                                           relay_whip_attempt_unref));
  gst_webrtc_session_description_free (answer);
  return TRUE;
}

/* A POST's answer, or an ICE restart's (@restart): applied, or the attempt
 * fails. A refused restart leaves a fresh POST to try. */
static void
answer_received (RelayWhipAttempt *attempt, const char *answer, const GError *error,
                 gboolean restart)
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
  relay_whip_attempt_unref (user_data);
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
  relay_whip_attempt_unref (user_data);
}

static void
send_restart_offer (RelayWhipAttempt *attempt, const GstSDPMessage *offer)
{
  GstSDPMessage *with_candidates = NULL;
  g_autofree char *text = NULL;

  gst_sdp_message_copy (offer, &with_candidates);
  relay_webrtc_sdp_add_candidates (with_candidates, 0, attempt->candidates);
  text = gst_sdp_message_as_text (with_candidates);
  gst_sdp_message_free (with_candidates);

  relay_whip_client_restart_ice_async (attempt->client, text, attempt->cancellable, on_restarted,
                                       relay_whip_attempt_ref (attempt));
}

static gboolean
on_restart_timeout (gpointer user_data)
{
  RelayWhipAttempt *attempt = user_data;

  attempt->restart_timeout_id = 0;
  attempt_fail (attempt, RELAY_FAILURE_TRANSIENT, 0, _ ("connection lost"));
  return G_SOURCE_REMOVE;
}

/* The connection works (again): a restart in progress has succeeded. */
static void
restart_done (RelayWhipAttempt *attempt)
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

void
relay_whip_attempt_restart_ice (RelayWhipAttempt *attempt)
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
offer_created (RelayWhipAttempt *attempt, gpointer data)
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

  g_signal_emit_by_name (attempt->webrtc, "set-local-description", offer,
                         gst_promise_new_with_change_func (on_description_set,
                                                           relay_whip_attempt_ref (attempt),
                                                           relay_whip_attempt_unref));

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
  RelayWhipAttempt *attempt = user_data;
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
create_offer (RelayWhipAttempt *attempt)
{
  /* webrtcbin adds the m=application line for the channels it has */
  if (attempt->output->data_channel && attempt->data_channel == NULL)
    g_signal_emit_by_name (attempt->webrtc, "create-data-channel", "data", NULL,
                           &attempt->data_channel);
  attempt->offering = TRUE;
  g_clear_handle_id (&attempt->offer_timeout_id, g_source_remove);
  g_signal_emit_by_name (attempt->webrtc, "create-offer", NULL,
                         gst_promise_new_with_change_func (on_offer_created,
                                                           relay_whip_attempt_ref (attempt),
                                                           relay_whip_attempt_unref));
}

/* Returns: (transfer full) (nullable): the first of webrtcbin's sink pads
 * that has no caps yet */
static GstPad *
find_pad_without_caps (RelayWhipAttempt *attempt)
{
  GstIterator *pads = gst_element_iterate_sink_pads (attempt->webrtc);
  GValue item = G_VALUE_INIT;
  GstPad *missing = NULL;

  while (missing == NULL && gst_iterator_next (pads, &item) == GST_ITERATOR_OK)
    {
      GstPad *pad = g_value_get_object (&item);

      if (!gst_pad_has_current_caps (pad))
        missing = gst_object_ref (pad);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (pads);
  return missing;
}

/* The offer carries the payloaders' caps (profile, parameter sets), which
 * webrtcbin knows once the first buffers came through. */
static void
maybe_create_offer (RelayWhipAttempt *attempt, gpointer data)
{
  g_autoptr (GstPad) missing = NULL;

  if (!attempt->started || attempt->offering || attempt->posted)
    return;

  missing = find_pad_without_caps (attempt);
  if (missing == NULL)
    create_offer (attempt);
}

static gboolean
on_offer_timeout (gpointer user_data)
{
  RelayWhipAttempt *attempt = user_data;
  g_autoptr (GstPad) missing = find_pad_without_caps (attempt);
  g_autofree char *pad_name = missing != NULL ? gst_pad_get_name (missing) : NULL;
  g_autofree char *message = NULL;

  attempt->offer_timeout_id = 0;
  g_debug ("output %s: after %u s, no media on webrtcbin's %s",
           relay_output_get_id (RELAY_OUTPUT (attempt->output)), OFFER_TIMEOUT_MS / 1000,
           pad_name != NULL ? pad_name : "pads");
  relay_dump_pipeline_graph (attempt->webrtc, "relaycast-whip-no-media");
  message =
      g_strdup_printf (_ ("no media reached the sender within %u s"), OFFER_TIMEOUT_MS / 1000);
  attempt_fail (attempt, RELAY_FAILURE_TRANSIENT, 0, message);
  return G_SOURCE_REMOVE;
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
add_local_candidate (RelayWhipAttempt *attempt, gpointer data)
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
gathering_changed (RelayWhipAttempt *attempt, gpointer data)
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
  RelayWhipAttempt *attempt = user_data;

  attempt->disconnected_id = 0;
  relay_whip_attempt_restart_ice (attempt);
  return G_SOURCE_REMOVE;
}

static void
connection_changed (RelayWhipAttempt *attempt, gpointer data)
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
          relay_whip_attempt_restart_ice (attempt);
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
  RelayWhipAttempt *attempt = user_data;

  /* remembered: the next attempts wait for gathering instead */
  if (!relay_whip_client_get_trickle (client))
    relay_whip_output_set_trickle (attempt->output, FALSE);
}

/* Stats */

static void
stats_received (RelayWhipAttempt *attempt, gpointer data)
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
      relay_whip_attempt_restart_ice (attempt);
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

/* The output's side */

/* Makes the attempt of @bin (which holds it in its data) around its @webrtc. */
void
relay_whip_attempt_create (RelayWhipOutput *output, GstElement *bin, GstElement *webrtc)
{
  RelayWhipAttempt *attempt = g_atomic_rc_box_new0 (RelayWhipAttempt);

  attempt->output = g_object_ref (output);
  attempt->webrtc = gst_object_ref (webrtc);
  attempt->cancellable = g_cancellable_new ();
  attempt->candidates = g_ptr_array_new_with_free_func (g_free);
  attempt->client = relay_whip_client_new (output->session, output->endpoint, output->token);
  relay_whip_client_set_tls_validation (attempt->client, output->tls_validation);
  relay_whip_client_set_trickle (attempt->client, output->trickle);
  g_object_set_qdata_full (G_OBJECT (bin), attempt_quark (), attempt, relay_whip_attempt_unref);

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
}

void
relay_whip_attempt_start (RelayWhipAttempt *attempt)
{
  attempt->started = TRUE;
  attempt->offer_timeout_id = g_timeout_add (OFFER_TIMEOUT_MS, on_offer_timeout, attempt);
  maybe_create_offer (attempt, NULL);
}

/* Asks webrtcbin for fresh figures, unless they are on their way. */
void
relay_whip_attempt_query_stats (RelayWhipAttempt *attempt)
{
  if (!attempt->stats_pending)
    {
      attempt->stats_pending = TRUE;
      g_signal_emit_by_name (attempt->webrtc, "get-stats", NULL,
                             gst_promise_new_with_change_func (on_stats,
                                                               relay_whip_attempt_ref (attempt),
                                                               relay_whip_attempt_unref));
    }
}

/* Nothing of the attempt runs any more; its WHIP session is the caller's to
 * delete. */
void
relay_whip_attempt_end (RelayWhipAttempt *attempt)
{
  attempt->ended = TRUE;
  g_clear_handle_id (&attempt->gather_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->offer_timeout_id, g_source_remove);
  g_clear_handle_id (&attempt->disconnected_id, g_source_remove);
  g_clear_handle_id (&attempt->restart_timeout_id, g_source_remove);
  g_cancellable_cancel (attempt->cancellable);
}
