/* relay-secrets.h: the only way stream keys and tokens go in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define RELAY_SECRETS_SCHEMA_NAME  "io.github.relaycast.Relaycast.StreamKey"
#define RELAY_SECRETS_ATTRIBUTE_ID "destination-id"

#define RELAY_TYPE_SECRETS (relay_secrets_get_type ())

G_DECLARE_FINAL_TYPE (RelaySecrets, relay_secrets, RELAY, SECRETS, GObject)

const SecretSchema *relay_secrets_get_schema (void);

RelaySecrets *relay_secrets_new (void);
RelaySecrets *relay_secrets_new_for_key_file (const char *path);
const char *relay_secrets_get_key_file (RelaySecrets *self);

void relay_secrets_store_async (RelaySecrets *self, const char *destination_id, const char *label,
                                const char *key, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_secrets_store_finish (RelaySecrets *self, GAsyncResult *result, GError **error);

void relay_secrets_lookup_async (RelaySecrets *self, const char *destination_id,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
char *relay_secrets_lookup_finish (RelaySecrets *self, GAsyncResult *result, GError **error);

void relay_secrets_clear_async (RelaySecrets *self, const char *destination_id,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean relay_secrets_clear_finish (RelaySecrets *self, GAsyncResult *result, GError **error);

G_END_DECLS
