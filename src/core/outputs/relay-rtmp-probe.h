/* relay-rtmp-probe.h: asking an RTMP server for an application and a stream,
 * without publishing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-rtmp-url.h"

G_BEGIN_DECLS

void relay_rtmp_probe_async (const RelayRtmpUrl *url, gboolean tls_validation,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data);
char *relay_rtmp_probe_finish (GAsyncResult *result, GError **error);

G_END_DECLS
