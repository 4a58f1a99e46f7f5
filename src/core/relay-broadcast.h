/* relay-broadcast.h: going live: the outputs of saved destinations (with
 * their keys) and of URLs, made with what this run asks of every output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-destination-store.h"
#include "relay-director.h"
#include "relay-rtmp-url.h"
#include "relay-secrets.h"
#include "relay-studio.h"

G_BEGIN_DECLS

#define RELAY_TYPE_BROADCAST (relay_broadcast_get_type ())

G_DECLARE_FINAL_TYPE (RelayBroadcast, relay_broadcast, RELAY, BROADCAST, GObject)

RelayBroadcast *relay_broadcast_new (RelayStudio *studio, RelayDestinationStore *store,
                                     RelaySecrets *secrets);
RelayStudio *relay_broadcast_get_studio (RelayBroadcast *self);
RelayDestinationStore *relay_broadcast_get_store (RelayBroadcast *self);
RelaySecrets *relay_broadcast_get_secrets (RelayBroadcast *self);
RelayDirector *relay_broadcast_get_director (RelayBroadcast *self);
void relay_broadcast_set_director (RelayBroadcast *self, RelayDirector *director);
void relay_broadcast_set_scenes (RelayBroadcast *self, RelaySceneStore *scenes);

void relay_broadcast_set_run_options (RelayBroadcast *self, const RelayOutputOptions *options);
const RelayOutputOptions *relay_broadcast_get_run_options (RelayBroadcast *self);

RelayOutput *relay_broadcast_create_output (RelayBroadcast *self, const char *owner,
                                            const char *url, const char *id, const char *label,
                                            GError **error);
RelayOutput *relay_broadcast_create_output_with_options (RelayBroadcast *self, const char *url,
                                                         const RelayOutputOptions *options,
                                                         GError **error);
RelayOutput *relay_broadcast_create_rtmp_output (RelayBroadcast *self, const RelayRtmpUrl *url,
                                                 const RelayOutputOptions *options);
void relay_broadcast_create_saved_outputs_async (RelayBroadcast *self, const char *owner,
                                                 const char *const *ids, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *relay_broadcast_create_saved_outputs_finish (RelayBroadcast *self, GAsyncResult *result,
                                                        GError **error);

G_END_DECLS
