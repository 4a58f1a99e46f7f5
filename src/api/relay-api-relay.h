/* relay-api-relay.h: relay tasks: /relay/startrtmp, /relay/stoprtmp, /relay/tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"
#include "relay-api-relay-request.h"

G_BEGIN_DECLS

#define RELAY_TYPE_API_RELAY (relay_api_relay_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiRelay, relay_api_relay, RELAY, API_RELAY, GObject)

RelayApiRelay *relay_api_relay_new (RelayApiContext *context);

G_END_DECLS
