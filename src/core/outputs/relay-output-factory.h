/* relay-output-factory.h: from a destination URL to the right kind of output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-rtmp-url.h"
#include "relay-webrtc-session.h"

G_BEGIN_DECLS

RelayOutput *relay_output_new_for_uri (const char *uri, const RelayOutputOptions *options,
                                       GError **error);
RelayOutput *relay_output_new_for_rtmp_url (const RelayRtmpUrl *url,
                                            const RelayOutputOptions *options);
RelayOutput *relay_output_new_for_viewer (RelayWebrtcSession *session,
                                          const RelayOutputOptions *options, GError **error);

G_END_DECLS
