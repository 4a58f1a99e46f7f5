/* relay-bitrate-history.h: an output's bitrate over the last minutes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/outputs/relay-output.h"

G_BEGIN_DECLS

#define RELAY_BITRATE_HISTORY_SPAN_S 300

typedef struct
{
  gint64 time_us;
  guint bitrate;
} RelayBitrateSample;

#define RELAY_TYPE_BITRATE_HISTORY (relay_bitrate_history_get_type ())

G_DECLARE_FINAL_TYPE (RelayBitrateHistory, relay_bitrate_history, RELAY, BITRATE_HISTORY, GObject)

RelayBitrateHistory *relay_bitrate_history_for_output (RelayOutput *output);
RelayBitrateHistory *relay_bitrate_history_new (void);
void relay_bitrate_history_add (RelayBitrateHistory *self, gint64 time_us, guint bitrate);
const RelayBitrateSample *relay_bitrate_history_get_samples (RelayBitrateHistory *self,
                                                             guint *n_samples);
guint relay_bitrate_history_get_peak (RelayBitrateHistory *self);

G_END_DECLS
