/* relay-api-store.h: named JSON entries kept in a file across runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAY_TYPE_API_STORE (relay_api_store_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiStore, relay_api_store, RELAY, API_STORE, GObject)

RelayApiStore *relay_api_store_new (const char *path, const char *list_name,
                                    const char *key_member);
const char *relay_api_store_get_path (RelayApiStore *self);
void relay_api_store_load_async (RelayApiStore *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *relay_api_store_load_finish (RelayApiStore *self, GAsyncResult *result, GError **error);
gboolean relay_api_store_contains (RelayApiStore *self, const char *key);
void relay_api_store_put (RelayApiStore *self, const char *key, JsonObject *entry);
void relay_api_store_remove (RelayApiStore *self, const char *key);
void relay_api_store_flush_async (RelayApiStore *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_api_store_flush_finish (RelayApiStore *self, GAsyncResult *result, GError **error);

G_END_DECLS
