/* relay-bitrate-history.c
 *
 * Samples are kept with their time, so that the stretches an output spent
 * retrying or stopped, when no sample comes, show as gaps on the graph.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-bitrate-history.h"

struct _RelayBitrateHistory
{
  GObject parent_instance;

  GArray *samples;
};

G_DEFINE_FINAL_TYPE (RelayBitrateHistory, relay_bitrate_history, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define HISTORY_KEY "relay-ui-bitrate-history"

static void
relay_bitrate_history_finalize (GObject *object)
{
  RelayBitrateHistory *self = RELAY_BITRATE_HISTORY (object);

  g_array_unref (self->samples);
  G_OBJECT_CLASS (relay_bitrate_history_parent_class)->finalize (object);
}

static void
relay_bitrate_history_class_init (RelayBitrateHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_bitrate_history_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relay_bitrate_history_init (RelayBitrateHistory *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (RelayBitrateSample));
}

RelayBitrateHistory *
relay_bitrate_history_new (void)
{
  return g_object_new (RELAY_TYPE_BITRATE_HISTORY, NULL);
}

void
relay_bitrate_history_add (RelayBitrateHistory *self, gint64 time_us, guint bitrate)
{
  RelayBitrateSample sample = { time_us, bitrate };
  gint64 oldest = time_us - (gint64) RELAY_BITRATE_HISTORY_SPAN_S * G_USEC_PER_SEC;
  guint expired = 0;

  g_return_if_fail (RELAY_IS_BITRATE_HISTORY (self));

  while (expired < self->samples->len
         && g_array_index (self->samples, RelayBitrateSample, expired).time_us < oldest)
    expired++;
  if (expired > 0)
    g_array_remove_range (self->samples, 0, expired);

  g_array_append_val (self->samples, sample);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_stats_updated (RelayOutput *output, RelayBitrateHistory *self)
{
  relay_bitrate_history_add (self, g_get_monotonic_time (), relay_output_get_bitrate (output));
}

static void
on_state_changed (RelayOutput *output, RelayOutputState old_state, RelayBitrateHistory *self)
{
  /* The graph drops to zero where sending stopped, rather than joining the
   * last sample to the next across the gap. */
  if (old_state == RELAY_OUTPUT_STATE_LIVE)
    relay_bitrate_history_add (self, g_get_monotonic_time (), 0);
}

/**
 * relay_bitrate_history_for_output:
 *
 * Returns: (transfer none): the history recorded since the window first saw @output
 */
RelayBitrateHistory *
relay_bitrate_history_for_output (RelayOutput *output)
{
  RelayBitrateHistory *self = g_object_get_data (G_OBJECT (output), HISTORY_KEY);

  if (self != NULL)
    return self;

  self = relay_bitrate_history_new ();
  g_object_set_data_full (G_OBJECT (output), HISTORY_KEY, self, g_object_unref);
  g_signal_connect_object (output, "stats-updated", G_CALLBACK (on_stats_updated), self, 0);
  g_signal_connect_object (output, "state-changed", G_CALLBACK (on_state_changed), self, 0);
  return self;
}

const RelayBitrateSample *
relay_bitrate_history_get_samples (RelayBitrateHistory *self, guint *n_samples)
{
  g_return_val_if_fail (RELAY_IS_BITRATE_HISTORY (self), NULL);

  *n_samples = self->samples->len;
  return (const RelayBitrateSample *) (gpointer) self->samples->data;
}

guint
relay_bitrate_history_get_peak (RelayBitrateHistory *self)
{
  guint peak = 0;

  g_return_val_if_fail (RELAY_IS_BITRATE_HISTORY (self), 0);

  for (guint i = 0; i < self->samples->len; i++)
    peak = MAX (peak, g_array_index (self->samples, RelayBitrateSample, i).bitrate);
  return peak;
}
