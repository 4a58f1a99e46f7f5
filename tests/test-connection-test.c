/* test-connection-test.c: the destination dialog's Test against real peers on
 * 127.0.0.1 (nginx-rtmp with and without TLS, with hooks refusing, a closed
 * port, a libsoup WHIP server), what the server said in the result, and never
 * the key; then the RTMP reader on what a hostile server could send, and the
 * words a live rtmp2sink failure gets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <string.h>

#include "core/outputs/relay-connection-test.h"
#include "core/outputs/relay-failure.h"
#include "core/outputs/relay-rtmp-reader.h"
#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/webrtc/relay-whip-client.h"
#include "relay-test-util.h"
#include "relay-test-whip-server.h"

#define KEY        "conntest-key-0123456789"
#define KEY_TAIL   "0123456789"
#define TOKEN      "whiptoken-abcdefghijklmn"
#define TOKEN_TAIL "abcdefghijklmn"

typedef struct
{
  char *reached;
  GError *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->reached, g_free);
  g_clear_error (&outcome->error);
}

/* What the Test button shows: the success or the error's message. */
static const char *
shown (const Outcome *outcome)
{
  return outcome->reached ? outcome->reached : outcome->error->message;
}

static void
run_test (const char *url, const char *token, gboolean tls_validation, Outcome *outcome)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *shown_url = relay_mask_url (url);

  relay_connection_test_async (url, token, tls_validation, NULL, relay_test_keep_result, &result);
  relay_test_wait_for_result (&result);
  outcome->reached = relay_connection_test_finish (result, &outcome->error);
  g_test_message ("%s -> %s", shown_url, shown (outcome));
  g_assert_null (strstr (shown (outcome), KEY_TAIL));
  g_assert_null (strstr (shown (outcome), TOKEN_TAIL));
}

static char *
server_log (RelayTestRtmpServer *server)
{
  g_autoptr (GError) error = NULL;
  char *log = NULL;

  g_file_get_contents (server->error_log, &log, NULL, &error);
  g_assert_no_error (error);
  return log;
}

/* Nothing was published: no recording, no publish in nginx's log, no key on the wire. */
static void
assert_nothing_published (RelayTestRtmpServer *server)
{
  g_autofree char *log = server_log (server);
  g_autoptr (GDir) dir = g_dir_open (server->record_dir, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
  g_assert_null (strstr (log, "publish: name="));
  g_assert_null (strstr (log, KEY_TAIL));
}

/* RTMP */

static void
test_application_accepted (gconstpointer data)
{
  gboolean tls = GPOINTER_TO_INT (data);
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (tls, NULL);
  guint port = tls ? server->tls_port : server->port;
  g_autofree char *url =
      g_strdup_printf ("%s://127.0.0.1:%u/live/" KEY, tls ? "rtmps" : "rtmp", port);
  g_autofree char *expected = g_strdup_printf (
      "The RTMP server at 127.0.0.1:%u accepted the connection to application “live”; the "
      "stream key is checked only when you go live",
      port);
  g_autofree char *connect_line = NULL;
  g_autofree char *log = NULL;
  Outcome outcome = { 0 };

  run_test (url, NULL, FALSE, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.reached, ==, expected);

  /* nginx heard "connect" for the application, and its tcUrl without the key */
  log = server_log (server);
  connect_line = g_strdup_printf ("connect: app='live' args='' flashver='FMLE/3.0 (compatible; "
                                  "FMSc/1.0)' swf_url='' tc_url='%s://127.0.0.1:%u/live'",
                                  tls ? "rtmps" : "rtmp", port);
  g_assert_nonnull (strstr (log, connect_line));
  assert_nothing_published (server);
  outcome_clear (&outcome);
}

static void
test_application_missing (gconstpointer data)
{
  gboolean tls = GPOINTER_TO_INT (data);
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (tls, NULL);
  guint port = tls ? server->tls_port : server->port;
  g_autofree char *url =
      g_strdup_printf ("%s://127.0.0.1:%u/nosuchapp/" KEY, tls ? "rtmps" : "rtmp", port);
  g_autofree char *expected = g_strdup_printf (
      "127.0.0.1:%u closed the connection when asked for application “nosuchapp” (it may not "
      "exist, or it refused this client)",
      port);
  g_autofree char *log = NULL;
  Outcome outcome = { 0 };

  run_test (url, NULL, FALSE, &outcome);
  g_assert_error (outcome.error, RELAY_ERROR, RELAY_ERROR_REJECTED);
  g_assert_cmpstr (outcome.error->message, ==, expected);

  log = server_log (server);
  g_assert_nonnull (strstr (log, "connect: application not found: 'nosuchapp'"));
  outcome_clear (&outcome);

  /* "app/instance": a segment after the application's first may be a key, however short */
  g_free (url);
  url = g_strdup_printf ("%s://127.0.0.1:%u/nosuchapp/Zq9x/" KEY, tls ? "rtmps" : "rtmp", port);
  g_free (expected);
  expected = g_strdup_printf (
      "127.0.0.1:%u closed the connection when asked for application “nosuchapp/****” (it may "
      "not exist, or it refused this client)",
      port);
  run_test (url, NULL, FALSE, &outcome);
  g_assert_error (outcome.error, RELAY_ERROR, RELAY_ERROR_REJECTED);
  g_assert_cmpstr (outcome.error->message, ==, expected);
  outcome_clear (&outcome);

  assert_nothing_published (server);
}

static void
test_closed_port (void)
{
  guint port = relay_test_free_port ();
  g_autofree char *url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/" KEY, port);
  g_autofree char *expected = g_strdup_printf ("connection refused (127.0.0.1:%u)", port);
  Outcome outcome = { 0 };

  run_test (url, NULL, TRUE, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_cmpstr (outcome.error->message, ==, expected);
  outcome_clear (&outcome);
}

/* A server that accepts and then says nothing is given up on, in words. */
static void
test_silent_server (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  Outcome outcome = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint16 port;

  g_socket_listener_add_address (listener, any_port, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/" KEY, port);
  expected = g_strdup_printf ("connection timed out (127.0.0.1:%u)", port);
  /* the kernel completes the connection; nobody reads it */
  run_test (url, NULL, TRUE, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_cmpstr (outcome.error->message, ==, expected);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  outcome_clear (&outcome);
}

/* on_publish checks the key, which only a publish sends: the test cannot see it
 * refused, and says so. */
static void
test_publish_hook (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, "right-key-0123");
  g_autofree char *url = g_strdup_printf ("rtmp://127.0.0.1:%u/secure/" KEY, server->port);
  g_autofree char *log = NULL;
  Outcome outcome = { 0 };

  run_test (url, NULL, TRUE, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (strstr (outcome.reached, "application “secure”"));
  g_assert_nonnull (strstr (outcome.reached, "the stream key is checked only when you go live"));

  log = server_log (server);
  g_assert_null (strstr (log, "notify: publish"));
  assert_nothing_published (server);
  outcome_clear (&outcome);
}

/* on_connect refuses: nginx closes the connection, as for a missing application. */
static void
test_connect_hook (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start_refusing_connect ();
  g_autofree char *url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/" KEY, server->port);
  g_autofree char *expected = g_strdup_printf (
      "127.0.0.1:%u closed the connection when asked for application “live” (it may not exist, "
      "or it refused this client)",
      server->port);
  g_autofree char *log = NULL;
  Outcome outcome = { 0 };

  run_test (url, NULL, TRUE, &outcome);
  g_assert_error (outcome.error, RELAY_ERROR, RELAY_ERROR_REJECTED);
  g_assert_cmpstr (outcome.error->message, ==, expected);

  log = server_log (server);
  g_assert_nonnull (strstr (log, "notify: connect"));
  g_assert_null (strstr (log, "application not found"));
  assert_nothing_published (server);
  outcome_clear (&outcome);
}

/* WHIP */

static void
answer_options (RelayTestWhipServer *server, SoupServerMessage *message,
                const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (g_str_equal (request->path, "/whip/ok"))
    {
      soup_message_headers_append (headers, "Accept-Post", "application/sdp");
      soup_message_headers_append (headers, "Link", "<stun:127.0.0.1:3478>; rel=\"ice-server\"");
      relay_test_whip_server_reply (message, SOUP_STATUS_NO_CONTENT, NULL, NULL);
    }
  else if (g_str_equal (request->path, "/whip/options-unknown"))
    relay_test_whip_server_reply (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL, NULL);
  else if (g_str_equal (request->path, "/whip/token"))
    relay_test_whip_server_reply (message, SOUP_STATUS_UNAUTHORIZED, "text/plain",
                                  "token " TOKEN " is not valid\n");
  else
    relay_test_whip_server_reply (message, SOUP_STATUS_NOT_FOUND, "text/plain",
                                  "  no stream at this endpoint\n\n");
}

static void
test_whip_options (void)
{
  g_autoptr (RelayTestWhipServer) server = relay_test_whip_server_new (answer_options, NULL);
  g_autofree char *ok = relay_test_whip_server_url (server, "/whip/ok");
  g_autofree char *unknown = relay_test_whip_server_url (server, "/whip/options-unknown");
  g_autofree char *token = relay_test_whip_server_url (server, "/whip/token");
  g_autofree char *missing = relay_test_whip_server_url (server, "/whip/missing");
  g_autoptr (GUri) uri = g_uri_parse (ok, G_URI_FLAGS_NONE, NULL);
  g_autofree char *expected = g_strdup_printf (
      "The WHIP endpoint at 127.0.0.1:%d answered 204 No Content; no session was made, so the "
      "token may be checked only when you go live",
      g_uri_get_port (uri));
  Outcome outcome = { 0 };

  run_test (ok, TOKEN, TRUE, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.reached, ==, expected);
  outcome_clear (&outcome);

  run_test (unknown, TOKEN, TRUE, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (strstr (outcome.reached, "answered 405 Method Not Allowed to OPTIONS"));
  outcome_clear (&outcome);

  run_test (token, TOKEN, TRUE, &outcome);
  g_assert_error (outcome.error, RELAY_WHIP_ERROR, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (outcome.error->message, ==,
                   "WHIP server answered 401 Unauthorized: token whip**** is not valid");
  outcome_clear (&outcome);

  run_test (missing, TOKEN, TRUE, &outcome);
  g_assert_error (outcome.error, RELAY_WHIP_ERROR, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpstr (outcome.error->message, ==,
                   "WHIP server answered 404 Not Found: no stream at this endpoint");
  outcome_clear (&outcome);

  /* each went with the token, and none made a session */
  g_assert_cmpuint (relay_test_whip_server_count (server, "OPTIONS"), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (relay_test_whip_server_nth (server, "OPTIONS", i)->authorization, ==,
                     "Bearer " TOKEN);
  g_assert_cmpuint (relay_test_whip_server_count (server, "POST"), ==, 0);
}

static void
test_whip_closed_port (void)
{
  guint port = relay_test_free_port ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/whip/live", port);
  g_autofree char *expected = g_strdup_printf ("connection refused (127.0.0.1:%u)", port);
  Outcome outcome = { 0 };

  run_test (url, TOKEN, TRUE, &outcome);
  g_assert_nonnull (outcome.error);
  g_assert_cmpstr (outcome.error->message, ==, expected);
  outcome_clear (&outcome);
}

/* The reader, on bytes a server could send */

static void
put_be (GByteArray *out, guint32 value, guint count)
{
  for (guint i = count; i > 0; i--)
    {
      guint8 byte = value >> (8 * (i - 1));

      g_byte_array_append (out, &byte, 1);
    }
}

static void
put_string (GByteArray *out, const char *text)
{
  put_be (out, 0x02, 1);
  put_be (out, strlen (text), 2);
  g_byte_array_append (out, (const guint8 *) text, strlen (text));
}

static void
put_number (GByteArray *out, double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  put_be (out, 0x00, 1);
  put_be (out, bits >> 32, 4);
  put_be (out, (guint32) bits, 4);
}

static void
put_key (GByteArray *out, const char *key)
{
  put_be (out, strlen (key), 2);
  g_byte_array_append (out, (const guint8 *) key, strlen (key));
}

/* A message in chunks of @chunk_size on chunk stream 3, with an extended timestamp. */
static void
put_message (GByteArray *out, guint8 type, GByteArray *payload, guint chunk_size)
{
  put_be (out, 0x03, 1);
  put_be (out, 0xffffff, 3);
  put_be (out, payload->len, 3);
  put_be (out, type, 1);
  put_be (out, 0, 4);
  put_be (out, 0x01020304, 4);
  for (guint sent = 0; sent < payload->len; sent += chunk_size)
    {
      if (sent > 0)
        {
          put_be (out, 0xc3, 1);
          put_be (out, 0x01020304, 4);
        }
      g_byte_array_append (out, payload->data + sent, MIN (chunk_size, payload->len - sent));
    }
}

static GPtrArray *
push_all (RelayRtmpReader *reader, GByteArray *bytes, gsize step, GError **error)
{
  GPtrArray *commands = g_ptr_array_new_with_free_func ((GDestroyNotify) relay_rtmp_command_free);

  for (gsize pos = 0; pos < bytes->len; pos += step)
    {
      RelayRtmpCommand *command;

      if (!relay_rtmp_reader_push (reader, bytes->data + pos, MIN (step, bytes->len - pos), error))
        break;
      while ((command = relay_rtmp_reader_pop (reader)) != NULL)
        g_ptr_array_add (commands, command);
    }
  return commands;
}

static void
test_reader_connect_error (void)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GByteArray) set_chunk_size = g_byte_array_new ();
  g_autofree char *filler = g_strnfill (190, 'x');
  g_autofree char *description = g_strconcat ("Rejected: ", filler, NULL);

  /* the information object: nested values and arrays are skipped, its own kept */
  put_string (payload, "_error");
  put_number (payload, 1);
  put_be (payload, 0x05, 1);
  put_be (payload, 0x03, 1);
  put_key (payload, "level");
  put_string (payload, "error");
  put_key (payload, "code");
  put_string (payload, "NetConnection.Connect.Rejected");
  put_key (payload, "data");
  put_be (payload, 0x08, 1);
  put_be (payload, 1, 4);
  put_key (payload, "code");
  put_string (payload, "not this one");
  put_key (payload, "list");
  put_be (payload, 0x0a, 1);
  put_be (payload, 2, 4);
  put_number (payload, 7);
  put_be (payload, 0x01, 1);
  put_be (payload, 1, 1);
  put_be (payload, 0x000009, 3);
  /* a long string, going on past the first chunk */
  put_key (payload, "description");
  put_be (payload, 0x0c, 1);
  put_be (payload, strlen (description), 4);
  g_byte_array_append (payload, (const guint8 *) description, strlen (description));
  put_be (payload, 0x000009, 3);
  g_assert_cmpuint (payload->len, >, 300);

  for (gsize step = 1; step <= 1024; step *= 32)
    {
      g_autoptr (RelayRtmpReader) reader = relay_rtmp_reader_new ();
      g_autoptr (GPtrArray) commands = NULL;
      g_autoptr (GError) error = NULL;
      RelayRtmpCommand *command;

      /* in the default chunks of 128 bytes, then in one chunk after Set Chunk Size */
      g_byte_array_set_size (bytes, 0);
      put_message (bytes, 20, payload, 128);
      g_byte_array_set_size (set_chunk_size, 0);
      put_be (set_chunk_size, 4096, 4);
      put_message (bytes, 1, set_chunk_size, 128);
      put_message (bytes, 20, payload, 4096);

      commands = push_all (reader, bytes, step, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (commands->len, ==, 2);
      g_assert_cmpuint (relay_rtmp_reader_get_chunk_size (reader), ==, 4096);
      for (guint i = 0; i < commands->len; i++)
        {
          command = g_ptr_array_index (commands, i);
          g_assert_cmpstr (command->name, ==, "_error");
          g_assert_cmpfloat (command->transaction, ==, 1);
          g_assert_cmpstr (command->code, ==, "NetConnection.Connect.Rejected");
          g_assert_cmpstr (command->level, ==, "error");
          g_assert_cmpstr (command->description, ==, description);
        }
    }
}

/* createStream's answer: the stream id after a null */
static void
test_reader_stream_id (void)
{
  g_autoptr (RelayRtmpReader) reader = relay_rtmp_reader_new ();
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GPtrArray) commands = NULL;
  g_autoptr (GError) error = NULL;
  RelayRtmpCommand *command;

  put_string (payload, "_result");
  put_number (payload, 2);
  put_be (payload, 0x05, 1);
  put_number (payload, 1);
  put_message (bytes, 20, payload, 128);
  /* an AMF3 command is an AMF0 one after a format byte */
  g_byte_array_prepend (payload, (const guint8 *) "", 1);
  put_message (bytes, 17, payload, 128);

  commands = push_all (reader, bytes, bytes->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commands->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      command = g_ptr_array_index (commands, i);
      g_assert_cmpstr (command->name, ==, "_result");
      g_assert_cmpfloat (command->transaction, ==, 2);
      g_assert_cmpfloat (command->number, ==, 1);
      g_assert_null (command->code);
    }
}

typedef struct
{
  const char *name;
  const char *bytes;
  gsize size;
  const char *error;
} Hostile;

#define BYTES(literal) literal, sizeof literal - 1

/* A header of chunk stream 3 for a command of @size bytes */
#define COMMAND_HEADER(size) "\x03\x00\x00\x00\x00" size "\x14\x00\x00\x00\x00"

static void
test_reader_hostile (void)
{
  static const Hostile cases[] = {
    { "huge message", BYTES ("\x03\x00\x00\x00\xff\xff\xff\x14\x00\x00\x00\x00"),
      "a message of 16777215 bytes, more than any command" },
    { "continuation of nothing", BYTES ("\xc5xyz"),
      "a chunk continues a message that never began" },
    { "unknown AMF type", BYTES (COMMAND_HEADER ("\x00\x02") "\x42\x00"),
      "a value of an unknown type (0x42)" },
    { "string past the end", BYTES (COMMAND_HEADER ("\x00\x04") "\x02\xff\xff\x41"),
      "a command ends in the middle of a value" },
    { "no name", BYTES (COMMAND_HEADER ("\x00\x01") "\x05"), "a command has no name" },
    { "chunk size 0", BYTES ("\x02\x00\x00\x00\x00\x00\x04\x01\x00\x00\x00\x00\x00\x00\x00\x00"),
      "the server set a chunk size of 0" },
    { "array longer than the message",
      BYTES (COMMAND_HEADER ("\x00\x12") "\x02\x00\x01\x61"
                                         "\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                                         "\x0a\xff\xff\xff\xff"),
      "a command ends in the middle of a value" },
  };
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autoptr (GByteArray) deep = g_byte_array_new ();
  g_autoptr (GByteArray) partial = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RelayRtmpReader) reader = relay_rtmp_reader_new ();
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_false (
          relay_rtmp_reader_push (reader, (const guint8 *) cases[i].bytes, cases[i].size, &error));
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, cases[i].error);
    }

  /* objects in objects, deeper than any answer */
  put_string (payload, "_result");
  put_number (payload, 1);
  for (guint i = 0; i < 100; i++)
    {
      put_be (payload, 0x03, 1);
      put_key (payload, "k");
    }
  put_message (deep, 20, payload, 128);
  {
    g_autoptr (RelayRtmpReader) reader = relay_rtmp_reader_new ();
    g_autoptr (GError) error = NULL;

    g_assert_false (relay_rtmp_reader_push (reader, deep->data, deep->len, &error));
    g_assert_cmpstr (error->message, ==, "values are nested too deep");
  }

  /* a message cut short is waited for, not misread */
  {
    g_autoptr (RelayRtmpReader) reader = relay_rtmp_reader_new ();
    g_autoptr (GError) error = NULL;

    g_byte_array_append (partial, deep->data, 40);
    g_assert_true (relay_rtmp_reader_push (reader, partial->data, partial->len, &error));
    g_assert_no_error (error);
    g_assert_null (relay_rtmp_reader_pop (reader));
  }
}

/* rtmp2sink's words for what the server said to "connect", as a live attempt
 * reports them (rtmp2sink posts "Failed to connect: " and its client's error) */
static void
test_live_words (void)
{
  g_autoptr (GError) closed =
      g_error_new_literal (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
                           "Failed to connect: 'connect' cmd failed: connection closed remotely");
  g_autoptr (GError) rejected = g_error_new_literal (
      GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
      "Failed to connect: 'connect' cmd returned 'NetConnection.Connect.Rejected': "
      "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ");
  g_autoptr (GError) other = g_error_new_literal (
      GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
      "Failed to connect: 'connect' cmd returned 'NetConnection.Connect.Failed'");
  g_autoptr (GError) refused = g_error_new_literal (
      GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE, "Failed to connect: Connection refused");
  g_autofree char *message = NULL;

  g_assert_cmpint (relay_failure_classify_rtmp (closed, NULL, "host:1935", "nosuchapp", &message),
                   ==, RELAY_FAILURE_TRANSIENT);
  g_assert_cmpstr (message, ==,
                   "host:1935 closed the connection when asked for application “nosuchapp” (it "
                   "may not exist, or it refused this client)");
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (relay_failure_classify_rtmp (rejected, NULL, "host:1935", "live", &message), ==,
                   RELAY_FAILURE_PERMANENT);
  g_assert_cmpstr (message, ==,
                   "host:1935 refused application “live”: [ AccessManager.Reject ] : [ code=403 "
                   "need auth; authmod=adobe ] : (NetConnection.Connect.Rejected)");
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (relay_failure_classify_rtmp (other, NULL, "host:1935", "live", &message), ==,
                   RELAY_FAILURE_PERMANENT);
  g_assert_cmpstr (message, ==,
                   "host:1935 refused application “live”: NetConnection.Connect.Failed");
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (relay_failure_classify_rtmp (refused, NULL, "host:1935", "live", &message), ==,
                   RELAY_FAILURE_TRANSIENT);
  g_assert_cmpstr (message, ==, "connection refused (host:1935)");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/connection-test/rtmp/application-accepted", GINT_TO_POINTER (FALSE),
                        test_application_accepted);
  g_test_add_data_func ("/connection-test/rtmps/application-accepted", GINT_TO_POINTER (TRUE),
                        test_application_accepted);
  g_test_add_data_func ("/connection-test/rtmp/application-missing", GINT_TO_POINTER (FALSE),
                        test_application_missing);
  g_test_add_data_func ("/connection-test/rtmps/application-missing", GINT_TO_POINTER (TRUE),
                        test_application_missing);
  g_test_add_func ("/connection-test/rtmp/closed-port", test_closed_port);
  g_test_add_func ("/connection-test/rtmp/silent-server", test_silent_server);
  g_test_add_func ("/connection-test/rtmp/publish-hook", test_publish_hook);
  g_test_add_func ("/connection-test/rtmp/connect-hook", test_connect_hook);
  g_test_add_func ("/connection-test/whip/options", test_whip_options);
  g_test_add_func ("/connection-test/whip/closed-port", test_whip_closed_port);
  g_test_add_func ("/rtmp-reader/connect-error", test_reader_connect_error);
  g_test_add_func ("/rtmp-reader/stream-id", test_reader_stream_id);
  g_test_add_func ("/rtmp-reader/hostile", test_reader_hostile);
  g_test_add_func ("/rtmp-failure/live-words", test_live_words);

  return g_test_run ();
}
