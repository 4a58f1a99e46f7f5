/* relay-offer-codecs.h: the one format of each medium of a peer's offer that
 * Relaycast takes (publish) or sends (subscribe)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/sdp/sdp.h>

#include "relay-webrtc-session.h"

G_BEGIN_DECLS

GstCaps *relay_offer_codecs_pick (const GstSDPMessage *offer, RelayMediaKind kind,
                                  RelayWebrtcRole role, const char *h264_profile_idc);
void relay_offer_codecs_prefer (GstElement *webrtc, const GstSDPMessage *offer,
                                RelayWebrtcRole role);

G_END_DECLS
