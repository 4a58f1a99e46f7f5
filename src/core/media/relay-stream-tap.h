/* relay-stream-tap.h: a bin fed by a stream's raw video and audio tees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-stream.h"

G_BEGIN_DECLS

typedef struct _RelayStreamTap RelayStreamTap;

RelayStreamTap *relay_stream_tap_new (RelayStream *stream, GstElement *bin);
void relay_stream_tap_remove (RelayStreamTap *tap);

G_END_DECLS
