/* relay-whep-source.c
 *
 * A remote WHEP stream (a Live777 cascade's sourceUrl, another Relaycast's
 * /whep/…) as a source:
 *
 *   webrtcbin (recvonly) ─ decodebin ─ "video"
 *                        └ decodebin ─ "audio"
 *
 * Each time the stream opens the source, a pull offers to receive H.264 or
 * VP8 and Opus, POSTs the offer with its candidates to the WHEP endpoint
 * (the signalling is WHIP's) and takes the answer; the session it made is
 * DELETEd when the pull ends. A refused offer or a lost connection fails the
 * source, and the stream opens it again, as any live network source; the
 * next offer waits out a delay that grows with each failure in a row, as
 * Live777's cascade does, so a dead source costs a line a minute at most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-mask.h"
#include "relay-webrtc.h"
#include "relay-whep-source.h"
#include "relay-whip-client.h"

/* Main first: Relaycast's own WHEP viewers share the program's encoder then. */
#define RECEIVED_VIDEO                                                                             \
  "application/x-rtp, media=video, encoding-name=H264, clock-rate=90000, payload=96, "             \
  "packetization-mode=(string)1, profile-level-id=(string)4d001f, "                                \
  "rtcp-fb-nack-pli=(boolean)true; "                                                               \
  "application/x-rtp, media=video, encoding-name=H264, clock-rate=90000, payload=97, "             \
  "packetization-mode=(string)1, profile-level-id=(string)42e01f, "                                \
  "rtcp-fb-nack-pli=(boolean)true; "                                                               \
  "application/x-rtp, media=video, encoding-name=VP8, clock-rate=90000, payload=98, "              \
  "rtcp-fb-nack-pli=(boolean)true"
#define RECEIVED_AUDIO                                                                             \
  "application/x-rtp, media=audio, encoding-name=OPUS, clock-rate=48000, payload=111, "            \
  "encoding-params=(string)2"

/* After a failed pull, the next offer goes 2 s later, then twice as late
 * each time, up to a minute; a connected pull starts over. */
#define RETRY_FIRST_MS 2000
#define RETRY_MAX_MS   60000

/* One opening of the source: one WHEP session. */
typedef struct
{
  RelayWhepSource *source;
  GstElement *webrtc;
  RelayWhipClient *client;
  GCancellable *cancellable;
  /* handed from webrtcbin's threads to the main context */
  GstWebRTCSessionDescription *offer;
  GError *error;
  /* the offer waiting out the retry delay */
  guint delay_id;
  gboolean offering;
  gboolean posted;
  gboolean ended;
} Pull;

struct _RelayWhepSource
{
  RelaySource parent_instance;

  char *url;
  char *token;
  SoupSession *session;
  Pull *current;
  GstWebRTCPeerConnectionState connection_state;
  char *session_url;
  /* failed pulls in a row, and when the next may offer (monotonic µs) */
  guint failures;
  gint64 retry_at;
};

G_DEFINE_FINAL_TYPE (RelayWhepSource, relay_whep_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_URL,
  PROP_TOKEN,
  PROP_CONNECTION_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pull_clear (gpointer data)
{
  Pull *pull = data;

  g_clear_pointer (&pull->offer, gst_webrtc_session_description_free);
  g_clear_error (&pull->error);
  g_clear_object (&pull->cancellable);
  g_clear_object (&pull->client);
  gst_clear_object (&pull->webrtc);
  g_clear_object (&pull->source);
}

static Pull *
pull_ref (Pull *pull)
{
  return g_atomic_rc_box_acquire (pull);
}

static void
pull_unref (gpointer pull)
{
  g_atomic_rc_box_release_full (pull, pull_clear);
}

static void
pull_closure_done (gpointer pull, GClosure *closure)
{
  pull_unref (pull);
}

static void
pull_defer (Pull *pull, GSourceFunc func)
{
  relay_defer_to_main (func, pull_ref (pull), pull_unref);
}

static void
set_connection_state (RelayWhepSource *self, GstWebRTCPeerConnectionState state)
{
  if (self->connection_state == state)
    return;
  self->connection_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
}

/* The stream sees the failure as its source's, and opens the source again. */
static void
pull_fail (Pull *pull, const char *reason)
{
  RelayWhepSource *self = pull->source;
  g_autofree char *shown = relay_mask_url (self->url);
  g_autoptr (GError) error = NULL;
  guint delay_ms;

  if (pull->ended)
    return;
  pull->ended = TRUE;
  g_cancellable_cancel (pull->cancellable);

  self->failures++;
  delay_ms = RETRY_FIRST_MS << MIN (self->failures - 1, 5);
  delay_ms = MIN (delay_ms, RETRY_MAX_MS);
  self->retry_at = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  error =
      g_error_new (RELAY_ERROR, RELAY_ERROR_CONNECTION_LOST,
                   _ ("Cannot pull %s: %s; next attempt in %u s"), shown, reason, delay_ms / 1000);
  gst_element_post_message (pull->webrtc,
                            gst_message_new_error (GST_OBJECT (pull->webrtc), error, NULL));
}

static gboolean
fail_with_handed_error (gpointer user_data)
{
  Pull *pull = user_data;

  if (pull->error != NULL)
    pull_fail (pull, pull->error->message);
  return G_SOURCE_REMOVE;
}

/* Signalling */

static void
on_deleted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relay_whip_client_delete_finish (RELAY_WHIP_CLIENT (object), result, &error))
    g_debug ("WHEP source: session not deleted: %s", error->message);
}

static void
on_answer_set (GstPromise *promise, gpointer user_data)
{
  Pull *pull = user_data;
  GError *error = relay_webrtc_promise_error (promise);

  gst_promise_unref (promise);
  if (error == NULL)
    return;
  pull->error = error;
  pull_defer (pull, fail_with_handed_error);
}

static void
on_posted (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Pull *pull = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *answer =
      relay_whip_client_post_offer_finish (RELAY_WHIP_CLIENT (object), result, &error);
  GstWebRTCSessionDescription *description;

  if (pull->ended)
    {
      /* answered after all, as the pull ended: the session is not needed */
      if (answer != NULL)
        relay_whip_client_delete_async (pull->client, on_deleted, NULL);
      goto out;
    }

  if (answer == NULL)
    {
      g_autofree char *reason = NULL;

      relay_whip_client_explain_error (pull->client, error, &reason);
      pull_fail (pull, reason);
      goto out;
    }

  description = relay_webrtc_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, answer);
  if (description == NULL)
    {
      pull_fail (pull, _ ("the WHEP server's answer is not SDP"));
      goto out;
    }
  if (pull->source->current == pull)
    {
      g_free (pull->source->session_url);
      pull->source->session_url = g_strdup (relay_whip_client_get_session_url (pull->client));
    }
  g_debug ("WHEP source: answered, session %s", relay_whip_client_get_session_url (pull->client));
  g_signal_emit_by_name (
      pull->webrtc, "set-remote-description", description,
      gst_promise_new_with_change_func (on_answer_set, pull_ref (pull), pull_unref));
  gst_webrtc_session_description_free (description);

out:
  pull_unref (pull);
}

static void
on_described (GObject *webrtc, GAsyncResult *result, gpointer user_data)
{
  Pull *pull = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *offer = relay_webrtc_describe_finish (GST_ELEMENT (webrtc), result, &error);

  if (offer == NULL)
    pull_fail (pull, error->message);
  else if (!pull->ended)
    {
      pull->posted = TRUE;
      relay_whip_client_post_offer_async (pull->client, offer, pull->cancellable, on_posted,
                                          pull_ref (pull));
    }
  pull_unref (pull);
}

static gboolean
offer_created (gpointer user_data)
{
  Pull *pull = user_data;

  if (pull->ended)
    return G_SOURCE_REMOVE;
  if (pull->offer == NULL)
    {
      pull_fail (pull, pull->error ? pull->error->message : "webrtcbin made no offer");
      return G_SOURCE_REMOVE;
    }
  relay_webrtc_describe_async (pull->webrtc, pull->offer, pull->cancellable, on_described,
                               pull_ref (pull));
  return G_SOURCE_REMOVE;
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  Pull *pull = user_data;

  pull->error = relay_webrtc_promise_error (promise);
  if (pull->error == NULL)
    gst_structure_get (gst_promise_get_reply (promise), "offer",
                       GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &pull->offer, NULL);
  gst_promise_unref (promise);
  pull_defer (pull, offer_created);
}

/* webrtcbin asks once it runs with its transceivers. */
static gboolean
create_offer (gpointer user_data)
{
  Pull *pull = user_data;
  gint64 wait_us = pull->source->retry_at - g_get_monotonic_time ();

  pull->delay_id = 0;
  if (pull->ended || pull->offering)
    return G_SOURCE_REMOVE;
  /* the stream opens a failed source again sooner than the retry delay */
  if (wait_us > 0)
    {
      pull->delay_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (wait_us / 1000) + 1,
                                           create_offer, pull_ref (pull), pull_unref);
      return G_SOURCE_REMOVE;
    }
  pull->offering = TRUE;
  g_signal_emit_by_name (
      pull->webrtc, "create-offer", NULL,
      gst_promise_new_with_change_func (on_offer_created, pull_ref (pull), pull_unref));
  return G_SOURCE_REMOVE;
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  pull_defer (user_data, create_offer);
}

static gboolean
connection_changed (gpointer user_data)
{
  Pull *pull = user_data;
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;

  if (pull->ended)
    return G_SOURCE_REMOVE;
  g_object_get (pull->webrtc, "connection-state", &state, NULL);
  if (pull->source->current == pull)
    set_connection_state (pull->source, state);
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED)
    pull->source->failures = 0;
  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    pull_fail (pull, _ ("connection lost"));
  return G_SOURCE_REMOVE;
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  pull_defer (user_data, connection_changed);
}

/* The end of a pull */

static gboolean
end_pull (gpointer user_data)
{
  Pull *pull = user_data;
  RelayWhepSource *self = pull->source;

  pull->ended = TRUE;
  g_cancellable_cancel (pull->cancellable);
  g_clear_handle_id (&pull->delay_id, g_source_remove);
  /* their closures hold the pull, which holds webrtcbin */
  g_signal_handlers_disconnect_by_data (pull->webrtc, pull);
  if (self->current == pull)
    {
      self->current = NULL;
      g_clear_pointer (&self->session_url, g_free);
      set_connection_state (self, GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED);
    }
  if (relay_whip_client_get_session_url (pull->client) != NULL)
    relay_whip_client_delete_async (pull->client, on_deleted, NULL);
  return G_SOURCE_REMOVE;
}

/* The bin is gone, from whichever thread let it go. */
static void
on_bin_gone (gpointer pull)
{
  relay_defer_to_main (end_pull, pull, pull_unref);
}

/* RelaySource */

static gboolean
add_receiver (GstElement *webrtc, const char *caps_text, GError **error)
{
  g_autoptr (GstCaps) caps = gst_caps_from_string (caps_text);
  g_autoptr (GstWebRTCRTPTransceiver) transceiver = NULL;

  g_signal_emit_by_name (webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
                         caps, &transceiver);
  if (transceiver == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           "webrtcbin refused a receiving transceiver");
      return FALSE;
    }
  return TRUE;
}

static GstElement *
relay_whep_source_create_bin (RelaySource *source, const RelayProgramFormat *format, GError **error)
{
  RelayWhepSource *self = RELAY_WHEP_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *webrtc;
  Pull *pull;

  webrtc = relay_webrtc_bin_add_new (GST_BIN (bin), NULL, error);
  if (webrtc == NULL || !add_receiver (webrtc, RECEIVED_VIDEO, error)
      || !add_receiver (webrtc, RECEIVED_AUDIO, error))
    return NULL;
  relay_webrtc_decode_received (bin, webrtc);

  pull = g_atomic_rc_box_new0 (Pull);
  pull->source = g_object_ref (self);
  pull->webrtc = gst_object_ref (webrtc);
  pull->cancellable = g_cancellable_new ();
  pull->client = relay_whip_client_new (self->session, self->url, self->token);
  /* the offer goes with its candidates: WHEP servers need not take PATCH */
  relay_whip_client_set_trickle (pull->client, FALSE);
  g_object_set_data_full (G_OBJECT (bin), "relay-whep-pull", pull, on_bin_gone);

  g_signal_connect_data (webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed),
                         pull_ref (pull), pull_closure_done, 0);
  g_signal_connect_data (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state),
                         pull_ref (pull), pull_closure_done, 0);

  self->current = pull;
  g_clear_pointer (&self->session_url, g_free);
  set_connection_state (self, GST_WEBRTC_PEER_CONNECTION_STATE_NEW);
  return g_steal_pointer (&bin);
}

/* Public */

/**
 * relay_whep_source_new:
 * @url: the WHEP endpoint, http:// or https://
 * @token: (nullable): its bearer token
 */
RelaySource *
relay_whep_source_new (const char *url, const char *token)
{
  g_return_val_if_fail (url != NULL, NULL);

  relay_mask_register_url (url);
  return g_object_new (RELAY_TYPE_WHEP_SOURCE, "url", url, "token", token, "description", url,
                       "reopen", TRUE, NULL);
}

const char *
relay_whep_source_get_url (RelayWhepSource *self)
{
  g_return_val_if_fail (RELAY_IS_WHEP_SOURCE (self), NULL);
  return self->url;
}

/* Returns: (nullable): the session the WHEP server made for the current pull */
const char *
relay_whep_source_get_session_url (RelayWhepSource *self)
{
  g_return_val_if_fail (RELAY_IS_WHEP_SOURCE (self), NULL);
  return self->session_url;
}

GstWebRTCPeerConnectionState
relay_whep_source_get_connection_state (RelayWhepSource *self)
{
  g_return_val_if_fail (RELAY_IS_WHEP_SOURCE (self), GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED);
  return self->connection_state;
}

/* GObject */

static void
relay_whep_source_finalize (GObject *object)
{
  RelayWhepSource *self = RELAY_WHEP_SOURCE (object);

  g_free (self->url);
  g_free (self->token);
  g_free (self->session_url);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (relay_whep_source_parent_class)->finalize (object);
}

static void
relay_whep_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWhepSource *self = RELAY_WHEP_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URL:
        g_value_set_string (value, self->url);
        break;
      case PROP_CONNECTION_STATE:
        g_value_set_enum (value, self->connection_state);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whep_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayWhepSource *self = RELAY_WHEP_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URL:
        self->url = g_value_dup_string (value);
        break;
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        relay_mask_register_secret (self->token);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whep_source_class_init (RelayWhepSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->finalize = relay_whep_source_finalize;
  object_class->get_property = relay_whep_source_get_property;
  object_class->set_property = relay_whep_source_set_property;
  source_class->create_bin = relay_whep_source_create_bin;
  /* webrtcbin's jitter buffers stamp what they receive on the pipeline's clock */
  source_class->on_pipeline_clock = TRUE;

  properties[PROP_URL] = g_param_spec_string (
      "url", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the WHEP endpoint's bearer token: never read back */
  properties[PROP_TOKEN] =
      g_param_spec_string ("token", NULL, NULL, NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the current pull's RTCPeerConnection state; closed between pulls */
  properties[PROP_CONNECTION_STATE] =
      g_param_spec_enum ("connection-state", NULL, NULL, GST_TYPE_WEBRTC_PEER_CONNECTION_STATE,
                         GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_whep_source_init (RelayWhepSource *self)
{
  self->connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED;
  self->session = soup_session_new_with_options ("user-agent", "Relaycast/" PACKAGE_VERSION, NULL);
}
