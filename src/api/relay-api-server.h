/* relay-api-server.h: the local REST server every dialect answers through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-api-context.h"

G_BEGIN_DECLS

#define RELAY_API_DEFAULT_ADDRESS "127.0.0.1"

#define RELAY_TYPE_API_SERVER (relay_api_server_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiServer, relay_api_server, RELAY, API_SERVER, GObject)

RelayApiServer *relay_api_server_new (RelayBroadcast *broadcast, const char *token,
                                      RelaySecrets *secrets, const RelayApiSettings *settings);
gboolean relay_api_parse_listen_address (const char *text, char **address, guint *port,
                                         GError **error);
gboolean relay_api_check_without_token (const char *address, GError **error);
gboolean relay_api_server_listen (RelayApiServer *self, const char *address, guint port,
                                  GError **error);
void relay_api_server_disconnect (RelayApiServer *self);
void relay_api_server_set_token (RelayApiServer *self, const char *token);
guint relay_api_server_get_port (RelayApiServer *self);
char *relay_api_server_get_url (RelayApiServer *self);

G_END_DECLS
