/* relay-api-red5.h: Red5 Pro's restreamer: POST /<context>/restream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"

G_BEGIN_DECLS

/* the owner of the outputs it makes */
#define RELAY_API_RED5_OWNER "red5"

#define RELAY_TYPE_API_RED5 (relay_api_red5_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiRed5, relay_api_red5, RELAY, API_RED5, GObject)

RelayApiRed5 *relay_api_red5_new (RelayApiContext *context);

G_END_DECLS
