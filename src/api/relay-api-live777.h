/* relay-api-live777.h: Live777's /api/streams and /api/cascade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"

G_BEGIN_DECLS

typedef struct
{
  char *token;
  char *source_url;
  char *target_url;
} RelayApiLive777Cascade;

void relay_api_live777_cascade_clear (RelayApiLive777Cascade *cascade);
gboolean relay_api_live777_parse_cascade (JsonObject *body, RelayApiLive777Cascade *out,
                                          GError **error);
gboolean relay_api_live777_parse_create (JsonObject *body, char **source, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiLive777Cascade, relay_api_live777_cascade_clear)

/* the owner of the outputs it makes */
#define RELAY_API_LIVE777_OWNER "live777"

#define RELAY_TYPE_API_LIVE777 (relay_api_live777_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiLive777, relay_api_live777, RELAY, API_LIVE777, GObject)

RelayApiLive777 *relay_api_live777_new (RelayApiContext *context);

G_END_DECLS
