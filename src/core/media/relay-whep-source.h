/* relay-whep-source.h: a remote WHEP stream, pulled in as a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"
#include "relay-webrtc.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WHEP_SOURCE (relay_whep_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayWhepSource, relay_whep_source, RELAY, WHEP_SOURCE, RelaySource)

RelaySource *relay_whep_source_new (const char *url, const char *token);
const char *relay_whep_source_get_url (RelayWhepSource *self);
const char *relay_whep_source_get_session_url (RelayWhepSource *self);
GstWebRTCPeerConnectionState relay_whep_source_get_connection_state (RelayWhepSource *self);

G_END_DECLS
