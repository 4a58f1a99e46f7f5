/* relay-webrtc-source.h: what a WHIP publisher sends, as a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"
#include "relay-webrtc-session.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WEBRTC_SOURCE (relay_webrtc_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayWebrtcSource, relay_webrtc_source, RELAY, WEBRTC_SOURCE, RelaySource)

RelaySource *relay_webrtc_source_new (RelayWebrtcSession *session);
RelayWebrtcSession *relay_webrtc_source_get_session (RelayWebrtcSource *self);
const char *relay_webrtc_source_get_forward_encoding (RelayWebrtcSource *self, RelayMediaKind kind);
GstPad *relay_webrtc_source_request_forward_pad (RelayWebrtcSource *self, RelayMediaKind kind,
                                                 const char *encoding, GstElement *top);
void relay_webrtc_source_release_forward_pad (RelayWebrtcSource *self, GstPad *pad);

G_END_DECLS
