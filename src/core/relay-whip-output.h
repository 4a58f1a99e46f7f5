/* relay-whip-output.h: publishing over WebRTC to a WHIP endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifndef GST_USE_UNSTABLE_API
#define GST_USE_UNSTABLE_API /* libgstwebrtc says so in every build otherwise */
#endif
#include <gst/webrtc/webrtc.h>

#include "relay-output.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WHIP_OUTPUT (relay_whip_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayWhipOutput, relay_whip_output, RELAY, WHIP_OUTPUT, RelayOutput)

/* What webrtcbin reports about the current (or last) connection. */
typedef struct
{
  GstWebRTCPeerConnectionState connection_state;
  guint64 bytes_sent;
  guint64 packets_sent;
  /* seconds; negative until the receiver has reported */
  double round_trip_time;
  guint64 packets_lost;
  /* 0 to 1, in the receiver's last report */
  double fraction_lost;
  /* bits per second */
  guint bitrate;
  guint nack_count;
  guint pli_count;
  /* ICE restarts that brought the connection back, in this attempt */
  guint ice_restarts;
} RelayWhipStats;

RelayOutput *relay_whip_output_new (const char *endpoint, const RelayOutputOptions *options);
void relay_whip_output_get_stats (RelayWhipOutput *self, RelayWhipStats *stats);
const char *relay_whip_output_get_session_url (RelayWhipOutput *self);
const char *const *relay_whip_output_get_ice_servers (RelayWhipOutput *self);
void relay_whip_output_set_ice_servers (RelayWhipOutput *self, const char *const *servers);
gboolean relay_whip_output_get_trickle (RelayWhipOutput *self);
void relay_whip_output_set_trickle (RelayWhipOutput *self, gboolean trickle);
void relay_whip_output_restart_ice (RelayWhipOutput *self);
GstElement *relay_whip_output_dup_webrtcbin (RelayWhipOutput *self);

G_END_DECLS
