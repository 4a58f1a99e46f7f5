/* relay-api-request.c
 *
 * A request and its answer, which goes out through one place that never
 * lets a secret out, at once or later from a callback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/relay-mask.h"
#include "relay-api-request.h"

/* Requests */

struct _RelayApiRequest
{
  grefcount ref_count;
  SoupServerMessage *message;
  GHashTable *params;
  gboolean deferred;
  gboolean replied;
  /* the connection closed or the answer went out: nothing to resume */
  gboolean gone;
};

G_DEFINE_BOXED_TYPE (RelayApiRequest, relay_api_request, relay_api_request_ref,
                     relay_api_request_unref)

static void
on_message_gone (SoupServerMessage *message, RelayApiRequest *self)
{
  self->gone = TRUE;
}

/* @params: (transfer none) (nullable): the path's named segments */
RelayApiRequest *
relay_api_request_new (SoupServerMessage *message, GHashTable *params)
{
  RelayApiRequest *self = g_new0 (RelayApiRequest, 1);

  g_ref_count_init (&self->ref_count);
  self->message = g_object_ref (message);
  self->params = params ? g_hash_table_ref (params) : NULL;
  return self;
}

RelayApiRequest *
relay_api_request_ref (RelayApiRequest *self)
{
  g_ref_count_inc (&self->ref_count);
  return self;
}

void
relay_api_request_unref (RelayApiRequest *self)
{
  if (!g_ref_count_dec (&self->ref_count))
    return;

  if (!self->replied)
    {
      g_autoptr (GError) error = NULL;

      relay_api_set_error (&error, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL,
                           _ ("The request was dropped without an answer"));
      relay_api_request_reply_error (self, error);
    }
  if (self->deferred)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_object_unref (self->message);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_free (self);
}

SoupServerMessage *
relay_api_request_get_message (RelayApiRequest *self)
{
  return self->message;
}

const char *
relay_api_request_get_method (RelayApiRequest *self)
{
  return soup_server_message_get_method (self->message);
}

const char *
relay_api_request_get_param (RelayApiRequest *self, const char *name)
{
  return self->params ? g_hash_table_lookup (self->params, name) : NULL;
}

/* Returns: (transfer full) */
GBytes *
relay_api_request_get_body (RelayApiRequest *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (self->message);

  return soup_message_body_flatten (body);
}

/* Returns: (transfer full): the body, which must be a JSON object */
JsonObject *
relay_api_request_read_object (RelayApiRequest *self, GError **error)
{
  g_autoptr (GBytes) body = relay_api_request_get_body (self);
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  return relay_api_parse_object (data, length, error);
}

/**
 * relay_api_request_read_optional_object:
 * @out: (out) (transfer full): the body's object, or %NULL when there is no body
 *
 * Returns: %FALSE with @error set when there is a body that is no JSON object
 */
gboolean
relay_api_request_read_optional_object (RelayApiRequest *self, JsonObject **out, GError **error)
{
  g_autoptr (GBytes) body = relay_api_request_get_body (self);

  *out = NULL;
  if (g_bytes_get_size (body) == 0)
    return TRUE;
  *out = relay_api_request_read_object (self, error);
  return *out != NULL;
}

/* The answer comes later, from a callback: keep the connection waiting. */
void
relay_api_request_defer (RelayApiRequest *self)
{
  if (self->deferred)
    return;
  self->deferred = TRUE;
  g_signal_connect (self->message, "finished", G_CALLBACK (on_message_gone), self);
  g_signal_connect (self->message, "disconnected", G_CALLBACK (on_message_gone), self);
  soup_server_message_pause (self->message);
}

static void
finish_reply (RelayApiRequest *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (self->message);

  self->replied = TRUE;
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (self->deferred && !self->gone)
    soup_server_message_unpause (self->message);
}

void
relay_api_request_reply_json (RelayApiRequest *self, guint status, JsonNode *node)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_if_fail (!self->replied);

  text = json_to_string (node, FALSE);
  length = strlen (text);
  soup_server_message_set_status (self->message, status, NULL);
  soup_server_message_set_response (self->message, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
  finish_reply (self);
}

void
relay_api_request_reply_empty (RelayApiRequest *self, guint status)
{
  g_return_if_fail (!self->replied);

  soup_server_message_set_status (self->message, status, NULL);
  soup_server_message_set_response (self->message, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  finish_reply (self);
}

void
relay_api_request_reply_bytes (RelayApiRequest *self, guint status, const char *content_type,
                               GBytes *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  g_return_if_fail (!self->replied);

  soup_server_message_set_status (self->message, status, NULL);
  soup_server_message_set_response (self->message, content_type, SOUP_MEMORY_COPY, data, length);
  finish_reply (self);
}

void
relay_api_request_reply_error (RelayApiRequest *self, const GError *error)
{
  g_autoptr (JsonNode) node = relay_api_error_to_json (error);

  relay_api_request_reply_json (self, relay_api_error_get_status (error), node);
}

void
relay_api_request_reply_status (RelayApiRequest *self, guint status, const char *message)
{
  g_autoptr (GError) error = NULL;

  relay_api_set_error (&error, status, NULL, "%s", message);
  relay_api_request_reply_error (self, error);
}
