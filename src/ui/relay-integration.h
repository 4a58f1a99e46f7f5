/* relay-integration.h: where the window meets the REST API
 *
 * INTEGRATION SEAM. Each function here is the one place the window calls
 * for the REST API server and its token (branch "api"); the bodies in
 * relay-integration.c are stand-ins that report that the API is not part of
 * this build yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/relay-studio.h"

G_BEGIN_DECLS

/* REST API: its bearer token, optionally replaced by a new one first. */
void relay_integration_api_token_async (gboolean regenerate, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
char *relay_integration_api_token_finish (GAsyncResult *result, GError **error);

/* WHIP statistics (branch "whip"): the statistics window shows an output's
 * "rtt-ms" (guint) and "packet-loss" (gdouble, percent) properties when its
 * class has them; nothing to call here. */

/* REST API: (re)start or stop the server on @studio as the settings say. */
gboolean relay_integration_api_configure (RelayStudio *studio, gboolean enabled,
                                          const char *address, guint port, GError **error);

G_END_DECLS
