/* relay-integration.c: the window's REST API server, as its preferences say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "api/relay-api-server.h"
#include "api/relay-api-token.h"
#include "core/relay-mask.h"
#include "relay-integration.h"

/* The REST API of the window's studio: one server, its token from the keyring
 * (made there at the first start; see relay-api-token.c). */
static struct
{
  RelayApiServer *server;
  char *token;
  /* what the settings ask for once the token is there */
  RelayBroadcast *broadcast;
  char *address;
  guint port;
  gboolean wanted;
  /* tasks waiting for the keyring's answer, while one lookup runs */
  GPtrArray *waiting;
  /* told when the server could not start once the token came */
  RelayIntegrationFailed failed;
  gpointer failed_data;
} api;

static RelaySecrets *
api_secrets (void)
{
  static RelaySecrets *secrets;

  if (secrets == NULL)
    secrets = relay_secrets_new ();
  return secrets;
}

static void
stop_api (void)
{
  if (api.server == NULL)
    return;
  relay_api_server_disconnect (api.server);
  g_clear_object (&api.server);
}

static gboolean
start_api (GError **error)
{
  g_autoptr (RelayApiServer) server = NULL;
  g_autofree char *url = NULL;
  RelayApiSettings settings;

  relay_api_settings_init (&settings);
  server = relay_api_server_new (api.broadcast, api.token, api_secrets (), &settings);
  relay_api_settings_clear (&settings);
  if (!relay_api_server_listen (server, api.address, api.port, error))
    return FALSE;

  url = relay_api_server_get_url (server);
  g_debug ("REST API on %s", url);
  api.server = g_steal_pointer (&server);
  return TRUE;
}

static void
use_api_token (const char *token)
{
  g_autoptr (GError) error = NULL;

  g_free (api.token);
  api.token = g_strdup (token);
  if (api.server != NULL)
    relay_api_server_set_token (api.server, token);
  else if (api.wanted && !start_api (&error))
    {
      g_warning ("The REST API cannot start: %s", error->message);
      if (api.failed != NULL)
        api.failed (error, api.failed_data);
    }
}

/* One lookup at a time: two would each make a token of their own. */
static void
on_api_token (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) waiting = g_steal_pointer (&api.waiting);
  RelayApiTokenOrigin origin;

  token = relay_api_token_obtain_finish (result, &path, &origin, &error);
  /* a token regenerated meanwhile wins */
  if (token != NULL && api.token == NULL)
    use_api_token (token);

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (api.token != NULL)
        g_task_return_pointer (task, g_strdup (api.token), g_free);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
look_up_api_token (GTask *waiting)
{
  gboolean looking = api.waiting != NULL;

  if (!looking)
    api.waiting = g_ptr_array_new_with_free_func (g_object_unref);
  if (waiting != NULL)
    g_ptr_array_add (api.waiting, waiting);
  if (!looking)
    relay_api_token_obtain_async (api_secrets (), FALSE, NULL, on_api_token, NULL);
}

static void
on_api_token_regenerated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  RelayApiTokenOrigin origin;
  char *token = relay_api_token_obtain_finish (result, &path, &origin, &error);

  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  use_api_token (token);
  g_task_return_pointer (task, token, g_free);
}

void
relay_integration_api_token_async (gboolean regenerate, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, relay_integration_api_token_async);
  if (regenerate)
    relay_api_token_obtain_async (api_secrets (), TRUE, cancellable, on_api_token_regenerated,
                                  g_steal_pointer (&task));
  else if (api.token != NULL)
    g_task_return_pointer (task, g_strdup (api.token), g_free);
  else
    look_up_api_token (g_steal_pointer (&task));
}

char *
relay_integration_api_token_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Starts at once when the token is known; else once it comes from the
 * keyring (a failure then is logged). */
gboolean
relay_integration_api_configure (RelayBroadcast *broadcast, gboolean enabled, const char *address,
                                 guint port, RelayIntegrationFailed failed, gpointer user_data,
                                 GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *parsed_address = NULL;
  guint parsed_port = 0;

  stop_api ();
  api.wanted = enabled;
  api.failed = failed;
  api.failed_data = user_data;
  if (!enabled)
    return TRUE;

  text = g_strdup_printf (strchr (address ? address : "", ':') ? "[%s]:%u" : "%s:%u",
                          address ? address : "", port);
  if (!relay_api_parse_listen_address (text, &parsed_address, &parsed_port, error))
    return FALSE;

  g_set_object (&api.broadcast, broadcast);
  g_free (api.address);
  api.address = g_steal_pointer (&parsed_address);
  api.port = parsed_port;

  if (api.token != NULL)
    return start_api (error);
  look_up_api_token (NULL);
  return TRUE;
}
