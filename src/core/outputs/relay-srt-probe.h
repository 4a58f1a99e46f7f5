/* relay-srt-probe.h: the SRT handshake with a receiver, without sending media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-srt-url.h"

G_BEGIN_DECLS

void relay_srt_probe_async (const RelaySrtUrl *url, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
char *relay_srt_probe_finish (GAsyncResult *result, GError **error);

G_END_DECLS
