/* relay-api-relay.h: relay tasks: /relay/startrtmp, /relay/stoprtmp, /relay/tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"

G_BEGIN_DECLS

typedef struct
{
  char *task_id;
  char **push_urls;
  JsonObject *layout;
  char *stream_name;
} RelayApiRelayStart;

void relay_api_relay_start_clear (RelayApiRelayStart *start);
gboolean relay_api_relay_parse_start (JsonObject *body, RelayApiRelayStart *out, GError **error);
gboolean relay_api_relay_parse_stop (JsonObject *body, char **task_id, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiRelayStart, relay_api_relay_start_clear)

#define RELAY_TYPE_API_RELAY (relay_api_relay_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiRelay, relay_api_relay, RELAY, API_RELAY, GObject)

RelayApiRelay *relay_api_relay_new (RelayApiContext *context);

G_END_DECLS
