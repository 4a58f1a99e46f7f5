/* relay-test-whip-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define GST_USE_UNSTABLE_API
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "core/relay-gst-util.h"
#include "core/webrtc/relay-sdp-fragment.h"
#include "relay-test-whip-server.h"

/* The receiving end of one session: a webrtcbin that answers the offer. */
typedef struct
{
  RelayTestWhipServer *server;
  GstElement *pipeline;
  GstElement *webrtc;
  SoupServerMessage *message;
  char *location;
  char *etag;
  GStrv mids;
  char *offer;
  /* its own candidates ("candidate:…"), from its thread */
  GMutex lock;
  GPtrArray *own_candidates;
  SoupServerMessage *restart;
  gint answered;
  gint connected;
  guint64 bytes;
  guint candidates;
} Peer;

struct _RelayTestWhipServer
{
  SoupServer *soup;
  guint port;
  GPtrArray *requests;
  RelayTestWhipHandler handler;
  gpointer user_data;
  Peer *peer;
};

static void
request_free (gpointer data)
{
  RelayTestWhipRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->content_type);
  g_free (request->authorization);
  g_free (request->if_match);
  g_free (request->body);
  g_free (request);
}

static void
peer_free (Peer *peer)
{
  if (peer == NULL)
    return;

  gst_element_set_state (peer->pipeline, GST_STATE_NULL);
  gst_object_unref (peer->pipeline);
  g_clear_object (&peer->message);
  g_clear_object (&peer->restart);
  g_ptr_array_unref (peer->own_candidates);
  g_mutex_clear (&peer->lock);
  g_free (peer->offer);
  g_free (peer->location);
  g_free (peer->etag);
  g_strfreev (peer->mids);
  g_free (peer);
}

void
relay_test_whip_server_reply (SoupServerMessage *message, guint status, const char *content_type,
                              const char *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type ? content_type : "text/plain",
                                      SOUP_MEMORY_COPY, body, strlen (body));
}

static gboolean
send_answer (gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCSessionDescription *answer = NULL;
  SoupMessageHeaders *headers;
  g_autofree char *text = NULL;

  if (peer->message == NULL)
    return G_SOURCE_REMOVE;

  g_object_get (peer->webrtc, "local-description", &answer, NULL);
  text = gst_sdp_message_as_text (answer->sdp);
  gst_webrtc_session_description_free (answer);

  headers = soup_server_message_get_response_headers (peer->message);
  soup_message_headers_replace (headers, "Location", peer->location);
  if (peer->etag != NULL)
    soup_message_headers_replace (headers, "ETag", peer->etag);
  relay_test_whip_server_reply (peer->message, SOUP_STATUS_CREATED, "application/sdp", text);
  soup_server_message_unpause (peer->message);
  g_clear_object (&peer->message);
  return G_SOURCE_REMOVE;
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE
      && g_atomic_int_compare_and_exchange (&peer->answered, FALSE, TRUE))
    relay_defer_to_main (send_answer, peer, NULL);
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCSessionDescription *answer = NULL;

  gst_structure_get (gst_promise_get_reply (promise), "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION,
                     &answer, NULL);
  g_assert_nonnull (answer);
  g_signal_emit_by_name (peer->webrtc, "set-local-description", answer, NULL);
  gst_webrtc_session_description_free (answer);
}

static void
on_offer_set (GstPromise *promise, gpointer user_data)
{
  Peer *peer = user_data;

  g_signal_emit_by_name (peer->webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, peer, NULL));
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  g_atomic_int_set (&peer->connected, state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED);
}

static GstPadProbeReturn
count_bytes (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Peer *peer = user_data;

  g_atomic_pointer_add (&peer->bytes, gst_buffer_get_size (GST_PAD_PROBE_INFO_BUFFER (info)));
  return GST_PAD_PROBE_OK;
}

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  Peer *peer = user_data;
  GstElement *sink;
  g_autoptr (GstPad) sink_pad = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (sink, "async", FALSE, "sync", FALSE, NULL);
  gst_bin_add (GST_BIN (peer->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (sink_pad, GST_PAD_PROBE_TYPE_BUFFER, count_bytes, peer, NULL);
  gst_pad_link (pad, sink_pad);
}

static void
on_peer_candidate (GstElement *webrtc, guint mline, const char *candidate, gpointer user_data)
{
  Peer *peer = user_data;

  g_mutex_lock (&peer->lock);
  g_ptr_array_add (peer->own_candidates, g_strdup (candidate));
  g_mutex_unlock (&peer->lock);
}

/* ICE restart, the peer's side: the offer again with the client's new
 * credentials and candidates, an answer with new credentials of its own, and
 * those and its candidates back in a fragment. */

static gboolean
send_restart_answer (gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCSessionDescription *answer = NULL;
  const GstSDPMedia *media;
  g_autoptr (GString) fragment = g_string_new (NULL);

  g_object_get (peer->webrtc, "local-description", &answer, NULL);
  media = gst_sdp_message_get_media (answer->sdp, 0);
  g_string_append_printf (
      fragment, "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\nm=%s 9 %s %s\r\na=mid:%s\r\n",
      gst_sdp_media_get_attribute_val (media, "ice-ufrag"),
      gst_sdp_media_get_attribute_val (media, "ice-pwd"), gst_sdp_media_get_media (media),
      gst_sdp_media_get_proto (media), gst_sdp_media_get_format (media, 0),
      gst_sdp_media_get_attribute_val (media, "mid"));
  gst_webrtc_session_description_free (answer);
  g_mutex_lock (&peer->lock);
  for (guint i = 0; i < peer->own_candidates->len; i++)
    g_string_append_printf (fragment, "a=%s\r\n",
                            (char *) g_ptr_array_index (peer->own_candidates, i));
  g_mutex_unlock (&peer->lock);
  g_string_append (fragment, "a=end-of-candidates\r\n");

  soup_message_headers_replace (soup_server_message_get_response_headers (peer->restart), "ETag",
                                "\"etag-restarted\"");
  relay_test_whip_server_reply (peer->restart, SOUP_STATUS_OK, "application/trickle-ice-sdpfrag",
                                fragment->str);
  soup_server_message_unpause (peer->restart);
  g_clear_object (&peer->restart);
  return G_SOURCE_REMOVE;
}

static void
on_restart_answer_set (GstPromise *promise, gpointer user_data)
{
  gst_promise_unref (promise);
  relay_defer_to_main (send_restart_answer, user_data, NULL);
}

static void
on_restart_answer (GstPromise *promise, gpointer user_data)
{
  Peer *peer = user_data;
  GstWebRTCSessionDescription *answer = NULL;

  gst_structure_get (gst_promise_get_reply (promise), "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION,
                     &answer, NULL);
  g_assert_nonnull (answer);
  relay_sdp_fragment_set_ice_credentials (answer->sdp, "peerrestart",
                                          "peerrestartpassword0123456789");
  /* the fragment is read from the local description: only once it is set */
  g_signal_emit_by_name (peer->webrtc, "set-local-description", answer,
                         gst_promise_new_with_change_func (on_restart_answer_set, peer, NULL));
  gst_webrtc_session_description_free (answer);
}

static void
on_restart_offer_set (GstPromise *promise, gpointer user_data)
{
  Peer *peer = user_data;

  g_signal_emit_by_name (peer->webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_restart_answer, peer, NULL));
}

/* Answers a PATCH with If-Match: "*" (an ICE restart) with the peer restarted. */
void
relay_test_whip_server_restart (RelayTestWhipServer *server, SoupServerMessage *message,
                                const char *fragment)
{
  Peer *peer = server->peer;
  g_auto (GStrv) lines = g_strsplit (fragment, "\r\n", -1);
  const char *ufrag = NULL, *pwd = NULL;
  GstSDPMessage *offer = NULL;
  GstSDPMedia *first;
  GstWebRTCSessionDescription *description;

  g_assert_nonnull (peer);
  g_assert_cmpint (gst_sdp_message_new_from_text (peer->offer, &offer), ==, GST_SDP_OK);
  first = (GstSDPMedia *) gst_sdp_message_get_media (offer, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "a=ice-ufrag:"))
        ufrag = lines[i] + strlen ("a=ice-ufrag:");
      else if (g_str_has_prefix (lines[i], "a=ice-pwd:"))
        pwd = lines[i] + strlen ("a=ice-pwd:");
      else if (g_str_has_prefix (lines[i], "a=candidate:"))
        gst_sdp_media_add_attribute (first, "candidate", lines[i] + strlen ("a=candidate:"));
    }
  g_assert_nonnull (ufrag);
  g_assert_nonnull (pwd);
  relay_sdp_fragment_set_ice_credentials (offer, ufrag, pwd);

  peer->restart = g_object_ref (message);
  soup_server_message_pause (message);
  description = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, offer);
  g_signal_emit_by_name (peer->webrtc, "set-remote-description", description,
                         gst_promise_new_with_change_func (on_restart_offer_set, peer, NULL));
  gst_webrtc_session_description_free (description);
}

/* Answers @offer with a real webrtcbin on 127.0.0.1: 201, @location, @etag
 * and the answer with every candidate of the peer, once it has them. */
void
relay_test_whip_server_answer (RelayTestWhipServer *server, SoupServerMessage *message,
                               const char *offer, const char *location, const char *etag)
{
  Peer *peer = g_new0 (Peer, 1);
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *description;
  g_autoptr (GObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;
  g_autoptr (GPtrArray) mids = g_ptr_array_new ();
  gboolean added;

  peer_free (server->peer);
  server->peer = peer;
  peer->server = server;
  peer->location = g_strdup (location);
  peer->offer = g_strdup (offer);
  peer->own_candidates = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&peer->lock);
  peer->etag = g_strdup (etag);
  peer->message = g_object_ref (message);
  soup_server_message_pause (message);

  g_assert_cmpint (gst_sdp_message_new_from_text (offer, &sdp), ==, GST_SDP_OK);
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    g_ptr_array_add (mids, g_strdup (gst_sdp_media_get_attribute_val (
                               gst_sdp_message_get_media (sdp, i), "mid")));
  g_ptr_array_add (mids, NULL);
  peer->mids = (GStrv) g_ptr_array_steal (mids, NULL);

  peer->pipeline = gst_pipeline_new (NULL);
  peer->webrtc = gst_element_factory_make ("webrtcbin", NULL);
  g_object_set (peer->webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  gst_bin_add (GST_BIN (peer->pipeline), peer->webrtc);
  g_object_get (peer->webrtc, "ice-agent", &ice, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  g_object_set (agent, "upnp", FALSE, NULL);
  g_signal_emit_by_name (ice, "add-local-ip-address", "127.0.0.1", &added);
  g_signal_connect (peer->webrtc, "pad-added", G_CALLBACK (on_pad_added), peer);
  g_signal_connect (peer->webrtc, "on-ice-candidate", G_CALLBACK (on_peer_candidate), peer);
  g_signal_connect (peer->webrtc, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state),
                    peer);
  g_signal_connect (peer->webrtc, "notify::connection-state", G_CALLBACK (on_connection_state),
                    peer);
  gst_element_set_state (peer->pipeline, GST_STATE_PLAYING);

  description = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  g_signal_emit_by_name (peer->webrtc, "set-remote-description", description,
                         gst_promise_new_with_change_func (on_offer_set, peer, NULL));
  gst_webrtc_session_description_free (description);
}

/* Hands the fragment's candidates to the peer and answers 204. */
void
relay_test_whip_server_trickle (RelayTestWhipServer *server, SoupServerMessage *message,
                                const char *fragment)
{
  g_auto (GStrv) lines = g_strsplit (fragment, "\r\n", -1);
  guint mline = 0;

  g_assert_nonnull (server->peer);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "a=mid:"))
        {
          for (mline = 0; server->peer->mids[mline] != NULL; mline++)
            {
              if (g_str_equal (server->peer->mids[mline], lines[i] + strlen ("a=mid:")))
                break;
            }
          g_assert_nonnull (server->peer->mids[mline]);
        }
      else if (g_str_has_prefix (lines[i], "a=candidate:"))
        {
          g_signal_emit_by_name (server->peer->webrtc, "add-ice-candidate", mline, lines[i] + 2);
          server->peer->candidates++;
        }
    }
  relay_test_whip_server_reply (message, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

gboolean
relay_test_whip_server_peer_connected (RelayTestWhipServer *server)
{
  return server->peer != NULL && g_atomic_int_get (&server->peer->connected);
}

/* Media bytes the peer received (decrypted RTP payloads, depayloaded). */
guint64
relay_test_whip_server_peer_bytes (RelayTestWhipServer *server)
{
  return server->peer != NULL ? (guint64) g_atomic_pointer_get (&server->peer->bytes) : 0;
}

/* Candidates the peer got in PATCH requests. */
guint
relay_test_whip_server_peer_candidates (RelayTestWhipServer *server)
{
  return server->peer != NULL ? server->peer->candidates : 0;
}

static char *
dup_header (SoupMessageHeaders *headers, const char *name)
{
  return g_strdup (soup_message_headers_get_one (headers, name));
}

static void
on_request (SoupServer *soup, SoupServerMessage *message, const char *path, GHashTable *query,
            gpointer user_data)
{
  RelayTestWhipServer *server = user_data;
  RelayTestWhipRequest *request = g_new0 (RelayTestWhipRequest, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr (GBytes) body =
      soup_message_body_flatten (soup_server_message_get_request_body (message));
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (message)));
  request->content_type = dup_header (headers, "Content-Type");
  request->authorization = dup_header (headers, "Authorization");
  request->if_match = dup_header (headers, "If-Match");
  request->body = g_strndup (data ? data : "", size);
  request->time_us = g_get_monotonic_time ();
  g_ptr_array_add (server->requests, request);

  server->handler (server, message, request,
                   relay_test_whip_server_count (server, request->method) - 1, server->user_data);
}

RelayTestWhipServer *
relay_test_whip_server_new (RelayTestWhipHandler handler, gpointer user_data)
{
  RelayTestWhipServer *server = g_new0 (RelayTestWhipServer, 1);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  server->handler = handler;
  server->user_data = user_data;
  server->requests = g_ptr_array_new_with_free_func (request_free);
  server->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->soup, NULL, on_request, server, NULL);
  soup_server_listen_local (server->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->soup);
  server->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

void
relay_test_whip_server_free (RelayTestWhipServer *server)
{
  peer_free (server->peer);
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  g_ptr_array_unref (server->requests);
  g_free (server);
}

char *
relay_test_whip_server_url (RelayTestWhipServer *server, const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
}

guint
relay_test_whip_server_count (RelayTestWhipServer *server, const char *method)
{
  guint count = 0;

  for (guint i = 0; i < server->requests->len; i++)
    {
      const RelayTestWhipRequest *request = g_ptr_array_index (server->requests, i);

      count += g_str_equal (request->method, method);
    }
  return count;
}

const RelayTestWhipRequest *
relay_test_whip_server_nth (RelayTestWhipServer *server, const char *method, guint index)
{
  for (guint i = 0; i < server->requests->len; i++)
    {
      const RelayTestWhipRequest *request = g_ptr_array_index (server->requests, i);

      if (g_str_equal (request->method, method) && index-- == 0)
        return request;
    }
  return NULL;
}
