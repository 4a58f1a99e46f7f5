/* relay-stream-slot.h: a source's bin, normalised and fed into a stream's mixers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-stream.h"

G_BEGIN_DECLS

typedef struct _RelayStreamSlot RelayStreamSlot;

RelayStreamSlot *relay_stream_slot_new (RelayStream *stream, RelaySource *source,
                                        GstElement *source_bin, GstElement *compositor,
                                        GstElement *audiomixer, GSourceFunc on_flowing,
                                        GSourceFunc on_ended);
void relay_stream_slot_remove (RelayStreamSlot *slot);
gboolean relay_stream_slot_is_flowing (RelayStreamSlot *slot);
GstElement *relay_stream_slot_get_wrapper (RelayStreamSlot *slot);
gconstpointer relay_stream_slot_find_wrapper (GstMessage *message);

G_END_DECLS
