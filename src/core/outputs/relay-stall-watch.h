/* relay-stall-watch.h: tells when a destination stops taking what it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAY_STALL_DEFAULT_TIMEOUT_MS 10000

typedef struct _RelayStallWatch RelayStallWatch;

RelayStallWatch *relay_stall_watch_new (guint timeout_ms);
void relay_stall_watch_free (RelayStallWatch *self);
gboolean relay_stall_watch_update (RelayStallWatch *self, gint64 now_us, guint64 offered,
                                   guint64 acknowledged, gint64 acknowledged_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayStallWatch, relay_stall_watch_free)

G_END_DECLS
