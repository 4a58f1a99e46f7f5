/* relay-api-request.h: one request of the REST API, answered at once or later
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "relay-api-error.h"
#include "relay-api-json.h"

G_BEGIN_DECLS

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
gboolean relay_api_request_read_optional_object (RelayApiRequest *self, JsonObject **out,
                                                 GError **error);
void relay_api_request_defer (RelayApiRequest *self);
void relay_api_request_reply_json (RelayApiRequest *self, guint status, JsonNode *node);
void relay_api_request_reply_empty (RelayApiRequest *self, guint status);
void relay_api_request_reply_bytes (RelayApiRequest *self, guint status, const char *content_type,
                                    GBytes *body);
void relay_api_request_reply_error (RelayApiRequest *self, const GError *error);
void relay_api_request_reply_status (RelayApiRequest *self, guint status, const char *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayApiRequest, relay_api_request_unref)

G_END_DECLS
