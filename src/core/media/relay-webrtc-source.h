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

G_END_DECLS
