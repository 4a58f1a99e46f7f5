/* relay-low-priority-pool.h: streaming threads that yield to the API and the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define RELAY_TYPE_LOW_PRIORITY_POOL (relay_low_priority_pool_get_type ())

G_DECLARE_FINAL_TYPE (RelayLowPriorityPool, relay_low_priority_pool, RELAY, LOW_PRIORITY_POOL,
                      GstTaskPool)

GstTaskPool *relay_low_priority_pool_get_default (void);

G_END_DECLS
