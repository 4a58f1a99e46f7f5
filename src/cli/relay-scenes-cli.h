/* relay-scenes-cli.h: `relaycast scenes …`, and the saved scenes of a headless run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/scenes/relay-scene-store.h"

G_BEGIN_DECLS

int relay_scenes_cli_run (int argc, char **argv);
gboolean relay_scenes_cli_load (RelaySceneStore *store, GError **error);
gboolean relay_scenes_cli_save (RelaySceneStore *store, GError **error);
RelayScene *relay_scenes_cli_lookup (RelaySceneStore *store, const char *name, GError **error);
char *relay_scenes_cli_find_id (const char *name, GError **error);
char *relay_scenes_cli_name_of (const char *id);

G_END_DECLS
