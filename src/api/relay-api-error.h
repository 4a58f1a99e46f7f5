/* relay-api-error.h: errors that carry their HTTP status and the field they are about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Errors of the API itself: the code is the HTTP status of the answer. */
#define RELAY_API_ERROR (relay_api_error_quark ())

GQuark relay_api_error_quark (void);

void relay_api_set_error (GError **error, guint status, const char *field, const char *format, ...)
    G_GNUC_PRINTF (4, 5);
const char *relay_api_error_get_field (const GError *error);
guint relay_api_error_get_status (const GError *error);
JsonNode *relay_api_error_to_json (const GError *error);

G_END_DECLS
