/* test-secrets.c: keys in a real gnome-keyring (run by tests/peers/with-keyring.sh) under
 * Relaycast's schema, stored, replaced and deleted; and the opt-in key file, refused
 * unless only its owner can read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/config/relay-destination-store.h"
#include "core/config/relay-secrets.h"
#include "relay-test-util.h"

static gboolean
store (RelaySecrets *secrets, const char *id, const char *key, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_secrets_store_async (secrets, id, "test key", key, NULL, relay_test_keep_result, &result);
  return relay_secrets_store_finish (secrets, relay_test_wait_for_result (&result), error);
}

static char *
lookup (RelaySecrets *secrets, const char *id, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_secrets_lookup_async (secrets, id, NULL, relay_test_keep_result, &result);
  return relay_secrets_lookup_finish (secrets, relay_test_wait_for_result (&result), error);
}

static gboolean
clear (RelaySecrets *secrets, const char *id, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_secrets_clear_async (secrets, id, NULL, relay_test_keep_result, &result);
  return relay_secrets_clear_finish (secrets, relay_test_wait_for_result (&result), error);
}

/* What another program sees in the keyring, by the schema's attributes. */
static char *
lookup_by_schema (const char *id)
{
  g_autoptr (GError) error = NULL;
  char *found = secret_password_lookup_sync (relay_secrets_get_schema (), NULL, &error,
                                             RELAY_SECRETS_ATTRIBUTE_ID, id, NULL);

  g_assert_no_error (error);
  return found;
}

static void
test_keyring (void)
{
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *other = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *redacted = NULL;

  g_assert_cmpstr (relay_secrets_get_schema ()->name, ==,
                   "io.github.relaycast.Relaycast.StreamKey");

  g_assert_true (store (secrets, "dest-a", "first-key-0123456789", &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, "dest-b", "other-key-0123456789", &error));
  first = lookup (secrets, "dest-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "first-key-0123456789");
  other = lookup (secrets, "dest-b", &error);
  g_assert_cmpstr (other, ==, "other-key-0123456789");

  /* storing again replaces: one item per destination */
  g_assert_true (store (secrets, "dest-a", "second-key-0123456789", &error));
  replaced = lookup (secrets, "dest-a", &error);
  g_assert_cmpstr (replaced, ==, "second-key-0123456789");
  seen = lookup_by_schema ("dest-a");
  g_assert_cmpstr (seen, ==, "second-key-0123456789");

  /* every key that passed through is scrubbed from text */
  redacted = relay_mask_redact ("a second-key-0123456789 and first-key-0123456789");
  g_assert_cmpstr (redacted, ==, "a seco**** and firs****");

  g_assert_true (clear (secrets, "dest-a", &error));
  g_assert_no_error (error);
  gone = lookup (secrets, "dest-a", &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  /* deleting what is not there succeeds; the other destination keeps its key */
  g_assert_true (clear (secrets, "dest-a", &error));
  g_clear_pointer (&other, g_free);
  other = lookup (secrets, "dest-b", &error);
  g_assert_cmpstr (other, ==, "other-key-0123456789");
  g_assert_true (clear (secrets, "dest-b", &error));
}

static char *
write_key_file (const char *contents, int mode)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("relaycast-keys-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
test_key_file (void)
{
  g_autofree char *path = write_key_file (
      "{\"dest-a\": \"file-key-0123456789\", \"dest-b\": \"b-key-0123456789\"}", 0600);
  g_autoptr (RelaySecrets) secrets = relay_secrets_new_for_key_file (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = lookup (secrets, "dest-a", &error);
  g_autofree char *missing = NULL;
  g_autofree char *redacted = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "file-key-0123456789");
  missing = lookup (secrets, "dest-c", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
  /* every key in the file is known to the masking helper once it was read */
  redacted = relay_mask_redact ("b-key-0123456789");
  g_assert_cmpstr (redacted, ==, "b-ke****");

  /* the key file is the administrator's: Relaycast never writes it */
  g_assert_false (store (secrets, "dest-a", "new-key-0123456789", &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (clear (secrets, "dest-a", &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);

  g_remove (path);
}

typedef struct
{
  const char *contents;
  int mode;
  const char *problem;
} BadKeyFile;

static const BadKeyFile readable_by_group = { "{\"d\": \"k-0123456789-secret\"}", 0640,
                                              "mode is 0640" };
static const BadKeyFile readable_by_all = { "{\"d\": \"k-0123456789-secret\"}", 0644, "chmod 600" };
static const BadKeyFile not_json = { "d = k-0123456789-secret", 0600, "not a JSON object" };
static const BadKeyFile not_string = { "{\"d\": 1234567890}", 0600, "must be a string" };
static const BadKeyFile empty = { "", 0600, "not a JSON object" };
static const BadKeyFile blank = { "\n  \n", 0600, "not a JSON object" };

/* A key file anyone else can read is refused, and no error quotes a key. */
static void
test_bad_key_file (gconstpointer data)
{
  const BadKeyFile *bad = data;
  g_autofree char *path = write_key_file (bad->contents, bad->mode);
  g_autoptr (RelaySecrets) secrets = relay_secrets_new_for_key_file (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = lookup (secrets, "d", &error);

  g_assert_null (key);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, bad->problem));
  g_assert_null (strstr (error->message, "0123456789"));
  g_remove (path);
}

static void
test_key_file_missing (void)
{
  g_autoptr (RelaySecrets) secrets =
      relay_secrets_new_for_key_file ("/nonexistent/relaycast-keys.json");
  g_autoptr (GError) error = NULL;
  g_autofree char *key = lookup (secrets, "d", &error);

  g_assert_null (key);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/relaycast-keys.json"));
}

static gboolean
put (RelayDestinationStore *store, RelayDestination *destination, const char *key,
     RelaySecrets *secrets, gboolean *key_failed, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_destination_store_put_async (store, destination, key, secrets, relay_test_keep_result,
                                     &result);
  return relay_destination_store_put_finish (store, relay_test_wait_for_result (&result),
                                             key_failed, error);
}

/* A destination is saved with its key in one call: key first, then the file;
 * when the file cannot be written, a new destination leaves nothing behind. */
static void
test_destination_with_key (void)
{
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autofree char *folder = g_dir_make_tmp ("relaycast-put-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "destinations.json", NULL);
  /* a folder that is a file: no one, root included, can write under it */
  g_autofree char *blocked = g_build_filename (path, "destinations.json", NULL);
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (path);
  g_autoptr (RelayDestinationStore) broken = relay_destination_store_new (blocked);
  g_autoptr (RelayDestination) saved = relay_destination_new ("put-a", "youtube", 0);
  g_autoptr (RelayDestination) lost = relay_destination_new ("put-b", "youtube", 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *key = NULL;
  gint64 deadline;
  gboolean key_failed = TRUE;

  g_object_set (saved, "name", "Saved", NULL);
  g_assert_true (put (store, saved, "put-key-a-0123456789", secrets, &key_failed, &error));
  g_assert_no_error (error);
  g_assert_false (key_failed);
  g_assert_true (relay_destination_store_lookup (store, "put-a") == saved);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "\"put-a\""));
  g_assert_null (strstr (contents, "put-key-a"));
  key = lookup (secrets, "put-a", &error);
  g_assert_cmpstr (key, ==, "put-key-a-0123456789");

  /* the file cannot be written: no destination, and its key leaves the keyring */
  g_assert_false (put (broken, lost, "put-key-b-0123456789", secrets, &key_failed, &error));
  g_assert_nonnull (error);
  g_assert_false (key_failed);
  g_assert_nonnull (strstr (error->message, blocked));
  g_assert_null (strstr (error->message, "put-key-b"));
  g_clear_error (&error);
  g_assert_null (relay_destination_store_lookup (broken, "put-b"));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    g_clear_pointer (&key, g_free);
  while ((key = lookup (secrets, "put-b", &error)) != NULL && g_get_monotonic_time () < deadline);
  g_assert_null (key);

  /* the keyring refuses the key (here a key file): nothing is saved */
  {
    g_autofree char *key_file = write_key_file ("{}", 0600);
    g_autoptr (RelaySecrets) refusing = relay_secrets_new_for_key_file (key_file);

    g_assert_false (put (store, lost, "put-key-b-0123456789", refusing, &key_failed, &error));
    g_assert_true (key_failed);
    g_assert_null (relay_destination_store_lookup (store, "put-b"));
    g_remove (key_file);
  }

  g_assert_true (clear (secrets, "put-a", NULL));
  g_remove (path);
  g_rmdir (folder);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* never the user's own keyring */
  if (g_getenv ("RELAYCAST_TEST_ROOT") == NULL)
    {
      g_test_skip ("needs a Secret Service: run through tests/peers/with-keyring.sh");
      return g_test_run ();
    }

  g_test_add_func ("/secrets/keyring", test_keyring);
  g_test_add_func ("/secrets/key-file", test_key_file);
  g_test_add_func ("/secrets/destination-with-key", test_destination_with_key);
  g_test_add_func ("/secrets/key-file-missing", test_key_file_missing);
  g_test_add_data_func ("/secrets/bad-key-file/readable-by-group", &readable_by_group,
                        test_bad_key_file);
  g_test_add_data_func ("/secrets/bad-key-file/readable-by-all", &readable_by_all,
                        test_bad_key_file);
  g_test_add_data_func ("/secrets/bad-key-file/not-json", &not_json, test_bad_key_file);
  g_test_add_data_func ("/secrets/bad-key-file/not-string", &not_string, test_bad_key_file);
  g_test_add_data_func ("/secrets/bad-key-file/empty", &empty, test_bad_key_file);
  g_test_add_data_func ("/secrets/bad-key-file/blank", &blank, test_bad_key_file);

  return g_test_run ();
}
