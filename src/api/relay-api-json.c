/* relay-api-json.c
 *
 * Every dialect reads its body with these readers, so that a wrong type or a
 * missing field gets the same clear 400 naming the field everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "relay-api-json.h"

/* json-glib parses recursively: a body of a million "[" must never reach it. */
#define MAX_JSON_DEPTH    32
#define MAX_STRING_LENGTH 8192

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

/* "width" and "height": both or neither, even, within the sizes H.264
 * encoders take. Neither given leaves both untouched. */
gboolean
relay_api_read_video_size (JsonObject *object, const char *scope, RelayApiPresence presence,
                           guint *width, guint *height, GError **error)
{
  const char *names[] = { "width", "height" };
  int values[] = { 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!relay_api_read_int (object, scope, names[i], presence, RELAY_API_MIN_VIDEO_SIZE,
                               RELAY_API_MAX_VIDEO_SIZE, &values[i], error))
        return FALSE;
      if (values[i] % 2 != 0)
        {
          g_autofree char *field = field_path (scope, names[i]);

          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                               _ ("“%s” must be even (H.264 halves it for colour)"), field);
          return FALSE;
        }
    }
  if ((values[0] == 0) != (values[1] == 0))
    {
      g_autofree char *field = field_path (scope, names[values[0] == 0 ? 0 : 1]);

      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                           _ ("“%s” is missing: width and height go together"), field);
      return FALSE;
    }
  if (values[0] != 0)
    {
      *width = (guint) values[0];
      *height = (guint) values[1];
    }
  return TRUE;
}

/* The whole of @text as a number, NAN if it is not one. */
static double
parse_double (const char *text)
{
  char *end = NULL;
  double value;

  if (*text == '\0' || g_ascii_isspace (*text))
    return NAN;
  value = g_ascii_strtod (text, &end);
  return *end == '\0' ? value : NAN;
}

gboolean
relay_api_read_double (JsonObject *object, const char *scope, const char *name,
                       RelayApiPresence presence, double min, double max, double *out,
                       GError **error)
{
  g_autofree char *expected = NULL;
  JsonNode *node;
  GType type;
  double value;

  if (!find_member (object, scope, name, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    value = json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    value = parse_double (json_node_get_string (node));
  else
    value = NAN;

  if (!(value >= min && value <= max))
    {
      char lowest[G_ASCII_DTOSTR_BUF_SIZE];
      char highest[G_ASCII_DTOSTR_BUF_SIZE];

      expected = g_strdup_printf (_ ("a number from %s to %s"),
                                  g_ascii_dtostr (lowest, sizeof lowest, min),
                                  g_ascii_dtostr (highest, sizeof highest, max));
      return type_error (error, scope, name, expected);
    }
  *out = value;
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
