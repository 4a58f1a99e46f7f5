/* relay-integration.h: where the window meets work of other branches
 *
 * INTEGRATION SEAMS. Each function here is the one place the window calls
 * for something another branch owns; the bodies in relay-integration.c are
 * stand-ins that keep the window honest until then:
 *
 * - saved destinations and their keys in the keyring (branch "destinations":
 *   RelayDestinationStore, RelaySecrets): the stand-in keeps destinations and
 *   keys in memory for this session only, and writes nothing anywhere;
 * - the REST API server and its token: the server of src/api over the
 *   window's studio, its token from the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/relay-studio.h"
#include "relay-destination-draft.h"

G_BEGIN_DECLS

/* Saved destinations: store @draft (its key in the keyring, never in the
 * config) under draft->id, which the caller has set. */
void relay_integration_save_destination_async (const RelayDestinationDraft *draft,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_integration_save_destination_finish (GAsyncResult *result, GError **error);
void relay_integration_lookup_destination_key_async (const char *id, GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
char *relay_integration_lookup_destination_key_finish (GAsyncResult *result, GError **error);
void relay_integration_forget_destination (const char *id);

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
