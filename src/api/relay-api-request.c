/* relay-api-request.c
 *
 * Every dialect reads its body with these readers, so that a wrong type or a
 * missing field gets the same clear 400 naming the field everywhere, and
 * answers through one place that never lets a secret out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-api-request.h"

/* json-glib parses recursively: a body of a million "[" must never reach it. */
#define MAX_JSON_DEPTH    32
#define MAX_STRING_LENGTH 8192

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

/* Bodies */

static gboolean
nesting_is_shallow (const char *data, gsize length)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/**
 * relay_api_parse_object:
 *
 * Returns: (transfer full): the body's JSON object
 */
JsonObject *
relay_api_parse_object (const char *data, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "body",
                           _ ("The request needs a JSON object as its body"));
      return NULL;
    }
  if (length > RELAY_API_MAX_BODY_BYTES)
    {
      relay_api_set_error (error, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body",
                           _ ("The body is larger than %u bytes"), RELAY_API_MAX_BODY_BYTES);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "body",
                           _ ("Malformed JSON: the body is not UTF-8 text"));
      return NULL;
    }
  if (!nesting_is_shallow (data, length))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "body",
                           _ ("Malformed JSON: nested more than %u levels deep"), MAX_JSON_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      const char *reason = local_error->message;

      /* json-glib names the input "<data>": the position is what helps */
      if (g_str_has_prefix (reason, "<data>:"))
        reason += strlen ("<data>:");
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "body", _ ("Malformed JSON at %s"),
                           reason);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "body",
                           _ ("The body must be a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Field readers */

static char *
field_path (const char *scope, const char *name)
{
  return scope != NULL ? g_strconcat (scope, ".", name, NULL) : g_strdup (name);
}

/* Finds a member; absent and null are the same. FALSE with @error set when a
 * required one is missing. */
static gboolean
find_member (JsonObject *object, const char *scope, const char *name, RelayApiPresence presence,
             JsonNode **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      if (presence == RELAY_API_REQUIRED)
        {
          g_autofree char *field = field_path (scope, name);

          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("“%s” is missing"), field);
          return FALSE;
        }
      return TRUE;
    }

  *out = node;
  return TRUE;
}

static gboolean
type_error (GError **error, const char *scope, const char *name, const char *expected)
{
  g_autofree char *field = field_path (scope, name);

  /* TRANSLATORS: the second %s is a JSON type, "a string", "a number"... */
  relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("“%s” must be %s"), field,
                       expected);
  return FALSE;
}

gboolean
relay_api_read_string (JsonObject *object, const char *scope, const char *name,
                       RelayApiPresence presence, char **out, GError **error)
{
  JsonNode *node;
  const char *value;

  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return type_error (error, scope, name, _ ("a string"));

  value = json_node_get_string (node);
  if (strlen (value) > MAX_STRING_LENGTH)
    return type_error (error, scope, name, _ ("a string of at most 8192 bytes"));
  if (presence == RELAY_API_REQUIRED && *value == '\0')
    return type_error (error, scope, name, _ ("a non-empty string"));

  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
relay_api_read_boolean (JsonObject *object, const char *scope, const char *name,
                        RelayApiPresence presence, gboolean *out, GError **error)
{
  JsonNode *node;
  GType type;

  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }
  if (type == G_TYPE_INT64 && (json_node_get_int (node) == 0 || json_node_get_int (node) == 1))
    {
      *out = json_node_get_int (node) == 1;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }

  return type_error (error, scope, name, _ ("true or false"));
}

static gboolean
read_integer (JsonObject *object, const char *scope, const char *name, RelayApiPresence presence,
              gint64 min, gint64 max, gint64 *out, gboolean *found, GError **error)
{
  g_autofree char *expected = NULL;
  JsonNode *node;
  GType type;

  *found = FALSE;
  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  {
    g_autofree char *lowest = g_strdup_printf ("%" G_GINT64_FORMAT, min);
    g_autofree char *highest = g_strdup_printf ("%" G_GINT64_FORMAT, max);

    expected = g_strdup_printf (_ ("a whole number from %s to %s"), lowest, highest);
  }
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      if (value < min || value > max)
        return type_error (error, scope, name, expected);
      *out = value;
    }
  else if (type == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, min, max, out, NULL))
        return type_error (error, scope, name, expected);
    }
  else
    return type_error (error, scope, name, expected);

  *found = TRUE;
  return TRUE;
}

gboolean
relay_api_read_uint (JsonObject *object, const char *scope, const char *name,
                     RelayApiPresence presence, guint max, guint *out, GError **error)
{
  gint64 value = 0;
  gboolean found;

  if (!read_integer (object, scope, name, presence, 0, max, &value, &found, error))
    return FALSE;
  if (found)
    *out = (guint) value;
  return TRUE;
}

gboolean
relay_api_read_int (JsonObject *object, const char *scope, const char *name,
                    RelayApiPresence presence, gint min, gint max, gint *out, GError **error)
{
  gint64 value = 0;
  gboolean found;

  if (!read_integer (object, scope, name, presence, min, max, &value, &found, error))
    return FALSE;
  if (found)
    *out = (gint) value;
  return TRUE;
}

/* @out: (transfer none) */
gboolean
relay_api_read_object (JsonObject *object, const char *scope, const char *name,
                       RelayApiPresence presence, JsonObject **out, GError **error)
{
  JsonNode *node;

  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (error, scope, name, _ ("an object"));

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
relay_api_read_string_array (JsonObject *object, const char *scope, const char *name,
                             RelayApiPresence presence, GStrv *out, GError **error)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;
  guint length;

  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (error, scope, name, _ ("an array of strings"));

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (json_node_get_value_type (item) != G_TYPE_STRING || *json_node_get_string (item) == '\0'
          || strlen (json_node_get_string (item)) > MAX_STRING_LENGTH)
        {
          g_autofree char *item_name = g_strdup_printf ("%s[%u]", name, i);

          return type_error (error, scope, item_name, _ ("a non-empty string"));
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* Header checks */

/* Digits only, in one spelling: no sign, no space, no leading zero. */
gboolean
relay_api_parse_port (const char *text, guint *port)
{
  guint64 value;

  if (text[0] == '\0' || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *port = (guint) value;
  return TRUE;
}

static gboolean
split_host_port (const char *text, gsize length, char **host, guint *port)
{
  const char *host_start = text;
  const char *host_end;
  const char *rest;
  guint value = 80;

  if (length == 0)
    return FALSE;

  if (text[0] == '[')
    {
      host_end = memchr (text, ']', length);
      if (host_end == NULL)
        return FALSE;
      host_start = text + 1;
      rest = host_end + 1;
    }
  else
    {
      host_end = memchr (text, ':', length);
      if (host_end == NULL)
        host_end = text + length;
      rest = host_end;
    }

  if (rest < text + length)
    {
      g_autofree char *digits = NULL;

      if (*rest != ':')
        return FALSE;
      digits = g_strndup (rest + 1, text + length - rest - 1);
      if (!relay_api_parse_port (digits, &value) || value == 0)
        return FALSE;
    }

  if (host_end == host_start)
    return FALSE;
  *host = g_ascii_strdown (host_start, host_end - host_start);
  *port = value;
  return TRUE;
}

static gboolean
address_is_any (const char *address)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_any (inet);
}

static gboolean
host_name_is_allowed (const char *host, const char *bound_address)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (g_str_equal (host, "localhost") || g_str_equal (host, "127.0.0.1")
      || g_str_equal (host, "::1"))
    return TRUE;
  if (bound_address == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, bound_address) == 0)
    return TRUE;

  /* Listening on every interface: any address literal names this machine
   * (only a DNS name can be rebound to it by someone else). */
  inet = g_inet_address_new_from_string (host);
  return inet != NULL && address_is_any (bound_address);
}

/* The Host header must name this server as the client reached it: a DNS
 * name pointing here (DNS rebinding) is refused. */
gboolean
relay_api_host_is_allowed (const char *host, const char *bound_address, guint port)
{
  g_autofree char *name = NULL;
  guint host_port = 0;

  if (host == NULL || !split_host_port (host, strlen (host), &name, &host_port))
    return FALSE;

  return host_port == port && host_name_is_allowed (name, bound_address);
}

/* Browsers send Origin with cross-site requests: only pages served by this
 * very server (which serves none) would pass. */
gboolean
relay_api_origin_is_allowed (const char *origin, const char *bound_address, guint port)
{
  const char *prefix = "http://";

  if (origin == NULL)
    return TRUE;
  if (!g_str_has_prefix (origin, prefix))
    return FALSE;

  return relay_api_host_is_allowed (origin + strlen (prefix), bound_address, port);
}

/* Compares without an early exit, so that timing tells nothing of the token. */
static gboolean
secret_equal (const char *given, gsize given_length, const char *token)
{
  gsize token_length = strlen (token);
  guchar difference = given_length != token_length;

  if (token_length == 0)
    return FALSE;
  for (gsize i = 0; i < given_length; i++)
    difference |= (guchar) given[i] ^ (guchar) token[i % token_length];

  return difference == 0;
}

/* "Bearer <token>", or "Basic" with the token as the password (any user). */
gboolean
relay_api_authorization_matches (const char *header, const char *token)
{
  const char *credentials;

  if (header == NULL || token == NULL || *token == '\0')
    return FALSE;

  if (g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      credentials = header + 7;
      while (*credentials == ' ')
        credentials++;
      return secret_equal (credentials, strlen (credentials), token);
    }

  if (g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      g_autofree guchar *decoded = NULL;
      gsize length = 0;
      const char *colon;

      credentials = header + 6;
      while (*credentials == ' ')
        credentials++;
      decoded = g_base64_decode (credentials, &length);
      colon = decoded ? memchr (decoded, ':', length) : NULL;
      if (colon == NULL)
        return FALSE;
      return secret_equal (colon + 1, length - (gsize) (colon + 1 - (const char *) decoded), token);
    }

  return FALSE;
}

/* Answers */

/* @value: (nullable): NULL is written as null */
void
relay_api_add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
relay_api_add_boolean (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
relay_api_add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Outputs as sessions */

/* In the words of RTCPeerConnection.connectionState, as Live777 reports them. */
const char *
relay_api_session_state (RelayOutputState state)
{
  switch (state)
    {
      case RELAY_OUTPUT_STATE_CONNECTING:
        return "connecting";
      case RELAY_OUTPUT_STATE_LIVE:
        return "connected";
      case RELAY_OUTPUT_STATE_RETRYING:
      case RELAY_OUTPUT_STATE_STALLED:
        return "disconnected";
      case RELAY_OUTPUT_STATE_FAILED:
        return "failed";
      case RELAY_OUTPUT_STATE_STOPPED:
        return "closed";
      case RELAY_OUTPUT_STATE_IDLE:
      case RELAY_OUTPUT_STATE_WAITING:
      default:
        return "new";
    }
}

/* Adds an output's figures as an object value to @builder. */
void
relay_api_add_output_stats (JsonBuilder *builder, RelayOutput *output)
{
  g_autofree char *description = relay_output_describe_state (output);

  json_builder_begin_object (builder);
  relay_api_add_string (builder, "state",
                        relay_output_state_to_string (relay_output_get_state (output)));
  relay_api_add_string (builder, "description", description);
  relay_api_add_string (builder, "lastError", relay_output_get_last_error (output));
  relay_api_add_int (builder, "bytesSent", (gint64) relay_output_get_bytes_sent (output));
  relay_api_add_int (builder, "bitrate", relay_output_get_bitrate (output));
  relay_api_add_int (builder, "uptimeMs", relay_output_get_uptime_us (output) / 1000);
  relay_api_add_int (builder, "reconnects", relay_output_get_reconnects (output));
  relay_api_add_int (builder, "stalls", relay_output_get_stalls (output));
  relay_api_add_int (builder, "framesSent", (gint64) relay_output_get_frames_sent (output));
  relay_api_add_int (builder, "framesDropped", (gint64) relay_output_get_frames_dropped (output));
  json_builder_end_object (builder);
}

/* 32 hex digits, the shape of Live777's and WCS's session ids. */
char *
relay_api_new_session_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    {
      if (*p != '-')
        g_string_append_c (id, *p);
    }
  return g_string_free (id, FALSE);
}

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
