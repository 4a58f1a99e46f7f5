/* relay-director.h: which saved scene is on the program, for every client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-scene-store.h"
#include "relay-studio.h"

G_BEGIN_DECLS

#define RELAY_TYPE_DIRECTOR (relay_director_get_type ())

G_DECLARE_FINAL_TYPE (RelayDirector, relay_director, RELAY, DIRECTOR, GObject)

RelayDirector *relay_director_new (RelayStudio *studio, RelaySceneStore *store);
RelayStudio *relay_director_get_studio (RelayDirector *self);
RelaySceneStore *relay_director_get_store (RelayDirector *self);
RelayScene *relay_director_get_program_scene (RelayDirector *self);
gboolean relay_director_activate (RelayDirector *self, const char *scene_id, guint fade_ms,
                                  GError **error);

G_END_DECLS
