/* relay-integration.h: the window's REST API server, as its preferences say
 *
 * The window serves the same REST API as headless Relaycast (src/api) over its
 * own studio; these are the calls Preferences makes for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/relay-broadcast.h"

G_BEGIN_DECLS

/* The API's bearer token (made and kept in the keyring), optionally replaced
 * by a new one first. */
void relay_integration_api_token_async (gboolean regenerate, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
char *relay_integration_api_token_finish (GAsyncResult *result, GError **error);

typedef void (*RelayIntegrationFailed) (const GError *error, gpointer user_data);

/* (Re)starts or stops the server on @broadcast's studio as the settings say.
 * A start that waits for the token and then fails is told to @failed. */
gboolean relay_integration_api_configure (RelayBroadcast *broadcast, gboolean enabled,
                                          const char *address, guint port,
                                          RelayIntegrationFailed failed, gpointer user_data,
                                          GError **error);

G_END_DECLS
