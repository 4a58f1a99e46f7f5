/* test-window.c: the Relaycast window under Xvfb: the preview paints real
 * frames, Go Live reaches a real nginx-rtmp and the row follows the output
 * (live, then retrying once nginx is gone), the destination dialog validates
 * inline and never shows a saved key, outputs others add to the studio (the
 * REST API's restreams) appear in the list, streams published to Relaycast
 * and the header says whether the broadcast reaches anyone. The program's
 * sources are in test-window-sources.c.
 *
 * Over 900 lines: the destination scenarios share their helpers (the dialog,
 * the keyring, the file); the preferences are to go in a file of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/outputs/relay-output-factory.h"
#include "core/config/relay-secrets.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-integration.h"
#include "ui/relay-output-row.h"
#include "ui/relay-preferences-window.h"
#include "ui/relay-stats-window.h"
#include "ui/relay-bitrate-graph.h"

#define TIMEOUT_MS 30000

/* The REST API answering GET /relay/tasks with the window's token. */
typedef struct
{
  guint port;
  char *token;
  SoupSession *session;
  gboolean asked;
  guint status;
  char *body;
} ApiCheck;

static void
on_api_token (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ApiCheck *api = user_data;
  g_autoptr (GError) error = NULL;

  api->token = relay_integration_api_token_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_api_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ApiCheck *api = user_data;
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  api->asked = FALSE;
  if (body == NULL)
    return;
  api->status = soup_message_get_status (message);
  api->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* Asks again until the server, started once the token is there, answers. */
static gboolean
api_answers (gpointer user_data)
{
  ApiCheck *api = user_data;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr (SoupMessage) message = NULL;

  if (api->body != NULL)
    return TRUE;
  if (api->token == NULL || api->asked)
    return FALSE;

  if (api->session == NULL)
    api->session = soup_session_new ();
  url = g_strdup_printf ("http://127.0.0.1:%u/relay/tasks", api->port);
  authorization = g_strconcat ("Bearer ", api->token, NULL);
  message = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                authorization);
  api->asked = TRUE;
  soup_session_send_and_read_async (api->session, message, G_PRIORITY_DEFAULT, NULL, on_api_answer,
                                    api);
  return FALSE;
}

static void
api_clear (ApiCheck *api)
{
  g_clear_object (&api->session);
  g_clear_pointer (&api->token, g_free);
  g_clear_pointer (&api->body, g_free);
}

typedef struct
{
  RelayDestinationItem *item;
  RelayOutputState state;
} ItemWait;

static gboolean
item_has_state (gpointer user_data)
{
  ItemWait *wait = user_data;
  RelayOutput *output = relay_destination_item_get_output (wait->item);

  return output != NULL && relay_output_get_state (output) == wait->state;
}

static gboolean
has_output (gpointer item)
{
  return relay_destination_item_get_output (item) != NULL;
}

static void
test_go_live (void)
{
  RelayTestRtmpServer *server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", "window");
  g_autofree char *recording = g_build_filename (server->record_dir, "window.flv", NULL);
  char *outputs[] = { url, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  g_autoptr (RelayDestinationItem) item = NULL;
  RelayOutput *output;
  RelayTestStateWait wait;
  g_autofree char *probed = NULL;
  g_auto (GStrv) go_live_accels = NULL;
  GtkWidget *timer;

  options.outputs = outputs;
  application = relay_ui_test_start (&options, &window);
  /* A destination from the command line waits for Go Live. */
  g_assert_null (relay_studio_lookup_output (relay_window_get_studio (window), "out1"));
  g_assert_cmpuint (g_list_model_get_n_items (relay_window_get_destinations (window)), ==, 1);
  item = g_list_model_get_item (relay_window_get_destinations (window), 0);
  output = relay_destination_item_get_output (item);
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, "out1"), ==, _ ("idle"));

  /* Ctrl+Enter goes live. */
  go_live_accels =
      gtk_application_get_accels_for_action (GTK_APPLICATION (application), "win.go-live");
  g_assert_true (g_strv_contains ((const char *const *) go_live_accels, "<Control>Return"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_window_get_live (window));
  timer = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "timer_label"));
  g_assert_true (gtk_widget_get_visible (timer));

  wait = (RelayTestStateWait){ output, RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, "out1"), ==, _ ("live"));
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough, output, TIMEOUT_MS));

  /* The statistics window graphs what the output sent, and the log tells the story. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "destination-stats",
                                  g_variant_new_string (relay_output_get_id (output)));
  {
    RelayStatsWindow *stats = relay_ui_test_find_toplevel (RELAY_TYPE_STATS_WINDOW);
    RelayBitrateGraph *graph = RELAY_BITRATE_GRAPH (
        gtk_widget_get_template_child (GTK_WIDGET (stats), RELAY_TYPE_STATS_WINDOW, "graph"));

    g_assert_true (relay_stats_window_get_output (stats) == output);
    /* The scrolling test pattern is easy to predict: x264 stays well under
     * its 2500 kb/s at first, but far above what an idle connection sends. */
    g_assert_cmpuint (relay_bitrate_history_get_peak (relay_bitrate_graph_get_history (graph)), >,
                      250000);
  }
  g_assert_true (relay_ui_test_log_mentions (window, _ ("live")));
  g_assert_true (relay_ui_test_log_mentions (window, "rtmp://127.0.0.1"));

  probed = relay_test_probe (recording);
  g_assert_cmpuint (relay_test_frames_of (probed, "video"), >, 30);
  g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >, 30);

  /* Its switch stops it while the others stay live, and starts it again. */
  relay_destination_item_set_enabled (item, FALSE);
  g_assert_cmpint (relay_output_get_state (output), ==, RELAY_OUTPUT_STATE_STOPPED);
  g_assert_true (relay_window_get_live (window));
  /* Switched on again before its removal from the studio has completed. */
  relay_destination_item_set_enabled (item, TRUE);
  wait.state = RELAY_OUTPUT_STATE_LIVE;
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_true (relay_studio_lookup_output (relay_window_get_studio (window), "out1") == output);
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, "out1"), ==, _ ("live"));

  /* nginx goes away: the row says the destination is retrying, and why. */
  relay_test_rtmp_server_stop (server);
  wait.state = RELAY_OUTPUT_STATE_RETRYING;
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (relay_ui_test_row_subtitle (window, "out1"),
                                   _ ("retrying (attempt 1 of 3, next try in")));

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  g_assert_false (relay_window_get_live (window));
  g_assert_false (relay_output_is_active (output));
  relay_ui_test_stop (application);
}

static gboolean
dialog_closed (gpointer user_data)
{
  return relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG) == NULL;
}

static gboolean
subtitle_changed (gpointer user_data)
{
  AdwActionRow *row = user_data;

  return gtk_widget_has_css_class (GTK_WIDGET (row), "success")
         || gtk_widget_has_css_class (GTK_WIDGET (row), "error");
}

static gpointer
dialog_child (gpointer dialog, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), RELAY_TYPE_DESTINATION_DIALOG, name);
}

static void
assert_text_nowhere (GtkWidget *widget, const char *secret)
{
  if (GTK_IS_LABEL (widget))
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (widget)), secret));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_text_nowhere (child, secret);
}

static void
assert_not_logged (RelayWindow *window, const char *secret)
{
  GListModel *events = relay_event_log_get_model (relay_window_get_event_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (events, i);
      g_autofree char *line = relay_event_to_line (event);

      g_assert_null (strstr (line, secret));
    }
}

/* Keys of any shape, in URLs that parse or not, stay out of the destination
 * rows, the toasts and the event log while the destinations fail. */
static void
test_keys_of_any_shape (void)
{
  static const char *const keys[] = { "PRIVATEKEY20261207", "Zq9x", "purple-otter-jumps" };
  guint closed = relay_test_free_port ();
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  GListModel *destinations;
  guint n_destinations;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_ptr_array_add (urls, g_strdup_printf ("whip+http://127.0.0.1:%u/whip/%s", closed, keys[i]));
      g_ptr_array_add (urls, g_strdup_printf ("rtmp://127.0.0.1:%u/live/%s", closed, keys[i]));
      /* refused, with a toast */
      g_ptr_array_add (urls, g_strdup_printf ("127.0.0.1/live/%s", keys[i]));
    }
  g_ptr_array_add (urls, NULL);
  options.outputs = (char **) urls->pdata;
  application = relay_ui_test_start (&options, &window);
  destinations = relay_window_get_destinations (window);
  n_destinations = g_list_model_get_n_items (destinations);
  g_assert_cmpuint (n_destinations, ==, 2 * G_N_ELEMENTS (keys));

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  for (guint i = 0; i < n_destinations; i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (destinations, i);
      RelayTestStateWait wait = { relay_destination_item_get_output (item),
                                  RELAY_OUTPUT_STATE_RETRYING };

      g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
    }
  g_assert_true (relay_ui_test_log_mentions (window, "connection refused"));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      for (guint j = 0; j < n_destinations; j++)
        {
          g_autoptr (RelayDestinationItem) item = g_list_model_get_item (destinations, j);

          g_assert_null (strstr (relay_destination_item_get_label (item), keys[i]));
        }
      assert_not_logged (window, keys[i]);
      assert_text_nowhere (GTK_WIDGET (window), keys[i]);
    }

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  relay_ui_test_stop (application);
}

static const RelayProvider *
custom_rtmp (void)
{
  return relay_provider_lookup ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
}

/* The key the app's schema holds for @id, as secret-tool finds it, or NULL. */
static char *
keyring_lookup (const char *id)
{
  const char *argv[] = { "secret-tool",
                         "lookup",
                         "xdg:schema",
                         RELAY_SECRETS_SCHEMA_NAME,
                         RELAY_SECRETS_ATTRIBUTE_ID,
                         id,
                         NULL };

  return relay_test_command_output (argv);
}

static gboolean
key_gone (gpointer user_data)
{
  g_autofree char *key = keyring_lookup (user_data);

  return key == NULL;
}

static char *
read_destinations_file (void)
{
  g_autofree char *path = relay_ui_test_destinations_path ();
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
file_mentions (gpointer user_data)
{
  g_autofree char *contents = read_destinations_file ();

  return strstr (contents, user_data) != NULL;
}

static gboolean
file_forgets (gpointer user_data)
{
  return !file_mentions (user_data);
}

/* The shown button under @root that activates @action; with @outside_rows,
 * one that no destination row holds (a toast's) */
static GtkWidget *
find_button (GtkWidget *root, const char *action, gboolean outside_rows)
{
  if (!gtk_widget_get_visible (root) || (outside_rows && GTK_IS_LIST_BOX_ROW (root)))
    return NULL;
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action, outside_rows);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
toast_button (GtkWidget *root, const char *action)
{
  return find_button (root, action, TRUE);
}

static gboolean
toast_button_shown (gpointer action)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (RELAY_IS_WINDOW (toplevel) && toast_button (toplevel, action) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The destination the dialog saved: the only one in the store. */
static RelayDestination *
only_destination (RelayApplication *application)
{
  GListModel *store = G_LIST_MODEL (relay_application_get_destination_store (application));

  g_assert_cmpuint (g_list_model_get_n_items (store), ==, 1);
  return g_list_model_get_item (store, 0);
}

static void
type_text (gpointer dialog, const char *row, const char *text)
{
  gtk_editable_set_text (dialog_child (dialog, row), text);
}

/* Fills the dialog for a custom RTMP destination and saves it. */
static void
add_rtmp_destination (RelayWindow *window, const char *name, const char *server, const char *key)
{
  gpointer dialog;

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  relay_destination_dialog_set_provider (dialog, custom_rtmp ());
  /* the stream name and the key fill one place in the URL: the dialog says which wins */
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "key_hint_label")));
  type_text (dialog, "name_row", name);
  type_text (dialog, "server_row", server);
  type_text (dialog, "key_row", key);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));
}

static void
assert_inline_error (gpointer dialog, const char *row, const char *message)
{
  GtkLabel *error_label = dialog_child (dialog, "error_label");
  const char *rows[] = { "name_row", "server_row", "stream_name_row", "key_row" };

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, message);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (gtk_widget_has_css_class (dialog_child (dialog, rows[i]), "error"), ==,
                     g_str_equal (rows[i], row));
}

static gboolean
saved_key_shown (gpointer dialog)
{
  return g_strcmp0 (adw_action_row_get_subtitle (dialog_child (dialog, "saved_key_row")), "…") != 0;
}

static void
test_destination_dialog (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *server_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live", server->port);
  const char *key = "dialogkey-0123456789";
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  g_autoptr (RelayDestination) destination = NULL;
  g_autoptr (RelayDestinationItem) item = NULL;
  g_autoptr (RelayRtmpUrl) unused = NULL;
  g_autoptr (GError) expected = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *saved_file = NULL;
  AdwActionRow *test_row;
  GtkWidget *row;
  gpointer dialog;

  relay_ui_test_wait_loaded (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  relay_destination_dialog_set_provider (dialog, custom_rtmp ());

  /* Nothing typed: the server field is the one in error, with the platform's own words. */
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_false (relay_provider_check_server (custom_rtmp (), "", &expected));
  assert_inline_error (dialog, "server_row", expected->message);
  g_clear_error (&expected);

  /* Errors follow the typing: now a key (or a stream name) is missing. */
  type_text (dialog, "name_row", "Studio nginx");
  type_text (dialog, "server_row", server_url);
  unused = relay_provider_build_rtmp_url (custom_rtmp (), server_url, NULL, NULL, &expected);
  assert_inline_error (dialog, "key_row", expected->message);
  g_clear_error (&expected);

  type_text (dialog, "key_row", "bad/key");
  g_assert_false (relay_provider_check_key (custom_rtmp (), "bad/key", &expected));
  assert_inline_error (dialog, "key_row", expected->message);
  g_clear_error (&expected);

  type_text (dialog, "server_row", "https://127.0.0.1/live");
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "server_row"), "error"));
  type_text (dialog, "server_row", server_url);
  type_text (dialog, "key_row", key);
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "error_label")));

  /* The test reaches the real server without publishing anything. */
  test_row = dialog_child (dialog, "test_row");
  g_signal_emit_by_name (dialog_child (dialog, "test_button"), "clicked");
  g_assert_true (relay_test_wait_until (subtitle_changed, test_row, TIMEOUT_MS));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (test_row), "success"));
  {
    g_autofree char *peer = g_strdup_printf ("127.0.0.1:%u", server->port);

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (test_row), peer));
  }

  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));

  /* The key is in the keyring under the app's schema, and nowhere in the config. */
  destination = only_destination (application);
  stored = keyring_lookup (relay_destination_get_id (destination));
  g_assert_cmpstr (stored, ==, key);
  g_assert_true (relay_test_wait_until (
      file_mentions, (gpointer) relay_destination_get_id (destination), TIMEOUT_MS));
  saved_file = read_destinations_file ();
  g_assert_null (strstr (saved_file, key));
  g_assert_null (strstr (saved_file, "dial"));

  /* The list shows it with its platform's icon, and never its key. */
  g_assert_cmpuint (g_list_model_get_n_items (relay_window_get_destinations (window)), ==, 1);
  item = g_list_model_get_item (relay_window_get_destinations (window), 0);
  g_assert_cmpstr (relay_destination_item_get_label (item), ==, "Studio nginx");
  row = relay_window_find_row (window, relay_destination_get_id (destination));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (gtk_widget_get_template_child (
                       row, RELAY_TYPE_OUTPUT_ROW, "provider_icon"))),
                   ==, custom_rtmp ()->icon_name);
  assert_text_nowhere (GTK_WIDGET (window), key);
  assert_not_logged (window, key);

  /* Editing shows the key masked, never in full, and keeps it when left empty. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-destination",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (relay_test_wait_until (saved_key_shown, dialog, TIMEOUT_MS));
  g_assert_cmpstr (adw_action_row_get_subtitle (dialog_child (dialog, "saved_key_row")), ==,
                   "dial****");
  g_assert_cmpstr (gtk_editable_get_text (dialog_child (dialog, "key_row")), ==, "");
  assert_text_nowhere (GTK_WIDGET (dialog), key);
  type_text (dialog, "name_row", "Renamed");
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));
  g_assert_cmpstr (relay_destination_item_get_label (item), ==, "Renamed");
  g_assert_true (relay_test_wait_until (file_mentions, "Renamed", TIMEOUT_MS));
  g_clear_pointer (&stored, g_free);
  stored = keyring_lookup (relay_destination_get_id (destination));
  g_assert_cmpstr (stored, ==, key);

  /* The edited destination goes live with the kept key. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  {
    ItemWait wait = { item, RELAY_OUTPUT_STATE_LIVE };

    g_assert_true (relay_test_wait_until (item_has_state, &wait, TIMEOUT_MS));
  }

  relay_ui_test_stop (application);
}

/* with no --attempts or --retry-delay on the command line */
static RelayRunOptions
options_without_retries (void)
{
  RelayRunOptions options = relay_ui_test_options ();

  options.retry_given = FALSE;
  return options;
}

/* A saved destination through a restart: it goes live to an application
 * that checks the key, a wrong key ends in "publish rejected", and removing
 * it deletes its key. */
static void
test_saved_destination (void)
{
  const char *key = "secure-key-4f2a9c";
  const char *wrong_key = "wrong-key-77b1e0";
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, key);
  g_autofree char *server_url = g_strdup_printf ("rtmp://127.0.0.1:%u/secure", server->port);
  g_autofree char *recording = g_build_filename (server->record_dir, "secure-key-4f2a9c.flv", NULL);
  RelayRunOptions options = options_without_retries ();
  RelayWindow *window;
  RelayApplication *application;
  g_autoptr (RelayDestination) destination = NULL;
  g_autoptr (RelayDestinationItem) item = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *saved_file = NULL;
  g_autofree char *probed = NULL;
  ItemWait wait;
  gpointer dialog;
  GtkLabel *go_live_label;

  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  /* A first run says what is missing, where it is missing */
  g_assert_nonnull (relay_ui_test_find_label (GTK_WIDGET (window), _ ("No Destinations")));
  g_assert_nonnull (relay_ui_test_find_label (GTK_WIDGET (window), _ ("_Add Destination")));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "go-live"));
  go_live_label = relay_ui_test_find_label (GTK_WIDGET (window), _ ("_Go Live"));
  g_assert_nonnull (go_live_label);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (go_live_label))),
                   ==, _ ("Add a destination to go live"));
  g_settings_set_uint (relay_application_get_settings (application), "retry-attempts", 1);
  add_rtmp_destination (window, "Secure nginx", server_url, key);
  g_assert_null (relay_ui_test_find_label (GTK_WIDGET (window), _ ("No Destinations")));
  destination = only_destination (application);
  id = g_strdup (relay_destination_get_id (destination));
  g_clear_object (&destination);
  stored = keyring_lookup (id);
  g_assert_cmpstr (stored, ==, key);
  g_assert_true (relay_test_wait_until (file_mentions, id, TIMEOUT_MS));
  saved_file = read_destinations_file ();
  g_assert_null (strstr (saved_file, key));
  relay_ui_test_close (application);

  /* A second window reads the same configuration. */
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  item = relay_window_lookup_destination (window, id);
  g_assert_nonnull (item);
  g_assert_cmpstr (relay_destination_item_get_label (item), ==, "Secure nginx");
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, id), ==, _ ("idle"));

  /* Go Live takes the key from the keyring; nginx's hook accepts it. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait = (ItemWait){ item, RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (item_has_state, &wait, TIMEOUT_MS));
  g_assert_cmpstr (relay_output_get_id (relay_destination_item_get_output (item)), ==, id);
  g_assert_cmpuint (relay_output_get_attempts (relay_destination_item_get_output (item)), ==, 1);
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, id), ==, _ ("live"));
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough,
                                        relay_destination_item_get_output (item), TIMEOUT_MS));
  assert_text_nowhere (GTK_WIDGET (window), key);
  assert_not_logged (window, key);
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  probed = relay_test_probe (recording);
  g_assert_cmpuint (relay_test_frames_of (probed, "video"), >, 30);
  g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >, 30);

  /* A wrong key, stored through the dialog, is rejected by the server. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-destination",
                                  g_variant_new_string (id));
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  type_text (dialog, "key_row", wrong_key);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));
  g_clear_pointer (&stored, g_free);
  stored = keyring_lookup (id);
  g_assert_cmpstr (stored, ==, wrong_key);

  /* changed preferences reach a destination without its own at its next start */
  g_settings_set_uint (relay_application_get_settings (application), "retry-attempts", 2);
  g_settings_set_uint (relay_application_get_settings (application), "retry-delay", 1);
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait.state = RELAY_OUTPUT_STATE_FAILED;
  g_assert_true (relay_test_wait_until (item_has_state, &wait, TIMEOUT_MS));
  g_assert_cmpuint (relay_output_get_attempts (relay_destination_item_get_output (item)), ==, 2);
  g_assert_cmpuint (relay_output_get_retry_delay_ms (relay_destination_item_get_output (item)), ==,
                    1000);
  g_assert_true (g_str_has_prefix (relay_ui_test_row_subtitle (window, id), _ ("failed: ")));
  g_assert_nonnull (
      strstr (relay_ui_test_row_subtitle (window, id), _ ("publish rejected by server")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);

  /* Removing it can be undone while its toast shows: the key stays meanwhile. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "remove-destination",
                                  g_variant_new_string (id));
  g_assert_null (relay_window_find_row (window, id));
  g_assert_true (relay_test_wait_until (file_forgets, id, TIMEOUT_MS));
  g_clear_pointer (&stored, g_free);
  stored = keyring_lookup (id);
  g_assert_cmpstr (stored, ==, wrong_key);
  g_assert_true (relay_test_wait_until (toast_button_shown, "win.undo-remove", TIMEOUT_MS));
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo-remove",
                                  g_variant_new_string (id));
  g_assert_nonnull (relay_window_find_row (window, id));
  g_assert_true (relay_test_wait_until (file_mentions, (gpointer) id, TIMEOUT_MS));
  g_clear_pointer (&stored, g_free);
  stored = keyring_lookup (id);
  g_assert_cmpstr (stored, ==, wrong_key);

  /* Once the toast is gone (here with the window), the key goes too. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "remove-destination",
                                  g_variant_new_string (id));
  g_assert_null (relay_window_find_row (window, id));
  g_assert_true (relay_test_wait_until (file_forgets, id, TIMEOUT_MS));
  g_clear_pointer (&stored, g_free);
  stored = keyring_lookup (id);
  g_assert_cmpstr (stored, ==, wrong_key);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (relay_test_wait_until (key_gone, id, TIMEOUT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (
                        G_LIST_MODEL (relay_application_get_destination_store (application))),
                    ==, 0);

  relay_ui_test_stop (application);
}

static gboolean
row_gone (gpointer user_data)
{
  gpointer *args = user_data;

  return relay_window_find_row (args[0], relay_output_get_id (args[1])) == NULL;
}

typedef struct
{
  gboolean done;
  char *output;
} CurlRun;

static void
on_curl_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CurlRun *run = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->output, NULL, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
curl_done (gpointer user_data)
{
  return ((CurlRun *) user_data)->done;
}

/* POSTs @body to the window's REST API with curl, as a user's script would;
 * returns "<answer>\n<status>". The main loop keeps running meanwhile. */
static char *
curl_post (const ApiCheck *api, const char *path, const char *body)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", api->port, path);
  g_autofree char *authorization = g_strconcat ("Authorization: Bearer ", api->token, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) curl = g_subprocess_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "curl", "-sS", "-w", "\n%{http_code}", "-H",
      authorization, "-H", "Content-Type: application/json", "--data-binary", body, url, NULL);
  CurlRun run = { 0 };

  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (curl, NULL, NULL, on_curl_done, &run);
  g_assert_true (relay_test_wait_until (curl_done, &run, TIMEOUT_MS));
  return run.output;
}

static gboolean
has_one_output (gpointer user_data)
{
  return g_list_model_get_n_items (relay_studio_get_outputs (user_data)) == 1;
}

/* A restream a script creates through the REST API shows up in the window's
 * list, updates there, and leaves when the script stops it. */
static void
test_api_restream_listed (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", "restream");
  g_autofree char *start =
      g_strdup_printf ("{\"taskId\": \"script\", \"pushUrls\": [\"%s\"]}", url);
  g_autofree char *answer = NULL;
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  GSettings *settings = relay_application_get_settings (application);
  RelayStudio *studio = relay_window_get_studio (window);
  g_autoptr (RelayOutput) output = NULL;
  ApiCheck api = { 0 };
  RelayTestStateWait wait;
  gpointer args[2];

  api.port = relay_test_free_port ();
  g_settings_set_uint (settings, "api-port", api.port);
  g_settings_set_boolean (settings, "api-enabled", TRUE);
  relay_integration_api_token_async (FALSE, NULL, on_api_token, &api);
  g_assert_true (relay_test_wait_until (api_answers, &api, TIMEOUT_MS));

  answer = curl_post (&api, "/relay/startrtmp", start);
  g_assert_true (g_str_has_suffix (answer, "\n200"));
  g_assert_true (relay_test_wait_until (has_one_output, studio, TIMEOUT_MS));
  output = g_list_model_get_item (relay_studio_get_outputs (studio), 0);
  g_assert_nonnull (relay_window_find_row (window, relay_output_get_id (output)));
  wait = (RelayTestStateWait){ output, RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, relay_output_get_id (output)), ==,
                   _ ("live"));

  g_free (answer);
  answer = curl_post (&api, "/relay/stoprtmp", "{\"taskId\": \"script\"}");
  g_assert_true (g_str_has_suffix (answer, "\n200"));
  args[0] = window;
  args[1] = output;
  g_assert_true (relay_test_wait_until (row_gone, args, TIMEOUT_MS));

  g_settings_set_boolean (settings, "api-enabled", FALSE);
  api_clear (&api);
  relay_ui_test_stop (application);
}

static gpointer
preferences_child (gpointer preferences, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (preferences), RELAY_TYPE_PREFERENCES_WINDOW,
                                        name);
}

static gboolean
api_switched_off (gpointer settings)
{
  return !g_settings_get_boolean (settings, "api-enabled");
}

static void
test_preferences_apply (void)
{
  RelayRunOptions options = options_without_retries ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  GSettings *settings = relay_application_get_settings (application);
  RelayStream *program = relay_studio_get_program (relay_window_get_studio (window));
  const RelayEncodingDefaults *defaults;
  gpointer preferences;
  GtkLabel *api_status;
  g_autoptr (RelayDestination) destination = NULL;
  ApiCheck api = { 0 };
  g_autoptr (RelayDestinationItem) item = NULL;
  gboolean own_reconnection = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  preferences = relay_ui_test_find_toplevel (RELAY_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  /* Encoding settings go to the studio through relay_studio_set_encoding_defaults(). */
  gtk_adjustment_set_value (preferences_child (preferences, "video_bitrate_adjustment"), 4000);
  adw_combo_row_set_selected (preferences_child (preferences, "video_size_row"), 3);
  adw_combo_row_set_selected (preferences_child (preferences, "h264_profile_row"), 3);
  gtk_adjustment_set_value (preferences_child (preferences, "aac_bitrate_adjustment"), 160);
  g_assert_cmpuint (g_settings_get_uint (settings, "video-bitrate"), ==, 4000);
  defaults = relay_stream_get_encoding_defaults (program);
  g_assert_cmpuint (defaults->video.bitrate_kbps, ==, 4000);
  g_assert_cmpuint (defaults->video.width, ==, 1920);
  g_assert_cmpuint (defaults->video.height, ==, 1080);
  g_assert_cmpint (defaults->video.h264_profile, ==, RELAY_H264_PROFILE_HIGH);
  g_assert_cmpuint (defaults->aac_bitrate_kbps, ==, 160);

  /* Between broadcasts the picture takes the new size and rate at once. */
  gtk_adjustment_set_value (preferences_child (preferences, "framerate_adjustment"), 60);
  g_assert_cmpuint (relay_stream_get_format (program)->width, ==, 1920);
  g_assert_cmpuint (relay_stream_get_format (program)->fps, ==, 60);

  /* The bitrate row says what suits the size and rate, and warns below it. */
  {
    AdwActionRow *row = preferences_child (preferences, "video_bitrate_row");
    g_autofree char *suits = g_strdup_printf (
        _ ("Kilobits per second: %u–%u suit %u × %u at %u fps"), 4500, 9000, 1920, 1080, 60);
    g_autofree char *low =
        g_strdup_printf (_ ("%u kb/s is low for %u × %u at %u fps: %u–%u kb/s suit it"), 2500, 1920,
                         1080, 60, 4500, 9000);

    gtk_adjustment_set_value (preferences_child (preferences, "video_bitrate_adjustment"), 6000);
    g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, suits);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "warning"));
    gtk_adjustment_set_value (preferences_child (preferences, "video_bitrate_adjustment"), 2500);
    g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, low);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "warning"));
  }

  /* Switched on, the REST API serves the window's studio where the settings say;
   * an address it cannot use is said plainly. */
  api_status = preferences_child (preferences, "api_status_label");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  api.port = relay_test_free_port ();
  g_settings_set_uint (settings, "api-port", api.port);
  gtk_switch_set_active (preferences_child (preferences, "api_switch"), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "api-enabled"));
  relay_integration_api_token_async (FALSE, NULL, on_api_token, &api);
  g_assert_true (relay_test_wait_until (api_answers, &api, TIMEOUT_MS));
  g_assert_cmpuint (api.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (api.body, ==, "[]");
  g_assert_null (relay_application_get_api_error (application));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  g_settings_set_string (settings, "api-address", "no address");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  g_assert_cmpstr (gtk_label_get_text (api_status), ==,
                   relay_application_get_api_error (application));
  /* an error switches the API off, and says so until it is switched on again */
  g_assert_true (relay_test_wait_until (api_switched_off, settings, TIMEOUT_MS));
  g_assert_false (gtk_switch_get_active (preferences_child (preferences, "api_switch")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  g_settings_set_string (settings, "api-address", "127.0.0.1");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  gtk_switch_set_active (preferences_child (preferences, "api_switch"), TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (api_status)));
  gtk_switch_set_active (preferences_child (preferences, "api_switch"), FALSE);

  /* A port another program holds: said so, and the switch goes off */
  {
    g_autoptr (GSocketListener) holder = g_socket_listener_new ();
    g_autofree char *taken = NULL;
    guint port = relay_test_free_port ();

    g_assert_true (g_socket_listener_add_inet_port (holder, port, NULL, NULL));
    taken = g_strdup_printf (_ ("Port %u on %s is taken by another program: choose another port"),
                             port, "127.0.0.1");
    g_settings_set_uint (settings, "api-port", port);
    gtk_switch_set_active (preferences_child (preferences, "api_switch"), TRUE);
    g_assert_true (relay_test_wait_until (api_switched_off, settings, TIMEOUT_MS));
    g_assert_false (gtk_switch_get_active (preferences_child (preferences, "api_switch")));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (api_status)));
    g_assert_cmpstr (gtk_label_get_text (api_status), ==, taken);
  }
  api_clear (&api);
  gtk_window_destroy (preferences);

  /* Reconnection settings are not copied into a destination added from the
   * window: it follows them... */
  g_settings_set_uint (settings, "retry-attempts", 7);
  g_settings_set_uint (settings, "retry-delay", 4);
  relay_ui_test_wait_loaded (window);
  add_rtmp_destination (window, "Closed port", "rtmp://127.0.0.1:1/live", "prefs-key-1234");
  destination = only_destination (application);
  g_object_get (destination, "own-reconnection", &own_reconnection, NULL);
  g_assert_false (own_reconnection);

  /* ...to its output once it starts. */
  item = relay_window_lookup_destination (window, relay_destination_get_id (destination));
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (has_output, item, TIMEOUT_MS));
  g_assert_cmpuint (relay_output_get_attempts (relay_destination_item_get_output (item)), ==, 7);
  g_assert_cmpuint (relay_output_get_retry_delay_ms (relay_destination_item_get_output (item)), ==,
                    4000);

  relay_ui_test_stop (application);
}

/* Whether a file under @path holds @needle. */
static gboolean
tree_contains (const char *path, const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      return g_file_test (path, G_FILE_TEST_IS_REGULAR)
             && g_file_get_contents (path, &contents, &length, NULL)
             && g_strstr_len (contents, length, needle) != NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && tree_contains (child, needle))
        return TRUE;
    }
  return FALSE;
}

static gboolean
dialog_shows_error (gpointer dialog)
{
  return gtk_widget_get_visible (dialog_child (dialog, "error_label"));
}

/* With no Secret Service the dialog says so, and no key is written anywhere. */
static void
test_no_secret_service (void)
{
  const char *key = "nokeyring-5d8e2f01";
  g_autofree char *bus = NULL;
  g_autofree char *path = NULL;
  RelayRunOptions options;
  RelayWindow *window;
  RelayApplication *application;
  gpointer dialog;

  if (!g_test_subprocess ())
    {
      g_autofree char *real_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

      /* The child's session bus is one where nothing answers, from its
       * start: GTK and GLib connect to the session bus as they start, and
       * the keyring would answer on the bus they found. */
      bus = g_strdup_printf ("unix:path=%s/no-bus", g_get_tmp_dir ());
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (real_bus != NULL)
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", real_bus, TRUE);
      else
        g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_test_trap_assert_passed ();
      return;
    }

  options = relay_ui_test_options ();
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  relay_destination_dialog_set_provider (dialog, custom_rtmp ());
  type_text (dialog, "server_row", "rtmp://127.0.0.1:1/live");
  type_text (dialog, "key_row", key);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_shows_error, dialog, TIMEOUT_MS));

  /* The core's own explanation, on the key; the dialog stays open. */
  g_assert_nonnull (strstr (gtk_label_get_text (dialog_child (dialog, "error_label")),
                            "No Secret Service is running"));
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "key_row"), "error"));
  g_assert_true (relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG) == dialog);
  assert_text_nowhere (GTK_WIDGET (dialog), key);

  /* Nothing saved: no destination, no file, and the key in no file at all. */
  g_assert_cmpuint (g_list_model_get_n_items (
                        G_LIST_MODEL (relay_application_get_destination_store (application))),
                    ==, 0);
  path = relay_ui_test_destinations_path ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (tree_contains (g_getenv ("RELAYCAST_TEST_ROOT"), key));

  relay_ui_test_stop (application);
}

static gboolean
banner_shown (gpointer window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (
      gtk_widget_get_template_child (window, RELAY_TYPE_WINDOW, "destinations_banner")));
}

/* A damaged destinations.json is reported above the list, kept aside, and the
 * window goes on without it. */
static void
test_damaged_destinations (void)
{
  g_autofree char *path = relay_ui_test_destinations_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *backup_prefix = g_strconcat (path, ".broken-", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  GtkLabel *banner_label;
  const char *name;
  guint backups = 0;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, "{ \"version\": 1, \"destinations\": [ {", -1, &error);
  g_assert_no_error (error);

  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  g_assert_true (relay_test_wait_until (banner_shown, window, TIMEOUT_MS));
  banner_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW,
                                                           "destinations_banner_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (banner_label), path));
  g_assert_nonnull (strstr (gtk_label_get_text (banner_label), backup_prefix));
  g_assert_true (relay_ui_test_log_mentions (window, gtk_label_get_text (banner_label)));

  /* Kept aside, never written over. */
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (folder, name, NULL);

      if (g_str_has_prefix (file, backup_prefix))
        backups++;
    }
  g_assert_cmpuint (backups, ==, 1);

  /* The window goes on: the preview runs and destinations can be added. */
  g_assert_cmpuint (g_list_model_get_n_items (relay_window_get_destinations (window)), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-destination"));
  {
    RelayUiTestFrameWait wait = { relay_window_get_preview (window), 5 };

    g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
  }

  relay_ui_test_stop (application);
}

/* Every platform has its own icon, from the application's resources; a
 * recording has the desktop's own. */
static void
test_provider_icons (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  GtkIconTheme *theme =
      gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_autoptr (GHashTable) icons = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_providers;
  const RelayProvider *providers = relay_provider_get_all (&n_providers);

  for (guint i = 0; i < n_providers; i++)
    {
      g_autoptr (GtkIconPaintable) icon = NULL;
      g_autoptr (GFile) file = NULL;
      g_autofree char *uri = NULL;

      g_assert_true (gtk_icon_theme_has_icon (theme, providers[i].icon_name));
      icon = gtk_icon_theme_lookup_icon (theme, providers[i].icon_name, NULL, 16, 1,
                                         GTK_TEXT_DIR_NONE, 0);
      file = gtk_icon_paintable_get_file (icon);
      uri = g_file_get_uri (file);
      if (providers[i].kind != RELAY_DESTINATION_KIND_RECORDING)
        g_assert_true (g_str_has_prefix (uri, "resource:///io/github/relaycast/Relaycast/icons/"));
      g_assert_true (gtk_icon_paintable_is_symbolic (icon));
      g_hash_table_add (icons, (gpointer) providers[i].icon_name);
    }
  /* one per platform family: Twitch's two protocols share theirs */
  g_assert_cmpuint (g_hash_table_size (icons), ==, n_providers - 1);

  relay_ui_test_stop (application);
}

static GtkWidget *
shown_button (GtkWidget *root, const char *action)
{
  return find_button (root, action, FALSE);
}

/* A destination that gave up (nothing listened on its port) offers Retry on
 * its row; once a server listens there, Retry takes it live as the same
 * output, its history kept. */
static void
test_retry_failed_destination (void)
{
  guint port = relay_test_free_port ();
  g_autofree char *url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/retried", port);
  char *outputs[] = { url, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelayTestRtmpServer) server = NULL;
  g_autoptr (RelayDestinationItem) item = NULL;
  RelayApplication *application;
  RelayWindow *window;
  RelayTestStateWait wait;
  RelayOutput *output;

  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  application = relay_ui_test_start (&options, &window);
  item = relay_window_lookup_destination (window, "out1");
  g_assert_null (shown_button (relay_window_find_row (window, "out1"), "win.retry-destination"));
  /* its statistics are one visible click away, once it has an output */
  g_assert_nonnull (shown_button (relay_window_find_row (window, "out1"), "win.destination-stats"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  output = relay_destination_item_get_output (item);
  wait = (RelayTestStateWait){ output, RELAY_OUTPUT_STATE_FAILED };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_nonnull (shown_button (relay_window_find_row (window, "out1"), "win.retry-destination"));
  g_assert_cmpuint (relay_output_get_attempt (output), >, 0);

  /* the failure's toast offers it too */
  g_assert_true (relay_test_wait_until (toast_button_shown, "win.retry-destination", TIMEOUT_MS));

  server = relay_test_rtmp_server_start_on (port);
  g_signal_emit_by_name (toast_button (GTK_WIDGET (window), "win.retry-destination"), "clicked");
  wait.state = RELAY_OUTPUT_STATE_LIVE;
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_true (relay_destination_item_get_output (item) == output);
  g_assert_null (shown_button (relay_window_find_row (window, "out1"), "win.retry-destination"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  relay_ui_test_stop (application);
}

typedef struct
{
  RelayOnAir *on_air;
  RelayOnAirState state;
  guint n_live;
} OnAirWait;

static gboolean
on_air_is (gpointer user_data)
{
  OnAirWait *wait = user_data;

  return relay_on_air_get_state (wait->on_air) == wait->state
         && relay_on_air_get_n_live (wait->on_air) == wait->n_live;
}

/* The header says whether the broadcast reaches anyone: one of two live, then,
 * once the server is gone and every destination has given up, off air with
 * the reason; the timer counts only the time on air. */
static void
test_on_air_summary (void)
{
  RelayTestRtmpServer *server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", "on-air");
  char *outputs[] = { url, (char *) "rtmp://127.0.0.1:1/live/refused-on-air-key", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;
  OnAirWait wait;
  gint64 on_air_us;

  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  application = relay_ui_test_start (&options, &window);
  wait = (OnAirWait){ relay_window_get_on_air (window), RELAY_ON_AIR_OFF, 0 };
  g_assert_true (on_air_is (&wait));
  g_assert_null (relay_ui_test_find_label (GTK_WIDGET (window), _ ("Off air")));

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait.state = RELAY_ON_AIR_LIVE;
  wait.n_live = 1;
  g_assert_true (relay_test_wait_until (on_air_is, &wait, TIMEOUT_MS));
  {
    g_autofree char *words =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "On air: %u of %u destination live",
                                      "On air: %u of %u destinations live", 2),
                         1, 2);
    GtkLabel *label = relay_ui_test_find_label (GTK_WIDGET (window), words);

    g_assert_cmpuint (relay_on_air_get_n_outputs (wait.on_air), ==, 2);

    g_assert_nonnull (label);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "on-air"));
  }

  /* nginx gone: the live destination retries once, then gives up like the other */
  relay_test_rtmp_server_stop (server);
  wait.state = RELAY_ON_AIR_DOWN;
  wait.n_live = 0;
  g_assert_true (relay_test_wait_until (on_air_is, &wait, TIMEOUT_MS));
  g_assert_true (relay_window_get_live (window));
  g_assert_nonnull (
      relay_ui_test_find_label (GTK_WIDGET (window), _ ("Off air: every destination failed")));
  g_assert_true (
      gtk_widget_has_css_class (GTK_WIDGET (relay_ui_test_find_label (
                                    GTK_WIDGET (window), _ ("Off air: every destination failed"))),
                                "error"));
  on_air_us = relay_on_air_get_time_on_air_us (wait.on_air);
  g_assert_cmpint (on_air_us, >, 0);
  g_assert_cmpint (relay_on_air_get_time_on_air_us (wait.on_air), ==, on_air_us);

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  g_assert_cmpint (relay_on_air_get_state (wait.on_air), ==, RELAY_ON_AIR_OFF);
  relay_ui_test_stop (application);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/go-live", test_go_live);
  g_test_add_func ("/window/on-air-summary", test_on_air_summary);
  g_test_add_func ("/window/retry-failed-destination", test_retry_failed_destination);
  g_test_add_func ("/window/keys-of-any-shape", test_keys_of_any_shape);
  g_test_add_func ("/window/destination-dialog", test_destination_dialog);
  g_test_add_func ("/window/saved-destination", test_saved_destination);
  g_test_add_func ("/window/no-secret-service", test_no_secret_service);
  g_test_add_func ("/window/damaged-destinations", test_damaged_destinations);
  g_test_add_func ("/window/provider-icons", test_provider_icons);
  g_test_add_func ("/window/api-restream-listed", test_api_restream_listed);
  g_test_add_func ("/window/preferences-apply", test_preferences_apply);

  return g_test_run ();
}
