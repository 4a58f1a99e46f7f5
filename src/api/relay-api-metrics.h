/* relay-api-metrics.h: every destination's and encoder's figures for Prometheus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/relay-studio.h"
#include "relay-api-context.h"

G_BEGIN_DECLS

#define RELAY_TYPE_API_METRICS (relay_api_metrics_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiMetrics, relay_api_metrics, RELAY, API_METRICS, GObject)

RelayApiMetrics *relay_api_metrics_new (RelayStudio *studio);
RelayApiMetrics *relay_api_metrics_new_for_context (RelayApiContext *context);
gboolean relay_api_metrics_listen (RelayApiMetrics *self, const char *address, guint port,
                                   GError **error);
char *relay_api_metrics_get_url (RelayApiMetrics *self);
char *relay_api_metrics_render (RelayStudio *studio);

G_END_DECLS
