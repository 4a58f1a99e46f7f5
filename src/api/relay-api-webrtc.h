/* relay-api-webrtc.h: the local WebRTC server, on Live777's routes: WHIP
 * publishes, WHEP plays and their sessions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/media/relay-stream.h"
#include "core/webrtc/relay-webrtc-session.h"
#include "relay-api-context.h"

G_BEGIN_DECLS

/* the owner of the outputs it makes */
#define RELAY_API_WEBRTC_OWNER "webrtc"

#define RELAY_TYPE_API_WEBRTC (relay_api_webrtc_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiWebrtc, relay_api_webrtc, RELAY, API_WEBRTC, GObject)

RelayApiWebrtc *relay_api_webrtc_new (RelayApiContext *context);

const char *relay_api_connection_state_name (GstWebRTCPeerConnectionState state);
gboolean relay_api_stream_has_publisher (RelayStream *stream);

G_END_DECLS
