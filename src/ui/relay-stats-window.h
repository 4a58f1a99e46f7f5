/* relay-stats-window.h: one destination's statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/outputs/relay-output.h"

G_BEGIN_DECLS

#define RELAY_TYPE_STATS_WINDOW (relay_stats_window_get_type ())

G_DECLARE_FINAL_TYPE (RelayStatsWindow, relay_stats_window, RELAY, STATS_WINDOW, AdwWindow)

GtkWidget *relay_stats_window_new (GtkWindow *parent, RelayOutput *output, const char *title);
RelayOutput *relay_stats_window_get_output (RelayStatsWindow *self);

G_END_DECLS
