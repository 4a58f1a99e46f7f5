/* relay-json-value.h: a GObject property's value read from and written to JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean relay_json_value_from_node (GParamSpec *pspec, const char *member, JsonNode *node,
                                     GValue *value, GError **error);
JsonNode *relay_json_value_to_node (const GValue *value);
gboolean relay_json_object_equal0 (JsonObject *a, JsonObject *b);

G_END_DECLS
