/* test-whip-output.c: RelayWhipOutput in a running studio, against a libsoup
 * WHIP server whose sessions are answered by a real webrtcbin on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <string.h>

#include "core/relay-gst-util.h"
#include "core/outputs/relay-output-factory.h"
#include "core/outputs/relay-output-private.h"
#include "core/relay-studio.h"
#include "core/media/relay-test-source.h"
#include "core/outputs/relay-whip-output.h"
#include "relay-test-util.h"
#include "relay-test-whip-server.h"

#define TOKEN "output-token-0123456789abcdef"

/* What the server does, per test */
typedef struct
{
  /* answers to the first POSTs before the real one (0: none) */
  guint refuse_status;
  const char *refuse_body;
  const char *retry_after;
  guint refusals;
  guint patch_status;
  gboolean links;
  gboolean restarts;
  /* the first POST is never answered */
  gboolean hold_first;
} Script;

static void
serve (RelayTestWhipServer *server, SoupServerMessage *message, const RelayTestWhipRequest *request,
       guint index, gpointer user_data)
{
  Script *script = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (g_str_equal (request->method, "POST"))
    {
      g_autofree char *location = g_strdup_printf ("sessions/%u", index);

      if (script->hold_first && index == 0)
        {
          soup_server_message_pause (message);
          return;
        }
      if (script->refuse_status != 0 && index < script->refusals)
        {
          if (script->retry_after != NULL)
            soup_message_headers_replace (headers, "Retry-After", script->retry_after);
          relay_test_whip_server_reply (message, script->refuse_status, "text/plain",
                                        script->refuse_body);
          return;
        }
      if (script->links)
        {
          soup_message_headers_append (headers, "Link",
                                       "<stun:127.0.0.1:3478>; rel=\"ice-server\"");
          soup_message_headers_append (headers, "Link",
                                       "<turn:127.0.0.1:3478?transport=udp>; rel=\"ice-server\"; "
                                       "username=\"relay\"; credential=\"turn-secret-42\"");
        }
      relay_test_whip_server_answer (server, message, request->body, location, "\"etag-7\"");
    }
  else if (g_str_equal (request->method, "PATCH"))
    {
      if (script->restarts && g_strcmp0 (request->if_match, "\"*\"") == 0)
        relay_test_whip_server_restart (server, message, request->body);
      else if (script->patch_status != 0)
        relay_test_whip_server_reply (message, script->patch_status, "text/plain", "no trickle");
      else
        relay_test_whip_server_trickle (server, message, request->body);
    }
  else
    {
      relay_test_whip_server_reply (message, SOUP_STATUS_OK, NULL, NULL);
    }
}

/* A studio on the test pattern */

typedef struct
{
  RelayStudio *studio;
  RelaySource *source;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->studio = relay_studio_new (NULL, NULL);
  fixture->source = relay_test_source_new ();
  relay_studio_start (fixture->studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (fixture->studio), fixture->source, &error);
  g_assert_no_error (error);
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
on_shutdown (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gboolean done = FALSE;

  relay_studio_shutdown_async (fixture->studio, NULL, on_shutdown, &done);
  g_assert_true (relay_test_wait_until (flag_set, &done, 15000));
  g_clear_object (&fixture->studio);
  g_clear_object (&fixture->source);
}

static RelayOutput *
add_output (Fixture *fixture, const char *uri, RelayOutputOptions *options)
{
  g_autoptr (GError) error = NULL;
  RelayOutputOptions defaults;
  RelayOutput *output;

  if (options == NULL)
    {
      relay_output_options_init (&defaults);
      options = &defaults;
    }
  options->token = TOKEN;
  output = relay_output_new_for_uri (uri, options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (fixture->studio, output, &error);
  g_assert_no_error (error);
  return output;
}

static char *
whip_uri (RelayTestWhipServer *server)
{
  g_autofree char *url = relay_test_whip_server_url (server, "/whip/room1");

  return g_strconcat ("whip+", url, NULL);
}

typedef struct
{
  RelayOutput *output;
  RelayOutputState state;
} StateWait;

static gboolean
in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return relay_output_get_state (wait->output) == wait->state;
}

static void
wait_for_state (RelayOutput *output, RelayOutputState state, guint timeout_ms)
{
  StateWait wait = { output, state };

  if (!relay_test_wait_until (in_state, &wait, timeout_ms))
    g_error ("output %s is %s, not %s (last error: %s)", relay_output_get_id (output),
             relay_output_state_to_string (relay_output_get_state (output)),
             relay_output_state_to_string (state), relay_output_get_last_error (output));
}

typedef struct
{
  RelayTestWhipServer *server;
  const char *method;
  guint count;
} RequestWait;

static gboolean
has_requests (gpointer user_data)
{
  RequestWait *wait = user_data;

  return relay_test_whip_server_count (wait->server, wait->method) >= wait->count;
}

static void
wait_for_requests (RelayTestWhipServer *server, const char *method, guint count)
{
  RequestWait wait = { server, method, count };

  g_assert_true (relay_test_wait_until (has_requests, &wait, 20000));
}

static gboolean
peer_has_media (gpointer server)
{
  return relay_test_whip_server_peer_bytes (server) > 200000;
}

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_assert_true (relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
remove_output (Fixture *fixture, RelayOutput *output)
{
  gboolean done = FALSE;

  relay_studio_remove_output_async (fixture->studio, output, NULL, on_removed, &done);
  g_assert_true (relay_test_wait_until (flag_set, &done, 10000));
}

static guint
count_elements (Fixture *fixture, const char *factory)
{
  return relay_bin_count_factory (GST_BIN (relay_studio_get_pipeline (fixture->studio)), factory);
}

static gboolean
has_round_trip_time (gpointer output)
{
  RelayWhipStats stats;

  relay_whip_output_get_stats (output, &stats);
  return stats.round_trip_time >= 0;
}

/* a bitrate needs two polls of the sent bytes; a fifth of the encoder's
 * 2500 kb/s, which a busy machine's encoder may take a while to reach */
static gboolean
has_bitrate (gpointer output)
{
  RelayWhipStats stats;

  relay_whip_output_get_stats (output, &stats);
  return stats.bitrate > 500000;
}

/* enough to tell media flows, whatever the machine's load */
static gboolean
has_sent_100k (gpointer output)
{
  RelayWhipStats stats;

  relay_whip_output_get_stats (output, &stats);
  return stats.bytes_sent > 100000;
}

/* Tests */

static void
test_live_with_trickle (Fixture *fixture, gconstpointer data)
{
  Script script = { 0 };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  g_autoptr (RelayOutput) output = add_output (fixture, uri, NULL);
  const RelayTestWhipRequest *request;
  RelayWhipStats stats;
  gint64 stop_started;

  wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);
  g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));

  /* the offer: sendonly, bundled, muxed RTCP, H.264 and Opus, no candidates */
  request = relay_test_whip_server_nth (server, "POST", 0);
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (request->content_type, ==, "application/sdp");
  for (guint i = 0; i < 6; i++)
    g_assert_nonnull (
        strstr (request->body,
                (const char *[]){ "a=group:BUNDLE ", "a=sendonly", "a=rtcp-mux", "H264/90000",
                                  "packetization-mode=1", "OPUS/48000/2" }[i]));
  g_assert_null (strstr (request->body, "a=candidate"));

  /* the candidates came in PATCHes, with the session's ETag */
  g_assert_cmpuint (relay_test_whip_server_peer_candidates (server), >, 0);
  for (guint i = 0; i < relay_test_whip_server_count (server, "PATCH"); i++)
    {
      request = relay_test_whip_server_nth (server, "PATCH", i);
      g_assert_cmpstr (request->path, ==, "/whip/sessions/0");
      g_assert_cmpstr (request->if_match, ==, "\"etag-7\"");
      g_assert_cmpstr (request->content_type, ==, "application/trickle-ice-sdpfrag");
    }

  /* one encode of each; the WHIP output's Opus exists for it alone */
  g_assert_cmpuint (count_elements (fixture, "x264enc"), ==, 1);
  g_assert_cmpuint (count_elements (fixture, "opusenc"), ==, 1);
  g_assert_cmpuint (count_elements (fixture, "avenc_aac"), ==, 0);

  g_assert_true (relay_test_wait_until (has_round_trip_time, output, 15000));
  g_assert_true (relay_test_wait_until (has_bitrate, output, 20000));
  g_assert_true (relay_test_wait_until (has_sent_100k, output, 10000));
  relay_whip_output_get_stats (RELAY_WHIP_OUTPUT (output), &stats);
  g_assert_cmpint (stats.connection_state, ==, GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED);
  g_assert_cmpuint (stats.bytes_sent, >, 100000);
  g_assert_cmpuint (stats.packets_sent, >, 100);
  g_assert_cmpfloat (stats.round_trip_time, <, 1.0);
  g_assert_cmpuint (relay_output_get_bytes_sent (output), >, 0);

  /* stop: a DELETE without If-Match, and quickly */
  stop_started = g_get_monotonic_time ();
  remove_output (fixture, output);
  g_assert_cmpint (g_get_monotonic_time () - stop_started, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (relay_output_get_state (output), ==, RELAY_OUTPUT_STATE_STOPPED);
  g_assert_cmpuint (relay_test_whip_server_count (server, "DELETE"), ==, 1);
  request = relay_test_whip_server_nth (server, "DELETE", 0);
  g_assert_cmpstr (request->path, ==, "/whip/sessions/0");
  g_assert_cmpstr (request->authorization, ==, "Bearer " TOKEN);
  g_assert_null (request->if_match);
  g_assert_cmpuint (count_elements (fixture, "webrtcbin"), ==, 0);

  /* nothing the attempt handed out (stats requests, offers) keeps it alive */
  g_object_add_weak_pointer (G_OBJECT (output), (gpointer *) &output);
  g_object_unref (output);
  g_assert_true (relay_test_wait_until (pointer_cleared, &output, 5000));
}

static void
test_with_rtmp_from_one_encode (Fixture *fixture, gconstpointer data)
{
  Script script = { 0 };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autoptr (RelayTestRtmpServer) rtmp = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *uri = whip_uri (server);
  g_autofree char *rtmp_uri = relay_test_rtmp_server_url (rtmp, "live", "alongside");
  g_autoptr (RelayOutput) whip = add_output (fixture, uri, NULL);
  g_autoptr (RelayOutput) rtmp_output = add_output (fixture, rtmp_uri, NULL);

  wait_for_state (whip, RELAY_OUTPUT_STATE_LIVE, 20000);
  wait_for_state (rtmp_output, RELAY_OUTPUT_STATE_LIVE, 20000);
  g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));

  g_assert_cmpuint (count_elements (fixture, "x264enc"), ==, 1);
  g_assert_cmpuint (count_elements (fixture, "opusenc"), ==, 1);
  g_assert_cmpuint (count_elements (fixture, "avenc_aac"), ==, 1);
}

/* A destination whose server holds the offer has its media waiting at the
 * webrtcbin, which lets nothing through before it is answered: destinations
 * added meanwhile, which make the shared encoders and mixers ask their
 * branches again how to allocate, go live and send all the same. */
static void
test_held_beside_others (Fixture *fixture, gconstpointer data)
{
  Script script = { .hold_first = TRUE };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autoptr (RelayTestRtmpServer) rtmp = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *uri = whip_uri (server);
  g_autofree char *rtmp_uri = relay_test_rtmp_server_url (rtmp, "live", "beside");
  g_autoptr (RelayOutput) held = add_output (fixture, uri, NULL);
  g_autoptr (RelayOutput) whip = NULL;
  g_autoptr (RelayOutput) rtmp_output = NULL;
  RelayTestProgress sent;

  wait_for_requests (server, "POST", 1);
  whip = add_output (fixture, uri, NULL);
  rtmp_output = add_output (fixture, rtmp_uri, NULL);

  wait_for_state (whip, RELAY_OUTPUT_STATE_LIVE, 20000);
  wait_for_state (rtmp_output, RELAY_OUTPUT_STATE_LIVE, 20000);
  g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));
  sent = (RelayTestProgress){ rtmp_output, 0, 100000 };
  g_assert_true (relay_test_wait_until (relay_test_output_progressed, &sent, 20000));
  /* all of it while the first still waits for its answer */
  g_assert_cmpint (relay_output_get_state (held), ==, RELAY_OUTPUT_STATE_CONNECTING);
}

static void
test_refused (Fixture *fixture, gconstpointer data)
{
  Script script = { GPOINTER_TO_UINT (data), "token " TOKEN " refused by policy", NULL, 100 };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  g_autofree char *expected =
      g_strdup_printf ("WHIP server answered %u %s: token outp**** refused by policy",
                       script.refuse_status, soup_status_get_phrase (script.refuse_status));
  RelayOutputOptions options;
  g_autoptr (RelayOutput) output = NULL;

  relay_output_options_init (&options);
  options.attempts = 3;
  options.retry_delay_ms = 100;
  output = add_output (fixture, uri, &options);

  wait_for_state (output, RELAY_OUTPUT_STATE_FAILED, 20000);
  g_assert_cmpstr (relay_output_get_last_error (output), ==, expected);
  g_assert_false (relay_output_is_active (output));
  g_assert_cmpuint (relay_output_get_next_retry_s (output), ==, 0);
  g_assert_cmpuint (relay_test_whip_server_count (server, "POST"), ==, 1);
  g_assert_cmpuint (relay_test_whip_server_count (server, "DELETE"), ==, 0);
}

static void
test_retry_after (Fixture *fixture, gconstpointer data)
{
  Script script = { SOUP_STATUS_SERVICE_UNAVAILABLE, "busy, come back later", "2", 1 };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  RelayOutputOptions options;
  g_autoptr (RelayOutput) output = NULL;
  gint64 waited;

  relay_output_options_init (&options);
  options.attempts = 3;
  /* were Retry-After ignored, the second POST would come after 0.1 s */
  options.retry_delay_ms = 100;
  output = add_output (fixture, uri, &options);

  wait_for_state (output, RELAY_OUTPUT_STATE_RETRYING, 20000);
  g_assert_cmpstr (relay_output_get_last_error (output), ==,
                   "WHIP server answered 503 Service Unavailable: busy, come back later");
  wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);

  g_assert_cmpuint (relay_test_whip_server_count (server, "POST"), ==, 2);
  waited = relay_test_whip_server_nth (server, "POST", 1)->time_us
           - relay_test_whip_server_nth (server, "POST", 0)->time_us;
  g_assert_cmpint (waited, >=, 1900 * 1000);
  /* the new attempt makes its offer first: its encoders may start again */
  g_assert_cmpint (waited, <, 5000 * 1000);
}

static gboolean
trickle_off (gpointer output)
{
  return !relay_whip_output_get_trickle (output);
}

static void
on_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_output_stop_finish (RELAY_OUTPUT (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* A server that refuses PATCH gets every candidate in the next offer. */
static void
test_patch_refused (Fixture *fixture, gconstpointer data)
{
  Script script = { .patch_status = SOUP_STATUS_METHOD_NOT_ALLOWED };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  g_autoptr (RelayOutput) output = add_output (fixture, uri, NULL);
  const RelayTestWhipRequest *second;
  gboolean stopped = FALSE;

  wait_for_requests (server, "PATCH", 1);
  g_assert_true (relay_test_wait_until (trickle_off, output, 10000));

  relay_output_stop_async (output, on_stopped, &stopped);
  g_assert_true (relay_test_wait_until (flag_set, &stopped, 10000));
  relay_studio_restart_output (fixture->studio, output);
  wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);
  g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));

  second = relay_test_whip_server_nth (server, "POST", 1);
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (second->body, "\r\na=candidate:"));
  g_assert_cmpuint (relay_test_whip_server_count (server, "PATCH"), ==, 1);
}

typedef struct
{
  RelayTestWhipServer *server;
  guint64 bytes;
} PeerProgress;

static gboolean
peer_progressed (gpointer user_data)
{
  PeerProgress *progress = user_data;

  return relay_test_whip_server_peer_bytes (progress->server) > progress->bytes + 300000;
}

static gboolean
restart_answered (gpointer server)
{
  const RelayTestWhipRequest *patch;

  for (guint i = 0; (patch = relay_test_whip_server_nth (server, "PATCH", i)) != NULL; i++)
    {
      if (g_strcmp0 (patch->if_match, "\"*\"") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
remote_restarted (gpointer webrtc)
{
  GstWebRTCSessionDescription *remote = NULL;
  gboolean restarted;

  g_object_get (webrtc, "current-remote-description", &remote, NULL);
  if (remote == NULL)
    return FALSE;
  restarted = g_strcmp0 (gst_sdp_media_get_attribute_val (
                             gst_sdp_message_get_media (remote->sdp, 0), "ice-ufrag"),
                         "peerrestart")
              == 0;
  gst_webrtc_session_description_free (remote);
  return restarted;
}

static gboolean
restarted (gpointer output)
{
  RelayWhipStats stats;

  relay_whip_output_get_stats (output, &stats);
  return stats.ice_restarts == 1;
}

/* New ICE credentials on both sides while the media goes on: no new session. */
static void
test_ice_restart (Fixture *fixture, gconstpointer data)
{
  Script script = { .restarts = TRUE };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  RelayOutputOptions options;
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GstElement) webrtc = NULL;
  PeerProgress progress = { server, 0 };
  RelayWhipStats stats;

  /* the restart alone: receiver reports pause while it happens, and on a busy
   * machine the stall watch (test_stall.py) could start a new session first */
  relay_output_options_init (&options);
  options.stall_timeout_ms = 0;
  output = add_output (fixture, uri, &options);
  wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);
  g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));
  /* restarts are watched through receiver reports: let them start */
  g_assert_true (relay_test_wait_until (has_round_trip_time, output, 15000));

  relay_whip_output_restart_ice (RELAY_WHIP_OUTPUT (output));
  g_assert_true (relay_test_wait_until (restart_answered, server, 10000));

  /* the peer's new credentials are the remote ones now */
  webrtc = relay_whip_output_dup_webrtcbin (RELAY_WHIP_OUTPUT (output));
  g_assert_true (relay_test_wait_until (remote_restarted, webrtc, 10000));

  /* the receiver reports through the new path, and media goes on */
  g_assert_true (relay_test_wait_until (restarted, output, 10000));
  progress.bytes = relay_test_whip_server_peer_bytes (server);
  g_assert_true (relay_test_wait_until (peer_progressed, &progress, 10000));
  g_assert_cmpint (relay_output_get_state (output), ==, RELAY_OUTPUT_STATE_LIVE);
  g_assert_cmpuint (relay_test_whip_server_count (server, "POST"), ==, 1);
  g_assert_cmpuint (relay_output_get_reconnects (output), ==, 0);
  relay_whip_output_get_stats (RELAY_WHIP_OUTPUT (output), &stats);
  g_assert_cmpint (stats.connection_state, ==, GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED);
}

static void
test_link_ice_servers (Fixture *fixture, gconstpointer data)
{
  Script script = { .links = TRUE };
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
  g_autofree char *uri = whip_uri (server);
  g_autoptr (RelayOutput) output = add_output (fixture, uri, NULL);
  const char *turn = "turn://relay:turn-secret-42@127.0.0.1:3478?transport=udp";
  g_autoptr (GstElement) webrtc = NULL;
  g_autofree char *turn_server = NULL;
  g_autofree char *stun_server = NULL;
  const char *const *servers;
  gboolean stopped = FALSE;

  wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);
  servers = relay_whip_output_get_ice_servers (RELAY_WHIP_OUTPUT (output));
  g_assert_cmpstr (servers[0], ==, "stun://127.0.0.1:3478");
  g_assert_cmpstr (servers[1], ==, turn);
  g_assert_null (servers[2]);

  webrtc = relay_whip_output_dup_webrtcbin (RELAY_WHIP_OUTPUT (output));
  g_object_get (webrtc, "turn-server", &turn_server, "stun-server", &stun_server, NULL);
  g_assert_cmpstr (turn_server, ==, turn);
  g_assert_cmpstr (stun_server, ==, "stun://127.0.0.1:3478");
  gst_clear_object (&webrtc);
  g_clear_pointer (&turn_server, g_free);

  /* the next attempt's webrtcbin has them from the start */
  relay_output_stop_async (output, on_stopped, &stopped);
  g_assert_true (relay_test_wait_until (flag_set, &stopped, 10000));
  relay_studio_restart_output (fixture->studio, output);
  wait_for_state (output, RELAY_OUTPUT_STATE_CONNECTING, 5000);
  webrtc = relay_whip_output_dup_webrtcbin (RELAY_WHIP_OUTPUT (output));
  g_object_get (webrtc, "turn-server", &turn_server, NULL);
  g_assert_cmpstr (turn_server, ==, turn);
}

typedef struct
{
  const char *uri_path;
  gboolean video;
  gboolean audio;
  RelayH264Profile profile;
  const char *present[3];
  const char *absent[2];
} MediaCase;

static void
test_media_switches (Fixture *fixture, gconstpointer data)
{
  const MediaCase cases[] = {
    { "video only, constrained baseline",
      TRUE,
      FALSE,
      RELAY_H264_PROFILE_CONSTRAINED_BASELINE,
      { "m=video ", "profile-level-id=42e01f", NULL },
      { "m=audio ", NULL } },
    { "audio only",
      FALSE,
      TRUE,
      RELAY_H264_PROFILE_DEFAULT,
      { "m=audio ", "OPUS/48000/2", NULL },
      { "m=video ", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Script script = { 0 };
      g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (serve, &script);
      g_autofree char *uri = whip_uri (server);
      g_autoptr (RelayOutput) output = NULL;
      const RelayTestWhipRequest *offer;
      RelayOutputOptions options;

      g_test_message ("%s", cases[i].uri_path);
      relay_output_options_init (&options);
      options.video_enabled = cases[i].video;
      options.audio_enabled = cases[i].audio;
      options.h264_profile = cases[i].profile;
      output = add_output (fixture, uri, &options);
      wait_for_state (output, RELAY_OUTPUT_STATE_LIVE, 20000);
      g_assert_true (relay_test_wait_until (peer_has_media, server, 20000));

      offer = relay_test_whip_server_nth (server, "POST", 0);
      for (guint j = 0; cases[i].present[j] != NULL; j++)
        g_assert_nonnull (strstr (offer->body, cases[i].present[j]));
      for (guint j = 0; cases[i].absent[j] != NULL; j++)
        g_assert_null (strstr (offer->body, cases[i].absent[j]));
      remove_output (fixture, output);
    }
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data)                                                                      \
  g_test_add ("/whip-output/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("live-with-trickle", test_live_with_trickle, NULL);
  ADD ("with-rtmp-from-one-encode", test_with_rtmp_from_one_encode, NULL);
  ADD ("held-beside-others", test_held_beside_others, NULL);
  ADD ("refused/401", test_refused, GUINT_TO_POINTER (SOUP_STATUS_UNAUTHORIZED));
  ADD ("refused/422", test_refused, GUINT_TO_POINTER (SOUP_STATUS_UNPROCESSABLE_ENTITY));
  ADD ("retry-after", test_retry_after, NULL);
  ADD ("patch-refused", test_patch_refused, NULL);
  ADD ("link-ice-servers", test_link_ice_servers, NULL);
  ADD ("ice-restart", test_ice_restart, NULL);
  ADD ("media-switches", test_media_switches, NULL);
#undef ADD

  return g_test_run ();
}
