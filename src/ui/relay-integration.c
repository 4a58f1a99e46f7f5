/* relay-integration.c: stand-ins for the seams of relay-integration.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/relay-mask.h"
#include "relay-integration.h"

/* id -> key, for this session only */
static GHashTable *
session_keys (void)
{
  static GHashTable *keys;

  if (keys == NULL)
    keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return keys;
}

void
relay_integration_save_destination_async (const RelayDestinationDraft *draft,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, relay_integration_save_destination_async);
  if (draft->stream_key != NULL && *draft->stream_key != '\0')
    {
      relay_mask_register_secret (draft->stream_key);
      g_hash_table_insert (session_keys (), g_strdup (draft->id), g_strdup (draft->stream_key));
    }
  g_debug ("destination %s kept for this session", draft->id);
  g_task_return_boolean (task, TRUE);
}

gboolean
relay_integration_save_destination_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
relay_integration_lookup_destination_key_async (const char *id, GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, relay_integration_lookup_destination_key_async);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (session_keys (), id)), g_free);
}

/* Returns: (transfer full) (nullable): the key, or %NULL when none was saved */
char *
relay_integration_lookup_destination_key_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
relay_integration_forget_destination (const char *id)
{
  g_hash_table_remove (session_keys (), id);
  g_debug ("destination %s forgotten", id);
}

static void
set_api_missing (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _ ("The REST API is not part of this build yet"));
}

void
relay_integration_api_token_async (gboolean regenerate, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, relay_integration_api_token_async);
  set_api_missing (&error);
  g_task_return_error (task, error);
}

char *
relay_integration_api_token_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
relay_integration_api_configure (RelayStudio *studio, gboolean enabled, const char *address,
                                 guint port, GError **error)
{
  if (!enabled)
    return TRUE;

  set_api_missing (error);
  return FALSE;
}
