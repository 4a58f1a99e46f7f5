/* relay-api-json.h: lenient readers of request bodies, and what every answer writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "core/outputs/relay-output.h"
#include "relay-api-error.h"

G_BEGIN_DECLS

/* Larger bodies are refused with 413 before they are read. */
#define RELAY_API_MAX_BODY_BYTES (1024 * 1024)

/* Request bodies */
JsonObject *relay_api_parse_object (const char *data, gsize length, GError **error);

typedef enum
{
  RELAY_API_OPTIONAL,
  RELAY_API_REQUIRED,
} RelayApiPresence;

/* Each reader names the field as "scope.name" in its errors; an optional
 * field that is absent or null leaves *out untouched. Numbers and booleans
 * are also accepted as strings ("3", "false"), as Red5's examples send them. */
gboolean relay_api_read_string (JsonObject *object, const char *scope, const char *name,
                                RelayApiPresence presence, char **out, GError **error);
gboolean relay_api_read_boolean (JsonObject *object, const char *scope, const char *name,
                                 RelayApiPresence presence, gboolean *out, GError **error);
gboolean relay_api_read_uint (JsonObject *object, const char *scope, const char *name,
                              RelayApiPresence presence, guint max, guint *out, GError **error);
gboolean relay_api_read_int (JsonObject *object, const char *scope, const char *name,
                             RelayApiPresence presence, gint min, gint max, gint *out,
                             GError **error);
gboolean relay_api_read_double (JsonObject *object, const char *scope, const char *name,
                                RelayApiPresence presence, double min, double max, double *out,
                                GError **error);

/* The picture sizes an output or a canvas takes (even: H.264's 4:2:0 halves them) */
#define RELAY_API_MIN_VIDEO_SIZE 16
#define RELAY_API_MAX_VIDEO_SIZE 4096

gboolean relay_api_read_video_size (JsonObject *object, const char *scope,
                                    RelayApiPresence presence, guint *width, guint *height,
                                    GError **error);
gboolean relay_api_read_object (JsonObject *object, const char *scope, const char *name,
                                RelayApiPresence presence, JsonObject **out, GError **error);
gboolean relay_api_read_string_array (JsonObject *object, const char *scope, const char *name,
                                      RelayApiPresence presence, GStrv *out, GError **error);

/* Object members, in one line each */
void relay_api_add_string (JsonBuilder *builder, const char *name, const char *value);
void relay_api_add_boolean (JsonBuilder *builder, const char *name, gboolean value);
void relay_api_add_int (JsonBuilder *builder, const char *name, gint64 value);

/* What every dialect shows of an output */
const char *relay_api_session_state (RelayOutputState state);
void relay_api_add_output_stats (JsonBuilder *builder, RelayOutput *output);
char *relay_api_new_session_id (void);

G_END_DECLS
