/* relay-stream-source.h: another stream of the studio (a WHIP publish) as a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"
#include "relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_STREAM_SOURCE (relay_stream_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayStreamSource, relay_stream_source, RELAY, STREAM_SOURCE, RelaySource)

RelaySource *relay_stream_source_new (RelayStream *stream);
RelayStream *relay_stream_source_get_stream (RelayStreamSource *self);

G_END_DECLS
