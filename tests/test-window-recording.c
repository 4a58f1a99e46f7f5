/* test-window-recording.c: a "Recording" destination added through the
 * destination dialog (its folder, its container, its test), shown in the
 * window with its icon, records a new file in its folder when the window
 * goes live and finalises it at End; editing it shows what was saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/outputs/relay-file-output.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-folder-row.h"
#include "ui/relay-output-row.h"

#define TIMEOUT_MS 30000

static gpointer
dialog_child (gpointer dialog, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), RELAY_TYPE_DESTINATION_DIALOG, name);
}

static gboolean
shown (gpointer dialog, const char *name)
{
  return gtk_widget_get_visible (dialog_child (dialog, name));
}

static gboolean
dialog_closed (gpointer user_data)
{
  return relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG) == NULL;
}

static gboolean
test_answered (gpointer row)
{
  return gtk_widget_has_css_class (row, "success") || gtk_widget_has_css_class (row, "error");
}

/* Clicks Test and waits for its answer; TRUE when it succeeded. */
static gboolean
run_test (gpointer dialog)
{
  AdwActionRow *test_row = dialog_child (dialog, "test_row");

  g_assert_false (test_answered (test_row));
  g_signal_emit_by_name (dialog_child (dialog, "test_button"), "clicked");
  g_assert_true (relay_test_wait_until (test_answered, test_row, TIMEOUT_MS));
  return gtk_widget_has_css_class (GTK_WIDGET (test_row), "success");
}

static const RelayProvider *
recording_preset (void)
{
  return relay_provider_lookup ("recording", RELAY_DESTINATION_KIND_RECORDING);
}

/* The image and the label the service row shows for the chosen service */
static void
assert_service_shown (gpointer dialog, const char *icon_name, const char *name)
{
  GtkWidget *provider_row = dialog_child (dialog, "provider_row");
  GtkLabel *label = relay_ui_test_find_label (provider_row, name);
  GtkWidget *image;

  g_assert_nonnull (label);
  image = gtk_widget_get_prev_sibling (GTK_WIDGET (label));
  g_assert_true (GTK_IS_IMAGE (image));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, icon_name);
}

typedef struct
{
  RelayApplication *application;
  const char *id;
} OutputWait;

/* The studio let the output go: its recording is finalised. */
static gboolean
output_gone (gpointer user_data)
{
  OutputWait *wait = user_data;

  return relay_studio_lookup_output (relay_application_get_studio (wait->application), wait->id)
         == NULL;
}

static gboolean
recorded_two_seconds (gpointer item)
{
  RelayOutput *output = relay_destination_item_get_output (item);

  return output != NULL && relay_output_get_state (output) == RELAY_OUTPUT_STATE_LIVE
         && relay_output_get_uptime_us (output) >= 2 * G_USEC_PER_SEC;
}

static guint
count_files (const char *folder, char **only)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      n++;
      g_free (*only);
      *only = g_build_filename (folder, name, NULL);
    }
  return n;
}

static void
remove_folder (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* Fills the dialog for a recording in @folder, in MP4, checking what it
 * shows on the way, and saves it. */
static void
add_recording (RelayWindow *window, const char *folder)
{
  g_autofree char *missing = g_build_filename (folder, "missing", NULL);
  g_autofree char *videos = relay_file_output_get_recordings_folder ();
  g_autofree char *expected = NULL;
  gpointer dialog;
  AdwActionRow *test_row;

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  relay_destination_dialog_set_provider (dialog, recording_preset ());
  assert_service_shown (dialog, "media-record-symbolic", _ ("Recording"));

  /* a folder and a container; no server, no key */
  g_assert_true (shown (dialog, "folder_row"));
  g_assert_true (shown (dialog, "container_row"));
  g_assert_true (shown (dialog, "container_hint_label"));
  g_assert_false (shown (dialog, "server_row"));
  g_assert_false (shown (dialog, "stream_name_row"));
  g_assert_false (shown (dialog, "key_row"));
  g_assert_false (shown (dialog, "saved_key_row"));
  g_assert_cmpstr (relay_folder_row_get_folder (dialog_child (dialog, "folder_row")), ==, videos);
  g_assert_cmpstr (adw_action_row_get_subtitle (dialog_child (dialog, "folder_row")), ==, videos);
  g_assert_cmpuint (adw_combo_row_get_selected (dialog_child (dialog, "container_row")), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (dialog_child (dialog, "name_row")), ==, _ ("Recording"));

  /* mistakes show as they are typed, once Save was tried */
  gtk_editable_set_text (dialog_child (dialog, "name_row"), "");
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (shown (dialog, "error_label"));
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "name_row"), "error"));
  gtk_editable_set_text (dialog_child (dialog, "name_row"), "Archive");
  g_assert_false (shown (dialog, "error_label"));

  /* the test checks the folder */
  test_row = dialog_child (dialog, "test_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (test_row), ==,
                   _ ("Checks that the folder can be written to"));
  g_object_set (dialog_child (dialog, "folder_row"), "folder", missing, NULL);
  g_assert_false (run_test (dialog));
  expected = g_strdup_printf (_ ("The folder “%s” does not exist"), missing);
  g_assert_cmpstr (adw_action_row_get_subtitle (test_row), ==, expected);

  g_object_set (dialog_child (dialog, "folder_row"), "folder", folder, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (dialog_child (dialog, "folder_row")), ==, folder);
  g_assert_true (run_test (dialog));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf (_ ("The folder “%s” can be written to"), folder);
  g_assert_cmpstr (adw_action_row_get_subtitle (test_row), ==, expected);

  adw_combo_row_set_selected (dialog_child (dialog, "container_row"), 1);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));
}

static void
test_recording_destination (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("relaycast-window-recordings-XXXXXX", &error);
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  GListModel *store;
  g_autoptr (RelayDestination) destination = NULL;
  RelayDestinationItem *item;
  GtkWidget *row;
  GtkImage *icon;
  g_autofree char *recording = NULL;
  g_autofree char *probed = NULL;
  g_autofree char *name = NULL;
  gpointer dialog;
  OutputWait gone;

  g_assert_no_error (error);
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  add_recording (window, folder);

  /* saved: a folder and a container, no key */
  store = G_LIST_MODEL (relay_application_get_destination_store (application));
  g_assert_cmpuint (g_list_model_get_n_items (store), ==, 1);
  destination = g_list_model_get_item (store, 0);
  g_assert_cmpint (relay_destination_get_kind (destination), ==, RELAY_DESTINATION_KIND_RECORDING);
  g_assert_cmpstr (relay_destination_get_folder (destination), ==, folder);
  g_assert_cmpstr (relay_destination_get_container (destination), ==, "mp4");
  g_assert_null (relay_destination_get_server_url (destination));

  /* its row: the name, the recording icon, "Recording" for people */
  item = relay_window_lookup_destination (window, relay_destination_get_id (destination));
  g_assert_nonnull (item);
  g_assert_cmpstr (relay_destination_item_get_label (item), ==, "Archive");
  row = relay_window_find_row (window, relay_destination_get_id (destination));
  g_assert_nonnull (row);
  icon = GTK_IMAGE (gtk_widget_get_template_child (row, RELAY_TYPE_OUTPUT_ROW, "provider_icon"));
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "media-record-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (icon)), ==, _ ("Recording"));
  g_assert_cmpuint (count_files (folder, &name), ==, 0);

  /* Go Live records; End finalises one file */
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (recorded_two_seconds, item, TIMEOUT_MS));
  g_assert_cmpstr (relay_ui_test_row_subtitle (window, relay_destination_get_id (destination)), ==,
                   _ ("live"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  gone = (OutputWait){ application, relay_destination_get_id (destination) };
  g_assert_true (relay_test_wait_until (output_gone, &gone, TIMEOUT_MS));
  g_assert_cmpuint (count_files (folder, &recording), ==, 1);
  g_assert_true (g_regex_match_simple ("/relaycast-[0-9]{8}-[0-9]{6}\\.mp4$", recording, 0, 0));
  probed = relay_test_probe (recording);
  g_test_message ("%s: %s", recording, probed);
  g_assert_cmpuint (relay_test_frames_of (probed, "video"), >=, 50);
  g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >=, 60);

  /* editing shows what was saved */
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-destination",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  assert_service_shown (dialog, "media-record-symbolic", _ ("Recording"));
  g_assert_cmpstr (relay_folder_row_get_folder (dialog_child (dialog, "folder_row")), ==, folder);
  g_assert_cmpuint (adw_combo_row_get_selected (dialog_child (dialog, "container_row")), ==, 1);
  g_assert_false (shown (dialog, "saved_key_row"));
  g_assert_false (shown (dialog, "key_row"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  relay_ui_test_stop (application);
  remove_folder (folder);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/recording-destination", test_recording_destination);

  return g_test_run ();
}
