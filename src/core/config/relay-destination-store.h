/* relay-destination-store.h: the saved destinations, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-destination.h"
#include "relay-secrets.h"

G_BEGIN_DECLS

/* The schema of destinations.json this version writes and reads. */
#define RELAY_DESTINATION_STORE_VERSION 1

#define RELAY_TYPE_DESTINATION_STORE (relay_destination_store_get_type ())

G_DECLARE_FINAL_TYPE (RelayDestinationStore, relay_destination_store, RELAY, DESTINATION_STORE,
                      GObject)

RelayDestinationStore *relay_destination_store_new (const char *path);
const char *relay_destination_store_get_path (RelayDestinationStore *self);

void relay_destination_store_load_async (RelayDestinationStore *self, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_destination_store_load_finish (RelayDestinationStore *self, GAsyncResult *result,
                                              GError **error);
void relay_destination_store_save_async (RelayDestinationStore *self, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_destination_store_save_finish (RelayDestinationStore *self, GAsyncResult *result,
                                              GError **error);

RelayDestination *relay_destination_store_lookup (RelayDestinationStore *self, const char *id);
char *relay_destination_store_make_id (RelayDestinationStore *self, const char *prefix);
gboolean relay_destination_store_add (RelayDestinationStore *self, RelayDestination *destination,
                                      GError **error);
gboolean relay_destination_store_insert (RelayDestinationStore *self, RelayDestination *destination,
                                         guint position, GError **error);
gboolean relay_destination_store_remove (RelayDestinationStore *self, const char *id,
                                         GError **error);

void relay_destination_store_put_async (RelayDestinationStore *self, RelayDestination *destination,
                                        const char *key, RelaySecrets *secrets,
                                        GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_destination_store_put_finish (RelayDestinationStore *self, GAsyncResult *result,
                                             gboolean *key_failed, GError **error);

G_END_DECLS
