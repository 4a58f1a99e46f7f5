/* test-destination-store.c: destinations.json round trips keeping what this version does
 * not know, is replaced atomically, carries a schema version, and a damaged file is kept
 * aside rather than overwritten
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "core/config/relay-destination-store.h"
#include "relay-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relaycast-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "relaycast", "destinations.json", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
write_file (const char *path, const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
load (RelayDestinationStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_destination_store_load_async (store, NULL, relay_test_keep_result, &result);
  return relay_destination_store_load_finish (store, relay_test_wait_for_result (&result), error);
}

static gboolean
save (RelayDestinationStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_destination_store_save_async (store, NULL, relay_test_keep_result, &result);
  return relay_destination_store_save_finish (store, relay_test_wait_for_result (&result), error);
}

static JsonObject *
parse_object (const char *path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
member_as_json (JsonObject *object, const char *member)
{
  return json_to_string (json_object_get_member (object, member), FALSE);
}

#define WITH_UNKNOWN_FIELDS                                                                        \
  "{\n"                                                                                            \
  "  \"version\": 1,\n"                                                                            \
  "  \"window\": {\"width\": 800, \"tags\": [\"a\", null]},\n"                                     \
  "  \"destinations\": [\n"                                                                        \
  "    {\"id\": \"yt\", \"name\": \"Channel\", \"kind\": \"rtmp\", \"provider\": \"youtube\",\n"   \
  "     \"attempts\": 5, \"retry-delay\": 3, \"video\": false,\n"                                  \
  "     \"colour\": \"#ff0000\", \"schedule\": {\"days\": [1, 2]}},\n"                             \
  "    {\"id\": \"red5-1\", \"kind\": \"whip\", \"provider\": \"red5\",\n"                         \
  "     \"server-url\": \"https://red5.example.com:5080/live\", \"stream-name\": \"s1\"}\n"        \
  "  ]\n"                                                                                          \
  "}\n"

static void
test_round_trip (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestinationStore) again = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestination) added =
      relay_destination_new ("new-one", "custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) root = NULL;
  g_autofree char *window = NULL;
  g_autofree char *colour = NULL;
  g_autofree char *schedule = NULL;
  RelayDestination *yt;
  JsonArray *destinations;
  JsonObject *first;
  guint attempts;
  gboolean video;

  write_file (fixture->path, WITH_UNKNOWN_FIELDS);
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  yt = relay_destination_store_lookup (store, "yt");
  g_assert_nonnull (yt);
  g_object_get (yt, "attempts", &attempts, "video", &video, NULL);
  g_assert_cmpstr (relay_destination_get_name (yt), ==, "Channel");
  g_assert_cmpuint (attempts, ==, 5);
  g_assert_false (video);
  g_assert_cmpstr (
      relay_destination_get_stream_name (relay_destination_store_lookup (store, "red5-1")), ==,
      "s1");

  g_object_set (yt, "name", "Renamed", NULL);
  g_object_set (added, "server-url", "rtmp://127.0.0.1/live", "stream-name", "show", NULL);
  g_assert_true (relay_destination_store_add (store, added, &error));
  g_assert_true (save (store, &error));
  g_assert_no_error (error);

  root = parse_object (fixture->path);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==,
                   RELAY_DESTINATION_STORE_VERSION);
  window = member_as_json (root, "window");
  g_assert_cmpstr (window, ==, "{\"width\":800,\"tags\":[\"a\",null]}");
  destinations = json_object_get_array_member (root, "destinations");
  g_assert_cmpuint (json_array_get_length (destinations), ==, 3);
  first = json_array_get_object_element (destinations, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Renamed");
  colour = member_as_json (first, "colour");
  schedule = member_as_json (first, "schedule");
  g_assert_cmpstr (colour, ==, "\"#ff0000\"");
  g_assert_cmpstr (schedule, ==, "{\"days\":[1,2]}");

  /* and a second process reads back what the first wrote */
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  g_assert_cmpstr (relay_destination_get_name (relay_destination_store_lookup (again, "yt")), ==,
                   "Renamed");
  g_assert_cmpstr (
      relay_destination_get_server_url (relay_destination_store_lookup (again, "new-one")), ==,
      "rtmp://127.0.0.1/live");
}

/* The file is replaced by a rename, never rewritten in place: a reader holding
 * the old one (here, a hard link) still sees it whole. */
static void
test_atomic_write (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestination) destination =
      relay_destination_new ("d1", "youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autofree char *old_link = g_strconcat (fixture->path, ".old", NULL);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *old_contents = NULL;
  g_autofree char *new_contents = NULL;
  g_autoptr (GDir) dir = NULL;
  struct stat before, after;
  const char *name;
  guint n_files = 0;

  write_file (fixture->path, "{\"version\": 1, \"destinations\": []}\n");
  g_assert_true (load (store, &error));
  g_assert_cmpint (link (fixture->path, old_link), ==, 0);
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);

  g_assert_true (relay_destination_store_add (store, destination, &error));
  g_assert_true (save (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  /* only its owner may read it */
  g_assert_cmpuint (after.st_mode & 0777, ==, 0600);
  old_contents = read_file (old_link);
  g_assert_cmpstr (old_contents, ==, "{\"version\": 1, \"destinations\": []}\n");
  new_contents = read_file (fixture->path);
  g_assert_nonnull (strstr (new_contents, "\"d1\""));

  /* no temporary file is left behind */
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_test_message ("%s", name);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);
}

/* Saves started in a row land in order: the last state wins. */
static void
test_saves_in_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestinationStore) again = relay_destination_store_new (fixture->path);
  g_autoptr (GError) error = NULL;
  GAsyncResult *results[5] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *id = g_strdup_printf ("d%u", i);
      g_autoptr (RelayDestination) destination =
          relay_destination_new (id, "youtube", RELAY_DESTINATION_KIND_RTMP);

      g_assert_true (relay_destination_store_add (store, destination, &error));
      relay_destination_store_save_async (store, NULL, relay_test_keep_result, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_true (relay_destination_store_save_finish (
          store, relay_test_wait_for_result (&results[i]), &error));
      g_clear_object (&results[i]);
    }

  g_assert_true (load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 5);
}

static void
test_missing_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (GError) error = NULL;

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

/* A file from a newer Relaycast is neither read nor written over. */
static void
test_newer_schema (Fixture *fixture, gconstpointer data)
{
  const char *newer = "{\"version\": 2, \"destinations\": [{\"id\": \"x\", \"provider\": \"y\", "
                      "\"new-shape\": true}]}\n";
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestination) destination =
      relay_destination_new ("d1", "youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autofree char *after = NULL;

  write_file (fixture->path, newer);
  g_assert_false (load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "newer Relaycast (schema version 2"));
  g_clear_error (&error);

  g_assert_true (relay_destination_store_add (store, destination, &error));
  g_assert_false (save (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, newer);
}

static char *
find_backup (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".broken-", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        {
          g_assert_null (found);
          found = g_build_filename (folder, name, NULL);
        }
    }
  return found;
}

typedef struct
{
  const char *contents;
  const char *problem;
} Damaged;

static const Damaged truncated = {
  "{\"version\": 1, \"destinations\": [{\"id\": \"yt\", \"provider\": \"you", "Parse error"
};
static const Damaged no_version = { "{\"destinations\": []}", "no schema “version”" };
static const Damaged wrong_type = {
  "{\"version\": 1, \"destinations\": [{\"id\": \"yt\", \"provider\": \"youtube\", "
  "\"attempts\": \"three\"}]}",
  "“attempts” must be a whole number"
};
static const Damaged same_id = {
  "{\"version\": 1, \"destinations\": [{\"id\": \"a\", \"provider\": \"youtube\"}, "
  "{\"id\": \"a\", \"provider\": \"twitch\"}]}",
  "two destinations have the id “a”"
};
static const Damaged not_json = { "\x01\x02 binary", "Parse error" };
static const Damaged blank = { " \n", "not a JSON object" };

/* A damaged file gives an error naming it and the problem, and is kept aside
 * byte for byte; the next save starts a new file and leaves the backup alone. */
static void
test_damaged (Fixture *fixture, gconstpointer data)
{
  const Damaged *damaged = data;
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestination) destination =
      relay_destination_new ("fresh", "youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_after_save = NULL;

  write_file (fixture->path, damaged->contents);
  g_assert_false (load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, damaged->problem));

  backup = find_backup (fixture->path);
  g_assert_nonnull (backup);
  g_assert_nonnull (strstr (error->message, backup));
  g_assert_true (g_regex_match_simple ("\\.broken-\\d{8}-\\d{6}$", backup, 0, 0));
  kept = read_file (backup);
  g_assert_cmpstr (kept, ==, damaged->contents);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_clear_error (&error);

  g_assert_true (relay_destination_store_add (store, destination, &error));
  g_assert_true (save (store, &error));
  g_assert_no_error (error);
  kept_after_save = read_file (backup);
  g_assert_cmpstr (kept_after_save, ==, damaged->contents);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, GString *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static void
test_list_model (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (fixture->path);
  g_autoptr (RelayDestination) a =
      relay_destination_new ("a", "youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) b =
      relay_destination_new ("b", "twitch", RELAY_DESTINATION_KIND_WHIP);
  g_autoptr (RelayDestination) a_again =
      relay_destination_new ("a", "twitch", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) item = NULL;
  g_autoptr (GString) log = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), log);
  g_assert_true (relay_destination_store_add (store, a, &error));
  g_assert_true (relay_destination_store_add (store, b, &error));
  g_assert_false (relay_destination_store_add (store, a_again, &error));
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);
  g_assert_true (relay_destination_store_remove (store, "a", &error));
  g_assert_false (relay_destination_store_remove (store, "a", &error));
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 0-1+0 ");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (item == b);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == RELAY_TYPE_DESTINATION);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data)                                                                      \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/destination-store/round-trip", test_round_trip, NULL);
  ADD ("/destination-store/atomic-write", test_atomic_write, NULL);
  ADD ("/destination-store/saves-in-order", test_saves_in_order, NULL);
  ADD ("/destination-store/missing-file", test_missing_file, NULL);
  ADD ("/destination-store/newer-schema", test_newer_schema, NULL);
  ADD ("/destination-store/damaged/truncated", test_damaged, &truncated);
  ADD ("/destination-store/damaged/no-version", test_damaged, &no_version);
  ADD ("/destination-store/damaged/wrong-type", test_damaged, &wrong_type);
  ADD ("/destination-store/damaged/same-id", test_damaged, &same_id);
  ADD ("/destination-store/damaged/not-json", test_damaged, &not_json);
  ADD ("/destination-store/damaged/blank", test_damaged, &blank);
  ADD ("/destination-store/list-model", test_list_model, NULL);

#undef ADD

  return g_test_run ();
}
