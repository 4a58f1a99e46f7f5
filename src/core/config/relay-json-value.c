/* relay-json-value.c
 *
 * The saved files mirror their objects' properties, so one reader checks a
 * member against its property's type and range, and says which member is
 * wrong and what it must be: text, true or false, a number in the range, one
 * of an enumeration's nicks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-json-value.h"

static gboolean
set_type_error (GError **error, GParamSpec *pspec, const char *member)
{
  GType type = pspec->value_type;

  if (type == G_TYPE_BOOLEAN)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("“%s” must be true or false"),
                 member);
  else if (type == G_TYPE_UINT)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                 _ ("“%s” must be a whole number from %u to %u"), member,
                 G_PARAM_SPEC_UINT (pspec)->minimum, G_PARAM_SPEC_UINT (pspec)->maximum);
  else if (type == G_TYPE_INT)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                 _ ("“%s” must be a whole number from %d to %d"), member,
                 G_PARAM_SPEC_INT (pspec)->minimum, G_PARAM_SPEC_INT (pspec)->maximum);
  else if (type == G_TYPE_DOUBLE)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                 _ ("“%s” must be a number from %g to %g"), member,
                 G_PARAM_SPEC_DOUBLE (pspec)->minimum, G_PARAM_SPEC_DOUBLE (pspec)->maximum);
  else if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr (GEnumClass) enum_class = g_type_class_ref (type);
      g_autoptr (GString) nicks = g_string_new (NULL);

      for (guint i = 0; i < enum_class->n_values; i++)
        g_string_append_printf (nicks, "%s%s", i > 0 ? ", " : "", enum_class->values[i].value_nick);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("“%s” must be one of %s"),
                   member, nicks->str);
    }
  else
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("“%s” must be text"), member);
  return FALSE;
}

/**
 * relay_json_value_from_node:
 * @pspec: the property @node sets
 * @member: its name in the JSON document, for the error
 * @value: (out caller-allocates): initialised here to @pspec's type
 *
 * Returns: whether @node fits @pspec (null for text: unset); if not, @error
 *   says what @member must be
 */
gboolean
relay_json_value_from_node (GParamSpec *pspec, const char *member, JsonNode *node, GValue *value,
                            GError **error)
{
  GType type = pspec->value_type;
  GType json_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;

  g_value_init (value, type);

  if (type == G_TYPE_STRING && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (type == G_TYPE_STRING && json_type == G_TYPE_STRING)
    {
      g_value_set_string (value, json_node_get_string (node));
      return TRUE;
    }
  if (type == G_TYPE_BOOLEAN && json_type == G_TYPE_BOOLEAN)
    {
      g_value_set_boolean (value, json_node_get_boolean (node));
      return TRUE;
    }
  if (type == G_TYPE_UINT && json_type == G_TYPE_INT64)
    {
      GParamSpecUInt *range = G_PARAM_SPEC_UINT (pspec);
      gint64 number = json_node_get_int (node);

      if (number < range->minimum || number > range->maximum)
        return set_type_error (error, pspec, member);
      g_value_set_uint (value, (guint) number);
      return TRUE;
    }
  if (type == G_TYPE_INT && json_type == G_TYPE_INT64)
    {
      GParamSpecInt *range = G_PARAM_SPEC_INT (pspec);
      gint64 number = json_node_get_int (node);

      if (number < range->minimum || number > range->maximum)
        return set_type_error (error, pspec, member);
      g_value_set_int (value, (int) number);
      return TRUE;
    }
  /* JSON does not tell 1 from 1.0: a whole number is a number too */
  if (type == G_TYPE_DOUBLE && (json_type == G_TYPE_DOUBLE || json_type == G_TYPE_INT64))
    {
      GParamSpecDouble *range = G_PARAM_SPEC_DOUBLE (pspec);
      double number = json_node_get_double (node);

      if (!(number >= range->minimum && number <= range->maximum))
        return set_type_error (error, pspec, member);
      g_value_set_double (value, number);
      return TRUE;
    }
  if (G_TYPE_IS_ENUM (type) && json_type == G_TYPE_STRING)
    {
      g_autoptr (GEnumClass) enum_class = g_type_class_ref (type);
      GEnumValue *enum_value = g_enum_get_value_by_nick (enum_class, json_node_get_string (node));

      if (enum_value == NULL)
        return set_type_error (error, pspec, member);
      g_value_set_enum (value, enum_value->value);
      return TRUE;
    }

  return set_type_error (error, pspec, member);
}

/* Returns: (transfer full): @value as JSON: enumerations by their nick */
JsonNode *
relay_json_value_to_node (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);
  JsonNode *node = json_node_alloc ();

  if (type == G_TYPE_STRING)
    json_node_init_string (node, g_value_get_string (value));
  else if (type == G_TYPE_BOOLEAN)
    json_node_init_boolean (node, g_value_get_boolean (value));
  else if (type == G_TYPE_UINT)
    json_node_init_int (node, g_value_get_uint (value));
  else if (type == G_TYPE_INT)
    json_node_init_int (node, g_value_get_int (value));
  else if (type == G_TYPE_DOUBLE)
    json_node_init_double (node, g_value_get_double (value));
  else
    {
      g_autoptr (GEnumClass) enum_class = g_type_class_ref (type);

      json_node_init_string (node,
                             g_enum_get_value (enum_class, g_value_get_enum (value))->value_nick);
    }
  return node;
}

/* Whether @a and @b hold the same members, either of them possibly NULL
 * (the unknown members of an object made in code rather than read). */
gboolean
relay_json_object_equal0 (JsonObject *a, JsonObject *b)
{
  return a == b || (a != NULL && b != NULL && json_object_equal (a, b));
}
