/* relay-rtmp-output.h: publishing to an RTMP or RTMPS server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-rtmp-url.h"

G_BEGIN_DECLS

#define RELAY_TYPE_RTMP_OUTPUT (relay_rtmp_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayRtmpOutput, relay_rtmp_output, RELAY, RTMP_OUTPUT, RelayOutput)

RelayOutput *relay_rtmp_output_new (const RelayRtmpUrl *url, const RelayOutputOptions *options);
const RelayRtmpUrl *relay_rtmp_output_get_url (RelayRtmpOutput *self);

G_END_DECLS
