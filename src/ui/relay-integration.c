/* relay-integration.c: stand-ins for the seams of relay-integration.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-integration.h"

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
