/* relay-api-scenes.h: Relaycast's own /api/scenes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"

G_BEGIN_DECLS

/* the longest fade an activation takes, in ms */
#define RELAY_API_SCENES_MAX_FADE_MS 10000

#define RELAY_TYPE_API_SCENES (relay_api_scenes_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiScenes, relay_api_scenes, RELAY, API_SCENES, GObject)

RelayApiScenes *relay_api_scenes_new (RelayApiContext *context);

G_END_DECLS
