/* relay-scene-store.h: the saved scenes, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-scene.h"

G_BEGIN_DECLS

/* The schema of scenes.json this version writes and reads. */
#define RELAY_SCENE_STORE_VERSION 1

#define RELAY_TYPE_SCENE_STORE (relay_scene_store_get_type ())

G_DECLARE_FINAL_TYPE (RelaySceneStore, relay_scene_store, RELAY, SCENE_STORE, GObject)

RelaySceneStore *relay_scene_store_new (const char *path);
const char *relay_scene_store_get_path (RelaySceneStore *self);

void relay_scene_store_load_async (RelaySceneStore *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_scene_store_load_finish (RelaySceneStore *self, GAsyncResult *result,
                                        GError **error);
void relay_scene_store_save_async (RelaySceneStore *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_scene_store_save_finish (RelaySceneStore *self, GAsyncResult *result,
                                        GError **error);

JsonNode *relay_scene_store_to_json (RelaySceneStore *self);

gboolean relay_scene_store_is_changed (RelaySceneStore *self);
GListModel *relay_scene_store_get_scenes (RelaySceneStore *self);
RelayScene *relay_scene_store_lookup (RelaySceneStore *self, const char *id);
RelayScene *relay_scene_store_lookup_by_name (RelaySceneStore *self, const char *name);
char *relay_scene_store_make_id (RelaySceneStore *self, const char *prefix);
gboolean relay_scene_store_add (RelaySceneStore *self, RelayScene *scene, GError **error);
gboolean relay_scene_store_insert (RelaySceneStore *self, RelayScene *scene, guint position,
                                   GError **error);
gboolean relay_scene_store_remove (RelaySceneStore *self, const char *id, GError **error);
const char *relay_scene_store_get_program_scene (RelaySceneStore *self);
void relay_scene_store_set_program_scene (RelaySceneStore *self, const char *id);

G_END_DECLS
