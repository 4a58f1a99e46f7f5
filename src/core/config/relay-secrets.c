/* relay-secrets.c
 *
 * Keys live in the Secret Service (gnome-keyring, KWallet…) under Relaycast's
 * own schema, one item per destination id. Without a Secret Service there is
 * no silent fallback: the caller gets an error that says how to fix it. For
 * servers, an explicit key file can stand in, read-only and refused unless
 * only its owner can read it. Its format:
 *
 *   { "destination-id": "stream key", … }
 *
 * Every key that passes through here is registered with the masking helper,
 * so it never reaches a log line or an error in clear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relay-error.h"
#include "relay-mask.h"
#include "relay-secrets.h"

#define MAX_KEY_FILE_SIZE (1024 * 1024)

struct _RelaySecrets
{
  GObject parent_instance;

  /* NULL: the Secret Service */
  char *key_file;
};

G_DEFINE_FINAL_TYPE (RelaySecrets, relay_secrets, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KEY_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const SecretSchema *
relay_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    RELAY_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { RELAY_SECRETS_ATTRIBUTE_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static void
relay_secrets_finalize (GObject *object)
{
  RelaySecrets *self = RELAY_SECRETS (object);

  g_free (self->key_file);
  G_OBJECT_CLASS (relay_secrets_parent_class)->finalize (object);
}

static void
relay_secrets_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaySecrets *self = RELAY_SECRETS (object);

  switch (prop_id)
    {
      case PROP_KEY_FILE:
        g_value_set_string (value, self->key_file);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_secrets_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaySecrets *self = RELAY_SECRETS (object);

  switch (prop_id)
    {
      case PROP_KEY_FILE:
        self->key_file = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_secrets_class_init (RelaySecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_secrets_finalize;
  object_class->get_property = relay_secrets_get_property;
  object_class->set_property = relay_secrets_set_property;

  /* An explicit, read-only key file instead of the Secret Service (servers). */
  properties[PROP_KEY_FILE] =
      g_param_spec_string ("key-file", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_secrets_init (RelaySecrets *self)
{
}

RelaySecrets *
relay_secrets_new (void)
{
  return g_object_new (RELAY_TYPE_SECRETS, NULL);
}

RelaySecrets *
relay_secrets_new_for_key_file (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (RELAY_TYPE_SECRETS, "key-file", path, NULL);
}

const char *
relay_secrets_get_key_file (RelaySecrets *self)
{
  g_return_val_if_fail (RELAY_IS_SECRETS (self), NULL);
  return self->key_file;
}

/* No bus to reach ("Cannot autolaunch D-Bus", "Could not connect"), or nobody
 * on it providing org.freedesktop.secrets. */
static gboolean
is_unreachable (const GError *error)
{
  static const GDBusError missing_service[] = {
    G_DBUS_ERROR_SERVICE_UNKNOWN,         G_DBUS_ERROR_NAME_HAS_NO_OWNER,
    G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND, G_DBUS_ERROR_SPAWN_EXEC_FAILED,
    G_DBUS_ERROR_SPAWN_CHILD_EXITED,      G_DBUS_ERROR_SPAWN_FAILED,
  };

  if (error->domain == G_IO_ERROR)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (missing_service); i++)
    {
      if (g_error_matches (error, G_DBUS_ERROR, missing_service[i]))
        return TRUE;
    }
  return FALSE;
}

/* Takes @error, and says what it means for the user's keys. */
static GError *
explain_keyring_error (GError *error)
{
  GError *explained;
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  detail = relay_mask_redact (error->message);
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    explained =
        g_error_new (RELAY_ERROR, RELAY_ERROR_FAILED,
                     _ ("The keyring is locked (%s): unlock it, for example by logging in again, "
                        "and try again"),
                     detail);
  else if (is_unreachable (error))
    explained = g_error_new (
        RELAY_ERROR, RELAY_ERROR_NO_SECRET_SERVICE,
        _ ("No Secret Service is running to keep stream keys (%s). Stream keys are never stored "
           "in plain text: start a Secret Service (log in to a GNOME session, or run "
           "“gnome-keyring-daemon --start --components=secrets” in your D-Bus session), or, on a "
           "server, give the keys in a key file readable only by you (chmod 600) with "
           "--key-file FILE"),
        detail);
  else
    explained = g_error_new (RELAY_ERROR, RELAY_ERROR_FAILED, _ ("The keyring failed: %s"), detail);

  g_error_free (error);
  return explained;
}

static GTask *
new_task (RelaySecrets *self, gpointer source_tag, GCancellable *cancellable,
          GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gboolean
return_if_key_file (RelaySecrets *self, GTask *task)
{
  if (self->key_file == NULL)
    return FALSE;

  g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("Keys come from the key file “%s” here: edit that file to change "
                              "them"),
                           self->key_file);
  return TRUE;
}

static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, explain_keyring_error (error));
}

/**
 * relay_secrets_store_async:
 * @label: what the keyring shows for the item
 *
 * Stores or replaces the key of a destination.
 */
void
relay_secrets_store_async (RelaySecrets *self, const char *destination_id, const char *label,
                           const char *key, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_SECRETS (self));
  g_return_if_fail (destination_id != NULL && key != NULL);

  task = new_task (self, relay_secrets_store_async, cancellable, callback, user_data);
  relay_mask_register_secret (key);

  if (return_if_key_file (self, task))
    return;

  secret_password_store (relay_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                         cancellable, on_stored, g_steal_pointer (&task),
                         RELAY_SECRETS_ATTRIBUTE_ID, destination_id, NULL);
}

gboolean
relay_secrets_store_finish (RelaySecrets *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
set_key_file_error (GError **error, const char *path, const char *problem)
{
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("Key file “%s”: %s"), path,
               problem);
  return FALSE;
}

/* The checks are made on the descriptor that is read, so the file cannot be
 * swapped between check and read. */
static JsonObject *
read_key_file (const char *path, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GList) members = NULL;
  JsonNode *root = NULL;
  JsonObject *keys;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot open the key file “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      set_key_file_error (error, path, _ ("it is not a regular file"));
      return NULL;
    }
  if (st.st_uid != getuid ())
    {
      close (fd);
      set_key_file_error (error, path, _ ("it belongs to another user; it must be yours"));
      return NULL;
    }
  if ((st.st_mode & 0777) != 0600)
    {
      g_autofree char *problem = g_strdup_printf (
          _ ("its mode is %04o; it must be readable and writable by you only (chmod 600 %s)"),
          (guint) (st.st_mode & 0777), path);

      close (fd);
      set_key_file_error (error, path, problem);
      return NULL;
    }
  if (st.st_size > MAX_KEY_FILE_SIZE)
    {
      close (fd);
      set_key_file_error (error, path, _ ("it is too large to be a key file"));
      return NULL;
    }

  mapped = st.st_size > 0 ? g_mapped_file_new_from_fd (fd, FALSE, error) : NULL;
  close (fd);
  if (st.st_size > 0 && mapped == NULL)
    return NULL;

  /* The parser's own message may quote the text it choked on: a key. */
  if (mapped == NULL
      || !json_parser_load_from_data (parser, g_mapped_file_get_contents (mapped),
                                      (gssize) g_mapped_file_get_length (mapped), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_key_file_error (error, path,
                          _ ("it is not a JSON object of destination ids and keys, as in "
                             "{\"destination-id\": \"key\"}"));
      return NULL;
    }

  keys = json_node_get_object (root);
  members = json_object_get_members (keys);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (keys, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_autofree char *problem =
              g_strdup_printf (_ ("the key of “%s” must be a string"), (const char *) l->data);

          set_key_file_error (error, path, problem);
          return NULL;
        }
      relay_mask_register_secret (json_node_get_string (node));
    }

  return json_object_ref (keys);
}

static void
lookup_in_key_file (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RelaySecrets *self = source;
  const char *destination_id = task_data;
  GError *error = NULL;
  g_autoptr (JsonObject) keys = read_key_file (self->key_file, &error);

  if (keys == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (
        task, g_strdup (json_object_get_string_member_with_default (keys, destination_id, NULL)),
        g_free);
}

static void
on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *key = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, explain_keyring_error (error));
      return;
    }

  relay_mask_register_secret (key);
  g_debug ("keyring: %s key for destination %s", key ? "found a" : "no",
           (const char *) g_task_get_task_data (task));
  g_task_return_pointer (task, key, (GDestroyNotify) secret_password_free);
}

/**
 * relay_secrets_lookup_async:
 *
 * Finds a destination's key. No key stored is not an error: finish returns
 * %NULL without setting one.
 */
void
relay_secrets_lookup_async (RelaySecrets *self, const char *destination_id,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_SECRETS (self));
  g_return_if_fail (destination_id != NULL);

  task = new_task (self, relay_secrets_lookup_async, cancellable, callback, user_data);

  g_task_set_task_data (task, g_strdup (destination_id), g_free);
  if (self->key_file != NULL)
    {
      g_task_run_in_thread (task, lookup_in_key_file);
      return;
    }

  secret_password_lookup (relay_secrets_get_schema (), cancellable, on_looked_up,
                          g_steal_pointer (&task), RELAY_SECRETS_ATTRIBUTE_ID, destination_id,
                          NULL);
}

/**
 * relay_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when none is stored
 *   or on error
 */
char *
relay_secrets_lookup_finish (RelaySecrets *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, explain_keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Deletes a destination's key; deleting a key that is not there succeeds. */
void
relay_secrets_clear_async (RelaySecrets *self, const char *destination_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_SECRETS (self));
  g_return_if_fail (destination_id != NULL);

  task = new_task (self, relay_secrets_clear_async, cancellable, callback, user_data);

  if (return_if_key_file (self, task))
    return;

  secret_password_clear (relay_secrets_get_schema (), cancellable, on_cleared,
                         g_steal_pointer (&task), RELAY_SECRETS_ATTRIBUTE_ID, destination_id, NULL);
}

gboolean
relay_secrets_clear_finish (RelaySecrets *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
