/* relay-flv-fanout.c
 *
 * One FLV mux for every RTMP destination of the same video and audio
 * encoders: made when the first of them starts, taken down when the last
 * leaves. Each destination takes the mux's tags from a branch of its tee,
 * behind a gate and a queue of its own (relay-flv-gate.c), so that one that
 * stalls costs the others nothing. A destination of its own mux cost an
 * flvmux with its aggregator thread and two queues.
 *
 *   video encoder tee ─ leaky queue ─┐
 *                                    flvmux ─ tee ─ destinations
 *   audio encoder tee ─ leaky queue ─┘
 *
 * Pictures the video queue dropped (the mux's thread starved for seconds)
 * leave a gap every destination sees: the next tag is marked DISCONT, and
 * their gates wait for a keyframe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-flv-fanout.h"
#include "relay-gst-util.h"

#define INPUT_MAX_TIME (3 * GST_SECOND)

struct _RelayFlvFanout
{
  GObject parent_instance;

  RelayStream *stream;
  char *key;
  GstElement *bin;
  GstElement *tee;
  RelayEncoder *encoders[2];
  GstPad *encoder_pads[2];
};

G_DEFINE_FINAL_TYPE (RelayFlvFanout, relay_flv_fanout, G_TYPE_OBJECT)

/* The fanouts running, by their pair of encoders; main context only. */
static GHashTable *fanouts;

/* What outlives the fanout: its inputs leave between two buffers. */
typedef struct
{
  RelayStream *stream;
  GstElement *bin;
  RelayEncoder *encoders[2];
  GstPad *encoder_pads[2];
  guint pending;
} Teardown;

static void
teardown_step (gpointer user_data)
{
  Teardown *teardown = user_data;

  if (--teardown->pending > 0)
    return;

  for (guint kind = 0; kind < 2; kind++)
    {
      if (teardown->encoders[kind] == NULL)
        continue;
      relay_encoder_release_src_pad (teardown->encoders[kind], teardown->encoder_pads[kind]);
      gst_clear_object (&teardown->encoder_pads[kind]);
      relay_stream_release_encoder (teardown->stream, teardown->encoders[kind]);
      g_clear_object (&teardown->encoders[kind]);
    }
  if (teardown->bin != NULL)
    {
      teardown->pending = 1;
      relay_bin_remove_from_parent_async (teardown->bin, teardown_step, teardown);
      gst_clear_object (&teardown->bin);
      return;
    }

  g_object_unref (teardown->stream);
  g_free (teardown);
}

static GQuark
gap_quark (void)
{
  return g_quark_from_static_string ("relay-flv-gap");
}

static GstPadProbeReturn
note_gap (GstPad *pad, GstPadProbeInfo *info, gpointer gap)
{
  if (GST_BUFFER_FLAG_IS_SET (GST_PAD_PROBE_INFO_BUFFER (info), GST_BUFFER_FLAG_DISCONT))
    g_atomic_int_set ((gint *) gap, TRUE);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
mark_gap (GstPad *pad, GstPadProbeInfo *info, gpointer gap)
{
  GstBuffer *tag;

  if (!g_atomic_int_compare_and_exchange ((gint *) gap, TRUE, FALSE))
    return GST_PAD_PROBE_OK;
  tag = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_BUFFER_FLAG_SET (tag, GST_BUFFER_FLAG_DISCONT);
  GST_PAD_PROBE_INFO_DATA (info) = tag;
  return GST_PAD_PROBE_OK;
}

static void
relay_flv_fanout_dispose (GObject *object)
{
  RelayFlvFanout *self = RELAY_FLV_FANOUT (object);
  Teardown *teardown;

  if (self->stream == NULL)
    {
      G_OBJECT_CLASS (relay_flv_fanout_parent_class)->dispose (object);
      return;
    }

  if (self->key != NULL)
    {
      g_debug ("FLV mux of %s no longer used", self->key);
      g_hash_table_remove (fanouts, self->key);
    }

  teardown = g_new0 (Teardown, 1);
  teardown->stream = g_steal_pointer (&self->stream);
  teardown->bin = g_steal_pointer (&self->bin);
  teardown->pending = 1;
  for (guint kind = 0; kind < 2; kind++)
    {
      teardown->encoders[kind] = g_steal_pointer (&self->encoders[kind]);
      teardown->encoder_pads[kind] = g_steal_pointer (&self->encoder_pads[kind]);
      if (teardown->encoder_pads[kind] == NULL)
        continue;
      teardown->pending++;
      relay_pad_unlink_when_idle (teardown->encoder_pads[kind], teardown_step, teardown);
    }
  teardown_step (teardown);

  G_OBJECT_CLASS (relay_flv_fanout_parent_class)->dispose (object);
}

static void
relay_flv_fanout_finalize (GObject *object)
{
  RelayFlvFanout *self = RELAY_FLV_FANOUT (object);

  g_free (self->key);
  G_OBJECT_CLASS (relay_flv_fanout_parent_class)->finalize (object);
}

static void
relay_flv_fanout_class_init (RelayFlvFanoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_flv_fanout_dispose;
  object_class->finalize = relay_flv_fanout_finalize;
}

static void
relay_flv_fanout_init (RelayFlvFanout *self)
{
}

/* An encoder's tags reach the mux through a queue, so that the mux waiting
 * for the other medium never holds up the encoder's other destinations. */
static gboolean
add_input (RelayFlvFanout *self, GstElement *mux, RelayMediaKind kind, GError **error)
{
  const char *name = kind == RELAY_MEDIA_VIDEO ? "video" : "audio";
  g_autoptr (GstPad) mux_pad = NULL;
  g_autoptr (GstPad) queue_src = NULL;
  GstElement *queue;
  GstPad *ghost;

  if (!(queue = relay_bin_add_new (GST_BIN (self->bin), "queue", error)))
    return FALSE;
  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time",
                (guint64) INPUT_MAX_TIME, NULL);

  mux_pad = gst_element_request_pad_simple (mux, name);
  queue_src = gst_element_get_static_pad (queue, "src");
  gst_pad_link (queue_src, mux_pad);
  ghost = relay_ghost_static_pad (self->bin, queue, "sink", name);
  relay_pad_isolate_flow (ghost);
  if (kind == RELAY_MEDIA_VIDEO)
    gst_pad_add_probe (queue_src, GST_PAD_PROBE_TYPE_BUFFER, note_gap,
                       g_object_get_qdata (G_OBJECT (self->bin), gap_quark ()), NULL);

  self->encoder_pads[kind] = relay_encoder_request_src_pad (self->encoders[kind]);
  return TRUE;
}

static gboolean
build (RelayFlvFanout *self, GError **error)
{
  g_autoptr (GstPad) mux_src = NULL;
  GstElement *mux;
  gint *gap;

  self->bin = gst_object_ref_sink (gst_bin_new (NULL));
  if (!(mux = relay_bin_add_new (GST_BIN (self->bin), "flvmux", error))
      || !(self->tee = relay_bin_add_new (GST_BIN (self->bin), "tee", error)))
    return FALSE;
  g_object_set (mux, "streamable", TRUE, NULL);
  g_object_set (self->tee, "allow-not-linked", TRUE, NULL);
  gst_element_link (mux, self->tee);

  /* the bin's, as its streaming may outlast the fanout */
  gap = g_new0 (gint, 1);
  g_object_set_qdata_full (G_OBJECT (self->bin), gap_quark (), gap, g_free);
  mux_src = gst_element_get_static_pad (mux, "src");
  gst_pad_add_probe (mux_src, GST_PAD_PROBE_TYPE_BUFFER, mark_gap, gap, NULL);

  for (guint kind = 0; kind < 2; kind++)
    {
      if (self->encoders[kind] != NULL && !add_input (self, mux, kind, error))
        return FALSE;
    }
  return TRUE;
}

static void
start (RelayFlvFanout *self)
{
  relay_element_set_owner (self->bin, self->stream);
  relay_bin_add_to_running (relay_stream_get_pipeline (self->stream), self->bin);
  relay_bin_sync_with_running (self->bin);

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr (GstPad) sink = NULL;

      if (self->encoder_pads[kind] == NULL)
        continue;
      sink = gst_element_get_static_pad (self->bin, kind == RELAY_MEDIA_VIDEO ? "video" : "audio");
      gst_pad_link (self->encoder_pads[kind], sink);
    }
}

/**
 * relay_flv_fanout_acquire:
 * @video: (nullable): the pictures' encoding, %NULL for none
 * @audio: (nullable): the sound's encoding, %NULL for none
 *
 * The mux holds its encoders as one more of their outputs.
 *
 * Returns: (transfer full) (nullable): the mux of the stream's encoders for
 *   @video and @audio, made if none runs yet; unref it once done
 */
RelayFlvFanout *
relay_flv_fanout_acquire (RelayStream *stream, const RelayVideoProfile *video,
                          const RelayAudioProfile *audio, GError **error)
{
  RelayEncoder *encoders[2] = { NULL, NULL };
  g_autoptr (RelayFlvFanout) self = NULL;
  g_autofree char *key = NULL;
  RelayFlvFanout *running;

  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);
  g_return_val_if_fail (video != NULL || audio != NULL, NULL);

  if (video != NULL
      && !(encoders[RELAY_MEDIA_VIDEO] = relay_stream_acquire_video_encoder (stream, video, error)))
    return NULL;
  if (audio != NULL
      && !(encoders[RELAY_MEDIA_AUDIO] = relay_stream_acquire_audio_encoder (stream, audio, error)))
    {
      if (encoders[RELAY_MEDIA_VIDEO] != NULL)
        relay_stream_release_encoder (stream, encoders[RELAY_MEDIA_VIDEO]);
      return NULL;
    }

  key = g_strdup_printf (
      "%p %s/%s", (gpointer) stream,
      encoders[RELAY_MEDIA_VIDEO] != NULL ? relay_encoder_get_key (encoders[RELAY_MEDIA_VIDEO])
                                          : "-",
      encoders[RELAY_MEDIA_AUDIO] != NULL ? relay_encoder_get_key (encoders[RELAY_MEDIA_AUDIO])
                                          : "-");
  if (fanouts == NULL)
    fanouts = g_hash_table_new (g_str_hash, g_str_equal);
  running = g_hash_table_lookup (fanouts, key);
  if (running != NULL)
    {
      for (guint kind = 0; kind < 2; kind++)
        {
          if (encoders[kind] != NULL)
            relay_stream_release_encoder (stream, encoders[kind]);
        }
      return g_object_ref (running);
    }

  self = g_object_new (RELAY_TYPE_FLV_FANOUT, NULL);
  self->stream = g_object_ref (stream);
  for (guint kind = 0; kind < 2; kind++)
    self->encoders[kind] = encoders[kind] != NULL ? g_object_ref (encoders[kind]) : NULL;
  if (!build (self, error))
    return NULL;

  g_debug ("FLV mux of %s", key);
  self->key = g_steal_pointer (&key);
  g_hash_table_insert (fanouts, self->key, self);
  start (self);
  return g_steal_pointer (&self);
}

/* Returns: (transfer full): a new branch of the mux's tags, for one destination */
GstPad *
relay_flv_fanout_request_pad (RelayFlvFanout *self)
{
  g_return_val_if_fail (RELAY_IS_FLV_FANOUT (self), NULL);

  return relay_tee_request_ghost_pad (self->bin, self->tee);
}

/* @pad: unlinked first, between two buffers */
void
relay_flv_fanout_release_pad (RelayFlvFanout *self, GstPad *pad)
{
  g_return_if_fail (RELAY_IS_FLV_FANOUT (self));

  relay_tee_release_ghost_pad (self->bin, self->tee, pad);
}
