/* relay-stream-slot.h: a source's bin, normalised and fed into a stream's mixers at one or more
 * places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-layer.h"
#include "relay-stream.h"

G_BEGIN_DECLS

typedef struct _RelayStreamSlot RelayStreamSlot;

/* How loud a slot's sound goes into the mix */
typedef struct
{
  /* linear: 1.0 leaves it as it is */
  double volume;
  gboolean muted;
} RelayAudioGain;

/* Where and how the source's picture is drawn on the stream's canvas. */
typedef struct
{
  RelayRect rect;
  RelayLayerFit fit;
  RelayCrop crop;
  /* 0: not drawn */
  double alpha;
  /* above the background, which is 0 */
  guint zorder;
} RelaySlotPlacement;

void relay_slot_placement_init_full_canvas (RelaySlotPlacement *placement,
                                            const RelayProgramFormat *format);

RelayStreamSlot *relay_stream_slot_new (RelayStream *stream, GObject *owner, RelaySource *source,
                                        GstElement *source_bin,
                                        const RelaySlotPlacement *placements, guint n_placements,
                                        const RelayAudioGain *gain, GSourceFunc on_flowing,
                                        GSourceFunc on_ended);
void relay_stream_slot_set_placements (RelayStreamSlot *slot, const RelaySlotPlacement *placements,
                                       guint n_placements);
void relay_stream_slot_set_audio_gain (RelayStreamSlot *slot, const RelayAudioGain *gain);
void relay_stream_slot_remove (RelayStreamSlot *slot);
gboolean relay_stream_slot_is_flowing (RelayStreamSlot *slot);
GstElement *relay_stream_slot_get_wrapper (RelayStreamSlot *slot);
gconstpointer relay_stream_slot_find_wrapper (GstMessage *message);

G_END_DECLS
