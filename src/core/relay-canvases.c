/* relay-canvases.c
 *
 * An output that asks for a picture of another shape than its stream's (a
 * 720x1280 destination of a 1280x720 program) is carried by a canvas: a
 * stream of that size whose scene is the first stream, cut to the shape
 * around a centre the person chose. The canvas is composed once and encoded
 * once per profile, whatever the number of outputs on it, and lives as long
 * as one of them uses it. Same-shaped sizes need no canvas: the encoder
 * scales.
 *
 * An output may instead name a scene of its own (a vertical layout for
 * TikTok): its canvas composes that scene at the output's size, with the
 * studio's sources, rather than cutting the stream's picture, and carries
 * the stream's sound beneath the scene's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-canvases.h"
#include "relay-layer-geometry.h"
#include "relay-layer-input.h"
#include "relay-scene-mixer.h"
#include "relay-stream-source.h"

struct _RelayCanvases
{
  GObject parent_instance;

  GstElement *pipeline;
  /* name -> Canvas */
  GHashTable *canvases;
};

G_DEFINE_FINAL_TYPE (RelayCanvases, relay_canvases, G_TYPE_OBJECT)

typedef struct
{
  RelayStream *stream;
  /* the stream it is cut from */
  RelayStream *source;
  RelayScene *scene;
  RelaySceneMixer *mixer;
  /* a scene's canvas: the stream's sound, its picture not drawn */
  RelayLayerInput *sound;
  guint users;
} Canvas;

static void
canvas_free (Canvas *canvas)
{
  /* the layer's source goes before the mixers it feeds */
  g_clear_object (&canvas->sound);
  g_clear_object (&canvas->mixer);
  g_clear_object (&canvas->scene);
  relay_stream_close (canvas->stream);
  g_clear_object (&canvas->stream);
  g_clear_object (&canvas->source);
  g_free (canvas);
}

/* The canvas's one layer shows the stream it is cut from. */
static RelaySource *
resolve_source (const char *spec, gpointer user_data, GError **error)
{
  Canvas *canvas = user_data;

  return relay_stream_source_new (canvas->source);
}

/**
 * relay_canvases_new:
 * @pipeline: the studio's, which the canvases join
 */
RelayCanvases *
relay_canvases_new (GstElement *pipeline)
{
  RelayCanvases *self = g_object_new (RELAY_TYPE_CANVASES, NULL);

  self->pipeline = gst_object_ref (pipeline);
  return self;
}

/* Whether an output of @width x @height on @stream needs a canvas: when its
 * shape is not the stream's (0 x 0 is the stream's own). */
gboolean
relay_canvases_is_needed (RelayStream *stream, guint width, guint height)
{
  const RelayProgramFormat *format = relay_stream_get_format (stream);

  if (width == 0 || height == 0)
    return FALSE;
  return (guint64) width * format->height != (guint64) height * format->width;
}

static char *
canvas_name (RelayStream *stream, guint width, guint height, double center_x, double center_y)
{
  /* centres to a thousandth: closer ones share a canvas */
  return g_strdup_printf ("%s.%ux%u.%u-%u", relay_stream_get_name (stream), width, height,
                          (guint) (CLAMP (center_x, 0.0, 1.0) * 1000 + 0.5),
                          (guint) (CLAMP (center_y, 0.0, 1.0) * 1000 + 0.5));
}

/* A new canvas of @width x @height, in @stream's format and encoding, with
 * one user; its scene and mixer are the caller's to set. */
static Canvas *
canvas_new (RelayCanvases *self, const char *name, RelayStream *stream, guint width, guint height)
{
  g_autoptr (GError) error = NULL;
  RelayProgramFormat format = *relay_stream_get_format (stream);
  RelayEncodingDefaults defaults = *relay_stream_get_encoding_defaults (stream);
  Canvas *canvas = g_new0 (Canvas, 1);

  format.width = width;
  format.height = height;
  canvas->stream = relay_stream_new (name, self->pipeline, &format, &error);
  /* only elements that every build has: a failure here is a broken install */
  if (canvas->stream == NULL)
    g_error ("cannot make the canvas %s: %s", name, error->message);
  defaults.video.width = width;
  defaults.video.height = height;
  relay_stream_set_encoding_defaults (canvas->stream, &defaults);
  /* it follows its stream, which says when there is something to send */
  relay_stream_set_keep_alive (canvas->stream, TRUE);
  canvas->source = g_object_ref (stream);
  canvas->users = 1;
  g_hash_table_insert (self->canvases, g_strdup (name), canvas);
  g_debug ("canvas %s made", name);
  return canvas;
}

/* Returns: (nullable): the canvas named @name, with one more user */
static RelayStream *
reuse (RelayCanvases *self, const char *name)
{
  Canvas *canvas = g_hash_table_lookup (self->canvases, name);

  if (canvas == NULL)
    return NULL;
  canvas->users++;
  return canvas->stream;
}

/**
 * relay_canvases_acquire:
 * @stream: the stream the picture is cut from
 * @center_x: the cut's centre, 0 (left) to 1 (right)
 * @center_y: likewise, 0 (top) to 1 (bottom)
 *
 * Returns: (transfer none): the canvas, made on first use; give it back with
 *   relay_canvases_release()
 */
RelayStream *
relay_canvases_acquire (RelayCanvases *self, RelayStream *stream, guint width, guint height,
                        double center_x, double center_y)
{
  g_autofree char *name = NULL;
  g_autofree char *spec = NULL;
  g_autoptr (RelayLayer) layer = NULL;
  const RelayProgramFormat *source_format;
  RelayRect rect = { 0, 0, (int) width, (int) height };
  RelayCrop crop;
  RelayStream *found;
  Canvas *canvas;

  g_return_val_if_fail (RELAY_IS_CANVASES (self), NULL);
  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);

  name = canvas_name (stream, width, height, center_x, center_y);
  found = reuse (self, name);
  if (found != NULL)
    return found;

  source_format = relay_stream_get_format (stream);
  canvas = canvas_new (self, name, stream, width, height);
  spec = g_strconcat ("stream:", relay_stream_get_name (stream), NULL);
  layer = relay_layer_new (spec, &rect);
  relay_layer_geometry_crop_to_shape ((int) source_format->width, (int) source_format->height,
                                      (int) width, (int) height, center_x, center_y, &crop);
  relay_layer_set_crop (layer, &crop);
  canvas->scene = relay_scene_new ("canvas", name);
  relay_scene_add_layer (canvas->scene, layer);
  canvas->mixer = relay_scene_mixer_new (canvas->stream, resolve_source, canvas);
  relay_scene_mixer_set_scene (canvas->mixer, canvas->scene);
  return canvas->stream;
}

/* A destination with a scene of its own still carries the program's sound
 * (a scene of pictures alone would be silent): the stream's, its picture
 * not drawn. */
static RelayLayerInput *
carry_sound (Canvas *canvas)
{
  g_autoptr (RelaySource) source = relay_stream_source_new (canvas->source);
  g_autoptr (GError) error = NULL;
  RelayAudioGain gain = { 1.0, FALSE };
  RelayLayerInput *input;

  input = relay_layer_input_new (canvas->stream, "sound", source, NULL, 0, &gain, &error);
  /* only elements that every build has: a failure here is a broken install */
  if (input == NULL)
    g_error ("cannot carry the sound of %s: %s", relay_stream_get_name (canvas->source),
             error->message);
  return input;
}

/**
 * relay_canvases_acquire_scene:
 * @stream: the stream whose format, encoding and life the canvas follows
 * @width: 0 (with @height 0) for @stream's size
 * @scene: what the canvas shows, followed as it changes
 * @resolve: opens the scene's layers' sources
 *
 * Outputs that name the same scene at the same size share its canvas.
 *
 * Returns: (transfer none): the canvas, made on first use; give it back with
 *   relay_canvases_release()
 */
RelayStream *
relay_canvases_acquire_scene (RelayCanvases *self, RelayStream *stream, guint width, guint height,
                              RelayScene *scene, RelaySourceResolver resolve, gpointer resolve_data)
{
  const RelayProgramFormat *source_format = relay_stream_get_format (stream);
  g_autofree char *name = NULL;
  RelayStream *found;
  Canvas *canvas;

  g_return_val_if_fail (RELAY_IS_CANVASES (self), NULL);
  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);
  g_return_val_if_fail (RELAY_IS_SCENE (scene), NULL);

  if (width == 0 || height == 0)
    {
      width = source_format->width;
      height = source_format->height;
    }
  name = g_strdup_printf ("%s.%ux%u.scene-%s", relay_stream_get_name (stream), width, height,
                          relay_scene_get_id (scene));
  found = reuse (self, name);
  if (found != NULL)
    return found;

  canvas = canvas_new (self, name, stream, width, height);
  canvas->sound = carry_sound (canvas);
  canvas->scene = g_object_ref (scene);
  canvas->mixer = relay_scene_mixer_new (canvas->stream, resolve, resolve_data);
  relay_scene_mixer_set_scene (canvas->mixer, canvas->scene);
  return canvas->stream;
}

/* Its last user gone, the canvas closes. */
void
relay_canvases_release (RelayCanvases *self, RelayStream *canvas_stream)
{
  Canvas *canvas;

  g_return_if_fail (RELAY_IS_CANVASES (self));

  canvas = g_hash_table_lookup (self->canvases, relay_stream_get_name (canvas_stream));
  g_return_if_fail (canvas != NULL && canvas->stream == canvas_stream);
  if (--canvas->users > 0)
    return;
  g_debug ("canvas %s closed", relay_stream_get_name (canvas_stream));
  g_hash_table_remove (self->canvases, relay_stream_get_name (canvas_stream));
}

guint
relay_canvases_count (RelayCanvases *self)
{
  g_return_val_if_fail (RELAY_IS_CANVASES (self), 0);

  return g_hash_table_size (self->canvases);
}

/* Every canvas, at the end, before the streams they are cut from. */
void
relay_canvases_close (RelayCanvases *self)
{
  g_return_if_fail (RELAY_IS_CANVASES (self));

  g_hash_table_remove_all (self->canvases);
}

static void
relay_canvases_finalize (GObject *object)
{
  RelayCanvases *self = RELAY_CANVASES (object);

  g_hash_table_unref (self->canvases);
  gst_object_unref (self->pipeline);
  G_OBJECT_CLASS (relay_canvases_parent_class)->finalize (object);
}

static void
relay_canvases_class_init (RelayCanvasesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_canvases_finalize;
}

static void
relay_canvases_init (RelayCanvases *self)
{
  self->canvases =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) canvas_free);
}
