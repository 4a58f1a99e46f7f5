/* relay-flv-fanout.h: one FLV mux shared by the RTMP destinations of a pair of encoders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_FLV_FANOUT (relay_flv_fanout_get_type ())

G_DECLARE_FINAL_TYPE (RelayFlvFanout, relay_flv_fanout, RELAY, FLV_FANOUT, GObject)

RelayFlvFanout *relay_flv_fanout_acquire (RelayStream *stream, const RelayVideoProfile *video,
                                          const RelayAudioProfile *audio, GError **error);
GstPad *relay_flv_fanout_request_pad (RelayFlvFanout *self);
void relay_flv_fanout_release_pad (RelayFlvFanout *self, GstPad *pad);

G_END_DECLS
