/* test-window-options.c: the window honours the command line as headless
 * mode does: --destination switches saved destinations on for Go Live,
 * --key-file replaces the keyring, --token-file's token and --ice-server's
 * servers reach WHIP destinations, --attempts and --retry-delay rule the
 * command line's destinations, --duration ends the broadcast, and the
 * headless REST API's options are refused rather than ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli/relay-cli.h"
#include "core/outputs/relay-whip-output.h"
#include "relay-test-util.h"
#include "relay-test-whip-server.h"
#include "relay-ui-test-util.h"

#define TIMEOUT_MS 30000

/* A custom RTMP destination to nginx's key-checking application, switched off. */
static RelayDestination *
secure_destination (RelayTestRtmpServer *server, const char *id)
{
  g_autofree char *server_url = g_strdup_printf ("rtmp://127.0.0.1:%u/secure", server->port);
  RelayDestination *destination =
      relay_destination_new (id, "custom-rtmp", RELAY_DESTINATION_KIND_RTMP);

  g_object_set (destination, "name", id, "server-url", server_url, "enabled", FALSE, NULL);
  return destination;
}

static gboolean
has_output (gpointer item)
{
  return relay_destination_item_get_output (item) != NULL;
}

static RelayOutput *
live_output_of (RelayWindow *window, const char *id)
{
  g_autoptr (RelayDestinationItem) item = relay_window_lookup_destination (window, id);
  RelayTestStateWait wait;

  g_assert_nonnull (item);
  g_assert_true (relay_test_wait_until (has_output, item, TIMEOUT_MS));
  wait = (RelayTestStateWait){ relay_destination_item_get_output (item), RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  return wait.output;
}

static void
assert_recorded (RelayTestRtmpServer *server, const char *stream)
{
  g_autofree char *name = g_strconcat (stream, ".flv", NULL);
  g_autofree char *recording = g_build_filename (server->record_dir, name, NULL);
  g_autofree char *probed = relay_test_probe (recording);

  g_assert_cmpuint (relay_test_frames_of (probed, "video"), >, 30);
  g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >, 30);
}

/* --destination: a saved destination that is switched off goes live with Go
 * Live; the one not named stays off. */
static void
test_destination (void)
{
  const char *key = "window-option-key-5d1e";
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, key);
  g_autoptr (RelayDestination) named = secure_destination (server, "named");
  g_autoptr (RelayDestination) other = secure_destination (server, "other");
  g_autoptr (RelayDestinationItem) other_item = NULL;
  char *destinations[] = { (char *) "named", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;

  relay_ui_test_save_destination (named, key);
  relay_ui_test_save_destination (other, key);
  options.destinations = destinations;
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough,
                                        live_output_of (window, "named"), TIMEOUT_MS));
  other_item = relay_window_lookup_destination (window, "other");
  g_assert_false (relay_destination_item_get_enabled (other_item));
  g_assert_null (relay_studio_lookup_output (relay_window_get_studio (window), "other"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  assert_recorded (server, key);

  relay_ui_test_stop (application);
}

/* --key-file: the key in the file wins over the keyring's (a wrong one here). */
static void
test_key_file (void)
{
  const char *key = "key-from-file-3a9f";
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, key);
  g_autoptr (RelayDestination) destination = secure_destination (server, "from-file");
  g_autofree char *key_file = g_build_filename (g_get_tmp_dir (), "relaycast-keys.json", NULL);
  g_autofree char *keys = g_strdup_printf ("{ \"from-file\": \"%s\" }", key);
  char *destinations[] = { (char *) "from-file", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;
  g_autoptr (GError) error = NULL;

  relay_ui_test_save_destination (destination, "wrong-keyring-key");
  g_file_set_contents_full (key_file, keys, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  options.destinations = destinations;
  options.key_file = key_file;
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough,
                                        live_output_of (window, "from-file"), TIMEOUT_MS));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  assert_recorded (server, key);

  relay_ui_test_stop (application);
  g_unlink (key_file);
}

static void
refuse_publish (RelayTestWhipServer *server, SoupServerMessage *message,
                const RelayTestWhipRequest *request, guint index, gpointer user_data)
{
  relay_test_whip_server_reply (message, SOUP_STATUS_FORBIDDEN, "text/plain", "no");
}

static gboolean
posted (gpointer server)
{
  return relay_test_whip_server_count (server, "POST") > 0;
}

/* --token-file and --ice-server: the WHIP endpoint gets the token as Bearer,
 * and both the command line's WHIP destination and a saved one use the ICE
 * servers. */
static void
test_whip_token_and_ice_servers (void)
{
  const char *token = "window-bearer-token-81c2";
  g_autoptr (RelayTestWhipServer) whip = relay_test_whip_server_new (refuse_publish, NULL);
  g_autofree char *endpoint = relay_test_whip_server_url (whip, "/whip/cli");
  g_autofree char *url = g_strconcat ("whip+", endpoint, NULL);
  g_autofree char *saved_endpoint = relay_test_whip_server_url (whip, "/whip/saved");
  g_autoptr (RelayDestination) saved =
      relay_destination_new ("saved-whip", "custom-whip", RELAY_DESTINATION_KIND_WHIP);
  g_autofree char *token_file = g_build_filename (g_get_tmp_dir (), "relaycast-token", NULL);
  g_autofree char *token_line = g_strconcat ("  ", token, "\n", NULL);
  char *outputs[] = { url, NULL };
  char *ice_servers[] = { (char *) "stun:127.0.0.1:3478", NULL };
  char *destinations[] = { (char *) "saved-whip", NULL };
  RelayCliOptions cli = { .run = relay_ui_test_options () };
  RelayRunOptions *options = &cli.run;
  RelayApplication *application;
  RelayWindow *window;
  g_autoptr (RelayDestinationItem) cli_item = NULL;
  g_autoptr (RelayDestinationItem) saved_item = NULL;
  g_autoptr (GError) error = NULL;
  const RelayTestWhipRequest *request;

  g_object_set (saved, "name", "Saved WHIP", "server-url", saved_endpoint, "enabled", FALSE, NULL);
  relay_ui_test_save_destination (saved, "saved-whip-key");
  g_file_set_contents (token_file, token_line, -1, &error);
  g_assert_no_error (error);
  options->token_file = token_file;
  options->outputs = outputs;
  options->ice_servers = ice_servers;
  options->destinations = destinations;
  /* as main() does before the window opens */
  g_assert_true (relay_cli_prepare_run (&cli, &error));
  g_assert_no_error (error);
  application = relay_ui_test_start (options, &window);
  relay_ui_test_wait_loaded (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (posted, whip, TIMEOUT_MS));
  request = relay_test_whip_server_nth (whip, "POST", 0);
  cli_item = relay_window_lookup_destination (window, "out1");
  saved_item = relay_window_lookup_destination (window, "saved-whip");
  g_assert_true (relay_test_wait_until (has_output, saved_item, TIMEOUT_MS));
  g_assert_true (g_strv_contains (relay_whip_output_get_ice_servers (RELAY_WHIP_OUTPUT (
                                      relay_destination_item_get_output (cli_item))),
                                  "stun://127.0.0.1:3478"));
  g_assert_true (g_strv_contains (relay_whip_output_get_ice_servers (RELAY_WHIP_OUTPUT (
                                      relay_destination_item_get_output (saved_item))),
                                  "stun://127.0.0.1:3478"));
  for (guint i = 0; i < relay_test_whip_server_count (whip, "POST"); i++)
    {
      request = relay_test_whip_server_nth (whip, "POST", i);
      if (g_str_equal (request->path, "/whip/cli"))
        g_assert_cmpstr (request->authorization, ==, "Bearer window-bearer-token-81c2");
      else
        g_assert_cmpstr (request->authorization, ==, "Bearer saved-whip-key");
    }
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);

  relay_ui_test_stop (application);
  g_free (options->token);
  g_unlink (token_file);
}

/* --attempts and --retry-delay: a destination nobody listens for tries once
 * more, a second later, then fails. */
static void
test_attempts_and_retry_delay (void)
{
  g_autofree char *url = NULL;
  char *outputs[] = { NULL, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;
  g_autoptr (RelayDestinationItem) item = NULL;
  RelayTestStateWait wait;
  gint64 retrying_since;

  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/nobody", relay_test_free_port ());
  outputs[0] = url;
  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  application = relay_ui_test_start (&options, &window);
  item = relay_window_lookup_destination (window, "out1");

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait =
      (RelayTestStateWait){ relay_destination_item_get_output (item), RELAY_OUTPUT_STATE_RETRYING };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  retrying_since = g_get_monotonic_time ();
  g_assert_true (g_str_has_prefix (relay_ui_test_row_subtitle (window, "out1"),
                                   _ ("retrying (attempt 1 of 1, next try in 1 s)")));
  wait.state = RELAY_OUTPUT_STATE_FAILED;
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  /* the default delay is 10 s */
  g_assert_cmpint (g_get_monotonic_time () - retrying_since, <, 8 * G_USEC_PER_SEC);
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);

  relay_ui_test_stop (application);
}

static gboolean
not_live (gpointer window)
{
  return !relay_window_get_live (window);
}

/* --duration: the broadcast ends that long after Go Live (the process then
 * quits: test_quickstart.py sees it exit). */
static void
test_duration (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", "timed");
  char *outputs[] = { url, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;
  gint64 started;

  options.outputs = outputs;
  options.duration_s = 3;
  application = relay_ui_test_start (&options, &window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  started = g_get_monotonic_time ();
  live_output_of (window, "out1");
  g_assert_true (relay_window_get_live (window));
  g_assert_true (relay_test_wait_until (not_live, window, TIMEOUT_MS));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 3 * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  assert_recorded (server, "timed");

  relay_ui_test_stop (application);
}

/* The headless REST API's options are refused with a reason. */
static void
test_headless_only_options_refused (void)
{
  /* as the command line leaves them when no option is given */
  RelayCliOptions cli = { .run = relay_ui_test_options (), .auto_create_whip = TRUE };
  g_autoptr (GError) error = NULL;

  g_assert_true (relay_cli_check_window_options (&cli, &error));
  cli.api_listen = (char *) "127.0.0.1:0";
  g_assert_false (relay_cli_check_window_options (&cli, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "--api-listen"));
  g_assert_nonnull (strstr (error->message, "--headless"));
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-options/destination", test_destination);
  g_test_add_func ("/window-options/key-file", test_key_file);
  g_test_add_func ("/window-options/whip-token-and-ice-servers", test_whip_token_and_ice_servers);
  g_test_add_func ("/window-options/attempts-and-retry-delay", test_attempts_and_retry_delay);
  g_test_add_func ("/window-options/duration", test_duration);
  g_test_add_func ("/window-options/headless-only-refused", test_headless_only_options_refused);
  return g_test_run ();
}
