/* test-recording-destination.c: a saved "Recording" destination: its folder
 * and container round-trip through destinations.json, a container it does not
 * know is refused, each start records a new file (never replacing one, even
 * in the same second, nor on a restart), the files play, and a folder that is
 * missing or cannot be written to fails that destination alone, naming it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <unistd.h>

#include "core/config/relay-destination.h"
#include "core/media/relay-test-source.h"
#include "core/outputs/relay-file-output.h"
#include "core/outputs/relay-output-private.h"
#include "core/relay-error.h"
#include "core/relay-studio.h"
#include "relay-test-util.h"

#define TIMEOUT_MS 20000

static char *
make_folder (void)
{
  g_autoptr (GError) error = NULL;
  char *folder = g_dir_make_tmp ("relaycast-recordings-XXXXXX", &error);

  g_assert_no_error (error);
  return folder;
}

static void
remove_folder (const char *folder)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_chmod (folder, 0700);
  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* The names in @folder, sorted */
static GStrv
list_folder (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  const char *name;
  GStrv list;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_strv_builder_add (names, name);
  list = g_strv_builder_end (names);
  qsort (list, g_strv_length (list), sizeof (char *), (GCompareFunc) g_strcmp0);
  return list;
}

static RelayDestination *
recording_with_id (const char *id, const char *folder, const char *container)
{
  RelayDestination *destination =
      relay_destination_new (id, "recording", RELAY_DESTINATION_KIND_RECORDING);

  g_object_set (destination, "name", "Archive", "folder", folder, "container", container, NULL);
  return destination;
}

static RelayDestination *
recording (const char *folder, const char *container)
{
  return recording_with_id ("rec", folder, container);
}

static RelayOutput *
create_output (RelayDestination *destination, GError **error)
{
  return relay_destination_create_output (destination, NULL, NULL, NULL, error);
}

static void
test_json_round_trip (void)
{
  g_autoptr (RelayDestination) destination = recording ("/srv/shows", "mp4");
  g_autoptr (JsonNode) node = relay_destination_to_json (destination);
  JsonObject *object = json_node_get_object (node);
  g_autoptr (RelayDestination) loaded = NULL;
  g_autoptr (RelayDestination) defaults = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "recording");
  g_assert_cmpstr (json_object_get_string_member (object, "provider"), ==, "recording");
  g_assert_cmpstr (json_object_get_string_member (object, "folder"), ==, "/srv/shows");
  g_assert_cmpstr (json_object_get_string_member (object, "container"), ==, "mp4");
  g_assert_false (json_object_has_member (object, "server-url"));

  loaded = relay_destination_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (relay_destination_get_kind (loaded), ==, RELAY_DESTINATION_KIND_RECORDING);
  g_assert_cmpstr (relay_destination_get_folder (loaded), ==, "/srv/shows");
  g_assert_cmpstr (relay_destination_get_container (loaded), ==, "mp4");
  g_assert_cmpstr (relay_destination_get_name (loaded), ==, "Archive");
  g_assert_true (relay_destination_validate (loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (relay_destination_get_preset (loaded)->icon_name, ==, "media-record-symbolic");

  /* neither saved: the videos folder, Matroska */
  parsed = json_from_string ("{\"id\": \"r2\", \"kind\": \"recording\", \"provider\": "
                             "\"recording\"}",
                             &error);
  g_assert_no_error (error);
  defaults = relay_destination_new_from_json (json_node_get_object (parsed), &error);
  g_assert_no_error (error);
  g_assert_null (relay_destination_get_folder (defaults));
  g_assert_null (relay_destination_get_container (defaults));
  g_assert_true (relay_destination_validate (defaults, &error));
  g_assert_no_error (error);
}

static void
test_refused (void)
{
  g_autoptr (RelayDestination) avi = recording ("/srv/shows", "avi");
  g_autoptr (RelayDestination) relative = recording ("Videos", "mkv");
  g_autoptr (RelayDestination) with_server = recording ("/srv/shows", NULL);
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (relay_destination_validate (avi, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Destination “Archive” (rec): Unknown container “avi”: use one of mkv, mp4, "
                   "flv");
  g_clear_error (&error);
  output = create_output (avi, &error);
  g_assert_null (output);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (relay_destination_validate (relative, &error));
  g_assert_nonnull (strstr (error->message, "“Videos” is not an absolute path"));
  g_clear_error (&error);

  g_object_set (with_server, "server-url", "rtmp://127.0.0.1/live", NULL);
  g_assert_false (relay_destination_validate (with_server, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* a kind this version does not know is named with those it does */
  parsed =
      json_from_string ("{\"id\": \"x\", \"kind\": \"tape\", \"provider\": \"recording\"}", &error);
  g_assert_no_error (error);
  g_assert_null (relay_destination_new_from_json (json_node_get_object (parsed), &error));
  g_assert_nonnull (strstr (error->message, "rtmp, whip, recording"));
}

/* Two outputs made in the same second have files of their own; unstarted,
 * they leave nothing behind. */
static void
test_new_file_each_time (void)
{
  g_autofree char *folder = make_folder ();
  g_autoptr (RelayDestination) destination = recording (folder, "flv");
  g_autoptr (GError) error = NULL;
  RelayOutput *first = create_output (destination, &error);
  RelayOutput *second = NULL;
  g_auto (GStrv) names = NULL;
  const char *first_path, *second_path;

  g_assert_no_error (error);
  second = create_output (destination, &error);
  g_assert_no_error (error);
  first_path = relay_file_output_get_path (RELAY_FILE_OUTPUT (first));
  second_path = relay_file_output_get_path (RELAY_FILE_OUTPUT (second));
  g_assert_cmpstr (first_path, !=, second_path);
  g_assert_true (g_file_test (first_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (second_path, G_FILE_TEST_IS_REGULAR));

  names = list_folder (folder);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *dirname = g_path_get_dirname (i == 0 ? first_path : second_path);

      g_assert_cmpstr (dirname, ==, folder);
      g_assert_true (
          g_regex_match_simple ("^relaycast-[0-9]{8}-[0-9]{6}(-[0-9]+)?\\.flv$", names[i], 0, 0));
    }
  /* the same second: the later one is "-2" */
  if (strlen (names[0]) != strlen (names[1]))
    g_assert_true (
        g_str_has_suffix (strlen (names[0]) > strlen (names[1]) ? names[0] : names[1], "-2.flv"));

  g_object_unref (first);
  g_object_unref (second);
  g_clear_pointer (&names, g_strfreev);
  names = list_folder (folder);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  remove_folder (folder);
}

static void
test_unusable_folder (void)
{
  g_autofree char *parent = make_folder ();
  g_autofree char *missing = g_build_filename (parent, "gone", NULL);
  g_autoptr (RelayDestination) destination = recording (missing, NULL);
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;

  output = create_output (destination, &error);
  g_assert_null (output);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND);
  expected =
      g_strdup_printf ("Destination “Archive” (rec): The folder “%s” does not exist", missing);
  g_assert_cmpstr (error->message, ==, expected);
  /* a folder the user chose is never made for them */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_object_set (destination, "folder", parent, NULL);
  g_assert_cmpint (g_chmod (parent, 0500), ==, 0);
  if (access (parent, W_OK) == 0)
    g_test_message ("a read-only folder is writable here (root): not checked");
  else
    {
      output = create_output (destination, &error);
      g_assert_null (output);
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_FAILED);
      g_clear_pointer (&expected, g_free);
      expected = g_strdup_printf (
          "Destination “Archive” (rec): The folder “%s” cannot be written to", parent);
      g_assert_cmpstr (error->message, ==, expected);
    }
  remove_folder (parent);
}

static gboolean
recorded_two_seconds (gpointer output)
{
  return relay_output_get_state (output) == RELAY_OUTPUT_STATE_LIVE
         && relay_output_get_uptime_us (output) >= 2 * G_USEC_PER_SEC;
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  if (RELAY_IS_STUDIO (source))
    g_assert_true (relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL));
  else
    g_assert_true (relay_output_stop_finish (RELAY_OUTPUT (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
assert_plays (const char *path)
{
  g_autofree char *probed = relay_test_probe (path);
  g_autofree char *one_line = g_strdelimit (g_strstrip (g_strdup (probed)), "\n", ' ');

  g_test_message ("%s: %s", path, one_line);
  /* two seconds at 30 frames per second, and about as much audio (AAC frames
   * are 1024 samples: 47 a second at 48 kHz) */
  g_assert_cmpuint (relay_test_frames_of (probed, "video"), >=, 50);
  g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >=, 60);
}

/* Every container records the program; a folder gone before the start fails
 * its destination alone, and a restart goes on in a new file. */
static void
test_record (void)
{
  static const char *const containers[] = { "mkv", "mp4", "flv" };
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autofree char *folder = make_folder ();
  g_autofree char *doomed = make_folder ();
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (RelayDestination) broken = recording (doomed, NULL);
  g_autoptr (RelayOutput) failing = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *expected = NULL;
  RelayTestStateWait failed;
  RelayOutput *output;
  gboolean done = FALSE;

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      g_autoptr (RelayDestination) destination =
          recording_with_id (containers[i], folder, containers[i]);

      output = create_output (destination, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (relay_file_output_get_path (RELAY_FILE_OUTPUT (output)),
                                       containers[i]));
      g_assert_true (relay_studio_add_output (studio, output, &error));
      g_ptr_array_add (outputs, output);
    }

  /* its folder goes between the output's making and its start */
  failing = create_output (broken, &error);
  g_assert_no_error (error);
  remove_folder (doomed);
  g_assert_true (relay_studio_add_output (studio, failing, &error));
  failed = (RelayTestStateWait){ failing, RELAY_OUTPUT_STATE_FAILED };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &failed, TIMEOUT_MS));
  expected = g_strdup_printf ("The folder “%s” does not exist", doomed);
  g_assert_cmpstr (relay_output_get_last_error (failing), ==, expected);

  for (guint i = 0; i < outputs->len; i++)
    g_assert_true (relay_test_wait_until (recorded_two_seconds, outputs->pdata[i], TIMEOUT_MS));

  /* the Matroska one stops, then starts again: its first file stays */
  output = outputs->pdata[0];
  first_path = g_strdup (relay_file_output_get_path (RELAY_FILE_OUTPUT (output)));
  relay_output_stop_async (output, on_done, &done);
  g_assert_true (relay_test_wait_until (is_true, &done, TIMEOUT_MS));
  relay_studio_restart_output (studio, output);
  g_assert_true (relay_test_wait_until (recorded_two_seconds, output, TIMEOUT_MS));
  g_assert_cmpstr (relay_file_output_get_path (RELAY_FILE_OUTPUT (output)), !=, first_path);
  g_assert_true (
      g_str_has_suffix (relay_file_output_get_path (RELAY_FILE_OUTPUT (output)), "-2.mkv"));

  for (guint i = 0; i < outputs->len; i++)
    {
      done = FALSE;
      relay_studio_remove_output_async (studio, outputs->pdata[i], NULL, on_done, &done);
      g_assert_true (relay_test_wait_until (is_true, &done, TIMEOUT_MS));
      assert_plays (relay_file_output_get_path (outputs->pdata[i]));
    }
  assert_plays (first_path);

  g_assert_true (relay_test_shutdown_studio (studio, TIMEOUT_MS));
  remove_folder (folder);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recording-destination/json-round-trip", test_json_round_trip);
  g_test_add_func ("/recording-destination/refused", test_refused);
  g_test_add_func ("/recording-destination/new-file-each-time", test_new_file_each_time);
  g_test_add_func ("/recording-destination/unusable-folder", test_unusable_folder);
  g_test_add_func ("/recording-destination/record", test_record);

  return g_test_run ();
}
