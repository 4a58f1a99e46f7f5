/* relay-api-request.h: what every dialect shares: the request, lenient JSON
 * field readers, errors that name their field, and the header checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/outputs/relay-output.h"

G_BEGIN_DECLS

/* Larger bodies are refused with 413 before they are read. */
#define RELAY_API_MAX_BODY_BYTES (1024 * 1024)

/* Errors of the API itself: the code is the HTTP status of the answer. */
#define RELAY_API_ERROR (relay_api_error_quark ())

GQuark relay_api_error_quark (void);

void relay_api_set_error (GError **error, guint status, const char *field, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
const char *relay_api_error_get_field (const GError *error);
guint relay_api_error_get_status (const GError *error);
JsonNode *relay_api_error_to_json (const GError *error);

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
gboolean relay_api_read_object (JsonObject *object, const char *scope, const char *name,
                                RelayApiPresence presence, JsonObject **out, GError **error);
gboolean relay_api_read_string_array (JsonObject *object, const char *scope, const char *name,
                                      RelayApiPresence presence, GStrv *out, GError **error);

/* Header checks against browser attacks (DNS rebinding, cross-site requests) */
gboolean relay_api_parse_port (const char *text, guint *port);
gboolean relay_api_host_is_allowed (const char *host, const char *bound_address, guint port);
gboolean relay_api_origin_is_allowed (const char *origin, const char *bound_address, guint port);
gboolean relay_api_authorization_matches (const char *header, const char *token);

/* Object members, in one line each */
void relay_api_add_string (JsonBuilder *builder, const char *name, const char *value);
void relay_api_add_boolean (JsonBuilder *builder, const char *name, gboolean value);
void relay_api_add_int (JsonBuilder *builder, const char *name, gint64 value);

/* What every dialect shows of an output */
const char *relay_api_session_state (RelayOutputState state);
void relay_api_add_output_stats (JsonBuilder *builder, RelayOutput *output);
char *relay_api_new_session_id (void);

/* One request, answered at once or later (after a recording is closed) */
typedef struct _RelayApiRequest RelayApiRequest;

#define RELAY_API_TYPE_REQUEST (relay_api_request_get_type ())

GType relay_api_request_get_type (void) G_GNUC_CONST;
RelayApiRequest *relay_api_request_new (SoupServerMessage *message, GHashTable *params);
RelayApiRequest *relay_api_request_ref (RelayApiRequest *self);
void relay_api_request_unref (RelayApiRequest *self);
SoupServerMessage *relay_api_request_get_message (RelayApiRequest *self);
const char *relay_api_request_get_method (RelayApiRequest *self);
const char *relay_api_request_get_param (RelayApiRequest *self, const char *name);
GBytes *relay_api_request_get_body (RelayApiRequest *self);
JsonObject *relay_api_request_read_object (RelayApiRequest *self, GError **error);
void relay_api_request_defer (RelayApiRequest *self);
void relay_api_request_reply_json (RelayApiRequest *self, guint status, JsonNode *node);
void relay_api_request_reply_empty (RelayApiRequest *self, guint status);
void relay_api_request_reply_bytes (RelayApiRequest *self, guint status, const char *content_type,
                                    GBytes *body);
void relay_api_request_reply_error (RelayApiRequest *self, const GError *error);
void relay_api_request_reply_status (RelayApiRequest *self, guint status, const char *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayApiRequest, relay_api_request_unref)

G_END_DECLS
