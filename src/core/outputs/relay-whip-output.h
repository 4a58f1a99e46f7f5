/* relay-whip-output.h: publishing over WebRTC to a WHIP endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-webrtc.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WHIP_OUTPUT (relay_whip_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayWhipOutput, relay_whip_output, RELAY, WHIP_OUTPUT, RelayOutput)

/* What webrtcbin reports about the current (or last) connection. */
typedef RelayWebrtcStats RelayWhipStats;

RelayOutput *relay_whip_output_new (const char *endpoint, const RelayOutputOptions *options);
void relay_whip_output_get_stats (RelayWhipOutput *self, RelayWhipStats *stats);
const char *relay_whip_output_get_session_url (RelayWhipOutput *self);
const char *const *relay_whip_output_get_ice_servers (RelayWhipOutput *self);
void relay_whip_output_set_ice_servers (RelayWhipOutput *self, const char *const *servers);
gboolean relay_whip_output_get_trickle (RelayWhipOutput *self);
void relay_whip_output_set_trickle (RelayWhipOutput *self, gboolean trickle);
void relay_whip_output_set_data_channel (RelayWhipOutput *self, gboolean data_channel);
void relay_whip_output_restart_ice (RelayWhipOutput *self);
GstElement *relay_whip_output_dup_webrtcbin (RelayWhipOutput *self);

G_END_DECLS
