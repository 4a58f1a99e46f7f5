/* relay-scene-mixer.c
 *
 * Keeps a stream's layer inputs in step with a scene: every change to the
 * scene (a layer moved, added, hidden, reordered; another scene put on air)
 * is reconciled with the inputs already open. Only the compositor's pads and
 * the slots' crop and scale change, so the stream's encoders and outputs never
 * notice. A layer keeps its input while its source stays the same, and a
 * scene switch hands an open source to the new scene's layer that names it:
 * a camera in both scenes is not closed and opened again. Layers of one
 * scene that name the same source share its input, drawn at each of their
 * places: a camera is opened once however often it is shown.
 *
 * The stream's own source, when it has one, stays beneath the layers.
 *
 * Sources the scene no longer uses linger beneath the new layers until every
 * newly opened source delivers (or a moment has passed): a cut to a camera
 * that takes half a second to start shows the old picture until then, not
 * black.
 *
 * A fade does the same over a set time: the new layers' opacity rises from
 * nothing while what the scene left stays beneath them, then fades out in
 * the second half (fading both at once would dim the picture in between),
 * a step per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <string.h>

#include "relay-color-source.h"
#include "relay-image-source.h"
#include "relay-layer-input.h"
#include "relay-scene-mixer.h"
#include "relay-screen-source.h"
#include "relay-text-source.h"

/* 0 is the stream's background, 1 its own source; what lingers goes beneath
 * the layers in its own order, from 2 */
#define LINGER_ZORDER      2
#define FIRST_LAYER_ZORDER 10000
#define LINGER_MAX_MS      3000
/* a new source's first buffer is told before it is paced and mixed */
#define LINGER_AFTER_FLOWING_MS 200

struct _RelaySceneMixer
{
  GObject parent_instance;

  RelayStream *stream;
  RelaySourceResolver resolve;
  gpointer resolve_data;
  RelayScene *scene;
  gulong changed_id;
  /* layer id -> RelayLayerInput, shared by layers naming the same source */
  GHashTable *inputs;
  /* layer id -> the source spec that could not be opened for it: not tried
   * again at every change of the scene (a drag), only for another source or
   * when the scene is put on air again */
  GHashTable *unopened;
  /* of RelayLayerInput: left by the last change, shown until the new ones play */
  GPtrArray *lingering;
  /* of GArray of RelaySlotPlacement: each lingering input's places when it
   * began to linger */
  GPtrArray *lingering_places;
  guint linger_timeout_id;
  /* the fade under way, if any */
  guint fade_ms;
  /* asked for, and begun once the new scene's sources all play (0: not yet) */
  gint64 fade_asked_us;
  gint64 fade_start_us;
  guint fade_tick_id;
};

G_DEFINE_FINAL_TYPE (RelaySceneMixer, relay_scene_mixer, G_TYPE_OBJECT)

enum
{
  SIGNAL_LAYER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_input_flowing (RelayLayerInput *input, RelaySceneMixer *self);

static void
placement_for_layer (RelayLayer *layer, guint zorder, RelaySlotPlacement *placement)
{
  relay_layer_get_rect (layer, &placement->rect);
  relay_layer_get_crop (layer, &placement->crop);
  placement->fit = relay_layer_get_fit (layer);
  placement->alpha = relay_layer_get_visible (layer) ? relay_layer_get_opacity (layer) : 0.0;
  placement->zorder = zorder;
}

static void
on_input_failed (RelayLayerInput *input, GError *error, RelaySceneMixer *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->inputs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value == input)
        g_signal_emit (self, signals[SIGNAL_LAYER_FAILED], 0, (const char *) key, error);
    }
}

/* Whether @source is drawn from its layer's settings (colour, text, font). */
static gboolean
is_drawn_from_layer (RelaySource *source)
{
  return RELAY_IS_COLOR_SOURCE (source) || RELAY_IS_TEXT_SOURCE (source);
}

/* Follows the layer's settings live, as the source draws them. */
static void
update_drawn_source (RelaySource *source, RelayLayer *layer)
{
  if (RELAY_IS_COLOR_SOURCE (source))
    relay_color_source_set_color (RELAY_COLOR_SOURCE (source), relay_layer_get_color (layer));
  else if (RELAY_IS_TEXT_SOURCE (source))
    {
      relay_text_source_set_text (RELAY_TEXT_SOURCE (source), relay_layer_get_text (layer));
      relay_text_source_set_font (RELAY_TEXT_SOURCE (source), relay_layer_get_font (layer));
      relay_text_source_set_color (RELAY_TEXT_SOURCE (source), relay_layer_get_color (layer));
    }
}

/* An open input for @spec among those the scene no longer uses. Sources
 * drawn from their layer are not handed over: a new one costs nothing, and
 * an old one would show its former colour or words for a frame. */
static RelayLayerInput *
steal_input_for_spec (GHashTable *unused, const char *spec)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, unused);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_equal (relay_layer_input_get_spec (value), spec)
          && !is_drawn_from_layer (relay_layer_input_get_source (value)))
        {
          RelayLayerInput *input = g_object_ref (value);

          g_hash_table_iter_remove (&iter);
          return input;
        }
    }
  return NULL;
}

static void
gain_for_layer (RelayLayer *layer, RelayAudioGain *gain)
{
  gain->volume = relay_layer_get_volume (layer);
  gain->muted = relay_layer_get_muted (layer);
}

/* The layer kinds the mixer makes itself; any other spec is resolved. */
static RelaySource *
source_for_layer (RelaySceneMixer *self, RelayLayer *layer, GError **error)
{
  const char *spec = relay_layer_get_source (layer);
  const char *font = relay_layer_get_font (layer);
  guint32 color = relay_layer_get_color (layer);
  RelaySource *source;

  if (g_str_equal (spec, RELAY_LAYER_SOURCE_COLOR))
    return relay_color_source_new (color);
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_TEXT))
    return relay_text_source_new (relay_layer_get_text (layer), font, color);
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_CLOCK))
    return relay_text_source_new_clock (font, color);
  if (g_str_has_prefix (spec, RELAY_LAYER_SOURCE_IMAGE))
    return relay_image_source_new (spec + strlen (RELAY_LAYER_SOURCE_IMAGE));
  source = self->resolve (spec, self->resolve_data, error);
  /* the portal's choice is the scene's layer's, not the program's source's */
  if (source != NULL && RELAY_IS_SCREEN_SOURCE (source) && self->scene != NULL)
    {
      g_autofree char *key = g_strdup_printf ("scene:%s/%s", relay_scene_get_id (self->scene),
                                              relay_layer_get_id (layer));

      relay_screen_source_set_token_key (RELAY_SCREEN_SOURCE (source), key);
    }
  return source;
}

static RelayLayerInput *
open_input (RelaySceneMixer *self, RelayLayer *layer, const RelaySlotPlacement *placement)
{
  RelayAudioGain gain;
  const char *spec = relay_layer_get_source (layer);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaySource) source = source_for_layer (self, layer, &error);
  RelayLayerInput *input = NULL;

  if (source != NULL)
    {
      gain_for_layer (layer, &gain);
      input = relay_layer_input_new (self->stream, spec, source, placement, 1, &gain, &error);
    }
  if (input == NULL)
    {
      g_debug ("layer %s: %s", relay_layer_get_id (layer), error->message);
      g_signal_emit (self, signals[SIGNAL_LAYER_FAILED], 0, relay_layer_get_id (layer), error);
      return NULL;
    }
  g_signal_connect_object (input, "failed", G_CALLBACK (on_input_failed), self, 0);
  g_signal_connect_object (input, "flowing", G_CALLBACK (on_input_flowing), self, 0);
  return input;
}

static void
close_inputs (GHashTable *inputs)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, inputs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    relay_layer_input_close (value);
}

static void
close_lingering (RelaySceneMixer *self)
{
  g_clear_handle_id (&self->linger_timeout_id, g_source_remove);
  for (guint i = 0; i < self->lingering->len; i++)
    relay_layer_input_close (g_ptr_array_index (self->lingering, i));
  g_ptr_array_set_size (self->lingering, 0);
  g_ptr_array_set_size (self->lingering_places, 0);
}

static gboolean
linger_timed_out (gpointer user_data)
{
  RelaySceneMixer *self = user_data;

  self->linger_timeout_id = 0;
  /* a fade ends the lingering itself */
  if (self->fade_tick_id == 0)
    close_lingering (self);
  return G_SOURCE_REMOVE;
}

/* How far the fade under way is, from 0 to 1 (1: none). */
static double
fade_progress (RelaySceneMixer *self)
{
  if (self->fade_tick_id == 0 || self->fade_ms == 0)
    return 1.0;
  if (self->fade_start_us == 0)
    return 0.0;
  return CLAMP ((g_get_monotonic_time () - self->fade_start_us) / (self->fade_ms * 1000.0), 0.0,
                1.0);
}

static gboolean
all_flowing (RelaySceneMixer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->inputs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!relay_layer_input_is_flowing (value))
        return FALSE;
    }
  return TRUE;
}

static void
on_input_flowing (RelayLayerInput *input, RelaySceneMixer *self)
{
  if (self->lingering->len > 0 && self->fade_tick_id == 0 && all_flowing (self))
    {
      g_clear_handle_id (&self->linger_timeout_id, g_source_remove);
      self->linger_timeout_id = g_timeout_add (LINGER_AFTER_FLOWING_MS, linger_timed_out, self);
    }
}

/* Sets @input's places as they were when it began to linger, their opacity
 * times @alpha. */
static void
set_lingering_alpha (RelayLayerInput *input, GArray *places, double alpha)
{
  g_autoptr (GArray) faded = g_array_copy (places);

  for (guint i = 0; i < faded->len; i++)
    g_array_index (faded, RelaySlotPlacement, i).alpha *= alpha;
  relay_layer_input_set_placements (input, (const RelaySlotPlacement *) faded->data, faded->len);
}

/* Keeps @unused's inputs on screen, beneath the layers, for a while. */
static void
linger (RelaySceneMixer *self, GPtrArray *unused)
{
  for (guint i = 0; i < unused->len; i++)
    {
      RelayLayerInput *input = g_ptr_array_index (unused, i);
      guint n_places;
      const RelaySlotPlacement *places = relay_layer_input_get_placements (input, &n_places);
      GArray *lingering = g_array_new (FALSE, FALSE, sizeof (RelaySlotPlacement));

      g_array_append_vals (lingering, places, n_places);
      for (guint j = 0; j < n_places; j++)
        {
          guint *zorder = &g_array_index (lingering, RelaySlotPlacement, j).zorder;

          *zorder -= MIN (*zorder, FIRST_LAYER_ZORDER - LINGER_ZORDER);
        }
      g_ptr_array_add (self->lingering, g_object_ref (input));
      g_ptr_array_add (self->lingering_places, lingering);
      set_lingering_alpha (input, lingering, 1.0);
    }
  if (self->linger_timeout_id == 0)
    self->linger_timeout_id = g_timeout_add (LINGER_MAX_MS, linger_timed_out, self);
}

/* An input already open for a layer of this scene that names @spec. */
static RelayLayerInput *
find_shared_input (GHashTable *inputs, const char *spec)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, inputs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (g_str_equal (relay_layer_input_get_spec (value), spec)
          && !is_drawn_from_layer (relay_layer_input_get_source (value)))
        return g_object_ref (value);
    }
  return NULL;
}

/* What each input draws and plays for the layers that use it. */
typedef struct
{
  GArray *placements;
  RelayAudioGain gain;
} InputUse;

static void
input_use_free (gpointer data)
{
  InputUse *use = data;

  g_array_unref (use->placements);
  g_free (use);
}

/* A source shown by several layers is heard once, as loud as the loudest
 * of them that is not muted. */
static void
input_use_add (GHashTable *uses, RelayLayerInput *input, RelayLayer *layer,
               const RelaySlotPlacement *placement)
{
  InputUse *use = g_hash_table_lookup (uses, input);
  RelayAudioGain gain;

  gain_for_layer (layer, &gain);
  if (use == NULL)
    {
      use = g_new0 (InputUse, 1);
      use->placements = g_array_new (FALSE, FALSE, sizeof (RelaySlotPlacement));
      use->gain = gain;
      g_hash_table_insert (uses, input, use);
    }
  else if (use->gain.muted != gain.muted)
    {
      if (!gain.muted)
        use->gain = gain;
    }
  else
    use->gain.volume = MAX (use->gain.volume, gain.volume);
  g_array_append_val (use->placements, *placement);
}

static void
reconcile (RelaySceneMixer *self)
{
  g_autoptr (GHashTable) unused = g_steal_pointer (&self->inputs);
  g_autoptr (GHashTable) uses = g_hash_table_new_full (NULL, NULL, NULL, input_use_free);
  g_autoptr (GPtrArray) left = g_ptr_array_new ();
  GListModel *layers = self->scene ? relay_scene_get_layers (self->scene) : NULL;
  guint n_layers = layers ? g_list_model_get_n_items (layers) : 0;
  GHashTableIter iter;
  gpointer key, value;

  self->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);
      const char *id = relay_layer_get_id (layer);
      const char *spec = relay_layer_get_source (layer);
      RelayLayerInput *input = g_hash_table_lookup (unused, id);
      RelaySlotPlacement placement;

      placement_for_layer (layer, FIRST_LAYER_ZORDER + i, &placement);
      placement.alpha *= fade_progress (self);
      if (input != NULL && g_str_equal (relay_layer_input_get_spec (input), spec))
        {
          g_object_ref (input);
          g_hash_table_remove (unused, id);
        }
      else if (!(input = find_shared_input (self->inputs, spec)))
        input = steal_input_for_spec (unused, spec);

      if (input != NULL)
        update_drawn_source (relay_layer_input_get_source (input), layer);
      else if (g_strcmp0 (g_hash_table_lookup (self->unopened, id), spec) != 0)
        {
          input = open_input (self, layer, &placement);
          if (input == NULL)
            g_hash_table_insert (self->unopened, g_strdup (id), g_strdup (spec));
        }

      if (input != NULL)
        {
          g_hash_table_remove (self->unopened, id);
          g_hash_table_insert (self->inputs, g_strdup (id), input);
          input_use_add (uses, input, layer, &placement);
        }
    }

  g_hash_table_iter_init (&iter, uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      InputUse *use = value;

      relay_layer_input_set_placements (key, (const RelaySlotPlacement *) use->placements->data,
                                        use->placements->len);
      relay_layer_input_set_audio_gain (key, &use->gain);
    }

  /* an input several layers shared is left once, and only if no layer kept it */
  g_hash_table_iter_init (&iter, unused);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!g_hash_table_contains (uses, value) && !g_ptr_array_find (left, value, NULL))
        g_ptr_array_add (left, value);
    }
  if (left->len > 0 && (self->fade_tick_id != 0 || !all_flowing (self)))
    linger (self, left);
  else
    for (guint i = 0; i < left->len; i++)
      relay_layer_input_close (g_ptr_array_index (left, i));
}

static void
on_scene_changed (RelayScene *scene, RelaySceneMixer *self)
{
  reconcile (self);
}

/**
 * relay_scene_mixer_new:
 * @stream: the stream whose canvas the scenes are composed on
 * @resolve: makes the sources layers name
 *
 * Returns: (transfer full): a mixer with no scene
 */
RelaySceneMixer *
relay_scene_mixer_new (RelayStream *stream, RelaySourceResolver resolve, gpointer user_data)
{
  RelaySceneMixer *self;

  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);
  g_return_val_if_fail (resolve != NULL, NULL);

  self = g_object_new (RELAY_TYPE_SCENE_MIXER, NULL);
  self->stream = g_object_ref (stream);
  self->resolve = resolve;
  self->resolve_data = user_data;
  return self;
}

RelayStream *
relay_scene_mixer_get_stream (RelaySceneMixer *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_MIXER (self), NULL);

  return self->stream;
}

/* Returns: (transfer none) (nullable): the scene on the stream */
RelayScene *
relay_scene_mixer_get_scene (RelaySceneMixer *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_MIXER (self), NULL);

  return self->scene;
}

/**
 * relay_scene_mixer_set_scene:
 * @scene: (nullable): the scene to compose from now on, followed as it
 *   changes; %NULL takes every layer away
 *
 * A cut: the new scene's picture is there from the next frame its sources
 * have. A layer that cannot open says so with RelaySceneMixer::layer-failed;
 * the others are composed all the same.
 */
void
relay_scene_mixer_set_scene (RelaySceneMixer *self, RelayScene *scene)
{
  g_return_if_fail (RELAY_IS_SCENE_MIXER (self));
  g_return_if_fail (scene == NULL || RELAY_IS_SCENE (scene));

  if (self->scene != NULL)
    g_clear_signal_handler (&self->changed_id, self->scene);
  g_set_object (&self->scene, scene);
  g_hash_table_remove_all (self->unopened);
  if (scene != NULL)
    self->changed_id = g_signal_connect (scene, "changed", G_CALLBACK (on_scene_changed), self);
  reconcile (self);
}

/* One frame of a fade: the layers' opacity up, what lingers down. */
static gboolean
fade_step (gpointer user_data)
{
  RelaySceneMixer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double progress;

  /* a fade from a picture to black then to the new one is no fade: it waits
   * for the new sources (a while at most) */
  if (self->fade_start_us == 0
      && (all_flowing (self) || now - self->fade_asked_us > LINGER_MAX_MS * 1000))
    self->fade_start_us = now;
  progress = fade_progress (self);

  if (progress >= 1.0)
    {
      self->fade_tick_id = 0;
      close_lingering (self);
      reconcile (self);
      return G_SOURCE_REMOVE;
    }

  for (guint i = 0; i < self->lingering->len; i++)
    set_lingering_alpha (g_ptr_array_index (self->lingering, i),
                         g_ptr_array_index (self->lingering_places, i),
                         MIN (1.0, 2.0 * (1.0 - progress)));
  reconcile (self);
  return G_SOURCE_CONTINUE;
}

/**
 * relay_scene_mixer_set_scene_with_fade:
 * @fade_ms: how long the new scene takes to fade in over the old one; 0 is
 *   a cut, as relay_scene_mixer_set_scene()
 */
void
relay_scene_mixer_set_scene_with_fade (RelaySceneMixer *self, RelayScene *scene, guint fade_ms)
{
  g_return_if_fail (RELAY_IS_SCENE_MIXER (self));

  g_clear_handle_id (&self->fade_tick_id, g_source_remove);
  close_lingering (self);
  if (fade_ms > 0)
    {
      const RelayProgramFormat *format = relay_stream_get_format (self->stream);

      self->fade_ms = fade_ms;
      self->fade_asked_us = g_get_monotonic_time ();
      self->fade_start_us = 0;
      self->fade_tick_id = g_timeout_add (MAX (1000 / MAX (format->fps, 1), 1), fade_step, self);
    }
  relay_scene_mixer_set_scene (self, scene);
}

/* How many sources the scene holds open (for tests and statistics). */
guint
relay_scene_mixer_count_open_sources (RelaySceneMixer *self)
{
  g_autoptr (GHashTable) distinct = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (RELAY_IS_SCENE_MIXER (self), 0);

  g_hash_table_iter_init (&iter, self->inputs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_add (distinct, value);
  return g_hash_table_size (distinct);
}

/* Whether every layer's source delivers its picture. */
gboolean
relay_scene_mixer_is_flowing (RelaySceneMixer *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_MIXER (self), FALSE);

  return all_flowing (self);
}

static void
relay_scene_mixer_dispose (GObject *object)
{
  RelaySceneMixer *self = RELAY_SCENE_MIXER (object);

  if (self->scene != NULL)
    g_clear_signal_handler (&self->changed_id, self->scene);
  g_clear_object (&self->scene);
  if (self->inputs != NULL)
    {
      close_inputs (self->inputs);
      g_clear_pointer (&self->inputs, g_hash_table_unref);
      g_clear_pointer (&self->unopened, g_hash_table_unref);
    }
  g_clear_handle_id (&self->fade_tick_id, g_source_remove);
  if (self->lingering != NULL)
    {
      close_lingering (self);
      g_clear_pointer (&self->lingering, g_ptr_array_unref);
      g_clear_pointer (&self->lingering_places, g_ptr_array_unref);
    }
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (relay_scene_mixer_parent_class)->dispose (object);
}

static void
relay_scene_mixer_class_init (RelaySceneMixerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_scene_mixer_dispose;

  /**
   * RelaySceneMixer::layer-failed:
   * @layer_id: the layer whose source failed
   * @error: why, in the person's words
   */
  signals[SIGNAL_LAYER_FAILED] =
      g_signal_new ("layer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
relay_scene_mixer_init (RelaySceneMixer *self)
{
  self->inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->lingering = g_ptr_array_new_with_free_func (g_object_unref);
  self->unopened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lingering_places = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}
