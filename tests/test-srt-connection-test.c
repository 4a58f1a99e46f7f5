/* test-srt-connection-test.c: the destination dialog's Test for SRT, against
 * srt-live-transmit listening on 127.0.0.1 with a passphrase: the right one
 * is accepted and nothing reaches the receiver, a wrong or missing one is
 * rejected in words that never hold it, a port nobody listens on times out;
 * a listener's port is free or taken. Then the saved form of an SRT
 * destination: its key, "passphrase=…&streamid=…", and its server URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <unistd.h>

#include "core/config/relay-provider.h"
#include "core/outputs/relay-connection-test.h"
#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-test-util.h"

#define PASSPHRASE "correct-horse-battery"
#define WRONG      "not-the-passphrase-42"
#define STREAMID   "#!::u=alice-secret-user,r=live"
#define TIMEOUT_MS 10000

typedef struct
{
  GSubprocess *process;
  guint port;
  /* what it received: written to its standard output */
  char *received;
  char *log;
} Receiver;

static GSocket *
bind_udp (guint port, GError **error)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);

  if (socket == NULL || !g_socket_bind (socket, address, FALSE, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* A UDP port nobody is bound to right now (the kernel's choice). */
static guint
free_udp_port (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = bind_udp (0, &error);
  g_autoptr (GSocketAddress) address = NULL;

  g_assert_no_error (error);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static gboolean
udp_bound (gpointer port)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = bind_udp (GPOINTER_TO_UINT (port), &error);

  return socket == NULL;
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* For what no event announces (a port bound, a line logged): looked at every 50 ms. */
static gboolean
poll_until (RelayTestPredicate predicate, gpointer user_data)
{
  guint ticker = g_timeout_add (50, tick, NULL);
  gboolean reached = relay_test_wait_until (predicate, user_data, TIMEOUT_MS);

  g_source_remove (ticker);
  return reached;
}

static Receiver *
receiver_start (void)
{
  Receiver *receiver = g_new0 (Receiver, 1);
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autofree char *url = NULL;
  g_autoptr (GError) error = NULL;
  int fd;

  receiver->port = free_udp_port ();
  fd = g_file_open_tmp ("relaycast-srt-rx-XXXXXX", &receiver->received, &error);
  g_assert_no_error (error);
  close (fd);
  fd = g_file_open_tmp ("relaycast-srt-log-XXXXXX", &receiver->log, &error);
  g_assert_no_error (error);
  close (fd);

  url = g_strdup_printf ("srt://127.0.0.1:%u?mode=listener&passphrase=" PASSPHRASE "&pbkeylen=16",
                         receiver->port);
  g_subprocess_launcher_set_stdout_file_path (launcher, receiver->received);
  g_subprocess_launcher_set_stderr_file_path (launcher, receiver->log);
  receiver->process =
      g_subprocess_launcher_spawn (launcher, &error, "srt-live-transmit", url, "file://con", NULL);
  g_assert_no_error (error);
  g_assert_true (poll_until (udp_bound, GUINT_TO_POINTER (receiver->port)));
  return receiver;
}

static char *
receiver_log (Receiver *receiver)
{
  char *log = NULL;

  g_assert_true (g_file_get_contents (receiver->log, &log, NULL, NULL));
  return log;
}

typedef struct
{
  Receiver *receiver;
  /* a regular expression */
  const char *words;
} LogWait;

/* The receiver writes its log as it goes: what it says may come a moment after. */
static gboolean
log_holds (gpointer user_data)
{
  LogWait *wait = user_data;
  g_autofree char *log = receiver_log (wait->receiver);

  return g_regex_match_simple (wait->words, log, 0, 0);
}

static void
assert_log_holds (Receiver *receiver, const char *words)
{
  LogWait wait = { receiver, words };

  if (!poll_until (log_holds, &wait))
    {
      g_autofree char *log = receiver_log (receiver);

      g_error ("srt-live-transmit never said “%s”:\n%s", words, log);
    }
}

static void
receiver_stop (Receiver *receiver)
{
  g_subprocess_force_exit (receiver->process);
  g_subprocess_wait (receiver->process, NULL, NULL);
  g_object_unref (receiver->process);
  g_unlink (receiver->received);
  g_unlink (receiver->log);
  g_free (receiver->received);
  g_free (receiver->log);
  g_free (receiver);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Receiver, receiver_stop)

/* Returns: what the Test button shows; @error says whether it failed */
static char *
run_test (const char *url, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *shown_url = relay_mask_url (url);
  GError *local_error = NULL;
  char *reached;
  char *shown;

  relay_connection_test_async (url, NULL, TRUE, NULL, relay_test_keep_result, &result);
  relay_test_wait_for_result (&result);
  reached = relay_connection_test_finish (result, &local_error);
  shown = reached ? reached : g_strdup (local_error->message);
  g_test_message ("%s -> %s", shown_url, shown);
  g_assert_null (strstr (shown, PASSPHRASE));
  g_assert_null (strstr (shown, WRONG));
  g_assert_null (strstr (shown, "alice-secret-user"));
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return shown;
}

static void
test_right_passphrase (void)
{
  g_autoptr (Receiver) receiver = receiver_start ();
  g_autofree char *url = g_strdup_printf ("srt://127.0.0.1:%u?streamid=" STREAMID
                                          "&passphrase=" PASSPHRASE "&pbkeylen=16",
                                          receiver->port);
  g_autofree char *expected = g_strdup_printf (
      "The SRT receiver at 127.0.0.1:%u accepted the connection; nothing was sent", receiver->port);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = run_test (url, &error);
  g_autofree char *log = NULL;
  g_autofree char *received = NULL;
  gsize length = 1;

  g_assert_no_error (error);
  g_assert_cmpstr (shown, ==, expected);
  /* the receiver took the caller in (and may find it gone before it set the
   * connection up), and got no byte of media */
  assert_log_holds (receiver,
                    "Accepted SRT source connection|ConfigurePost: Connection was broken");
  log = receiver_log (receiver);
  g_assert_null (strstr (log, "REJECT"));
  g_assert_true (g_file_get_contents (receiver->received, &received, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
}

static void
test_rejected (gconstpointer passphrase)
{
  g_autoptr (Receiver) receiver = receiver_start ();
  g_autofree char *url = passphrase ? g_strdup_printf ("srt://127.0.0.1:%u?passphrase=%s",
                                                       receiver->port, (const char *) passphrase)
                                    : g_strdup_printf ("srt://127.0.0.1:%u", receiver->port);
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = run_test (url, &error);

#if HAVE_LIBSRT
  /* libsrt names the receiver's reason */
  expected = g_strdup_printf (passphrase ? "127.0.0.1:%u rejected the connection: wrong passphrase"
                                         : "127.0.0.1:%u rejected the connection: it needs a "
                                           "passphrase",
                              receiver->port);
#else
  /* srtsink says "Failed to authenticate", for both */
  expected =
      g_strdup_printf ("127.0.0.1:%u refused the passphrase (wrong or missing)", receiver->port);
#endif
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_FAILED);
  g_assert_cmpstr (shown, ==, expected);
  assert_log_holds (receiver, passphrase ? "ERROR:BADSECRET" : "ERROR:UNSECURE");
}

/* UDP: a port nobody is on refuses nothing; libsrt gives up after 3 s. */
static void
test_no_answer (void)
{
  guint port = free_udp_port ();
  g_autofree char *url = g_strdup_printf ("srt://127.0.0.1:%u?passphrase=" PASSPHRASE, port);
  g_autofree char *expected =
      g_strdup_printf ("connection timed out (127.0.0.1:%u): no SRT receiver answered", port);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = run_test (url, &error);

  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_FAILED);
  g_assert_cmpstr (shown, ==, expected);
}

static void
test_listener (void)
{
  guint port = free_udp_port ();
  g_autofree char *url = g_strdup_printf ("srt://127.0.0.1:%u?mode=listener", port);
  g_autofree char *expected = g_strdup_printf (
      "Relaycast can listen on 127.0.0.1:%u; receivers call in once you go live", port);
  g_autofree char *taken =
      g_strdup_printf ("cannot listen on 127.0.0.1:%u: the port is in use or not allowed", port);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = run_test (url, &error);
  g_autoptr (GSocket) holder = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (shown, ==, expected);
  /* the test let the port go */
  holder = bind_udp (port, &error);
  g_assert_no_error (error);

  g_free (shown);
  shown = run_test (url, &error);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_FAILED);
  g_assert_cmpstr (shown, ==, taken);
}

/* A saved SRT destination: its key holds the passphrase and the stream ID,
 * escaped; its server the rest, secrets refused. */
static void
test_saved_form (void)
{
  const RelayProvider *srt = relay_provider_lookup ("custom-srt", RELAY_DESTINATION_KIND_SRT);
  RelaySrtUrl secrets = { .passphrase = "pass&word=1234", .streamid = STREAMID };
  g_autofree char *key = relay_srt_url_dup_secret (&secrets);
  g_autofree char *masked = relay_provider_mask_key (srt, key);
  g_autoptr (RelaySrtUrl) url = NULL;
  g_autofree char *full = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (srt);
  g_assert_true (relay_provider_lookup_any ("custom-srt") == srt);
  g_assert_true (relay_provider_guess_for_url ("srt://127.0.0.1:9000?mode=listener") == srt);
  g_assert_cmpstr (key, ==, "passphrase=pass%26word=1234&streamid=" STREAMID);
  g_assert_cmpstr (masked, ==, "passphrase=pass****&streamid=****");
  g_assert_true (relay_provider_check_key (srt, key, &error));
  g_assert_no_error (error);

  url = relay_provider_build_srt_url (srt, "srt://rx.example.com:9000?latency=300", key, &error);
  g_assert_no_error (error);
  full = relay_srt_url_to_string (url);
  g_assert_cmpstr (full, ==,
                   "srt://rx.example.com:9000?streamid=" STREAMID
                   "&passphrase=pass%26word=1234&latency=300");

  /* secrets in the server URL, which is saved in clear */
  g_assert_false (relay_provider_check_server (
      srt, "srt://rx.example.com:9000?passphrase=" PASSPHRASE, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_assert_null (strstr (error->message, PASSPHRASE));
  g_clear_error (&error);
  g_assert_false (relay_provider_check_server (srt, NULL, &error));
  g_assert_nonnull (strstr (error->message, "srt://receiver.example.com:9000"));
  g_clear_error (&error);

  /* a passphrase pasted alone, or options that belong to the server */
  g_assert_false (relay_provider_check_key (srt, PASSPHRASE, &error));
  g_assert_null (strstr (error->message, PASSPHRASE));
  g_assert_nonnull (strstr (error->message, "passphrase=…&streamid=…"));
  g_clear_error (&error);
  g_assert_false (relay_provider_check_key (srt, "latency=200", &error));
  g_clear_error (&error);
  g_assert_false (relay_provider_check_key (srt, "passphrase=short", &error));
  g_assert_nonnull (strstr (error->message, "10 to 79"));
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/srt-connection-test/right-passphrase", test_right_passphrase);
  g_test_add_data_func ("/srt-connection-test/wrong-passphrase", WRONG, test_rejected);
  g_test_add_data_func ("/srt-connection-test/no-passphrase", NULL, test_rejected);
  g_test_add_func ("/srt-connection-test/no-answer", test_no_answer);
  g_test_add_func ("/srt-connection-test/listener", test_listener);
  g_test_add_func ("/srt-destination/saved-form", test_saved_form);
  return g_test_run ();
}
