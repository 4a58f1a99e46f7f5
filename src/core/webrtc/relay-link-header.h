/* relay-link-header.h: the ICE servers a WHIP server announces in its Link
 * headers (RFC 9725 §4.6), as webrtcbin takes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *relay_link_header_parse_ice_servers (const char *links);
char *relay_link_header_ice_server_to_webrtc (const char *url, const char *username,
                                              const char *credential);

G_END_DECLS
