/* relay-director.c
 *
 * The window, the command line and the API put scenes on air through the
 * director: the store says which scene is the program's (and keeps it for the
 * next start), and the director has the program's scene mixer compose it.
 * A scene changed by any client is followed live, wherever the change came
 * from; a scene removed from the store leaves the air.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-director.h"
#include "relay-error.h"

struct _RelayDirector
{
  GObject parent_instance;

  RelayStudio *studio;
  RelaySceneStore *store;
  /* fade asked for by the activation under way */
  guint fade_ms;
};

G_DEFINE_FINAL_TYPE (RelayDirector, relay_director, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROGRAM_SCENE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RelaySceneMixer *
program_mixer (RelayDirector *self)
{
  return relay_studio_get_scene_mixer (self->studio, relay_studio_get_program (self->studio));
}

/* The store's program scene, whoever set it, goes on air. */
static void
on_program_scene (RelaySceneStore *store, GParamSpec *pspec, RelayDirector *self)
{
  const char *id = relay_scene_store_get_program_scene (store);
  RelayScene *scene = id ? relay_scene_store_lookup (store, id) : NULL;
  RelaySceneMixer *mixer = program_mixer (self);

  if (relay_scene_mixer_get_scene (mixer) == scene)
    return;
  g_debug ("program scene: %s (fade %u ms)", id ? id : "none", self->fade_ms);
  relay_scene_mixer_set_scene_with_fade (mixer, scene, self->fade_ms);
  self->fade_ms = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_SCENE]);
}

/**
 * relay_director_new:
 * @store: the saved scenes, loaded: its program scene goes on air now
 *
 * Returns: (transfer full): the director
 */
RelayDirector *
relay_director_new (RelayStudio *studio, RelaySceneStore *store)
{
  RelayDirector *self;

  g_return_val_if_fail (RELAY_IS_STUDIO (studio), NULL);
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (store), NULL);

  self = g_object_new (RELAY_TYPE_DIRECTOR, NULL);
  self->studio = g_object_ref (studio);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "notify::program-scene", G_CALLBACK (on_program_scene), self, 0);
  on_program_scene (store, NULL, self);
  return self;
}

RelayStudio *
relay_director_get_studio (RelayDirector *self)
{
  g_return_val_if_fail (RELAY_IS_DIRECTOR (self), NULL);

  return self->studio;
}

RelaySceneStore *
relay_director_get_store (RelayDirector *self)
{
  g_return_val_if_fail (RELAY_IS_DIRECTOR (self), NULL);

  return self->store;
}

/* Returns: (transfer none) (nullable): the scene on the program */
RelayScene *
relay_director_get_program_scene (RelayDirector *self)
{
  g_return_val_if_fail (RELAY_IS_DIRECTOR (self), NULL);

  return relay_scene_mixer_get_scene (program_mixer (self));
}

/**
 * relay_director_activate:
 * @scene_id: (nullable): a scene of the store, or %NULL for none
 * @fade_ms: 0 for a cut, else how long the new scene takes to fade in
 *
 * Returns: %FALSE with @error set when there is no such scene
 */
gboolean
relay_director_activate (RelayDirector *self, const char *scene_id, guint fade_ms, GError **error)
{
  g_return_val_if_fail (RELAY_IS_DIRECTOR (self), FALSE);

  if (scene_id != NULL && relay_scene_store_lookup (self->store, scene_id) == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND, _ ("No scene “%s”"), scene_id);
      return FALSE;
    }
  self->fade_ms = fade_ms;
  relay_scene_store_set_program_scene (self->store, scene_id);
  self->fade_ms = 0;
  return TRUE;
}

static void
relay_director_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayDirector *self = RELAY_DIRECTOR (object);

  switch (prop_id)
    {
      case PROP_PROGRAM_SCENE:
        g_value_set_object (value, relay_director_get_program_scene (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_director_dispose (GObject *object)
{
  RelayDirector *self = RELAY_DIRECTOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->studio);

  G_OBJECT_CLASS (relay_director_parent_class)->dispose (object);
}

static void
relay_director_class_init (RelayDirectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = relay_director_get_property;
  object_class->dispose = relay_director_dispose;

  /* The scene the program composes, or NULL. */
  properties[PROP_PROGRAM_SCENE] =
      g_param_spec_object ("program-scene", NULL, NULL, RELAY_TYPE_SCENE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_director_init (RelayDirector *self)
{
}
