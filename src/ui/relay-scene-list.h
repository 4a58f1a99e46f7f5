/* relay-scene-list.h: the saved scenes, the one on air marked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/relay-director.h"

G_BEGIN_DECLS

#define RELAY_TYPE_SCENE_LIST (relay_scene_list_get_type ())

G_DECLARE_FINAL_TYPE (RelaySceneList, relay_scene_list, RELAY, SCENE_LIST, GtkWidget)

GtkWidget *relay_scene_list_new (void);
void relay_scene_list_set_director (RelaySceneList *self, RelayDirector *director);
GtkWidget *relay_scene_list_find_row (RelaySceneList *self, const char *scene_id);

G_END_DECLS
