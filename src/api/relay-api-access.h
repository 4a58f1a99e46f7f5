/* relay-api-access.h: who may call the API: Host, Origin and the token, checked before the body is
 * read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Header checks against browser attacks (DNS rebinding, cross-site requests) */
gboolean relay_api_parse_port (const char *text, guint *port);
gboolean relay_api_host_is_allowed (const char *host, const char *bound_address, guint port);
gboolean relay_api_origin_is_allowed (const char *origin, const char *bound_address, guint port);
gboolean relay_api_authorization_matches (const char *header, const char *token);
gboolean relay_api_credentials_match (const char *authorization, const char *token_header,
                                      const char *token);

G_END_DECLS
