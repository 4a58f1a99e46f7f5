/* relay-api-context.c
 *
 * The narrow view of Relaycast that every dialect of the REST API is given:
 * the studio, the keyring, the settings, and a router to add its paths to.
 * The server owns one and answers through it; the dialects never see the
 * server, so nothing in src/api imports in a circle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/outputs/relay-retry-policy.h"
#include "core/outputs/relay-stall-watch.h"
#include "relay-api-context.h"

typedef struct
{
  char *method;
  char **segments;
  RelayApiHandler handler;
  gpointer user_data;
} Route;

struct _RelayApiContext
{
  GObject parent_instance;

  /* the studio is the broadcast's */
  RelayBroadcast *broadcast;
  RelayStudio *studio;
  RelaySecrets *secrets;
  RelayApiSettings settings;
  GPtrArray *routes;
};

G_DEFINE_FINAL_TYPE (RelayApiContext, relay_api_context, G_TYPE_OBJECT)

void
relay_api_settings_init (RelayApiSettings *settings)
{
  *settings = (RelayApiSettings){
    .wcs_stream_prefix = g_strdup ("rtmp_"),
    .media_dir = g_build_filename (g_get_user_data_dir (), "relaycast", "media", NULL),
    .config_dir = g_build_filename (g_get_user_config_dir (), "relaycast", NULL),
    .attempts = RELAY_RETRY_DEFAULT_ATTEMPTS,
    .retry_delay_ms = RELAY_RETRY_DEFAULT_DELAY_MS,
    .stall_timeout_ms = RELAY_STALL_DEFAULT_TIMEOUT_MS,
    .auto_create_whip = TRUE,
  };
}

void
relay_api_settings_clear (RelayApiSettings *settings)
{
  g_clear_pointer (&settings->wcs_stream_prefix, g_free);
  g_clear_pointer (&settings->wcs_auto_push_url, g_free);
  g_clear_pointer (&settings->media_dir, g_free);
  g_clear_pointer (&settings->status_callback_url, g_free);
  g_clear_pointer (&settings->config_dir, g_free);
  g_clear_pointer (&settings->allowed_origins, g_strfreev);
}

static void
settings_copy (RelayApiSettings *dest, const RelayApiSettings *src)
{
  dest->wcs_stream_prefix = g_strdup (src->wcs_stream_prefix ? src->wcs_stream_prefix : "");
  dest->wcs_full_url = src->wcs_full_url;
  dest->wcs_auto_push_url = g_strdup (src->wcs_auto_push_url);
  dest->media_dir = g_strdup (src->media_dir);
  dest->status_callback_url = g_strdup (src->status_callback_url);
  dest->config_dir = g_strdup (src->config_dir);
  dest->attempts = src->attempts;
  dest->retry_delay_ms = src->retry_delay_ms;
  dest->stall_timeout_ms = src->stall_timeout_ms;
  dest->auto_create_whip = src->auto_create_whip;
  dest->auto_create_whep = src->auto_create_whep;
  dest->allowed_origins = g_strdupv (src->allowed_origins);
  dest->without_token = src->without_token;
}

static void
route_free (Route *route)
{
  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

/* Routing */

static gboolean
route_matches (const Route *route, char **segments, GHashTable *params)
{
  guint n = g_strv_length (route->segments);

  if (g_strv_length (segments) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *pattern = route->segments[i];

      if (pattern[0] == ':')
        g_hash_table_insert (params, g_strdup (pattern + 1), g_strdup (segments[i]));
      else if (!g_str_equal (pattern, segments[i]))
        return FALSE;
    }
  return TRUE;
}

/* "/a//b/" -> {"a", "b"} */
static char **
split_path (const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Answers @message with the route its path and method name, or 404/405. */
void
relay_api_context_dispatch (RelayApiContext *self, SoupServerMessage *message, const char *path)
{
  g_auto (GStrv) segments = split_path (path);
  g_autoptr (GString) allowed = g_string_new (NULL);
  g_autoptr (GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *method = soup_server_message_get_method (message);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      g_hash_table_remove_all (params);
      if (!route_matches (route, segments, params))
        continue;

      if (route->method == NULL || g_str_equal (route->method, method))
        {
          g_autoptr (RelayApiRequest) request = relay_api_request_new (message, params);

          route->handler (request, route->user_data);
          return;
        }

      if (allowed->len > 0)
        g_string_append (allowed, ", ");
      g_string_append (allowed, route->method);
    }

  {
    g_autoptr (RelayApiRequest) request = relay_api_request_new (message, NULL);

    if (allowed->len > 0)
      {
        soup_message_headers_replace (soup_server_message_get_response_headers (message), "Allow",
                                      allowed->str);
        relay_api_request_reply_status (request, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                        _ ("This method is not allowed here"));
      }
    else
      relay_api_request_reply_status (request, SOUP_STATUS_NOT_FOUND, _ ("No such API path"));
  }
}

void
relay_api_context_add_route (RelayApiContext *self, const char *method, const char *pattern,
                             RelayApiHandler handler, gpointer user_data)
{
  Route *route;

  g_return_if_fail (RELAY_IS_API_CONTEXT (self));
  g_return_if_fail (pattern != NULL && handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->segments = split_path (pattern);
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

/* Before the dialects the routes point to go away. */
void
relay_api_context_clear_routes (RelayApiContext *self)
{
  g_return_if_fail (RELAY_IS_API_CONTEXT (self));

  g_ptr_array_set_size (self->routes, 0);
}

RelayStudio *
relay_api_context_get_studio (RelayApiContext *self)
{
  g_return_val_if_fail (RELAY_IS_API_CONTEXT (self), NULL);

  return self->studio;
}

/* Where the dialects make their outputs, with the run's options. */
RelayBroadcast *
relay_api_context_get_broadcast (RelayApiContext *self)
{
  g_return_val_if_fail (RELAY_IS_API_CONTEXT (self), NULL);

  return self->broadcast;
}

RelaySecrets *
relay_api_context_get_secrets (RelayApiContext *self)
{
  g_return_val_if_fail (RELAY_IS_API_CONTEXT (self), NULL);

  return self->secrets;
}

const RelayApiSettings *
relay_api_context_get_settings (RelayApiContext *self)
{
  g_return_val_if_fail (RELAY_IS_API_CONTEXT (self), NULL);

  return &self->settings;
}

static void
on_output_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  guint *pending = g_task_get_task_data (task);

  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  if (--*pending == 0)
    g_task_return_boolean (task, TRUE);
}

void
relay_api_context_remove_outputs_async (RelayApiContext *self, GPtrArray *outputs,
                                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  guint *pending;

  g_return_if_fail (RELAY_IS_API_CONTEXT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, relay_api_context_remove_outputs_async);
  pending = g_new0 (guint, 1);
  *pending = outputs->len + 1;
  g_task_set_task_data (task, pending, g_free);

  for (guint i = 0; i < outputs->len; i++)
    relay_studio_remove_output_async (self->studio, g_ptr_array_index (outputs, i), NULL,
                                      on_output_removed, g_object_ref (task));

  if (--*pending == 0)
    g_task_return_boolean (task, TRUE);
}

gboolean
relay_api_context_remove_outputs_finish (RelayApiContext *self, GAsyncResult *result,
                                         GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
relay_api_context_dispose (GObject *object)
{
  RelayApiContext *self = RELAY_API_CONTEXT (object);

  g_ptr_array_set_size (self->routes, 0);
  g_clear_object (&self->studio);
  g_clear_object (&self->broadcast);
  g_clear_object (&self->secrets);
  G_OBJECT_CLASS (relay_api_context_parent_class)->dispose (object);
}

static void
relay_api_context_finalize (GObject *object)
{
  RelayApiContext *self = RELAY_API_CONTEXT (object);

  relay_api_settings_clear (&self->settings);
  g_ptr_array_unref (self->routes);
  G_OBJECT_CLASS (relay_api_context_parent_class)->finalize (object);
}

static void
relay_api_context_class_init (RelayApiContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_context_dispose;
  object_class->finalize = relay_api_context_finalize;
}

static void
relay_api_context_init (RelayApiContext *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
}

/**
 * relay_api_context_new:
 * @secrets: (nullable): where tokens of persisted restreams go (default: the keyring)
 * @settings: (nullable): copied; NULL for the defaults
 */
RelayApiContext *
relay_api_context_new (RelayBroadcast *broadcast, RelaySecrets *secrets,
                       const RelayApiSettings *settings)
{
  RelayApiContext *self;

  g_return_val_if_fail (RELAY_IS_BROADCAST (broadcast), NULL);

  self = g_object_new (RELAY_TYPE_API_CONTEXT, NULL);
  self->broadcast = g_object_ref (broadcast);
  self->studio = g_object_ref (relay_broadcast_get_studio (broadcast));
  self->secrets = secrets ? g_object_ref (secrets) : relay_secrets_new ();
  if (settings != NULL)
    settings_copy (&self->settings, settings);
  else
    relay_api_settings_init (&self->settings);
  return self;
}
