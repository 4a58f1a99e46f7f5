/* relay-connection-test.h: reaching a destination without going live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void relay_connection_test_async (const char *url, const char *token, gboolean tls_validation,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
char *relay_connection_test_finish (GAsyncResult *result, GError **error);

G_END_DECLS
