/* relay-stream.c
 *
 * A stream's source (relay-layer-input.c, in a slot: relay-stream-slot.c) is
 * normalised to the program format and mixed over a black, silent background
 * by a live compositor and audiomixer, beneath a scene's layers if it has a
 * scene (relay-scene-mixer.c). The mixers keep producing frames at the
 * program rate whatever the sources do, so a source that stalls, ends or is
 * swapped never starves the encoders and the destinations stay connected.
 *
 *   source bin ─ normalise ─ compositor ─ caps ─ convert ─ caps ─ tee ─┬─ encoder ─ tee ─ outputs
 *   layers ─ normalise ─────┤                                          └─ taps (preview)
 *   background ─────────────┘
 *
 * Longer than this project's files should be: the mixers and the shared
 * encoders change together (a new picture format touches both), and
 * splitting them would expose each one's insides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-enum-types.h"
#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-layer-input.h"
#include "relay-stream.h"

#define LEVEL_INTERVAL_NS (100 * GST_MSECOND)
/* One AAC frame: fewer, larger buffers through the mixer, tees and encoder. */
#define AUDIO_SAMPLES_PER_BUFFER 1024
/* The background only keeps the live mixer ticking: the compositor paints
 * the rest of the frame black itself, and skips it under an opaque source. */
#define BACKGROUND_SIZE 16

struct _RelayStream
{
  GObject parent_instance;

  char *name;
  /* milliseconds since 1970 */
  gint64 created_at;
  RelayProgramFormat format;
  RelayEncodingDefaults encoding_defaults;
  GstElement *pipeline;
  RelayStreamState state;
  gboolean keep_alive;

  /* elements the stream adds straight to the pipeline */
  GPtrArray *elements;
  GstElement *compositor;
  /* the video's fixed caps: before the compositor, what it blends in, and
   * the program's after it */
  GstElement *background_caps;
  GstElement *compositor_caps;
  /* slots whose pictures have alpha */
  guint alpha_holds;
  /* encoders released, still linked to the tees until their pads are idle */
  guint encoders_leaving;
  GstElement *audiomixer;
  /* posts its measures only once someone watches them (the window's meter):
   * every stream's mixer posting ten a second would crowd the bus for nobody */
  GstElement *level;
  GstElement *video_tee;
  GstElement *audio_tee;

  RelaySource *source;
  /* the source, open: it reopens itself and tells its failures once */
  RelayLayerInput *input;
  /* the source's, kept for the next one */
  RelayAudioGain audio_gain;

  /* profile key -> EncoderEntry */
  GHashTable *encoders;
};

G_DEFINE_FINAL_TYPE (RelayStream, relay_stream, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_KEEP_ALIVE,
  PROP_SOURCE,
  PROP_ENCODING,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

enum
{
  SIGNAL_SOURCE_STARTED,
  SIGNAL_SOURCE_ENDED,
  SIGNAL_SOURCE_FAILED,
  SIGNAL_AUDIO_LEVEL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  RelayEncoder *encoder;
  GstPad *raw_pad;
  guint consumers;
} EncoderEntry;

static void relay_stream_detach_source (RelayStream *self);
static void relay_stream_update_state (RelayStream *self);

static GstElement *
add_to_pipeline (RelayStream *self, const char *factory, GError **error)
{
  GstElement *element = relay_bin_add_new (GST_BIN (self->pipeline), factory, error);

  if (element != NULL)
    {
      relay_element_set_owner (element, self);
      g_ptr_array_add (self->elements, gst_object_ref (element));
    }
  return element;
}

/* I420, unless a picture with alpha is on: AYUV then, converted to I420
 * after the compositor (the cost: see relay_stream_hold_alpha()). */
static GstCaps *
compositor_video_caps (RelayStream *self)
{
  GstCaps *caps = relay_program_format_video_caps (&self->format);

  if (self->alpha_holds > 0)
    gst_caps_set_simple (caps, "format", G_TYPE_STRING, RELAY_STREAM_ALPHA_FORMAT, NULL);
  return caps;
}

/* After the compositor: what the conversion out of a blend with alpha
 * yields. Size and rate are the compositor's alone, so a format change
 * never leaves the two disagreeing while one is set and not yet the other
 * (a source renegotiating in between would find no caps and stop). */
static GstCaps *
program_video_caps (const RelayProgramFormat *format)
{
  GstCaps *caps = relay_program_format_video_caps (format);

  gst_structure_remove_fields (gst_caps_get_structure (caps, 0), "width", "height", "framerate",
                               NULL);
  return caps;
}

/* The background's caps: the program's rate at a tiny size. */
static GstCaps *
background_video_caps (const RelayProgramFormat *format)
{
  GstCaps *caps = relay_program_format_video_caps (format);

  gst_caps_set_simple (caps, "width", G_TYPE_INT, BACKGROUND_SIZE, "height", G_TYPE_INT,
                       BACKGROUND_SIZE, NULL);
  return caps;
}

static gboolean
build_mixer (RelayStream *self, RelayMediaKind kind, GError **error)
{
  gboolean is_video = kind == RELAY_MEDIA_VIDEO;
  g_autoptr (GstCaps) caps = is_video ? relay_program_format_video_caps (&self->format)
                                      : relay_program_format_audio_caps (&self->format);
  g_autoptr (GstCaps) background_caps_value =
      is_video ? background_video_caps (&self->format) : gst_caps_copy (caps);
  GstElement *background, *background_caps, *mixer, *mixer_caps, *tee, *last;
  GstElement *convert = NULL, *program_caps = NULL;
  g_autoptr (GstPad) background_src = NULL;
  g_autoptr (GstPad) mixer_sink = NULL;

  if (!(background = add_to_pipeline (self, is_video ? "videotestsrc" : "audiotestsrc", error))
      || !(background_caps = add_to_pipeline (self, "capsfilter", error))
      || !(mixer = add_to_pipeline (self, is_video ? "compositor" : "audiomixer", error))
      || !(mixer_caps = add_to_pipeline (self, "capsfilter", error))
      || (is_video && !(convert = add_to_pipeline (self, "videoconvert", error)))
      || (is_video && !(program_caps = add_to_pipeline (self, "capsfilter", error)))
      || !(tee = add_to_pipeline (self, "tee", error)))
    return FALSE;

  g_object_set (background, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (background), is_video ? "pattern" : "wave",
                           is_video ? "black" : "silence");
  if (is_video)
    gst_util_set_object_arg (G_OBJECT (mixer), "background", "black");
  else
    {
      guint64 duration =
          gst_util_uint64_scale (AUDIO_SAMPLES_PER_BUFFER, GST_SECOND, self->format.sample_rate);

      g_object_set (background, "samplesperbuffer", AUDIO_SAMPLES_PER_BUFFER, NULL);
      g_object_set (mixer, "output-buffer-duration", duration, NULL);
    }
  g_object_set (background_caps, "caps", background_caps_value, NULL);
  g_object_set (mixer_caps, "caps", caps, NULL);
  relay_capsfilter_allow_live_changes (background_caps);
  relay_capsfilter_allow_live_changes (mixer_caps);
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  if (is_video)
    {
      g_autoptr (GstCaps) converted = program_video_caps (&self->format);

      g_object_set (program_caps, "caps", converted, NULL);
    }

  gst_element_link (background, background_caps);
  background_src = gst_element_get_static_pad (background_caps, "src");
  mixer_sink = gst_element_request_pad_simple (mixer, "sink_%u");
  if (is_video)
    g_object_set (mixer_sink, "zorder", 0u, NULL);
  gst_pad_link (background_src, mixer_sink);

  gst_element_link (mixer, mixer_caps);
  last = mixer_caps;

  /* in passthrough until the compositor blends in AYUV */
  if (is_video)
    {
      gst_element_link_many (last, convert, program_caps, NULL);
      last = program_caps;
    }

  if (!is_video)
    {
      GstElement *level = add_to_pipeline (self, "level", error);

      if (level == NULL)
        return FALSE;
      g_object_set (level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", FALSE, NULL);
      gst_element_link (last, level);
      last = level;
      self->level = level;
    }
  gst_element_link (last, tee);

  if (is_video)
    {
      self->compositor = mixer;
      self->background_caps = background_caps;
      self->compositor_caps = mixer_caps;
      self->video_tee = tee;
    }
  else
    {
      self->audiomixer = mixer;
      self->audio_tee = tee;
    }

  return TRUE;
}

RelayStream *
relay_stream_new (const char *name, GstElement *pipeline, const RelayProgramFormat *format,
                  GError **error)
{
  g_autoptr (RelayStream) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (GST_IS_PIPELINE (pipeline), NULL);

  self = g_object_new (RELAY_TYPE_STREAM, "name", name, NULL);
  self->pipeline = gst_object_ref (pipeline);
  self->format = *format;
  relay_encoding_defaults_init (&self->encoding_defaults, format);

  if (!build_mixer (self, RELAY_MEDIA_VIDEO, error)
      || !build_mixer (self, RELAY_MEDIA_AUDIO, error))
    {
      relay_stream_close (self);
      return NULL;
    }

  /* Downstream first, as a bin does: a live background already playing
   * while its mixer is still flushing has its push refused, pauses for good,
   * and leaves the stream without sound (or picture). */
  for (guint i = self->elements->len; i > 0; i--)
    gst_element_sync_state_with_parent (g_ptr_array_index (self->elements, i - 1));

  return g_steal_pointer (&self);
}

static void
on_source_flowing (RelayLayerInput *input, RelayStream *self)
{
  relay_stream_update_state (self);
  g_signal_emit (self, signals[SIGNAL_SOURCE_STARTED], 0);
}

static void
on_source_ended (RelayLayerInput *input, RelayStream *self)
{
  g_debug ("stream %s: source %s ended", self->name, relay_source_get_description (self->source));
  relay_stream_update_state (self);
  g_signal_emit (self, signals[SIGNAL_SOURCE_ENDED], 0, relay_source_get_reopen (self->source));
}

static void
on_source_failed (RelayLayerInput *input, GError *error, RelayStream *self)
{
  relay_stream_update_state (self);
  g_signal_emit (self, signals[SIGNAL_SOURCE_FAILED], 0, error);
}

/**
 * relay_stream_end_source:
 * @source: the source that says it has ended
 *
 * For sources that know they are done without an end of stream (a WebRTC
 * publisher that has left): the stream goes on as when a source ends. Does
 * nothing unless @source is the stream's and attached.
 */
void
relay_stream_end_source (RelayStream *self, RelaySource *source)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  if (self->source == source && self->input != NULL)
    relay_layer_input_end (self->input);
}

/* The whole canvas, beneath any scene's layers. */
static void
source_placement (RelayStream *self, RelaySlotPlacement *placement)
{
  relay_slot_placement_init_full_canvas (placement, &self->format);
}

gboolean
relay_stream_set_source (RelayStream *self, RelaySource *source, GError **error)
{
  RelaySlotPlacement placement;

  g_return_val_if_fail (RELAY_IS_STREAM (self), FALSE);
  g_return_val_if_fail (source == NULL || RELAY_IS_SOURCE (source), FALSE);

  relay_stream_detach_source (self);
  g_set_object (&self->source, source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);

  if (source == NULL)
    return TRUE;

  source_placement (self, &placement);
  self->input = relay_layer_input_new (self, relay_source_get_description (source), source,
                                       &placement, 1, &self->audio_gain, error);
  if (self->input == NULL)
    {
      g_clear_object (&self->source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
      return FALSE;
    }
  g_signal_connect_object (self->input, "flowing", G_CALLBACK (on_source_flowing), self, 0);
  g_signal_connect_object (self->input, "ended", G_CALLBACK (on_source_ended), self, 0);
  g_signal_connect_object (self->input, "failed", G_CALLBACK (on_source_failed), self, 0);

  g_debug ("stream %s: source %s attached", self->name, relay_source_get_description (source));
  return TRUE;
}

static void
relay_stream_detach_source (RelayStream *self)
{
  g_autoptr (RelayLayerInput) input = g_steal_pointer (&self->input);

  if (input == NULL)
    return;

  g_signal_handlers_disconnect_by_data (input, self);
  relay_layer_input_close (input);
  relay_stream_update_state (self);
}

static double
loudest_channel (const GValue *per_channel)
{
  double loudest = -G_MAXDOUBLE;

  /* level still reports its values as a GValueArray */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GValueArray *values = g_value_get_boxed (per_channel);

  for (guint i = 0; values != NULL && i < values->n_values; i++)
    loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (values, i)));
  G_GNUC_END_IGNORE_DEPRECATIONS

  return loudest;
}

static void
handle_level (RelayStream *self, const GstStructure *structure)
{
  const GValue *rms = gst_structure_get_value (structure, "rms");
  const GValue *peak = gst_structure_get_value (structure, "peak");

  if (rms != NULL && peak != NULL)
    g_signal_emit (self, signals[SIGNAL_AUDIO_LEVEL], 0, loudest_channel (rms),
                   loudest_channel (peak));
}

/* Called by the studio, on the main context, for messages from this stream's elements. */
gboolean
relay_stream_handle_message (RelayStream *self, GstMessage *message)
{
  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_ERROR:
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *debug = NULL;

          /* a source's errors go to its input; these are the stream's own */
          gst_message_parse_error (message, &error, &debug);
          g_warning ("stream %s: %s (%s)", self->name, error->message, debug ? debug : "");
          return TRUE;
        }
      case GST_MESSAGE_ELEMENT:
        {
          const GstStructure *structure = gst_message_get_structure (message);

          if (structure != NULL && gst_structure_has_name (structure, "level"))
            {
              handle_level (self, structure);
              return TRUE;
            }
          return FALSE;
        }
      default:
        return FALSE;
    }
}

/* Whether its source has delivered since it was (re)opened */
gboolean
relay_stream_is_source_flowing (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), FALSE);

  return self->input != NULL && relay_layer_input_is_flowing (self->input);
}

static void
relay_stream_update_state (RelayStream *self)
{
  RelayStreamState state = RELAY_STREAM_STATE_OFFLINE;

  if (self->keep_alive && self->pipeline != NULL)
    state = RELAY_STREAM_STATE_LIVE;
  else if (relay_stream_is_source_flowing (self))
    state = RELAY_STREAM_STATE_LIVE;

  if (state == self->state)
    return;

  self->state = state;
  g_debug ("stream %s: %s", self->name, state == RELAY_STREAM_STATE_LIVE ? "live" : "offline");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
encoder_entry_free (EncoderEntry *entry)
{
  g_clear_object (&entry->encoder);
  gst_clear_object (&entry->raw_pad);
  g_free (entry);
}

typedef struct
{
  RelayStream *stream;
  RelayEncoder *encoder;
  GstPad *raw_pad;
} EncoderTeardown;

/* Whether an encoder takes the stream's picture or sound, or is still leaving */
static gboolean
is_encoding (RelayStream *self)
{
  return g_hash_table_size (self->encoders) > 0 || self->encoders_leaving > 0;
}

static void
finish_encoder_teardown (gpointer user_data)
{
  EncoderTeardown *teardown = user_data;
  GstElement *bin = relay_encoder_get_bin (teardown->encoder);

  /* The stream may have been closed meanwhile (a shutdown), its tee gone. */
  relay_stream_release_raw_pad (teardown->stream, teardown->raw_pad);
  relay_bin_remove_from_parent (bin);
  if (--teardown->stream->encoders_leaving == 0 && !is_encoding (teardown->stream))
    g_object_notify_by_pspec (G_OBJECT (teardown->stream), properties[PROP_ENCODING]);

  gst_object_unref (teardown->raw_pad);
  g_object_unref (teardown->encoder);
  g_object_unref (teardown->stream);
  g_free (teardown);
}

static RelayEncoder *
acquire_encoder (RelayStream *self, RelayMediaKind kind, const char *key,
                 RelayEncoder *(*create) (RelayStream *, gconstpointer, GError **),
                 gconstpointer profile, GError **error)
{
  EncoderEntry *entry = g_hash_table_lookup (self->encoders, key);
  g_autoptr (GstPad) encoder_sink = NULL;
  GstElement *bin;

  if (entry != NULL)
    {
      entry->consumers++;
      return entry->encoder;
    }

  entry = g_new0 (EncoderEntry, 1);
  entry->encoder = create (self, profile, error);
  if (entry->encoder == NULL)
    {
      encoder_entry_free (entry);
      return NULL;
    }
  entry->consumers = 1;

  bin = relay_encoder_get_bin (entry->encoder);
  relay_element_set_owner (bin, self);
  relay_bin_add_to_running (self->pipeline, bin);
  relay_bin_sync_with_running (bin);

  encoder_sink = gst_element_get_static_pad (bin, "sink");
  entry->raw_pad = relay_stream_link_raw_pad (self, kind, encoder_sink);

  g_debug ("stream %s: new encoder %s", self->name, key);
  g_hash_table_insert (self->encoders, g_strdup (key), entry);
  if (g_hash_table_size (self->encoders) == 1 && self->encoders_leaving == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
  return entry->encoder;
}

static RelayEncoder *
create_video_encoder (RelayStream *self, gconstpointer profile, GError **error)
{
  return relay_encoder_new_video (profile, &self->format, error);
}

static RelayEncoder *
create_audio_encoder (RelayStream *self, gconstpointer profile, GError **error)
{
  return relay_encoder_new_audio (profile, &self->format, error);
}

/**
 * relay_stream_acquire_video_encoder:
 *
 * Returns: (transfer none): the stream's encoder for @profile, made on first use;
 *   give it back with relay_stream_release_encoder()
 */
RelayEncoder *
relay_stream_acquire_video_encoder (RelayStream *self, const RelayVideoProfile *profile,
                                    GError **error)
{
  g_autofree char *key = relay_video_profile_to_key (profile);

  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return acquire_encoder (self, RELAY_MEDIA_VIDEO, key, create_video_encoder, profile, error);
}

RelayEncoder *
relay_stream_acquire_audio_encoder (RelayStream *self, const RelayAudioProfile *profile,
                                    GError **error)
{
  g_autofree char *key = relay_audio_profile_to_key (profile);

  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return acquire_encoder (self, RELAY_MEDIA_AUDIO, key, create_audio_encoder, profile, error);
}

/* The last output to leave an encoder removes it. */
void
relay_stream_release_encoder (RelayStream *self, RelayEncoder *encoder)
{
  const char *key;
  EncoderEntry *entry;
  EncoderTeardown *teardown;

  g_return_if_fail (RELAY_IS_STREAM (self));
  g_return_if_fail (RELAY_IS_ENCODER (encoder));

  /* A closed stream dropped its encoders already. */
  if (self->pipeline == NULL)
    return;

  key = relay_encoder_get_key (encoder);
  entry = g_hash_table_lookup (self->encoders, key);
  g_return_if_fail (entry != NULL && entry->encoder == encoder);

  if (--entry->consumers > 0)
    return;

  teardown = g_new0 (EncoderTeardown, 1);
  teardown->stream = g_object_ref (self);
  teardown->encoder = g_object_ref (encoder);
  teardown->raw_pad = g_steal_pointer (&entry->raw_pad);
  g_hash_table_remove (self->encoders, key);
  /* "encoding" until its branch has left the tee: a format change before
   * would renegotiate the branch still linked, and fail */
  self->encoders_leaving++;

  g_debug ("stream %s: encoder %s no longer used", self->name, relay_encoder_get_key (encoder));
  relay_pad_unlink_when_idle (teardown->raw_pad, finish_encoder_teardown, teardown);
}

guint
relay_stream_count_encoders (RelayStream *self, RelayMediaKind kind)
{
  GHashTableIter iter;
  EncoderEntry *entry;
  guint count = 0;

  g_return_val_if_fail (RELAY_IS_STREAM (self), 0);

  g_hash_table_iter_init (&iter, self->encoders);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (relay_encoder_get_kind (entry->encoder) == kind)
        count++;
    }
  return count;
}

/**
 * relay_stream_link_raw_pad:
 * @sink_pad: what takes the branch
 *
 * A branch of the stream's raw video or audio, linked to @sink_pad while the
 * tee pushes nothing: a push under way as the link is made would carry its
 * buffer to @sink_pad ahead of the stream's caps and segment.
 *
 * Returns: (transfer full): the tee's pad of the branch
 */
GstPad *
relay_stream_link_raw_pad (RelayStream *self, RelayMediaKind kind, GstPad *sink_pad)
{
  GstElement *tee;
  g_autoptr (GstPad) tee_sink = NULL;
  GstPad *pad;

  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  tee = kind == RELAY_MEDIA_VIDEO ? self->video_tee : self->audio_tee;
  tee_sink = gst_element_get_static_pad (tee, "sink");
  GST_PAD_STREAM_LOCK (tee_sink);
  pad = gst_element_request_pad_simple (tee, "src_%u");
  relay_branch_answer_allocation (sink_pad);
  gst_pad_link (pad, sink_pad);
  GST_PAD_STREAM_UNLOCK (tee_sink);
  return pad;
}

void
relay_stream_release_raw_pad (RelayStream *self, GstPad *pad)
{
  g_autoptr (GstElement) tee = NULL;

  g_return_if_fail (RELAY_IS_STREAM (self));

  tee = GST_ELEMENT (gst_pad_get_parent (pad));
  if (tee != NULL)
    gst_element_release_request_pad (tee, pad);
}

/* Takes the stream's elements out of the pipeline; outputs must be gone. */
void
relay_stream_close (RelayStream *self)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  relay_stream_detach_source (self);

  /* Downstream first: a mixer that stops flushes its inputs, so a background
   * source blocked pushing into it can stop too (the other way round, its
   * deactivation waits on a push that never returns). */
  for (guint i = self->elements->len; i > 0; i--)
    relay_bin_remove_from_parent (g_ptr_array_index (self->elements, i - 1));
  g_ptr_array_set_size (self->elements, 0);
  self->background_caps = self->compositor_caps = NULL;
  g_hash_table_remove_all (self->encoders);
  gst_clear_object (&self->pipeline);
  relay_stream_update_state (self);
}

static void
relay_stream_dispose (GObject *object)
{
  RelayStream *self = RELAY_STREAM (object);

  if (self->pipeline != NULL)
    relay_stream_close (self);
  g_clear_object (&self->source);
  G_OBJECT_CLASS (relay_stream_parent_class)->dispose (object);
}

static void
relay_stream_finalize (GObject *object)
{
  RelayStream *self = RELAY_STREAM (object);

  g_free (self->name);
  g_ptr_array_unref (self->elements);
  g_hash_table_unref (self->encoders);
  G_OBJECT_CLASS (relay_stream_parent_class)->finalize (object);
}

static void
relay_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayStream *self = RELAY_STREAM (object);

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_KEEP_ALIVE:
        g_value_set_boolean (value, self->keep_alive);
        break;
      case PROP_SOURCE:
        g_value_set_object (value, self->source);
        break;
      case PROP_ENCODING:
        g_value_set_boolean (value, is_encoding (self));
        break;
      case PROP_VOLUME:
        g_value_set_double (value, self->audio_gain.volume);
        break;
      case PROP_MUTED:
        g_value_set_boolean (value, self->audio_gain.muted);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_audio_gain (RelayStream *self, GParamSpec *pspec, const GValue *value)
{
  RelayAudioGain gain = self->audio_gain;

  if (pspec == properties[PROP_VOLUME])
    gain.volume = g_value_get_double (value);
  else
    gain.muted = g_value_get_boolean (value);
  if (gain.volume == self->audio_gain.volume && gain.muted == self->audio_gain.muted)
    return;

  self->audio_gain = gain;
  if (self->input != NULL)
    relay_layer_input_set_audio_gain (self->input, &gain);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
relay_stream_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayStream *self = RELAY_STREAM (object);

  switch (prop_id)
    {
      case PROP_NAME:
        self->name = g_value_dup_string (value);
        break;
      case PROP_KEEP_ALIVE:
        relay_stream_set_keep_alive (self, g_value_get_boolean (value));
        break;
      case PROP_VOLUME:
      case PROP_MUTED:
        set_audio_gain (self, pspec, value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_stream_class_init (RelayStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_stream_dispose;
  object_class->finalize = relay_stream_finalize;
  object_class->get_property = relay_stream_get_property;
  object_class->set_property = relay_stream_set_property;

  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Live once its source delivers, or always with keep-alive. */
  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, RELAY_TYPE_STREAM_STATE, RELAY_STREAM_STATE_OFFLINE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The program is live for as long as Relaycast runs, source or not. */
  properties[PROP_KEEP_ALIVE] =
      g_param_spec_boolean ("keep-alive", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, RELAY_TYPE_SOURCE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether a destination is encoded from it */
  properties[PROP_ENCODING] = g_param_spec_boolean ("encoding", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* The source's sound in the stream, linear (RELAY_STREAM_MAX_VOLUME is
   * +12 dB), and whether it is silenced; both outlast a change of source. */
  properties[PROP_VOLUME] =
      g_param_spec_double ("volume", NULL, NULL, 0.0, RELAY_STREAM_MAX_VOLUME, 1.0,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
      g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The source delivers its first frame or sound (again, after a re-open). */
  signals[SIGNAL_SOURCE_STARTED] =
      g_signal_new ("source-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
  /**
   * RelayStream::source-ended:
   * @reopen: whether the stream will open the source again
   */
  signals[SIGNAL_SOURCE_ENDED] =
      g_signal_new ("source-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * RelayStream::source-failed:
   * @error: what is wrong, in a few words ("no such file", "not a media file",
   *   "connection refused (host:port)")
   *
   * Once per failure: a source opened again that fails the same way is not
   * reported again until it has played. The stream goes on with its
   * background meanwhile.
   */
  signals[SIGNAL_SOURCE_FAILED] =
      g_signal_new ("source-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * RelayStream::audio-level:
   * @rms_db: loudness of the loudest channel over the last 100 ms
   * @peak_db: its peak
   *
   * Emitted once relay_stream_watch_audio_level() was called.
   */
  signals[SIGNAL_AUDIO_LEVEL] =
      g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
relay_stream_init (RelayStream *self)
{
  self->created_at = g_get_real_time () / 1000;
  self->audio_gain.volume = 1.0;
  self->elements = g_ptr_array_new_with_free_func (gst_object_unref);
  self->encoders =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) encoder_entry_free);
}

const char *
relay_stream_get_name (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return self->name;
}

RelayStreamState
relay_stream_get_state (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), RELAY_STREAM_STATE_OFFLINE);

  return self->state;
}

/* Milliseconds since 1970. */
gint64
relay_stream_get_created_at (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), 0);

  return self->created_at;
}

gboolean
relay_stream_get_keep_alive (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), FALSE);

  return self->keep_alive;
}

/* The stream's sound is measured from now on: RelayStream::audio-level. */
void
relay_stream_watch_audio_level (RelayStream *self)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  if (self->level != NULL)
    g_object_set (self->level, "post-messages", TRUE, NULL);
}

void
relay_stream_set_keep_alive (RelayStream *self, gboolean keep_alive)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  keep_alive = !!keep_alive;
  if (self->keep_alive == keep_alive)
    return;

  self->keep_alive = keep_alive;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_ALIVE]);
  relay_stream_update_state (self);
}

RelaySource *
relay_stream_get_source (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return self->source;
}

const RelayProgramFormat *
relay_stream_get_format (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return &self->format;
}

/* The picture cannot change under the destinations of a broadcast. */
gboolean
relay_stream_can_change_video_format (RelayStream *self, GError **error)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), FALSE);

  if (relay_stream_count_encoders (self, RELAY_MEDIA_VIDEO) == 0 && self->encoders_leaving == 0)
    return TRUE;
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_BUSY,
               _ ("The picture’s size and frame rate change when the broadcast ends"));
  return FALSE;
}

/**
 * relay_stream_set_video_format:
 * @format: the new picture size and frame rate (the sound's are kept)
 *
 * Between broadcasts: the compositor, the background and the source
 * renegotiate; the preview follows. Refused while an encoder runs, since its
 * destinations would see the picture change under them.
 */
gboolean
relay_stream_set_video_format (RelayStream *self, const RelayProgramFormat *format, GError **error)
{
  g_autoptr (GstCaps) background = NULL;
  g_autoptr (GstCaps) blended = NULL;

  g_return_val_if_fail (RELAY_IS_STREAM (self), FALSE);
  g_return_val_if_fail (
      format != NULL && format->width > 0 && format->height > 0 && format->fps > 0, FALSE);

  if (self->format.width == format->width && self->format.height == format->height
      && self->format.fps == format->fps)
    return TRUE;
  if (!relay_stream_can_change_video_format (self, error))
    return FALSE;

  self->format.width = format->width;
  self->format.height = format->height;
  self->format.fps = format->fps;
  g_debug ("stream %s: now %ux%u at %u fps", self->name, format->width, format->height,
           format->fps);
  /* a closed stream has nothing to renegotiate */
  if (self->compositor_caps == NULL)
    return TRUE;

  background = background_video_caps (&self->format);
  blended = compositor_video_caps (self);
  /* the compositor's sinks take any size and rate: each intermediate state
   * negotiates */
  g_object_set (self->background_caps, "caps", background, NULL);
  g_object_set (self->compositor_caps, "caps", blended, NULL);
  /* the source is scaled to the program's size: to the new one from now on */
  if (self->input != NULL)
    {
      RelaySlotPlacement placement;

      source_placement (self, &placement);
      relay_layer_input_set_placements (self->input, &placement, 1);
    }
  return TRUE;
}

const RelayEncodingDefaults *
relay_stream_get_encoding_defaults (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return &self->encoding_defaults;
}

/* Applies to outputs started from now on. */
void
relay_stream_set_encoding_defaults (RelayStream *self, const RelayEncodingDefaults *defaults)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  self->encoding_defaults = *defaults;
}

/* Returns: (transfer none): the mixer the stream's sources feed */
GstElement *
relay_stream_get_mixer (RelayStream *self, RelayMediaKind kind)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return kind == RELAY_MEDIA_VIDEO ? self->compositor : self->audiomixer;
}

GstElement *
relay_stream_get_pipeline (RelayStream *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM (self), NULL);

  return self->pipeline;
}

/* The compositor's caps follow whether any slot holds alpha. */
static void
count_alpha_holds (RelayStream *self, int change)
{
  gboolean before = self->alpha_holds > 0;
  g_autoptr (GstCaps) caps = NULL;

  self->alpha_holds += change;
  if (before == (self->alpha_holds > 0) || self->compositor_caps == NULL)
    return;
  g_debug ("stream %s: blending %s alpha", self->name, before ? "without" : "with");
  caps = compositor_video_caps (self);
  g_object_set (self->compositor_caps, "caps", caps, NULL);
}

/**
 * relay_stream_hold_alpha:
 *
 * Has the compositor blend in AYUV, keeping the pictures' transparency,
 * until as many relay_stream_release_alpha(): from before the first picture
 * with alpha reaches it (the compositor refuses alpha while it blends in
 * I420) until that picture's pad is gone. The switch renegotiates the
 * compositor between two frames; the encoders keep receiving I420.
 *
 * Only while held, since blending in AYUV costs: a 720p30 program (test
 * pattern, a 320x180 colour layer, recorded with x264's defaults) took 23.3
 * CPU ms a frame blended in I420 and 24.4 in AYUV, converted back (median
 * of three 15 s runs each, bench/alpha-blend.c): 5% more, for nothing when
 * no picture is transparent.
 */
void
relay_stream_hold_alpha (RelayStream *self)
{
  g_return_if_fail (RELAY_IS_STREAM (self));

  count_alpha_holds (self, 1);
}

void
relay_stream_release_alpha (RelayStream *self)
{
  g_return_if_fail (RELAY_IS_STREAM (self));
  g_return_if_fail (self->alpha_holds > 0);

  count_alpha_holds (self, -1);
}
