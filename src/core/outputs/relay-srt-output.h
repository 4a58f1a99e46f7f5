/* relay-srt-output.h: MPEG-TS over SRT, calling a receiver or waiting for receivers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-output.h"
#include "relay-srt-url.h"

G_BEGIN_DECLS

#define RELAY_TYPE_SRT_OUTPUT (relay_srt_output_get_type ())

G_DECLARE_FINAL_TYPE (RelaySrtOutput, relay_srt_output, RELAY, SRT_OUTPUT, RelayOutput)

/* What srtsink reports of the current attempt's connections; the counters
 * add up every attempt's. */
typedef struct
{
  /* the largest of the receivers', in milliseconds; < 0 when none is connected */
  double rtt_ms;
  guint64 packets_lost;
  guint64 packets_retransmitted;
  /* receivers connected (a caller has at most one) */
  guint receivers;
} RelaySrtStats;

RelayOutput *relay_srt_output_new (const RelaySrtUrl *url, const RelayOutputOptions *options);
const RelaySrtUrl *relay_srt_output_get_url (RelaySrtOutput *self);
void relay_srt_output_get_stats (RelaySrtOutput *self, RelaySrtStats *stats);
void relay_srt_output_configure_sink (const RelaySrtUrl *url, GstElement *sink);

G_END_DECLS
