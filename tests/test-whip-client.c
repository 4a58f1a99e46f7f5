/* test-whip-client.c: RelayWhipClient against a libsoup WHIP server on
 * 127.0.0.1: session URLs, redirects, ICE servers, errors, trickle PATCHes,
 * ICE restart and DELETE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <string.h>

#include "core/relay-mask.h"
#include "core/webrtc/relay-link-header.h"
#include "core/webrtc/relay-whip-client.h"
#include "relay-test-util.h"
#include "relay-test-whip-server.h"

#define TOKEN "whip-token-0123456789abcdef"

static const char OFFER[] = "v=0\r\n"
                            "o=- 1 0 IN IP4 0.0.0.0\r\n"
                            "s=-\r\n"
                            "t=0 0\r\n"
                            "a=group:BUNDLE video0 audio1\r\n"
                            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                            "c=IN IP4 0.0.0.0\r\n"
                            "a=ice-ufrag:offerufrag\r\n"
                            "a=ice-pwd:offerpassword0123456789\r\n"
                            "a=sendonly\r\n"
                            "a=rtpmap:96 H264/90000\r\n"
                            "a=mid:video0\r\n"
                            "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n"
                            "c=IN IP4 0.0.0.0\r\n"
                            "a=ice-ufrag:offerufrag\r\n"
                            "a=ice-pwd:offerpassword0123456789\r\n"
                            "a=bundle-only\r\n"
                            "a=sendonly\r\n"
                            "a=rtpmap:111 OPUS/48000/2\r\n"
                            "a=mid:audio1\r\n";

static const char ANSWER[] = "v=0\r\n"
                             "o=- 2 0 IN IP4 127.0.0.1\r\n"
                             "s=-\r\n"
                             "t=0 0\r\n"
                             "a=group:BUNDLE video0 audio1\r\n"
                             "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                             "c=IN IP4 0.0.0.0\r\n"
                             "a=ice-ufrag:answerufrag\r\n"
                             "a=ice-pwd:answerpassword0123456789\r\n"
                             "a=recvonly\r\n"
                             "a=rtpmap:96 H264/90000\r\n"
                             "a=mid:video0\r\n"
                             "a=candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host\r\n"
                             "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                             "c=IN IP4 0.0.0.0\r\n"
                             "a=ice-ufrag:answerufrag\r\n"
                             "a=ice-pwd:answerpassword0123456789\r\n"
                             "a=recvonly\r\n"
                             "a=rtpmap:111 OPUS/48000/2\r\n"
                             "a=mid:audio1\r\n";

/* Async calls, waited for */

typedef struct
{
  gboolean done;
  char *text;
  gboolean ok;
  GError *error;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->text);
  g_clear_error (&result->error);
  *result = (Result){ 0 };
}

static gboolean
result_done (gpointer user_data)
{
  return ((Result *) user_data)->done;
}

static void
on_posted (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Result *result = user_data;

  result->text =
      relay_whip_client_post_offer_finish (RELAY_WHIP_CLIENT (source), res, &result->error);
  result->done = TRUE;
}

static void
on_restarted (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Result *result = user_data;

  result->text =
      relay_whip_client_restart_ice_finish (RELAY_WHIP_CLIENT (source), res, &result->error);
  result->done = TRUE;
}

static void
on_deleted (GObject *source, GAsyncResult *res, gpointer user_data)
{
  Result *result = user_data;

  result->ok = relay_whip_client_delete_finish (RELAY_WHIP_CLIENT (source), res, &result->error);
  result->done = TRUE;
}

static void
post (RelayWhipClient *client, Result *result)
{
  result_clear (result);
  relay_whip_client_post_offer_async (client, OFFER, NULL, on_posted, result);
  g_assert_true (relay_test_wait_until (result_done, result, 10000));
}

static void delete (RelayWhipClient *client, Result *result)
{
  result_clear (result);
  relay_whip_client_delete_async (client, on_deleted, result);
  g_assert_true (relay_test_wait_until (result_done, result, 10000));
}

static RelayWhipClient *
new_client (RelayTestWhipServer *server, const char *path)
{
  g_autofree char *url = relay_test_whip_server_url (server, path);

  return relay_whip_client_new (NULL, url, TOKEN);
}

static void
reply_created (SoupServerMessage *message, const char *location, const char *etag)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (headers, "Location", location);
  if (etag != NULL)
    soup_message_headers_replace (headers, "ETag", etag);
  relay_test_whip_server_reply (message, SOUP_STATUS_CREATED, "application/sdp", ANSWER);
}

/* Session URL */

static void
created_relative (RelayTestWhipServer *server, SoupServerMessage *message,
                  const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  if (g_str_equal (request->method, "POST"))
    reply_created (message, "../sessions/abc?generation=1", "\"e1\"");
  else
    relay_test_whip_server_reply (message, SOUP_STATUS_OK, NULL, NULL);
}

static void
test_relative_location (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (created_relative, NULL);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  g_autofree char *expected = relay_test_whip_server_url (server, "/sessions/abc?generation=1");
  const RelayTestWhipRequest *request;
  Result result = { 0 };

  post (client, &result);
  g_assert_no_error (result.error);
  g_assert_cmpstr (result.text, ==, ANSWER);
  g_assert_cmpstr (relay_whip_client_get_session_url (client), ==, expected);
  g_assert_cmpstr (relay_whip_client_get_etag (client), ==, "\"e1\"");

  request = relay_test_whip_server_nth (server, "POST", 0);
  g_assert_cmpstr (request->path, ==, "/whip/room1");
  g_assert_cmpstr (request->content_type, ==, "application/sdp");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->body, ==, OFFER);

  /* the DELETE goes to the resolved URL, with the token and without If-Match */
  delete (client, &result);
  g_assert_no_error (result.error);
  request = relay_test_whip_server_nth (server, "DELETE", 0);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/sessions/abc");
  g_assert_cmpstr (request->query, ==, "generation=1");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_null (request->if_match);
  g_assert_null (relay_whip_client_get_session_url (client));
  result_clear (&result);
}

/* Redirects */

typedef struct
{
  RelayTestWhipServer *target;
  guint status;
} Redirect;

static void
redirect_all (RelayTestWhipServer *server, SoupServerMessage *message,
              const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  Redirect *redirect = user_data;
  g_autofree char *url = relay_test_whip_server_url (redirect->target, "/whip/new");
  g_autofree char *location = g_strconcat ("http://localhost", strrchr (url, ':'), NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Location",
                                location);
  relay_test_whip_server_reply (message, redirect->status, NULL, NULL);
}

static void
created_in_place (RelayTestWhipServer *server, SoupServerMessage *message,
                  const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  reply_created (message, "sessions/7", NULL);
}

/* Another origin (host and port): libsoup alone would drop the token there. */
static void
test_redirect_keeps_token (gconstpointer data)
{
  g_autoptr (RelayTestWhipServer) target = relay_test_whip_server_new (created_in_place, NULL);
  Redirect redirect = { target, GPOINTER_TO_UINT (data) };
  g_autoptr (RelayTestWhipServer) origin = relay_test_whip_server_new (redirect_all, &redirect);
  g_autoptr (RelayWhipClient) client = new_client (origin, "/whip/old");
  g_autofree char *target_url = relay_test_whip_server_url (target, "");
  g_autofree char *expected =
      g_strconcat ("http://localhost", strrchr (target_url, ':'), "/whip/sessions/7", NULL);
  const RelayTestWhipRequest *request;
  Result result = { 0 };

  post (client, &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (relay_test_whip_server_count (origin, "POST"), ==, 1);
  g_assert_cmpuint (relay_test_whip_server_count (target, "POST"), ==, 1);

  request = relay_test_whip_server_nth (target, "POST", 0);
  g_assert_cmpstr (request->path, ==, "/whip/new");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->content_type, ==, "application/sdp");
  g_assert_cmpstr (request->body, ==, OFFER);
  /* relative to where the session was created, not to the first URL */
  g_assert_cmpstr (relay_whip_client_get_session_url (client), ==, expected);
  result_clear (&result);
}

/* ICE servers */

static void
created_with_links (RelayTestWhipServer *server, SoupServerMessage *message,
                    const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_message_headers_append (headers, "Link", "<stun:stun.example.net:3478>; rel=\"ice-server\"");
  soup_message_headers_append (
      headers, "Link",
      "<turn:turn.example.net:3478?transport=udp>; rel=\"ice-server\"; "
      "username=\"user@example\"; credential=\"p:ss,w\\\"rd\"; credential-type=\"password\", "
      "<https://example.net/docs>; rel=\"help\"");
  soup_message_headers_append (headers, "Link",
                               "<turn:no-credentials.example.net>; rel=\"ice-server\"");
  reply_created (message, "/whip/room1/s1", NULL);
}

static void
test_link_ice_servers (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (created_with_links, NULL);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  const char *const *servers;
  g_autofree char *shown = NULL;
  Result result = { 0 };

  post (client, &result);
  g_assert_no_error (result.error);

  servers = relay_whip_client_get_ice_servers (client);
  g_assert_cmpuint (g_strv_length ((GStrv) servers), ==, 2);
  g_assert_cmpstr (servers[0], ==, "stun://stun.example.net:3478");
  g_assert_cmpstr (servers[1], ==,
                   "turn://user%40example:p%3Ass%2Cw%22rd@turn.example.net:3478?transport=udp");

  /* the credential is a secret from now on */
  shown = relay_mask_redact ("credential p:ss,w\"rd");
  g_assert_null (strstr (shown, "p:ss,w\"rd"));
  result_clear (&result);
}

static void
test_ice_server_forms (void)
{
  const struct
  {
    const char *url, *username, *credential, *expected;
  } cases[] = {
    { "stun:stun.l.example.com:19302", NULL, NULL, "stun://stun.l.example.com:19302" },
    { "stun://stun.example.com", NULL, NULL, "stun://stun.example.com" },
    { "turn://u:p@turn.example.com:3478", NULL, NULL, "turn://u:p@turn.example.com:3478" },
    { "turns:turn.example.com:443?transport=tcp", "u", "p",
      "turns://u:p@turn.example.com:443?transport=tcp" },
    { "turn:turn.example.com", NULL, NULL, NULL },
    { "stuns:stun.example.com", NULL, NULL, NULL },
    { "http://example.com", NULL, NULL, NULL },
    { "nonsense", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *server = relay_link_header_ice_server_to_webrtc (
          cases[i].url, cases[i].username, cases[i].credential);

      g_assert_cmpstr (server, ==, cases[i].expected);
    }
}

/* Errors */

typedef struct
{
  guint status;
  const char *content_type;
  const char *body;
  const char *retry_after;
} Refusal;

static void
refuse (RelayTestWhipServer *server, SoupServerMessage *message,
        const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  const Refusal *refusal = user_data;

  if (refusal->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message), "Retry-After",
                                  refusal->retry_after);
  relay_test_whip_server_reply (message, refusal->status, refusal->content_type, refusal->body);
}

static void
test_refusals (void)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  const struct
  {
    Refusal refusal;
    RelayFailureKind kind;
    const char *message;
    guint retry_after_ms;
  } cases[] = {
    { { 401, "text/plain", "bearer token " TOKEN " is not valid\n", NULL },
      RELAY_FAILURE_PERMANENT,
      "WHIP server answered 401 Unauthorized: bearer token whip**** is not valid",
      0 },
    { { 403, "text/plain", "stream is disabled", NULL },
      RELAY_FAILURE_PERMANENT,
      "WHIP server answered 403 Forbidden: stream is disabled",
      0 },
    { { 404, NULL, NULL, NULL }, RELAY_FAILURE_PERMANENT, "WHIP server answered 404 Not Found", 0 },
    { { 422, "application/problem+json", "{\"title\": \"no H264\"}", NULL },
      RELAY_FAILURE_PERMANENT,
      "WHIP server answered 422 Unprocessable Entity: {\"title\": \"no H264\"}",
      0 },
    { { 500, "text/html", "<html><body>oops</body></html>", NULL },
      RELAY_FAILURE_TRANSIENT,
      "WHIP server answered 500 Internal Server Error",
      0 },
    { { 503, "text/plain", "busy", "2" },
      RELAY_FAILURE_TRANSIENT,
      "WHIP server answered 503 Service Unavailable: busy",
      2000 },
    { { 400, "text/plain", long_text, NULL }, RELAY_FAILURE_PERMANENT, NULL, 0 },
  };

  relay_mask_register_secret (TOKEN);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RelayTestWhipServer) server =
          relay_test_whip_server_new (refuse, (gpointer) &cases[i].refusal);
      g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
      g_autofree char *message = NULL;
      Result result = { 0 };

      post (client, &result);
      g_assert_null (result.text);
      g_assert_error (result.error, RELAY_WHIP_ERROR, (int) cases[i].refusal.status);
      g_assert_cmpint (relay_whip_client_explain_error (client, result.error, &message), ==,
                       cases[i].kind);
      if (cases[i].message != NULL)
        g_assert_cmpstr (message, ==, cases[i].message);
      else
        g_assert_cmpint (g_utf8_strlen (message, -1), <, 260);
      g_assert_null (strstr (message, TOKEN));
      g_assert_cmpuint (relay_whip_client_get_retry_after_ms (client), ==, cases[i].retry_after_ms);
      g_assert_null (relay_whip_client_get_session_url (client));
      result_clear (&result);
    }
}

static void
test_connection_refused (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (refuse, NULL);
  g_autofree char *url = relay_test_whip_server_url (server, "/whip/room1");
  g_autoptr (RelayWhipClient) client = NULL;
  g_autofree char *message = NULL;
  Result result = { 0 };

  /* nobody listens there any more */
  g_clear_pointer (&server, relay_test_whip_server_free);
  client = relay_whip_client_new (NULL, url, TOKEN);
  post (client, &result);
  g_assert_nonnull (result.error);
  g_assert_cmpint (relay_whip_client_explain_error (client, result.error, &message), ==,
                   RELAY_FAILURE_TRANSIENT);
  g_assert_true (g_str_has_prefix (message, "connection refused (127.0.0.1:"));
  result_clear (&result);
}

/* Trickle ICE */

typedef struct
{
  guint patch_status;
} Trickle;

static void
trickle_server (RelayTestWhipServer *server, SoupServerMessage *message,
                const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  Trickle *trickle = user_data;

  if (g_str_equal (request->method, "POST"))
    reply_created (message, "/whip/room1/s1", "\"etag-1\"");
  else if (g_str_equal (request->method, "PATCH"))
    relay_test_whip_server_reply (message, trickle->patch_status, NULL, NULL);
  else
    relay_test_whip_server_reply (message, SOUP_STATUS_OK, NULL, NULL);
}

typedef struct
{
  RelayTestWhipServer *server;
  guint count;
} PatchCount;

static gboolean
has_patches (gpointer user_data)
{
  PatchCount *patches = user_data;

  return relay_test_whip_server_count (patches->server, "PATCH") >= patches->count;
}

static void
test_trickle_patches (void)
{
  Trickle trickle = { SOUP_STATUS_NO_CONTENT };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (trickle_server, &trickle);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  g_autoptr (GString) all = g_string_new (NULL);
  PatchCount patches = { server, 1 };
  guint n_patches;
  Result result = { 0 };

  /* found before the session exists: they wait for it */
  relay_whip_client_add_local_candidate (client, 0,
                                         "candidate:1 1 UDP 2015363327 127.0.0.1 5000 typ host");
  relay_whip_client_add_local_candidate (client, 0,
                                         "candidate:2 1 UDP 2015363327 127.0.0.2 5002 typ host");
  post (client, &result);
  g_assert_no_error (result.error);
  g_assert_true (relay_test_wait_until (has_patches, &patches, 5000));

  relay_whip_client_add_local_candidate (client, 0,
                                         "candidate:3 1 TCP 1015022591 127.0.0.1 9 typ host "
                                         "tcptype active");
  relay_whip_client_end_of_candidates (client);
  patches.count = 2;
  g_assert_true (relay_test_wait_until (has_patches, &patches, 5000));

  n_patches = relay_test_whip_server_count (server, "PATCH");
  for (guint i = 0; i < n_patches; i++)
    {
      const RelayTestWhipRequest *request = relay_test_whip_server_nth (server, "PATCH", i);

      g_assert_cmpstr (request->path, ==, "/whip/room1/s1");
      g_assert_cmpstr (request->content_type, ==, "application/trickle-ice-sdpfrag");
      g_assert_cmpstr (request->if_match, ==, "\"etag-1\"");
      g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
      g_assert_true (g_str_has_prefix (request->body, "a=ice-ufrag:offerufrag\r\n"
                                                      "a=ice-pwd:offerpassword0123456789\r\n"
                                                      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                                                      "a=mid:video0\r\n"));
      /* the bundled audio section needs no candidates of its own */
      g_assert_null (strstr (request->body, "m=audio"));
      g_string_append (all, request->body);
    }
  /* the two early candidates went together */
  g_assert_nonnull (strstr (relay_test_whip_server_nth (server, "PATCH", 0)->body,
                            "a=candidate:1 1 UDP 2015363327 127.0.0.1 5000 typ host\r\n"
                            "a=candidate:2 1 UDP 2015363327 127.0.0.2 5002 typ host\r\n"));
  g_assert_nonnull (strstr (all->str, "a=candidate:3 1 TCP"));
  g_assert_true (g_str_has_suffix (all->str, "a=end-of-candidates\r\n"));
  g_assert_true (relay_whip_client_get_trickle (client));

  delete (client, &result);
  g_assert_null (relay_test_whip_server_nth (server, "DELETE", 0)->if_match);
  result_clear (&result);
}

static gboolean
trickle_off (gpointer client)
{
  return !relay_whip_client_get_trickle (client);
}

/* 405 or 501: the server takes no PATCH; candidates stop going out. */
static void
test_trickle_refused (gconstpointer data)
{
  Trickle trickle = { GPOINTER_TO_UINT (data) };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (trickle_server, &trickle);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  PatchCount patches = { server, 1 };
  Result result = { 0 };

  post (client, &result);
  relay_whip_client_add_local_candidate (client, 0,
                                         "candidate:1 1 UDP 2015363327 127.0.0.1 5000 typ host");
  g_assert_true (relay_test_wait_until (has_patches, &patches, 5000));
  g_assert_true (relay_test_wait_until (trickle_off, client, 5000));

  relay_whip_client_add_local_candidate (client, 0,
                                         "candidate:2 1 UDP 2015363327 127.0.0.2 5002 typ host");
  relay_whip_client_end_of_candidates (client);
  patches.count = 2;
  g_assert_false (relay_test_wait_until (has_patches, &patches, 300));
  result_clear (&result);
}

/* ICE restart */

static const char RESTART_FRAGMENT[] = "a=ice-ufrag:newufrag\r\n"
                                       "a=ice-pwd:newpassword0123456789xy\r\n"
                                       "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                                       "a=mid:video0\r\n"
                                       "a=candidate:5 1 UDP 2015363327 127.0.0.1 41000 typ host\r\n"
                                       "a=end-of-candidates\r\n";

static void
restart_server (RelayTestWhipServer *server, SoupServerMessage *message,
                const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  if (g_str_equal (request->method, "POST"))
    {
      reply_created (message, "/whip/room1/s1", "\"e1\"");
    }
  else if (g_strcmp0 (request->if_match, "\"*\"") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag",
                                    "\"e2\"");
      relay_test_whip_server_reply (message, SOUP_STATUS_OK, "application/trickle-ice-sdpfrag",
                                    RESTART_FRAGMENT);
    }
  else
    {
      relay_test_whip_server_reply (message, SOUP_STATUS_PRECONDITION_FAILED, NULL, NULL);
    }
}

static char *
replace (const char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static void
test_ice_restart (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (restart_server, NULL);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  g_autofree char *renewed = replace (OFFER, "offerufrag", "restartufrag");
  g_autofree char *offer =
      replace (renewed, "a=mid:video0\r\n",
               "a=mid:video0\r\na=candidate:1 1 UDP 2015363327 127.0.0.1 5000 typ host\r\n");
  const RelayTestWhipRequest *request;
  GstSDPMessage *answer = NULL;
  const GstSDPMedia *video, *audio;
  Result result = { 0 };

  post (client, &result);
  g_assert_no_error (result.error);

  result_clear (&result);
  relay_whip_client_restart_ice_async (client, offer, NULL, on_restarted, &result);
  g_assert_true (relay_test_wait_until (result_done, &result, 10000));
  g_assert_no_error (result.error);

  request = relay_test_whip_server_nth (server, "PATCH", 0);
  g_assert_cmpstr (request->if_match, ==, "\"*\"");
  g_assert_cmpstr (request->content_type, ==, "application/trickle-ice-sdpfrag");
  g_assert_cmpstr (request->body, ==,
                   "a=ice-ufrag:restartufrag\r\n"
                   "a=ice-pwd:offerpassword0123456789\r\n"
                   "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                   "a=mid:video0\r\n"
                   "a=candidate:1 1 UDP 2015363327 127.0.0.1 5000 typ host\r\n"
                   "a=end-of-candidates\r\n"
                   "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                   "a=mid:audio1\r\n");

  /* the new remote description: the answer with the server's new ICE */
  g_assert_cmpint (gst_sdp_message_new_from_text (result.text, &answer), ==, GST_SDP_OK);
  video = gst_sdp_message_get_media (answer, 0);
  audio = gst_sdp_message_get_media (answer, 1);
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (video, "ice-ufrag"), ==, "newufrag");
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (video, "ice-pwd"), ==,
                   "newpassword0123456789xy");
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (video, "candidate"), ==,
                   "5 1 UDP 2015363327 127.0.0.1 41000 typ host");
  g_assert_cmpuint (gst_sdp_media_attributes_len (video), ==,
                    gst_sdp_media_attributes_len (audio) + 1);
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (audio, "ice-ufrag"), ==, "newufrag");
  g_assert_null (gst_sdp_media_get_attribute_val (audio, "candidate"));
  g_assert_cmpstr (relay_whip_client_get_etag (client), ==, "\"e2\"");
  gst_sdp_message_free (answer);
  result_clear (&result);
}

/* DELETE */

static void
never_deletes (RelayTestWhipServer *server, SoupServerMessage *message,
               const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  if (g_str_equal (request->method, "POST"))
    reply_created (message, "/whip/room1/s1", NULL);
  else
    soup_server_message_pause (message);
}

static void
test_delete_does_not_hang (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (never_deletes, NULL);
  g_autoptr (RelayWhipClient) client = new_client (server, "/whip/room1");
  Result result = { 0 };
  gint64 start;

  post (client, &result);
  g_assert_no_error (result.error);

  start = g_get_monotonic_time ();
  delete (client, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (relay_test_whip_server_count (server, "DELETE"), ==, 1);
  result_clear (&result);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/whip-client/relative-location", test_relative_location);
  g_test_add_data_func ("/whip-client/redirect/307",
                        GUINT_TO_POINTER (SOUP_STATUS_TEMPORARY_REDIRECT),
                        test_redirect_keeps_token);
  g_test_add_data_func ("/whip-client/redirect/308",
                        GUINT_TO_POINTER (SOUP_STATUS_PERMANENT_REDIRECT),
                        test_redirect_keeps_token);
  g_test_add_func ("/whip-client/link-ice-servers", test_link_ice_servers);
  g_test_add_func ("/whip-client/ice-server-forms", test_ice_server_forms);
  g_test_add_func ("/whip-client/refusals", test_refusals);
  g_test_add_func ("/whip-client/connection-refused", test_connection_refused);
  g_test_add_func ("/whip-client/trickle-patches", test_trickle_patches);
  g_test_add_data_func ("/whip-client/trickle-refused/405",
                        GUINT_TO_POINTER (SOUP_STATUS_METHOD_NOT_ALLOWED), test_trickle_refused);
  g_test_add_data_func ("/whip-client/trickle-refused/501",
                        GUINT_TO_POINTER (SOUP_STATUS_NOT_IMPLEMENTED), test_trickle_refused);
  g_test_add_func ("/whip-client/ice-restart", test_ice_restart);
  g_test_add_func ("/whip-client/delete-does-not-hang", test_delete_does_not_hang);

  return g_test_run ();
}
