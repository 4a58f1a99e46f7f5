/* relay-uri-source.h: a file or a network stream, decoded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_URI_SOURCE (relay_uri_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayUriSource, relay_uri_source, RELAY, URI_SOURCE, RelaySource)

RelaySource *relay_uri_source_new (const char *uri);
const char *relay_uri_source_get_uri (RelayUriSource *self);
gboolean relay_uri_source_is_file (RelayUriSource *self);
gboolean relay_uri_source_get_loop (RelayUriSource *self);
void relay_uri_source_set_loop (RelayUriSource *self, gboolean loop);

G_END_DECLS
