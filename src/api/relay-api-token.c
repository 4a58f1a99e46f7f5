/* relay-api-token.c
 *
 * Scripts give the token in a file of their own (--api-token-file). Without
 * one, the token is made at the first start and kept in the keyring; each run
 * also leaves it where only this user can read it,
 * $XDG_RUNTIME_DIR/relaycast/api-token, for scripts. With no keyring to keep
 * it, a token is made for the run. The token itself is never printed or
 * logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-api-token.h"

#define TOKEN_BYTES     32
#define MAX_TOKEN_BYTES 4096

/* The file holds the token on its first line; it must be private to its owner. */
char *
relay_api_token_read_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf info;
  char *newline;

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                   _ ("Cannot read the API token file “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if ((info.st_mode & 077) != 0)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The API token file “%s” can be read by others: chmod 600 it"), path);
      return NULL;
    }
  if (info.st_size > MAX_TOKEN_BYTES || !g_file_get_contents (path, &contents, &length, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                     _ ("The API token file “%s” is too large"), path);
      return NULL;
    }

  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (contents);
  if (*contents == '\0' || !g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The API token file “%s” holds no token"), path);
      return NULL;
    }

  relay_mask_register_secret (contents);
  return g_strdup (contents);
}

char *
relay_api_token_generate (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  GString *token;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    {
      int saved_errno = errno;

      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("No randomness for a token: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  token = g_string_sized_new (TOKEN_BYTES * 2);
  for (guint i = 0; i < TOKEN_BYTES; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  relay_mask_register_secret (token->str);
  return g_string_free (token, FALSE);
}

/* On a worker thread: the runtime folder and file (mode 0600) holding the token. */
static void
publish_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const char *token = task_data;
  g_autofree char *folder = g_build_filename (g_get_user_runtime_dir (), "relaycast", NULL);
  g_autofree char *path = g_build_filename (folder, "api-token", NULL);
  g_autofree char *contents = g_strconcat (token, "\n", NULL);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("Cannot create “%s”: %s"),
                               folder, g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

typedef struct
{
  RelaySecrets *secrets;
  char *token;
  char *path;
  RelayApiTokenOrigin origin;
} Obtain;

static void
obtain_free (Obtain *obtain)
{
  g_clear_object (&obtain->secrets);
  g_free (obtain->token);
  g_free (obtain->path);
  g_free (obtain);
}

static void
on_published (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Obtain *obtain = g_task_get_task_data (task);
  GError *error = NULL;

  obtain->path = g_task_propagate_pointer (G_TASK (result), &error);
  if (obtain->path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
publish (GTask *task)
{
  Obtain *obtain = g_task_get_task_data (task);
  g_autoptr (GTask) writing = g_task_new (NULL, g_task_get_cancellable (task), on_published, task);

  g_task_set_task_data (writing, g_strdup (obtain->token), g_free);
  g_task_run_in_thread (writing, publish_in_thread);
}

static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relay_secrets_store_finish (RELAY_SECRETS (source), result, &error))
    g_warning ("The API token cannot be kept in the keyring, a new one will be made at the next "
               "start: %s",
               error->message);
}

/* A new token, kept in the keyring if there is one. */
static void
make_token (GTask *task, const GError *lookup_error)
{
  Obtain *obtain = g_task_get_task_data (task);
  GError *generate_error = NULL;

  obtain->token = relay_api_token_generate (&generate_error);
  if (obtain->token == NULL)
    {
      g_task_return_error (task, generate_error);
      g_object_unref (task);
      return;
    }
  if (lookup_error != NULL)
    {
      /* no keyring: the token lives as long as this run */
      g_debug ("no keyring for the API token: %s", lookup_error->message);
      obtain->origin = RELAY_API_TOKEN_THIS_RUN;
      publish (task);
      return;
    }

  /* The server need not wait: storing may ask the user to unlock or create
   * a keyring first. */
  obtain->origin = RELAY_API_TOKEN_NEW;
  relay_secrets_store_async (obtain->secrets, RELAY_API_TOKEN_SECRET_ID,
                             _ ("Relaycast REST API token"), obtain->token, NULL, on_stored, NULL);
  publish (task);
}

static void
on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Obtain *obtain = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  obtain->token = relay_secrets_lookup_finish (RELAY_SECRETS (source), result, &error);
  if (obtain->token != NULL)
    publish (task);
  else
    make_token (task, error);
}

/**
 * relay_api_token_obtain_async:
 * @regenerate: replace the keyring's token with a new one
 *
 * The API token when no file gives one: the keyring's, or a new one kept
 * there, or (with no keyring) one for this run. Either way it is also written
 * to $XDG_RUNTIME_DIR/relaycast/api-token for scripts.
 */
void
relay_api_token_obtain_async (RelaySecrets *secrets, gboolean regenerate, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Obtain *obtain = g_new0 (Obtain, 1);

  obtain->secrets = g_object_ref (secrets);
  obtain->origin = RELAY_API_TOKEN_KEPT;
  g_task_set_source_tag (task, relay_api_token_obtain_async);
  g_task_set_task_data (task, obtain, (GDestroyNotify) obtain_free);
  if (regenerate)
    make_token (task, NULL);
  else
    relay_secrets_lookup_async (secrets, RELAY_API_TOKEN_SECRET_ID, cancellable, on_looked_up,
                                task);
}

/**
 * relay_api_token_obtain_finish:
 * @published_path: (out): where scripts can read it
 *
 * Returns: (transfer full): the token
 */
char *
relay_api_token_obtain_finish (GAsyncResult *result, char **published_path,
                               RelayApiTokenOrigin *origin, GError **error)
{
  Obtain *obtain;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  obtain = g_task_get_task_data (G_TASK (result));
  *published_path = g_strdup (obtain->path);
  *origin = obtain->origin;
  return g_strdup (obtain->token);
}
