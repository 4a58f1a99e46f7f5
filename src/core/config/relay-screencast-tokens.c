/* relay-screencast-tokens.c
 *
 * The restore token the screen cast portal gave at each screen source's last
 * start, so that the next start shares the same monitor or window without
 * asking: one per key (the program's source, or a scene's layer), in
 * screencast-tokens.ini beside the other settings. A token is good for one
 * start only: each start stores the next. The file is a few lines, read
 * and written whole, at most once per portal session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "relay-screencast-tokens.h"

#define GROUP "restore-tokens"

static char *
tokens_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "relaycast", "screencast-tokens.ini", NULL);
}

/* Returns: (transfer full) (nullable): the token kept for @key */
char *
relay_screencast_tokens_lookup (const char *key)
{
  g_autofree char *path = tokens_path ();
  g_autoptr (GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_key_file_get_string (file, GROUP, key, NULL);
}

void
relay_screencast_tokens_store (const char *key, const char *token)
{
  g_autofree char *path = tokens_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (token != NULL)
    g_key_file_set_string (file, GROUP, key, token);
  else
    g_key_file_remove_key (file, GROUP, key, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (file, path, &error))
    g_warning ("cannot keep the screen cast's restore token in %s: %s", path,
               error ? error->message : g_strerror (errno));
}
