/* test-window.c: the Relaycast window under Xvfb: the preview paints real
 * frames, Go Live reaches a real nginx-rtmp and the row follows the output
 * (live, then retrying once nginx is gone), the destination dialog validates
 * inline and never shows a saved key, outputs others add to the studio (the
 * REST API's restreams) appear in the list, streams published to Relaycast
 * can become the program source, and cameras and microphones plugged in and
 * out while it runs come and go in the source picker.
 *
 * Over 900 lines: the scenarios share their helpers (dialog, keyring, event
 * log); they are to be split by area (destinations, sources, preferences)
 * with those helpers moved to relay-ui-test-util.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "core/media/relay-camera-source.h"
#include "core/media/relay-source-factory.h"
#include "core/outputs/relay-output-factory.h"
#include "core/config/relay-secrets.h"
#include "core/media/relay-stream-source.h"
#include "core/media/relay-test-source.h"
#include "relay-test-device-provider.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-integration.h"
#include "ui/relay-output-row.h"
#include "ui/relay-preferences-window.h"
#include "ui/relay-stats-window.h"
#include "ui/relay-bitrate-graph.h"
#include "ui/relay-source-item.h"
#include "ui/relay-source-picker.h"

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
  RelayPreview *preview;
  guint64 frames;
} FrameWait;

static gboolean
has_new_frames (gpointer user_data)
{
  FrameWait *wait = user_data;

  return relay_preview_get_frames_shown (wait->preview) >= wait->frames;
}

static guchar *
download_frame (RelayPreview *preview, int *width, int *height)
{
  GdkPaintable *paintable = relay_preview_get_paintable (preview);
  GdkTexture *texture;
  guchar *pixels;

  g_assert_true (GDK_IS_TEXTURE (paintable));
  texture = GDK_TEXTURE (paintable);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static guint
count_colours (const guchar *pixels, int width, int height)
{
  g_autoptr (GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (int y = 0; y < height; y += 8)
    for (int x = 0; x < width; x += 8)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        g_hash_table_add (colours, GUINT_TO_POINTER (p[0] << 16 | p[1] << 8 | p[2]));
      }
  return g_hash_table_size (colours);
}

static void
test_preview_paints (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayPreview *preview = relay_window_get_preview (window);
  FrameWait wait = { preview, 10 };
  g_autofree guchar *first = NULL;
  g_autofree guchar *later = NULL;
  int width, height, later_width, later_height;

  g_assert_true (relay_test_wait_until (has_new_frames, &wait, TIMEOUT_MS));
  first = download_frame (preview, &width, &height);
  g_assert_cmpint (width, ==, RELAY_PREVIEW_WIDTH);
  g_assert_cmpint (height, ==, RELAY_PREVIEW_HEIGHT);
  /* The SMPTE bars and the clock: many colours, not a black or uniform picture. */
  g_assert_cmpuint (count_colours (first, width, height), >, 20);

  wait.frames = relay_preview_get_frames_shown (preview) + 5;
  g_assert_true (relay_test_wait_until (has_new_frames, &wait, TIMEOUT_MS));
  later = download_frame (preview, &later_width, &later_height);
  g_assert_cmpint (later_width, ==, width);
  /* The pattern scrolls: the frames keep changing. */
  g_assert_true (memcmp (first, later, (gsize) width * height * 4) != 0);

  relay_ui_test_stop (application);
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

static gboolean
log_mentions (RelayWindow *window, const char *text)
{
  GListModel *events = relay_event_log_get_model (relay_window_get_event_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr (GtkStringObject) event = g_list_model_get_item (events, i);

      if (strstr (gtk_string_object_get_string (event), text) != NULL)
        return TRUE;
    }
  return FALSE;
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
  g_assert_true (log_mentions (window, _ ("live")));
  g_assert_true (log_mentions (window, "rtmp://127.0.0.1"));

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
      g_autoptr (GtkStringObject) event = g_list_model_get_item (events, i);

      g_assert_null (strstr (gtk_string_object_get_string (event), secret));
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
  g_assert_true (log_mentions (window, "connection refused"));

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
  RelayRunOptions options = relay_ui_test_options ();
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

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait.state = RELAY_OUTPUT_STATE_FAILED;
  g_assert_true (relay_test_wait_until (item_has_state, &wait, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (relay_ui_test_row_subtitle (window, id), _ ("failed: ")));
  g_assert_nonnull (
      strstr (relay_ui_test_row_subtitle (window, id), _ ("publish rejected by server")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);

  /* Removing it removes its key and its entry. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "remove-destination",
                                  g_variant_new_string (id));
  g_assert_null (relay_window_find_row (window, id));
  g_assert_true (relay_test_wait_until (key_gone, id, TIMEOUT_MS));
  g_assert_true (relay_test_wait_until (file_forgets, id, TIMEOUT_MS));
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

static gboolean
program_shows_stream (gpointer user_data)
{
  RelayStream *program = user_data;

  return RELAY_IS_STREAM_SOURCE (relay_stream_get_source (program));
}

static void
test_published_stream_as_source (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayStudio *studio = relay_window_get_studio (window);
  RelaySourcePicker *picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GListModel *items = relay_source_picker_get_items (picker);
  g_autoptr (RelaySource) guest_source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  FrameWait wait = { relay_window_get_preview (window), 0 };
  guint guest_position = G_MAXUINT;

  /* A stream published to Relaycast (a WHIP publish) joins the picker... */
  g_assert_nonnull (relay_studio_add_stream (studio, "guest", guest_source, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_STREAM)
        {
          g_assert_cmpstr (relay_source_item_get_title (item), ==, "guest");
          guest_position = i;
        }
    }
  g_assert_cmpuint (guest_position, !=, G_MAXUINT);

  /* ...becomes the program source, and the preview keeps painting... */
  relay_source_picker_choose (picker, guest_position);
  g_assert_true (
      relay_test_wait_until (program_shows_stream, relay_studio_get_program (studio), TIMEOUT_MS));
  wait.frames = relay_preview_get_frames_shown (wait.preview) + 10;
  g_assert_true (relay_test_wait_until (has_new_frames, &wait, TIMEOUT_MS));

  /* ...and leaves the picker when it ends. */
  g_assert_true (relay_studio_remove_stream (studio, "guest", &error));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (relay_source_item_get_kind (item), !=, RELAY_SOURCE_KIND_STREAM);
    }

  relay_ui_test_stop (application);
}

/* Hot-plug: cameras and microphones come and go through a GstDeviceProvider
 * of the test's own (tests/relay-test-device-provider.c), found by the
 * window's GstDeviceMonitor like any hardware. */

#define CAMERA_NAME           "Relaycast Test Camera"
#define MICROPHONE_NAME       "Relaycast Test Microphone"
#define MICROPHONE_NEW_NAME   "Relaycast Test Microphone (default)"
#define SPARE_NAME            "Relaycast Spare Camera"
#define SPARE_NEW_NAME        "Relaycast Spare Camera (USB 3)"
#define SPARE_MICROPHONE_NAME "Relaycast Spare Microphone"
#define CAMERA_GREEN_LEVEL    0xc0
#define CAMERA_GREEN          (0xff000000 | CAMERA_GREEN_LEVEL << 8)
#define SPARE_BLUE            0xff0000c0
/* the 4:3 camera is pillarboxed in the 16:9 program, and the ball covers a little */
#define CAMERA_SHARE 0.6
/* a sine at this volume is about -5 dBFS RMS, the test pattern's tone -15 */
#define MICROPHONE_VOLUME 0.8
#define MICROPHONE_RMS_DB -8.0

/* Returns: the position of the camera called @title in the picker, or G_MAXUINT */
static guint
find_camera (GListModel *items, const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_CAMERA
          && g_strcmp0 (relay_source_item_get_title (item), title) == 0)
        return i;
    }
  return G_MAXUINT;
}

static guint
count_cameras (GListModel *items)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      count += relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_CAMERA;
    }
  return count;
}

/* Returns: the position of @name in the microphone drop-down, or G_MAXUINT */
static guint
find_microphone (GtkDropDown *dropdown, const char *name)
{
  GListModel *names = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
        return i;
    }
  return G_MAXUINT;
}

typedef struct
{
  RelaySourcePicker *picker;
  GtkDropDown *microphones;
  RelayStream *program;
  /* what the step waits for */
  const char *camera_listed;
  const char *camera_gone;
  const char *microphone_listed;
  const char *microphone_gone;
  GstDevice *camera_on_air;
  GstDevice *microphone_on_air;
  gboolean no_source;
  double rms_db;
} HotplugWait;

static gboolean
hotplug_done (gpointer user_data)
{
  HotplugWait *wait = user_data;
  GListModel *items = relay_source_picker_get_items (wait->picker);
  RelaySource *source = relay_stream_get_source (wait->program);
  g_autoptr (GstDevice) camera = NULL;
  g_autoptr (GstDevice) microphone = NULL;

  if (RELAY_IS_CAMERA_SOURCE (source))
    g_object_get (source, "camera", &camera, "microphone", &microphone, NULL);

  return (wait->camera_listed == NULL || find_camera (items, wait->camera_listed) != G_MAXUINT)
         && (wait->camera_gone == NULL || find_camera (items, wait->camera_gone) == G_MAXUINT)
         && (wait->microphone_listed == NULL
             || find_microphone (wait->microphones, wait->microphone_listed) != G_MAXUINT)
         && (wait->microphone_gone == NULL
             || find_microphone (wait->microphones, wait->microphone_gone) == G_MAXUINT)
         && (wait->camera_on_air == NULL || camera == wait->camera_on_air)
         && (wait->microphone_on_air == NULL || microphone == wait->microphone_on_air)
         && (!wait->no_source || source == NULL);
}

/* Clears what the last step waited for. */
static void
hotplug_wait_reset (HotplugWait *wait)
{
  wait->camera_listed = wait->camera_gone = NULL;
  wait->microphone_listed = wait->microphone_gone = NULL;
  wait->camera_on_air = wait->microphone_on_air = NULL;
  wait->no_source = FALSE;
}

static void
on_program_level (RelayStream *program, double rms_db, double peak_db, HotplugWait *wait)
{
  wait->rms_db = rms_db;
}

static gboolean
microphone_heard (gpointer user_data)
{
  HotplugWait *wait = user_data;

  return wait->rms_db > MICROPHONE_RMS_DB;
}

/* The share of the preview's picture (sampled) with neither red nor blue and
 * about this much green: the test camera's background, or black. Red and
 * blue are alike here, whatever the byte order of the download. */
static double
share_of_green (RelayPreview *preview, int green)
{
  int width, height;
  g_autofree guchar *pixels = download_frame (preview, &width, &height);
  guint close = 0, sampled = 0;

  for (int y = 0; y < height; y += 8)
    for (int x = 0; x < width; x += 8)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        close += p[0] < 48 && p[2] < 48 && ABS (p[1] - green) < 48;
        sampled++;
      }
  return (double) close / sampled;
}

static gboolean G_GNUC_PRINTF (2, 3)
    log_mentions_printf (RelayWindow *window, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return log_mentions (window, text);
}

static void
wait_for_frames (RelayPreview *preview, guint count)
{
  FrameWait wait = { preview, relay_preview_get_frames_shown (preview) + count };

  g_assert_true (relay_test_wait_until (has_new_frames, &wait, TIMEOUT_MS));
}

static void
test_camera_hotplug (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayStudio *studio = relay_window_get_studio (window);
  RelayPreview *preview = relay_window_get_preview (window);
  RelaySourcePicker *picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GListModel *items = relay_source_picker_get_items (picker);
  GtkDropDown *microphones = GTK_DROP_DOWN (gtk_widget_get_template_child (
      GTK_WIDGET (picker), RELAY_TYPE_SOURCE_PICKER, "microphone_dropdown"));
  GtkLabel *source_label = GTK_LABEL (gtk_widget_get_template_child (
      GTK_WIDGET (picker), RELAY_TYPE_SOURCE_PICKER, "source_label"));
  HotplugWait wait = { picker, microphones, relay_studio_get_program (studio) };
  g_autoptr (GstDevice) camera = NULL;
  g_autoptr (GstDevice) microphone = NULL;
  g_autoptr (GstDevice) spare = NULL;
  g_autoptr (GstDevice) spare_renamed = NULL;
  g_autoptr (GstDevice) spare_microphone = NULL;
  g_autoptr (GstDevice) microphone_renamed = NULL;
  RelaySource *on_air;
  g_autoptr (GstDevice) camera_again = NULL;

  g_signal_connect (wait.program, "audio-level", G_CALLBACK (on_program_level), &wait);
  wait_for_frames (preview, 5);
  g_assert_cmpuint (count_cameras (items), ==, 0);

  /* Plugged in while the window is open, they are offered at once. */
  camera = relay_test_device_provider_plug_camera (CAMERA_NAME, CAMERA_GREEN);
  spare_microphone = relay_test_device_provider_plug_microphone (SPARE_MICROPHONE_NAME, 0.1);
  microphone = relay_test_device_provider_plug_microphone (MICROPHONE_NAME, MICROPHONE_VOLUME);
  wait.camera_listed = CAMERA_NAME;
  wait.microphone_listed = MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 1);

  /* The camera with that microphone goes on air: its picture in the preview,
   * its sound in the program. */
  hotplug_wait_reset (&wait);
  gtk_drop_down_set_selected (microphones, find_microphone (microphones, MICROPHONE_NAME));
  relay_source_picker_choose (picker, find_camera (items, CAMERA_NAME));
  wait.camera_on_air = camera;
  wait.microphone_on_air = microphone;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_label (source_label), ==, CAMERA_NAME);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (microphones)));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);
  g_assert_true (relay_test_wait_until (microphone_heard, &wait, TIMEOUT_MS));

  on_air = relay_stream_get_source (wait.program);

  /* A device that changes is listed once, under its new name, and leaves when
   * its new version is unplugged; the camera on air is not disturbed. */
  spare = relay_test_device_provider_plug_camera (SPARE_NAME, SPARE_BLUE);
  hotplug_wait_reset (&wait);
  wait.camera_listed = SPARE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  spare_renamed = relay_test_device_provider_rename (spare, SPARE_NEW_NAME);
  wait.camera_listed = SPARE_NEW_NAME;
  wait.camera_gone = SPARE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 2);
  relay_test_device_provider_unplug (spare_renamed);
  hotplug_wait_reset (&wait);
  wait.camera_gone = SPARE_NEW_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 1);

  /* A microphone listed before the chosen one leaves: the chosen one stays
   * chosen, though its place in the list changed. */
  relay_test_device_provider_unplug (spare_microphone);
  hotplug_wait_reset (&wait);
  wait.microphone_gone = SPARE_MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==,
                    find_microphone (microphones, MICROPHONE_NAME));

  /* The microphone on air changes (another default, say): it stays chosen
   * under its new name. */
  microphone_renamed = relay_test_device_provider_rename (microphone, MICROPHONE_NEW_NAME);
  hotplug_wait_reset (&wait);
  wait.microphone_listed = MICROPHONE_NEW_NAME;
  wait.microphone_gone = MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==,
                    find_microphone (microphones, MICROPHONE_NEW_NAME));

  /* None of this touched the program. */
  g_assert_true (relay_stream_get_source (wait.program) == on_air);
  g_assert_false (log_mentions (window, SPARE_NAME));
  g_assert_false (log_mentions (window, SPARE_MICROPHONE_NAME));

  /* The microphone on air unplugged, in its new version: the camera goes on
   * with the default one, said so. */
  relay_test_device_provider_unplug (microphone_renamed);
  hotplug_wait_reset (&wait);
  wait.microphone_gone = MICROPHONE_NEW_NAME;
  wait.camera_on_air = camera;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  {
    g_autoptr (GstDevice) now_microphone = NULL;

    g_object_get (relay_stream_get_source (wait.program), "microphone", &now_microphone, NULL);
    g_assert_null (now_microphone);
  }
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==, 0);
  g_assert_true (log_mentions_printf (
      window, _ ("The microphone “%s” was disconnected; the camera goes on with the default one"),
      MICROPHONE_NEW_NAME));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);

  /* The camera on air unplugged: it leaves the list, the program goes to black
   * and silence, said so, and the preview keeps painting. */
  relay_test_device_provider_unplug (camera);
  hotplug_wait_reset (&wait);
  wait.camera_gone = CAMERA_NAME;
  wait.no_source = TRUE;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 0);
  g_assert_true (log_mentions_printf (window, _ ("The camera “%s” was disconnected"), CAMERA_NAME));
  g_assert_cmpstr (gtk_label_get_label (source_label), ==, _ ("No Source"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (microphones)));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, 0), >, 0.95);

  /* Plugged in again, it is offered again and goes back on air. */
  camera_again = relay_test_device_provider_plug_camera (CAMERA_NAME, CAMERA_GREEN);
  hotplug_wait_reset (&wait);
  wait.camera_listed = CAMERA_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  relay_source_picker_choose (picker, find_camera (items, CAMERA_NAME));
  wait.camera_on_air = camera_again;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);

  g_signal_handlers_disconnect_by_data (wait.program, &wait);
  relay_test_device_provider_unplug (camera_again);
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
  RelayRunOptions options = relay_ui_test_options ();
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
  guint attempts, retry_delay_s;

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

  /* Reconnection settings apply to destinations added afterwards. */
  g_settings_set_uint (settings, "retry-attempts", 7);
  g_settings_set_uint (settings, "retry-delay", 4);
  relay_ui_test_wait_loaded (window);
  add_rtmp_destination (window, "Closed port", "rtmp://127.0.0.1:1/live", "prefs-key-1234");
  destination = only_destination (application);
  g_object_get (destination, "attempts", &attempts, "retry-delay", &retry_delay_s, NULL);
  g_assert_cmpuint (attempts, ==, 7);
  g_assert_cmpuint (retry_delay_s, ==, 4);

  /* ...and to its output once it starts. */
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
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* This process's session bus is one where nothing answers. */
  bus = g_strdup_printf ("unix:path=%s/no-bus", g_get_tmp_dir ());
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
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
  g_assert_true (log_mentions (window, gtk_label_get_text (banner_label)));

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
    FrameWait wait = { relay_window_get_preview (window), 5 };

    g_assert_true (relay_test_wait_until (has_new_frames, &wait, TIMEOUT_MS));
  }

  relay_ui_test_stop (application);
}

/* Every platform has its own icon, from the application's resources. */
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
      g_assert_true (g_str_has_prefix (uri, "resource:///io/github/relaycast/Relaycast/icons/"));
      g_assert_true (gtk_icon_paintable_is_symbolic (icon));
      g_hash_table_add (icons, (gpointer) providers[i].icon_name);
    }
  /* one per platform family: Twitch's two protocols share theirs */
  g_assert_cmpuint (g_hash_table_size (icons), ==, n_providers - 1);

  relay_ui_test_stop (application);
}

/* The shown button under @root that activates @action. */
static GtkWidget *
shown_button (GtkWidget *root, const char *action)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = shown_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
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

  server = relay_test_rtmp_server_start_on (port);
  g_action_group_activate_action (G_ACTION_GROUP (window), "retry-destination",
                                  g_variant_new_string ("out1"));
  wait.state = RELAY_OUTPUT_STATE_LIVE;
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));
  g_assert_true (relay_destination_item_get_output (item) == output);
  g_assert_null (shown_button (relay_window_find_row (window, "out1"), "win.retry-destination"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  relay_ui_test_stop (application);
}

typedef struct
{
  RelayWindow *window;
  const char *text;
} LoggedWait;

static gboolean
logged (gpointer user_data)
{
  LoggedWait *wait = user_data;

  return log_mentions (wait->window, wait->text);
}

/* The label under @root (shown or not, as in a closed popover) that reads @text */
static GtkWidget *
label_anywhere (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = label_anywhere (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the picker's row for @title carries the on-air mark */
static gboolean
marked_current (RelayWindow *window, const char *title)
{
  GtkWidget *picker = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GtkWidget *label = label_anywhere (picker, title);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (gtk_widget_get_last_child (gtk_widget_get_parent (label)));
}

/* A file that ends says so, by the file's name, and what to do about it. */
static void
test_file_end_said (void)
{
  g_autofree char *folder = g_dir_make_tmp ("relaycast-file-end-XXXXXX", NULL);
  g_autofree char *clip = g_build_filename (folder, "short clip.mkv", NULL);
  const char *argv[] = { "ffmpeg",
                         "-v",
                         "error",
                         "-f",
                         "lavfi",
                         "-i",
                         "testsrc=duration=1:size=320x240:rate=30",
                         "-f",
                         "lavfi",
                         "-i",
                         "sine=duration=1",
                         "-c:v",
                         "libx264",
                         "-c:a",
                         "aac",
                         "-shortest",
                         clip,
                         NULL };
  g_autofree char *made = relay_test_command_output (argv);
  g_autofree char *ended = g_strdup_printf (
      _ ("“%s” ended: the program is black until you choose a source"), "short clip.mkv");
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GError) error = NULL;
  RelayApplication *application;
  RelayWindow *window;
  LoggedWait wait;

  g_assert_nonnull (made);
  application = relay_ui_test_start (&options, &window);
  /* the picker marks what is on air: the test pattern, then the file */
  g_assert_true (marked_current (window, _ ("Test Pattern")));
  g_assert_false (marked_current (window, _ ("Video File…")));
  source = relay_source_new_for_spec (clip, &error);
  g_assert_no_error (error);
  g_assert_true (relay_window_set_source (window, source, &error));
  wait = (LoggedWait){ window, ended };
  g_assert_true (relay_test_wait_until (logged, &wait, TIMEOUT_MS));
  g_assert_false (marked_current (window, _ ("Test Pattern")));
  g_assert_true (marked_current (window, _ ("Video File…")));

  relay_ui_test_stop (application);
  g_remove (clip);
  g_rmdir (folder);
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
  relay_test_device_provider_register ();

  g_test_add_func ("/window/preview-paints", test_preview_paints);
  g_test_add_func ("/window/go-live", test_go_live);
  g_test_add_func ("/window/on-air-summary", test_on_air_summary);
  g_test_add_func ("/window/file-end-said", test_file_end_said);
  g_test_add_func ("/window/retry-failed-destination", test_retry_failed_destination);
  g_test_add_func ("/window/keys-of-any-shape", test_keys_of_any_shape);
  g_test_add_func ("/window/destination-dialog", test_destination_dialog);
  g_test_add_func ("/window/saved-destination", test_saved_destination);
  g_test_add_func ("/window/no-secret-service", test_no_secret_service);
  g_test_add_func ("/window/damaged-destinations", test_damaged_destinations);
  g_test_add_func ("/window/provider-icons", test_provider_icons);
  g_test_add_func ("/window/api-restream-listed", test_api_restream_listed);
  g_test_add_func ("/window/published-stream-as-source", test_published_stream_as_source);
  g_test_add_func ("/window/camera-hotplug", test_camera_hotplug);
  g_test_add_func ("/window/preferences-apply", test_preferences_apply);

  return g_test_run ();
}
