/* relay-flv-gate.h: one RTMP destination's entry from a shared FLV mux
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _RelayFlvGate RelayFlvGate;

GstPad *relay_flv_gate_add (GstBin *bin, GstElement *inner, gboolean video_enabled, GError **error);
RelayFlvGate *relay_flv_gate_from_pad (GstPad *sink_pad);
void relay_flv_gate_restart (RelayFlvGate *self);
void relay_flv_gate_count_frames (RelayFlvGate *self, guint64 *sent, guint64 *dropped);
guint64 relay_flv_gate_get_bytes_offered (RelayFlvGate *self);
guint64 relay_flv_gate_get_bytes_in (RelayFlvGate *self);
guint64 relay_flv_gate_get_queued_ns (RelayFlvGate *self);

G_END_DECLS
