/* relay-studio.c
 *
 * One live pipeline holds every stream, encoder and output, so that any
 * stream can feed any other (a browser's WHIP publish as the program source)
 * and all run on one clock. Elements report to the stream or output that owns
 * them; the pipeline itself never stops for one of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-canvases.h"
#include "relay-encoder.h"
#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-layer-input.h"
#include "relay-output-private.h"
#include "relay-source-factory.h"
#include "relay-stream-source.h"
#include "relay-studio.h"

/* Outputs finalise their media (EOS, 3 s at most) and end their sessions
 * (a WHIP DELETE) before the pipeline stops; past this, it stops anyway. */
#define SHUTDOWN_TIMEOUT_MS 6000

struct _RelayStudio
{
  GObject parent_instance;

  RelayProgramFormat format;
  /* asked for during a broadcast: applied once nothing is encoded */
  RelayProgramFormat pending_format;
  gboolean format_pending;
  RelayEncodingDefaults encoding_defaults;
  char *program_name;
  GstElement *pipeline;
  guint bus_watch_id;
  RelayStream *program;
  GListStore *streams;
  GListStore *outputs;
  /* stream -> RelaySceneMixer, made when a stream is first given a scene */
  GHashTable *scene_mixers;
  /* the pictures of other shapes some outputs ask for */
  RelayCanvases *canvases;
  /* output -> the canvas it is on, for those on one */
  GHashTable *output_canvases;
  /* stream -> RelayStreamSize, for streams whose canvas is not the program's size */
  GHashTable *own_sizes;
  gboolean shutting_down;
};

typedef struct
{
  guint width;
  guint height;
} RelayStreamSize;

G_DEFINE_FINAL_TYPE (RelayStudio, relay_studio, G_TYPE_OBJECT)

static void on_stream_state (RelayStream *stream, GParamSpec *pspec, RelayStudio *self);
static void on_stream_encoding (RelayStream *stream, GParamSpec *pspec, RelayStudio *self);

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  RelayStudio *self = user_data;
  g_autoptr (GObject) owner = NULL;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_LATENCY)
    {
      /* Elements come and go while live: keep the pipeline's latency right. */
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      return G_SOURCE_CONTINUE;
    }

  owner = relay_message_dup_owner (message);
  if (RELAY_IS_OUTPUT (owner) && relay_output_handle_message (RELAY_OUTPUT (owner), message))
    return G_SOURCE_CONTINUE;
  if (RELAY_IS_STREAM (owner) && relay_stream_handle_message (RELAY_STREAM (owner), message))
    return G_SOURCE_CONTINUE;
  if (RELAY_IS_LAYER_INPUT (owner)
      && relay_layer_input_handle_message (RELAY_LAYER_INPUT (owner), message))
    return G_SOURCE_CONTINUE;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      /* Late news from an element taken out since (a failed source's decoder):
       * its owner dealt with the first error already. */
      if (!gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (self->pipeline)))
        g_debug ("%s: %s", GST_MESSAGE_SRC_NAME (message), error->message);
      else
        g_warning ("%s: %s (%s)", GST_MESSAGE_SRC_NAME (message), error->message,
                   debug ? debug : "");
    }

  return G_SOURCE_CONTINUE;
}

/* On the posting thread: only what must happen before the thread goes on. */
static GstBusSyncReply
on_sync_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  relay_encoder_handle_stream_status (message);
  return GST_BUS_PASS;
}

RelayStudio *
relay_studio_new (const RelayProgramFormat *format, const char *program_name)
{
  RelayStudio *self = g_object_new (RELAY_TYPE_STUDIO, NULL);
  g_autoptr (GstBus) bus = NULL;

  self->format = format ? *format : RELAY_PROGRAM_FORMAT_DEFAULT;
  relay_encoding_defaults_init (&self->encoding_defaults, &self->format);
  self->program_name = g_strdup (program_name ? program_name : RELAY_PROGRAM_STREAM_NAME);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("relaycast"));
  self->canvases = relay_canvases_new (self->pipeline);

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_set_sync_handler (bus, on_sync_message, NULL, NULL);
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message, self);

  return self;
}

/* Builds the program stream and sets the pipeline playing. The program has
 * no source until relay_stream_set_source() gives it one: black and silence. */
gboolean
relay_studio_start (RelayStudio *self, GError **error)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (self->program == NULL, FALSE);

  self->program = relay_studio_add_stream (self, self->program_name, NULL, error);
  if (self->program == NULL)
    return FALSE;
  relay_stream_set_keep_alive (self->program, TRUE);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("The media pipeline cannot start"));
      return FALSE;
    }

  return TRUE;
}

GstElement *
relay_studio_get_pipeline (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return self->pipeline;
}

const RelayProgramFormat *
relay_studio_get_format (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return &self->format;
}

/* @format at @size, for a stream with a canvas of its own (NULL: none) */
static void
resize_format (RelayProgramFormat *format, const RelayStreamSize *size)
{
  if (size != NULL)
    {
      format->width = size->width;
      format->height = size->height;
    }
}

/* What @stream is given of @format: all of it, but the picture size of a
 * stream with a canvas of its own. */
static void
format_for_stream (RelayStudio *self, RelayStream *stream, const RelayProgramFormat *format,
                   RelayProgramFormat *out)
{
  *out = *format;
  resize_format (out, g_hash_table_lookup (self->own_sizes, stream));
}

/* A stream with a canvas of its own is sent at its size unless asked otherwise. */
static void
set_stream_encoding_defaults (RelayStudio *self, RelayStream *stream)
{
  RelayEncodingDefaults defaults = self->encoding_defaults;
  RelayStreamSize *size = g_hash_table_lookup (self->own_sizes, stream);

  if (size != NULL)
    {
      defaults.video.width = size->width;
      defaults.video.height = size->height;
    }
  relay_stream_set_encoding_defaults (stream, &defaults);
}

/**
 * relay_studio_set_video_format:
 * @format: the picture size and frame rate of every stream from now on
 *
 * While any stream it would change is encoded for a destination, nothing
 * changes yet: the error (%RELAY_ERROR_BUSY) says so, and @format is applied
 * once the last destination has left. Streams with a canvas of their own
 * (relay_studio_add_sized_stream()) keep their size.
 */
gboolean
relay_studio_set_video_format (RelayStudio *self, const RelayProgramFormat *format, GError **error)
{
  GListModel *streams;

  g_return_val_if_fail (RELAY_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  streams = G_LIST_MODEL (self->streams);
  for (guint i = 0; i < g_list_model_get_n_items (streams); i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);
      const RelayProgramFormat *current = relay_stream_get_format (stream);
      RelayProgramFormat wanted;

      format_for_stream (self, stream, format, &wanted);
      if ((wanted.width != current->width || wanted.height != current->height
           || wanted.fps != current->fps)
          && !relay_stream_can_change_video_format (stream, error))
        {
          self->pending_format = *format;
          self->format_pending = TRUE;
          return FALSE;
        }
    }

  self->format_pending = FALSE;
  self->format.width = format->width;
  self->format.height = format->height;
  self->format.fps = format->fps;
  /* destinations are sent the program's size unless they ask for another */
  self->encoding_defaults.video.width = format->width;
  self->encoding_defaults.video.height = format->height;
  for (guint i = 0; i < g_list_model_get_n_items (streams); i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);
      RelayProgramFormat wanted;

      format_for_stream (self, stream, &self->format, &wanted);
      set_stream_encoding_defaults (self, stream);
      if (!relay_stream_set_video_format (stream, &wanted, error))
        return FALSE;
    }
  return TRUE;
}

/* A format asked for during the broadcast, now that it has ended */
static void
on_stream_encoding (RelayStream *stream, GParamSpec *pspec, RelayStudio *self)
{
  RelayProgramFormat format = self->pending_format;
  g_autoptr (GError) error = NULL;

  if (!self->format_pending || self->shutting_down)
    return;
  if (!relay_studio_set_video_format (self, &format, &error)
      && !g_error_matches (error, RELAY_ERROR, RELAY_ERROR_BUSY))
    g_warning ("%s", error->message);
}

void
relay_studio_set_encoding_defaults (RelayStudio *self, const RelayEncodingDefaults *defaults)
{
  guint n;

  g_return_if_fail (RELAY_IS_STUDIO (self));

  self->encoding_defaults = *defaults;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->streams));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (G_LIST_MODEL (self->streams), i);

      set_stream_encoding_defaults (self, stream);
    }
}

RelayStream *
relay_studio_get_program (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return self->program;
}

GListModel *
relay_studio_get_streams (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return G_LIST_MODEL (self->streams);
}

RelayStream *
relay_studio_lookup_stream (RelayStudio *self, const char *name)
{
  guint n;

  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->streams));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (G_LIST_MODEL (self->streams), i);

      if (g_strcmp0 (relay_stream_get_name (stream), name) == 0)
        return stream;
    }
  return NULL;
}

static gboolean
is_valid_stream_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 128)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }
  return TRUE;
}

static RelayStream *
add_stream (RelayStudio *self, const char *name, RelaySource *source, const RelayStreamSize *size,
            GError **error)
{
  g_autoptr (RelayStream) stream = NULL;
  RelayProgramFormat format = self->format;

  if (!is_valid_stream_name (name))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("Invalid stream name “%s”: use letters, digits, “-”, “_” and “.”"),
                   name ? name : "");
      return NULL;
    }
  if (relay_studio_lookup_stream (self, name) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS, _ ("A stream named “%s” exists"), name);
      return NULL;
    }

  resize_format (&format, size);
  stream = relay_stream_new (name, self->pipeline, &format, error);
  if (stream == NULL)
    return NULL;
  if (size != NULL)
    g_hash_table_insert (self->own_sizes, stream, g_memdup2 (size, sizeof *size));
  set_stream_encoding_defaults (self, stream);

  if (source != NULL && !relay_stream_set_source (stream, source, error))
    {
      g_hash_table_remove (self->own_sizes, stream);
      relay_stream_close (stream);
      return NULL;
    }

  g_signal_connect_object (stream, "notify::state", G_CALLBACK (on_stream_state), self, 0);
  g_signal_connect_object (stream, "notify::encoding", G_CALLBACK (on_stream_encoding), self, 0);
  g_list_store_append (self->streams, stream);

  on_stream_state (stream, NULL, self);
  return stream;
}

/**
 * relay_studio_add_stream:
 * @source: (nullable): what it shows, or %NULL for a stream fed later
 *
 * Returns: (transfer none): the new stream
 */
RelayStream *
relay_studio_add_stream (RelayStudio *self, const char *name, RelaySource *source, GError **error)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return add_stream (self, name, source, NULL, error);
}

/**
 * relay_studio_add_sized_stream:
 * @width: the width of its canvas, even
 * @height: the height of its canvas, even
 *
 * A stream with no source, whose canvas (@width x @height) is its own: the
 * program's size does not change it, and its destinations are sent that size
 * unless they ask for another. Its frame rate and sound are the program's.
 * What it shows comes from a scene (relay_studio_get_scene_mixer()).
 *
 * Returns: (transfer none): the new stream
 */
RelayStream *
relay_studio_add_sized_stream (RelayStudio *self, const char *name, guint width, guint height,
                               GError **error)
{
  RelayStreamSize size = { width, height };

  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0, NULL);

  return add_stream (self, name, NULL, &size, error);
}

static void
for_each_output_of_stream (RelayStudio *self, const char *stream_name,
                           void (*func) (RelayStudio *, RelayOutput *, gpointer), gpointer data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (g_strcmp0 (relay_output_get_stream_name (output), stream_name) == 0)
        func (self, output, data);
    }
}

/* A layer's source: another stream of the studio, or what the spec names. */
static RelaySource *
resolve_layer_source (const char *spec, gpointer user_data, GError **error)
{
  RelayStudio *self = user_data;
  RelayStream *stream;

  if (!g_str_has_prefix (spec, RELAY_LAYER_SOURCE_STREAM))
    return relay_source_new_for_spec (spec, error);

  stream = relay_studio_lookup_stream (self, spec + strlen (RELAY_LAYER_SOURCE_STREAM));
  if (stream == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND, _ ("No stream named “%s”"),
                   spec + strlen (RELAY_LAYER_SOURCE_STREAM));
      return NULL;
    }
  return relay_stream_source_new (stream);
}

/* What @output carries: its stream, a canvas composing its own scene, or a
 * canvas of the shape it asks for cut from the stream. */
static RelayStream *
stream_of_output (RelayStudio *self, RelayOutput *output, RelayStream *stream)
{
  RelayStream *canvas = g_hash_table_lookup (self->output_canvases, output);
  RelayScene *scene = relay_output_get_scene (output);
  guint width, height;
  double center_x, center_y;

  relay_output_get_video_size (output, &width, &height);
  if (canvas != NULL || (scene == NULL && !relay_canvases_is_needed (stream, width, height)))
    return canvas ? canvas : stream;

  relay_output_get_crop_center (output, &center_x, &center_y);
  canvas = scene
               ? relay_canvases_acquire_scene (self->canvases, stream, width, height, scene,
                                               resolve_layer_source, self)
               : relay_canvases_acquire (self->canvases, stream, width, height, center_x, center_y);
  g_hash_table_insert (self->output_canvases, output, canvas);
  return canvas;
}

static void
release_canvas (RelayStudio *self, RelayOutput *output)
{
  RelayStream *canvas = g_hash_table_lookup (self->output_canvases, output);

  if (canvas == NULL)
    return;
  g_hash_table_remove (self->output_canvases, output);
  relay_canvases_release (self->canvases, canvas);
}

static void
suspend_output (RelayStudio *self, RelayOutput *output, gpointer data)
{
  RelayOutputState state = relay_output_get_state (output);

  if (state != RELAY_OUTPUT_STATE_STOPPED && state != RELAY_OUTPUT_STATE_FAILED
      && state != RELAY_OUTPUT_STATE_IDLE)
    relay_output_wait_for_stream (output);
}

gboolean
relay_studio_remove_stream (RelayStudio *self, const char *name, GError **error)
{
  RelayStream *stream;
  guint position;

  g_return_val_if_fail (RELAY_IS_STUDIO (self), FALSE);

  stream = relay_studio_lookup_stream (self, name);
  if (stream == NULL || stream == self->program)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                   stream ? _ ("The program stream cannot be removed") : _ ("No stream named “%s”"),
                   name);
      return FALSE;
    }

  for_each_output_of_stream (self, name, suspend_output, NULL);
  g_signal_handlers_disconnect_by_data (stream, self);
  g_hash_table_remove (self->scene_mixers, stream);
  g_hash_table_remove (self->own_sizes, stream);
  relay_stream_close (stream);
  if (g_list_store_find (self->streams, stream, &position))
    g_list_store_remove (self->streams, position);

  return TRUE;
}

static void
start_output (RelayStudio *self, RelayOutput *output, gpointer data)
{
  RelayStream *stream = data;
  RelayOutputState state = relay_output_get_state (output);

  if (state == RELAY_OUTPUT_STATE_IDLE || state == RELAY_OUTPUT_STATE_WAITING)
    relay_output_start (output, stream_of_output (self, output, stream));
}

static void
on_stream_state (RelayStream *stream, GParamSpec *pspec, RelayStudio *self)
{
  if (self->shutting_down)
    return;

  if (relay_stream_get_state (stream) == RELAY_STREAM_STATE_LIVE)
    for_each_output_of_stream (self, relay_stream_get_name (stream), start_output, stream);
  else
    for_each_output_of_stream (self, relay_stream_get_name (stream), suspend_output, NULL);
}

/**
 * relay_studio_get_scene_mixer:
 * @stream: one of the studio's streams
 *
 * Returns: (transfer none): what composes @stream's scene, made on first use
 */
RelaySceneMixer *
relay_studio_get_scene_mixer (RelayStudio *self, RelayStream *stream)
{
  RelaySceneMixer *mixer;

  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);
  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);

  mixer = g_hash_table_lookup (self->scene_mixers, stream);
  if (mixer == NULL)
    {
      mixer = relay_scene_mixer_new (stream, resolve_layer_source, self);
      g_hash_table_insert (self->scene_mixers, stream, mixer);
    }
  return mixer;
}

/* Returns: (transfer none) (nullable): the canvas @output is sent from (a
 * cut of its stream or its own scene), while it is in the studio; %NULL when
 * it sends its stream's own picture */
RelayStream *
relay_studio_get_output_canvas (RelayStudio *self, RelayOutput *output)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return g_hash_table_lookup (self->output_canvases, output);
}

/* How many canvases of other shapes the outputs use (for tests and statistics). */
guint
relay_studio_count_canvases (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), 0);

  return relay_canvases_count (self->canvases);
}

GListModel *
relay_studio_get_outputs (RelayStudio *self)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  return G_LIST_MODEL (self->outputs);
}

RelayOutput *
relay_studio_lookup_output (RelayStudio *self, const char *id)
{
  guint n;

  g_return_val_if_fail (RELAY_IS_STUDIO (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (g_strcmp0 (relay_output_get_id (output), id) == 0)
        return output;
    }
  return NULL;
}

/* Starts @output at once if its stream is live, or when it goes live. */
static void
activate_output (RelayStudio *self, RelayOutput *output)
{
  RelayStream *stream = relay_studio_lookup_stream (self, relay_output_get_stream_name (output));

  if (stream != NULL && relay_stream_get_state (stream) == RELAY_STREAM_STATE_LIVE)
    relay_output_start (output, stream_of_output (self, output, stream));
  else
    relay_output_wait_for_stream (output);
}

gboolean
relay_studio_add_output (RelayStudio *self, RelayOutput *output, GError **error)
{
  g_return_val_if_fail (RELAY_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (RELAY_IS_OUTPUT (output), FALSE);

  if (self->shutting_down)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("Relaycast is shutting down"));
      return FALSE;
    }
  if (relay_studio_lookup_output (self, relay_output_get_id (output)) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS, _ ("An output with id “%s” exists"),
                   relay_output_get_id (output));
      return FALSE;
    }

  g_list_store_append (self->outputs, output);
  activate_output (self, output);
  return TRUE;
}

/* Starts an output that stopped or failed again, with a fresh retry budget. */
void
relay_studio_restart_output (RelayStudio *self, RelayOutput *output)
{
  g_return_if_fail (RELAY_IS_STUDIO (self));
  g_return_if_fail (RELAY_IS_OUTPUT (output));

  if (!relay_output_is_active (output))
    activate_output (self, output);
}

static void
on_output_stopped_for_removal (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayStudio *self = g_task_get_source_object (task);
  RelayOutput *output = RELAY_OUTPUT (source);
  guint position;

  relay_output_stop_finish (output, result, NULL);
  release_canvas (self, output);
  if (g_list_store_find (self->outputs, output, &position))
    g_list_store_remove (self->outputs, position);
  g_task_return_boolean (task, TRUE);
}

/* Stops @output (finalising a recording) and takes it out of the list. */
void
relay_studio_remove_output_async (RelayStudio *self, RelayOutput *output, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_STUDIO (self));
  g_return_if_fail (RELAY_IS_OUTPUT (output));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_studio_remove_output_async);
  relay_output_stop_async (output, on_output_stopped_for_removal, g_steal_pointer (&task));
}

gboolean
relay_studio_remove_output_finish (RelayStudio *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint pending;
  guint timeout_id;
  gboolean finished;
} ShutdownData;

static void
finish_shutdown (GTask *task)
{
  RelayStudio *self = g_task_get_source_object (task);
  ShutdownData *data = g_task_get_task_data (task);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->streams));

  data->finished = TRUE;
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  /* the layers' sources go before the mixers they feed, canvases before
   * the streams they are cut from */
  g_hash_table_remove_all (self->scene_mixers);
  g_hash_table_remove_all (self->output_canvases);
  relay_canvases_close (self->canvases);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (G_LIST_MODEL (self->streams), i);

      relay_stream_close (stream);
    }
  relay_element_set_null (self->pipeline);
  g_task_return_boolean (task, TRUE);
}

static void
on_output_stopped_for_shutdown (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  ShutdownData *data = g_task_get_task_data (task);

  relay_output_stop_finish (RELAY_OUTPUT (source), result, NULL);
  if (--data->pending == 0 && !data->finished)
    finish_shutdown (task);
}

static gboolean
on_shutdown_timeout (gpointer user_data)
{
  GTask *task = user_data;
  ShutdownData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_warning ("%u output(s) still stopping after %d s, stopping the pipeline anyway", data->pending,
             SHUTDOWN_TIMEOUT_MS / 1000);
  finish_shutdown (task);
  return G_SOURCE_REMOVE;
}

/* Stops every output cleanly (recordings finalised, sessions deleted), then the pipeline. */
void
relay_studio_shutdown_async (RelayStudio *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  ShutdownData *data;
  guint n;

  g_return_if_fail (RELAY_IS_STUDIO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_studio_shutdown_async);
  data = g_new0 (ShutdownData, 1);
  g_task_set_task_data (task, data, g_free);

  self->shutting_down = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  data->pending = n + 1;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      relay_output_stop_async (output, on_output_stopped_for_shutdown, g_object_ref (task));
    }

  if (--data->pending == 0)
    finish_shutdown (task);
  else
    data->timeout_id =
        g_timeout_add_full (G_PRIORITY_DEFAULT, SHUTDOWN_TIMEOUT_MS, on_shutdown_timeout,
                            g_object_ref (task), g_object_unref);
}

gboolean
relay_studio_shutdown_finish (RelayStudio *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
relay_studio_dispose (GObject *object)
{
  RelayStudio *self = RELAY_STUDIO (object);

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  if (self->pipeline != NULL)
    relay_element_set_null (self->pipeline);
  if (self->outputs != NULL)
    g_list_store_remove_all (self->outputs);
  if (self->scene_mixers != NULL)
    g_hash_table_remove_all (self->scene_mixers);
  if (self->canvases != NULL)
    relay_canvases_close (self->canvases);
  if (self->streams != NULL)
    g_list_store_remove_all (self->streams);
  self->program = NULL;
  gst_clear_object (&self->pipeline);
  G_OBJECT_CLASS (relay_studio_parent_class)->dispose (object);
}

static void
relay_studio_finalize (GObject *object)
{
  RelayStudio *self = RELAY_STUDIO (object);

  g_free (self->program_name);
  g_clear_object (&self->streams);
  g_clear_object (&self->outputs);
  g_clear_pointer (&self->scene_mixers, g_hash_table_unref);
  g_clear_pointer (&self->output_canvases, g_hash_table_unref);
  g_clear_object (&self->canvases);
  g_clear_pointer (&self->own_sizes, g_hash_table_unref);
  G_OBJECT_CLASS (relay_studio_parent_class)->finalize (object);
}

static void
relay_studio_class_init (RelayStudioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_studio_dispose;
  object_class->finalize = relay_studio_finalize;
}

static void
relay_studio_init (RelayStudio *self)
{
  self->streams = g_list_store_new (RELAY_TYPE_STREAM);
  self->outputs = g_list_store_new (RELAY_TYPE_OUTPUT);
  self->scene_mixers = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->output_canvases = g_hash_table_new (NULL, NULL);
  self->own_sizes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}
