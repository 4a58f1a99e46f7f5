/* relay-api-connection.h: the REST server's connections, bounded in time and number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A request's headers must be complete this long after its connection opened
 * or its first bytes came. */
#define RELAY_API_HEADER_TIMEOUT_S 10
/* A connection kept open waits this long for its next request; nothing
 * received nor sent for as long while a body is read or an answer written
 * closes it too. */
#define RELAY_API_IDLE_TIMEOUT_S 20
/* Connections the kernel keeps waiting to be accepted (the default was 10). */
#define RELAY_API_LISTEN_BACKLOG 512

GSocket *relay_api_connection_listen (GSocketAddress *address, GError **error);
void relay_api_connection_request_started (SoupServerMessage *message);
void relay_api_connection_got_headers (SoupServerMessage *message);
void relay_api_connection_request_done (SoupServerMessage *message);
void relay_api_connection_answer_now (SoupServerMessage *message);

G_END_DECLS
