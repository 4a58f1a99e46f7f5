/* relay-file-loop.h: a decoded file played again from its start, without a gap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

typedef struct _RelayFileLoop RelayFileLoop;

typedef gboolean (*RelayFileLoopAsk) (RelaySource *source);

RelayFileLoop *relay_file_loop_attach (RelaySource *source, GstBin *bin,
                                       RelayFileLoopAsk should_loop);
GstPad *relay_file_loop_add_stream (RelayFileLoop *loop, GstPad *decoded_pad);

G_END_DECLS
