/* relay-layer-input.h: a source open in a stream, for the stream or a layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-stream-slot.h"

G_BEGIN_DECLS

#define RELAY_TYPE_LAYER_INPUT (relay_layer_input_get_type ())

G_DECLARE_FINAL_TYPE (RelayLayerInput, relay_layer_input, RELAY, LAYER_INPUT, GObject)

RelayLayerInput *relay_layer_input_new (RelayStream *stream, const char *spec, RelaySource *source,
                                        const RelaySlotPlacement *placements, guint n_placements,
                                        const RelayAudioGain *gain, GError **error);
const char *relay_layer_input_get_spec (RelayLayerInput *self);
RelaySource *relay_layer_input_get_source (RelayLayerInput *self);
void relay_layer_input_set_placements (RelayLayerInput *self, const RelaySlotPlacement *placements,
                                       guint n_placements);
const RelaySlotPlacement *relay_layer_input_get_placements (RelayLayerInput *self,
                                                            guint *n_placements);
void relay_layer_input_set_audio_gain (RelayLayerInput *self, const RelayAudioGain *gain);
gboolean relay_layer_input_is_flowing (RelayLayerInput *self);
void relay_layer_input_end (RelayLayerInput *self);
gboolean relay_layer_input_handle_message (RelayLayerInput *self, GstMessage *message);
void relay_layer_input_close (RelayLayerInput *self);

G_END_DECLS
