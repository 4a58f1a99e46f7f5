/* relay-whep-output.h: one WHEP viewer, sent the stream's encoded media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-webrtc-session.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WHEP_OUTPUT (relay_whep_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayWhepOutput, relay_whep_output, RELAY, WHEP_OUTPUT, RelayOutput)

RelayOutput *relay_whep_output_new (RelayWebrtcSession *session, const RelayOutputOptions *options,
                                    GError **error);
RelayWebrtcSession *relay_whep_output_get_session (RelayWhepOutput *self);

G_END_DECLS
