/* relay-api-error.c
 *
 * An error of a request names its HTTP status (the code) and, where it is
 * about one field of the body, that field; both reach the client as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <libsoup/soup.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-api-error.h"

typedef struct
{
  char *field;
} RelayApiErrorPrivate;

static void
relay_api_error_private_init (RelayApiErrorPrivate *priv)
{
}

static void
relay_api_error_private_copy (const RelayApiErrorPrivate *src, RelayApiErrorPrivate *dest)
{
  dest->field = g_strdup (src->field);
}

static void
relay_api_error_private_clear (RelayApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (RelayApiError, relay_api_error)

void
relay_api_set_error (GError **error, guint status, const char *field, const char *format, ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (RELAY_API_ERROR, (int) status, message);
  relay_api_error_get_private (new_error)->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

const char *
relay_api_error_get_field (const GError *error)
{
  RelayApiErrorPrivate *priv;

  if (error == NULL || error->domain != RELAY_API_ERROR)
    return NULL;
  priv = relay_api_error_get_private (error);
  return priv ? priv->field : NULL;
}

/* The HTTP status that tells a client what went wrong with its request. */
guint
relay_api_error_get_status (const GError *error)
{
  if (error->domain == RELAY_API_ERROR && error->code >= 400 && error->code < 600)
    return (guint) error->code;

  if (error->domain == RELAY_ERROR)
    {
      switch ((RelayErrorCode) error->code)
        {
          case RELAY_ERROR_INVALID_ARGUMENT:
            return SOUP_STATUS_BAD_REQUEST;
          case RELAY_ERROR_NOT_FOUND:
            return SOUP_STATUS_NOT_FOUND;
          case RELAY_ERROR_EXISTS:
            return SOUP_STATUS_CONFLICT;
          case RELAY_ERROR_NOT_SUPPORTED:
            return SOUP_STATUS_NOT_IMPLEMENTED;
          case RELAY_ERROR_NO_SECRET_SERVICE:
            return SOUP_STATUS_SERVICE_UNAVAILABLE;
          default:
            return SOUP_STATUS_INTERNAL_SERVER_ERROR;
        }
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return SOUP_STATUS_NOT_FOUND;

  return SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static const char *
status_phrase (guint status)
{
  /* libsoup knows no name for these */
  if (status == SOUP_STATUS_MISDIRECTED_REQUEST)
    return "Misdirected Request";
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    return "Payload Too Large";
  return soup_status_get_phrase (status);
}

/* {"status": 400, "error": "Bad Request", "message": "...", "field": "..."} */
JsonNode *
relay_api_error_to_json (const GError *error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *redacted = relay_mask_redact (error->message);
  /* json-glib's parse errors quote the broken input, invalid UTF-8 included */
  g_autofree char *message = g_utf8_make_valid (redacted, -1);
  guint status = relay_api_error_get_status (error);
  const char *field = relay_api_error_get_field (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, status_phrase (status));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
