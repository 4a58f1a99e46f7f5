/* relay-layer-input.c
 *
 * A source open in its slot, for a stream (its own source) or a scene's
 * layer. It fails, ends and comes back on its own (when the source reopens)
 * and never stops the stream: a source that is gone shows nothing until it
 * plays again. The spec it was opened for lets a scene switch reuse it
 * rather than open it again, and layers naming the same source draw it at
 * each of their places from the one input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-failure.h"
#include "relay-layer-input.h"

#define REOPEN_DELAY_MS 2000

struct _RelayLayerInput
{
  GObject parent_instance;

  GWeakRef stream;
  char *spec;
  RelaySource *source;
  RelayStreamSlot *slot;
  /* of RelaySlotPlacement: every place its picture is drawn at */
  GArray *placements;
  RelayAudioGain gain;
  guint reopen_id;
  /* the last failure told, until the source plays again */
  char *failure;
};

G_DEFINE_FINAL_TYPE (RelayLayerInput, relay_layer_input, G_TYPE_OBJECT)

enum
{
  SIGNAL_FLOWING,
  SIGNAL_ENDED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean open_slot (RelayLayerInput *self, GError **error);
static void report_failure (RelayLayerInput *self, const GError *error, const char *debug);

static void
detach (RelayLayerInput *self)
{
  RelayStreamSlot *slot = g_steal_pointer (&self->slot);

  if (slot != NULL)
    relay_stream_slot_remove (slot);
}

static gboolean
reopen (gpointer user_data)
{
  RelayLayerInput *self = user_data;
  g_autoptr (GError) error = NULL;

  self->reopen_id = 0;
  g_debug ("opening %s again", self->spec);
  if (!open_slot (self, &error))
    report_failure (self, error, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_reopen (RelayLayerInput *self)
{
  if (relay_source_get_reopen (self->source) && self->reopen_id == 0)
    self->reopen_id = g_timeout_add (REOPEN_DELAY_MS, reopen, self);
}

static gboolean
on_flowing (gpointer user_data)
{
  g_autoptr (RelayLayerInput) self = g_weak_ref_get (user_data);

  if (self != NULL && self->slot != NULL)
    {
      g_clear_pointer (&self->failure, g_free);
      g_signal_emit (self, signals[SIGNAL_FLOWING], 0);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_ended (gpointer user_data)
{
  g_autoptr (RelayLayerInput) self = g_weak_ref_get (user_data);

  if (self != NULL)
    relay_layer_input_end (self);
  return G_SOURCE_REMOVE;
}

/**
 * relay_layer_input_end:
 *
 * The source ended (its end of stream reached the mixers, or it says it is
 * done without one: a WebRTC publisher that left). Does nothing unless its
 * slot is attached.
 */
void
relay_layer_input_end (RelayLayerInput *self)
{
  g_return_if_fail (RELAY_IS_LAYER_INPUT (self));

  if (self->slot == NULL)
    return;
  g_debug ("%s ended", self->spec);
  detach (self);
  g_signal_emit (self, signals[SIGNAL_ENDED], 0);
  schedule_reopen (self);
}

static gboolean
open_slot (RelayLayerInput *self, GError **error)
{
  g_autoptr (RelayStream) stream = g_weak_ref_get (&self->stream);
  g_autoptr (GstElement) bin = NULL;

  if (stream == NULL)
    return TRUE;

  bin = relay_source_create_bin (self->source, relay_stream_get_format (stream), error);
  if (bin == NULL)
    return FALSE;
  self->slot = relay_stream_slot_new (stream, G_OBJECT (self), self->source, bin,
                                      (const RelaySlotPlacement *) self->placements->data,
                                      self->placements->len, &self->gain, on_flowing, on_ended);
  return TRUE;
}

/**
 * relay_layer_input_new:
 * @spec: what the layer names as its source, to find the input again
 * @source: the source @spec made
 * @placements: (array length=n_placements): where its picture is drawn;
 *   none for its sound alone
 *
 * Returns: (transfer full): the input, its source opened in @stream, or
 *   %NULL with @error set
 */
RelayLayerInput *
relay_layer_input_new (RelayStream *stream, const char *spec, RelaySource *source,
                       const RelaySlotPlacement *placements, guint n_placements,
                       const RelayAudioGain *gain, GError **error)
{
  g_autoptr (RelayLayerInput) self = g_object_new (RELAY_TYPE_LAYER_INPUT, NULL);

  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);
  g_return_val_if_fail (RELAY_IS_SOURCE (source), NULL);

  g_weak_ref_set (&self->stream, stream);
  self->spec = g_strdup (spec);
  self->source = g_object_ref (source);
  g_array_append_vals (self->placements, placements, n_placements);
  self->gain = *gain;
  if (!open_slot (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
relay_layer_input_get_spec (RelayLayerInput *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_INPUT (self), NULL);

  return self->spec;
}

RelaySource *
relay_layer_input_get_source (RelayLayerInput *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_INPUT (self), NULL);

  return self->source;
}

/* Draws the picture at each of @placements from now on (none: not drawn). */
void
relay_layer_input_set_placements (RelayLayerInput *self, const RelaySlotPlacement *placements,
                                  guint n_placements)
{
  g_return_if_fail (RELAY_IS_LAYER_INPUT (self));

  g_array_set_size (self->placements, 0);
  g_array_append_vals (self->placements, placements, n_placements);
  if (self->slot != NULL)
    relay_stream_slot_set_placements (self->slot, placements, n_placements);
}

/* Returns: (array length=n_placements) (transfer none): where the picture is drawn */
const RelaySlotPlacement *
relay_layer_input_get_placements (RelayLayerInput *self, guint *n_placements)
{
  g_return_val_if_fail (RELAY_IS_LAYER_INPUT (self), NULL);

  *n_placements = self->placements->len;
  return (const RelaySlotPlacement *) self->placements->data;
}

void
relay_layer_input_set_audio_gain (RelayLayerInput *self, const RelayAudioGain *gain)
{
  g_return_if_fail (RELAY_IS_LAYER_INPUT (self));

  self->gain = *gain;
  if (self->slot != NULL)
    relay_stream_slot_set_audio_gain (self->slot, gain);
}

gboolean
relay_layer_input_is_flowing (RelayLayerInput *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_INPUT (self), FALSE);

  return self->slot != NULL && relay_stream_slot_is_flowing (self->slot);
}

/* On the main context, for messages from the input's elements. */
gboolean
relay_layer_input_handle_message (RelayLayerInput *self, GstMessage *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *debug = NULL;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return FALSE;

  gst_message_parse_error (message, &error, &debug);
  /* what follows a first error says nothing more, and the slot is gone already */
  if (self->slot == NULL
      || relay_stream_slot_find_wrapper (message) != relay_stream_slot_get_wrapper (self->slot))
    return TRUE;

  g_debug ("%s: %s (%s)", self->spec, error->message, debug ? debug : "");
  detach (self);
  report_failure (self, error, debug);
  schedule_reopen (self);
  return TRUE;
}

/* Says why the source failed, in the person's terms, once per failure: a
 * source opened again after a drop fails the same way until it is back. */
static void
report_failure (RelayLayerInput *self, const GError *error, const char *debug)
{
  g_autofree char *text =
      relay_failure_describe_source (error, debug, relay_source_get_description (self->source));
  g_autoptr (GError) reported = NULL;

  if (g_strcmp0 (text, self->failure) == 0)
    {
      g_debug ("%s failed again: %s", self->spec, text);
      return;
    }
  g_free (self->failure);
  self->failure = g_strdup (text);
  reported = g_error_new_literal (error->domain, error->code, text);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, reported);
}

/* Takes the source out; the input stays closed. */
void
relay_layer_input_close (RelayLayerInput *self)
{
  g_return_if_fail (RELAY_IS_LAYER_INPUT (self));

  g_clear_handle_id (&self->reopen_id, g_source_remove);
  detach (self);
}

static void
relay_layer_input_dispose (GObject *object)
{
  relay_layer_input_close (RELAY_LAYER_INPUT (object));

  G_OBJECT_CLASS (relay_layer_input_parent_class)->dispose (object);
}

static void
relay_layer_input_finalize (GObject *object)
{
  RelayLayerInput *self = RELAY_LAYER_INPUT (object);

  g_weak_ref_clear (&self->stream);
  g_free (self->spec);
  g_free (self->failure);
  g_array_unref (self->placements);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (relay_layer_input_parent_class)->finalize (object);
}

static void
relay_layer_input_class_init (RelayLayerInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_layer_input_dispose;
  object_class->finalize = relay_layer_input_finalize;

  /* The source delivered its first buffer since it was (re)opened. */
  signals[SIGNAL_FLOWING] = g_signal_new ("flowing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The source ended; it opens again if it reopens, else its layer stays empty. */
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The source failed, in the person's words; told once per failure. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
relay_layer_input_init (RelayLayerInput *self)
{
  g_weak_ref_init (&self->stream, NULL);
  self->placements = g_array_new (FALSE, FALSE, sizeof (RelaySlotPlacement));
}
