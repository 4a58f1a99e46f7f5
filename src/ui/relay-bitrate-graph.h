/* relay-bitrate-graph.h: a bitrate history drawn as bars, one per second
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "relay-bitrate-history.h"

G_BEGIN_DECLS

#define RELAY_TYPE_BITRATE_GRAPH (relay_bitrate_graph_get_type ())

G_DECLARE_FINAL_TYPE (RelayBitrateGraph, relay_bitrate_graph, RELAY, BITRATE_GRAPH, GtkWidget)

GtkWidget *relay_bitrate_graph_new (void);
void relay_bitrate_graph_set_history (RelayBitrateGraph *self, RelayBitrateHistory *history);
RelayBitrateHistory *relay_bitrate_graph_get_history (RelayBitrateGraph *self);

G_END_DECLS
