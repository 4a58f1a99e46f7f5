/* relay-api-token.c
 *
 * Scripts give the token in a file of their own (--api-token-file). Without
 * one, each run makes a random token and leaves it where only this user can
 * read it, $XDG_RUNTIME_DIR/relaycast/api-token: the token itself is never
 * printed or logged.
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

/**
 * relay_api_token_obtain:
 * @token_file: (nullable): --api-token-file
 * @published_path: (out) (optional): where a generated token was written
 *
 * The one place the API token comes from.
 *
 * KEYRING: once RelaySecrets lands (src/core/relay-secrets.h, branch
 * "destinations"), look the token up there when no file is given, and store a
 * newly generated one there, so that it survives restarts; the runtime file
 * then only mirrors it for scripts.
 *
 * Returns: (transfer full): the token
 */
char *
relay_api_token_obtain (const char *token_file, char **published_path, GError **error)
{
  g_autofree char *token = NULL;

  if (published_path != NULL)
    *published_path = NULL;

  if (token_file != NULL)
    return relay_api_token_read_file (token_file, error);

  token = relay_api_token_generate (error);
  if (token == NULL)
    return NULL;

  {
    g_autofree char *path = relay_api_token_publish (token, error);

    if (path == NULL)
      return NULL;
    if (published_path != NULL)
      *published_path = g_steal_pointer (&path);
  }
  return g_steal_pointer (&token);
}

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

/* Returns: (transfer full): the path of the file (mode 0600) now holding @token */
char *
relay_api_token_publish (const char *token, GError **error)
{
  g_autofree char *folder = g_build_filename (g_get_user_runtime_dir (), "relaycast", NULL);
  g_autofree char *path = g_build_filename (folder, "api-token", NULL);
  g_autofree char *contents = g_strconcat (token, "\n", NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("Cannot create “%s”: %s"), folder,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}
