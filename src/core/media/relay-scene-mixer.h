/* relay-scene-mixer.h: a scene composed on a stream's canvas, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-scene.h"
#include "relay-source.h"
#include "relay-stream.h"

G_BEGIN_DECLS

/* Makes the source a layer names ("stream:NAME" needs the studio). */
typedef RelaySource *(*RelaySourceResolver) (const char *spec, gpointer user_data, GError **error);

#define RELAY_TYPE_SCENE_MIXER (relay_scene_mixer_get_type ())

G_DECLARE_FINAL_TYPE (RelaySceneMixer, relay_scene_mixer, RELAY, SCENE_MIXER, GObject)

RelaySceneMixer *relay_scene_mixer_new (RelayStream *stream, RelaySourceResolver resolve,
                                        gpointer user_data);
RelayStream *relay_scene_mixer_get_stream (RelaySceneMixer *self);
RelayScene *relay_scene_mixer_get_scene (RelaySceneMixer *self);
void relay_scene_mixer_set_scene (RelaySceneMixer *self, RelayScene *scene);
void relay_scene_mixer_set_scene_with_fade (RelaySceneMixer *self, RelayScene *scene,
                                            guint fade_ms);
guint relay_scene_mixer_count_open_sources (RelaySceneMixer *self);
gboolean relay_scene_mixer_is_flowing (RelaySceneMixer *self);

G_END_DECLS
