/* relay-encoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-encoder.h"
#include "relay-gst-util.h"
#include "relay-low-priority-pool.h"
#include "relay-sound-clip.h"

/* Counted by a probe on the streaming thread, which may still run while the
 * encoder is finalised on the main one: the count is the probe's as much as
 * the encoder's (g_rc_box). */
typedef struct
{
  /* all the encoded frames, and those of the second being counted for the rate */
  gint64 frames;
  gint64 second_started_us;
  gint second_frames;
  /* frames per second, in thousandths */
  gint milli_fps;
} FrameCount;

struct _RelayEncoder
{
  GObject parent_instance;

  RelayMediaKind kind;
  char *key;
  GstElement *bin;
  GstElement *entry_queue;
  GstElement *tee;

  FrameCount *count;
};

G_DEFINE_FINAL_TYPE (RelayEncoder, relay_encoder, G_TYPE_OBJECT)

enum
{
  SIGNAL_CLIP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Raw frames waiting for a busy encoder are dropped, oldest first, rather
 * than holding up the stream's other branches (preview, other profiles). */
#define RAW_QUEUE_BUFFERS    3
#define RAW_AUDIO_QUEUE_TIME (200 * GST_MSECOND)
#define VBV_BUFFER_MS        1000

static GQuark
encoder_queue_quark (void)
{
  return g_quark_from_static_string ("relay-encoder-queue");
}

static GstElement *
add_entry_queue (GstBin *bin, RelayMediaKind kind, GError **error)
{
  GstElement *queue = relay_bin_add_new (bin, "queue", error);

  if (queue == NULL)
    return NULL;

  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  if (kind == RELAY_MEDIA_VIDEO)
    g_object_set (queue, "max-size-buffers", RAW_QUEUE_BUFFERS, "max-size-bytes", 0,
                  "max-size-time", (guint64) 0, NULL);
  else
    g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time",
                  RAW_AUDIO_QUEUE_TIME, NULL);

  relay_pad_isolate_flow (relay_ghost_static_pad (GST_ELEMENT (bin), queue, "sink", "sink"));
  /* the encoder runs in the queue's streaming thread */
  g_object_set_qdata (G_OBJECT (queue), encoder_queue_quark (), GINT_TO_POINTER (TRUE));
  return queue;
}

/**
 * relay_encoder_handle_stream_status:
 *
 * On the thread that posts @message, before the thread it tells of starts:
 * an encoder's streaming thread comes from the low-priority pool, so that
 * encoding yields to the API and the window.
 */
void
relay_encoder_handle_stream_status (GstMessage *message)
{
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *task;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return;
  gst_message_parse_stream_status (message, &type, &owner);
  if (type != GST_STREAM_STATUS_TYPE_CREATE
      || g_object_get_qdata (G_OBJECT (owner), encoder_queue_quark ()) == NULL)
    return;
  task = gst_message_get_stream_status_object (message);
  if (task != NULL && G_VALUE_HOLDS (task, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (task), relay_low_priority_pool_get_default ());
}

static const char *
h264_profile_caps_name (RelayH264Profile profile)
{
  switch (profile)
    {
      case RELAY_H264_PROFILE_CONSTRAINED_BASELINE:
        return "constrained-baseline";
      /* Main by default: every browser decodes it, so WHEP viewers of the
       * program share its encoder (none of them offers High) */
      case RELAY_H264_PROFILE_MAIN:
      case RELAY_H264_PROFILE_DEFAULT:
        return "main";
      case RELAY_H264_PROFILE_HIGH:
      default:
        return "high";
    }
}

static RelayEncoder *
relay_encoder_new (RelayMediaKind kind, char *key)
{
  RelayEncoder *self = g_object_new (RELAY_TYPE_ENCODER, NULL);

  self->kind = kind;
  self->key = key;
  self->bin = gst_object_ref_sink (gst_bin_new (NULL));
  self->count = g_atomic_rc_box_new0 (FrameCount);
  return self;
}

static GstPadProbeReturn
count_frames (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  FrameCount *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint n = info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST
                ? gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info))
                : 1;

  g_atomic_pointer_add (&self->frames, n);
  self->second_frames += n;
  if (self->second_started_us == 0)
    self->second_started_us = now;
  else if (now - self->second_started_us >= G_USEC_PER_SEC)
    {
      g_atomic_int_set (&self->milli_fps,
                        (gint) ((gint64) self->second_frames * 1000 * G_USEC_PER_SEC
                                / (now - self->second_started_us)));
      self->second_frames = 0;
      self->second_started_us = now;
    }
  return GST_PAD_PROBE_OK;
}

static gboolean
finish_with_tee (RelayEncoder *self, GstElement *last, GError **error)
{
  g_autoptr (GstPad) encoded = gst_element_get_static_pad (last, "src");

  if (!(self->tee = relay_bin_add_new (GST_BIN (self->bin), "tee", error)))
    return FALSE;

  g_object_set (self->tee, "allow-not-linked", TRUE, NULL);
  gst_pad_add_probe (encoded, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     count_frames, g_atomic_rc_box_acquire (self->count),
                     (GDestroyNotify) g_atomic_rc_box_release);
  return gst_element_link (last, self->tee);
}

RelayEncoder *
relay_encoder_new_video (const RelayVideoProfile *profile, const RelayProgramFormat *format,
                         GError **error)
{
  g_autoptr (RelayEncoder) self =
      relay_encoder_new (RELAY_MEDIA_VIDEO, relay_video_profile_to_key (profile));
  GstBin *bin = GST_BIN (self->bin);
  g_autoptr (GstCaps) encoded_caps = gst_caps_new_empty_simple ("video/x-h264");
  g_autoptr (GstCaps) parsed_caps =
      gst_caps_from_string ("video/x-h264,stream-format=avc,alignment=au");
  const char *h264_profile = h264_profile_caps_name (profile->h264_profile);
  GstElement *queue, *last, *encoder, *encoded_filter, *parser, *parsed_filter;

  if (!(queue = self->entry_queue = add_entry_queue (bin, RELAY_MEDIA_VIDEO, error)))
    return NULL;
  last = queue;

  if (profile->width != format->width || profile->height != format->height)
    {
      g_autoptr (GstCaps) size_caps = gst_caps_new_simple (
          "video/x-raw", "width", G_TYPE_INT, (int) profile->width, "height", G_TYPE_INT,
          (int) profile->height, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
      GstElement *scale, *size_filter;

      if (!(scale = relay_bin_add_new (bin, "videoscale", error))
          || !(size_filter = relay_bin_add_new (bin, "capsfilter", error)))
        return NULL;
      g_object_set (size_filter, "caps", size_caps, NULL);
      gst_element_link_many (last, scale, size_filter, NULL);
      last = size_filter;
    }

  if (!(encoder = relay_bin_add_new (bin, "x264enc", error))
      || !(encoded_filter = relay_bin_add_new (bin, "capsfilter", error))
      || !(parser = relay_bin_add_new (bin, "h264parse", error))
      || !(parsed_filter = relay_bin_add_new (bin, "capsfilter", error)))
    return NULL;

  /* CBR, no B-frames and no lookahead: what live ingest servers expect. */
  g_object_set (encoder, "bitrate", profile->bitrate_kbps, "vbv-buf-capacity", VBV_BUFFER_MS,
                "key-int-max", profile->keyframe_interval_s * format->fps, "bframes", 0, NULL);
  gst_util_set_object_arg (G_OBJECT (encoder), "pass", "cbr");
  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");

  gst_caps_set_simple (encoded_caps, "profile", G_TYPE_STRING, h264_profile, NULL);
  g_object_set (encoded_filter, "caps", encoded_caps, NULL);
  g_object_set (parsed_filter, "caps", parsed_caps, NULL);

  if (!gst_element_link_many (last, encoder, encoded_filter, parser, parsed_filter, NULL)
      || !finish_with_tee (self, parsed_filter, error))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "cannot link the video encoder");
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* A clip mixed into the sound, from the streaming thread of the encoder's input. */
typedef struct
{
  GWeakRef encoder;
  RelaySoundClip *clip;
  gboolean loop;
  guint channels;
  guint64 position;
  gboolean finished;
} ClipMix;

static void
clip_mix_free (gpointer data)
{
  ClipMix *mix = data;

  g_weak_ref_clear (&mix->encoder);
  g_object_unref (mix->clip);
  g_free (mix);
}

static gboolean
emit_clip_finished (gpointer data)
{
  g_autoptr (RelayEncoder) self = g_weak_ref_get (data);

  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_CLIP_FINISHED], 0);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
mix_clip (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  ClipMix *mix = user_data;
  GstBuffer *buffer;
  GstMapInfo map;

  if (mix->finished)
    return GST_PAD_PROBE_OK;

  /* the raw sound is shared with the stream's other branches */
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READWRITE))
    return GST_PAD_PROBE_OK;

  if (!relay_sound_clip_mix (mix->clip, (gint16 *) map.data,
                             map.size / (sizeof (gint16) * mix->channels), mix->loop,
                             &mix->position))
    {
      g_autoptr (RelayEncoder) encoder = g_weak_ref_get (&mix->encoder);

      mix->finished = TRUE;
      if (encoder != NULL)
        relay_defer_to_main_weak (emit_clip_finished, encoder);
    }
  gst_buffer_unmap (buffer, &map);
  /* a muted buffer is flagged as a gap, which later elements would read as silence */
  GST_BUFFER_FLAG_UNSET (buffer, GST_BUFFER_FLAG_GAP);
  return GST_PAD_PROBE_OK;
}

/* The clip is mixed where the sound is in the program's own format (the
 * encoder may want another, float for AAC). Returns the element to link on. */
static GstElement *
add_clip_mix (RelayEncoder *self, GstElement *last, const RelayAudioProfile *profile,
              const RelayProgramFormat *format, GError **error)
{
  g_autoptr (GstCaps) caps = relay_program_format_audio_caps (format);
  g_autoptr (GstPad) pad = NULL;
  GstElement *filter, *convert;
  ClipMix *mix;

  if (!(filter = relay_bin_add_new (GST_BIN (self->bin), "capsfilter", error))
      || !(convert = relay_bin_add_new (GST_BIN (self->bin), "audioconvert", error)))
    return NULL;
  g_object_set (filter, "caps", caps, NULL);
  gst_element_link_many (last, filter, convert, NULL);

  mix = g_new0 (ClipMix, 1);
  g_weak_ref_init (&mix->encoder, self);
  mix->clip = g_object_ref (profile->clip);
  mix->loop = profile->clip_loop;
  mix->channels = format->channels;
  pad = gst_element_get_static_pad (filter, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, mix_clip, mix, clip_mix_free);
  return convert;
}

RelayEncoder *
relay_encoder_new_audio (const RelayAudioProfile *profile, const RelayProgramFormat *format,
                         GError **error)
{
  g_autoptr (RelayEncoder) self =
      relay_encoder_new (RELAY_MEDIA_AUDIO, relay_audio_profile_to_key (profile));
  GstBin *bin = GST_BIN (self->bin);
  GstElement *queue, *convert, *resample, *volume, *treated, *encoder, *last;

  if (!(queue = self->entry_queue = add_entry_queue (bin, RELAY_MEDIA_AUDIO, error))
      || !(convert = relay_bin_add_new (bin, "audioconvert", error))
      || !(resample = relay_bin_add_new (bin, "audioresample", error))
      || !(volume = relay_bin_add_new (bin, "volume", error)))
    return NULL;

  g_object_set (volume, "mute", profile->silent, NULL);
  gst_element_link_many (queue, convert, resample, volume, NULL);
  treated = volume;
  if (profile->clip != NULL && !(treated = add_clip_mix (self, volume, profile, format, error)))
    return NULL;

  if (profile->codec == RELAY_AUDIO_CODEC_OPUS)
    {
      if (!(encoder = relay_bin_add_new (bin, "opusenc", error)))
        return NULL;
      g_object_set (encoder, "bitrate", (int) profile->bitrate_kbps * 1000, NULL);
      last = encoder;
    }
  else
    {
      GstElement *parser;

      if (!(encoder = relay_bin_add_new (bin, "avenc_aac", error))
          || !(parser = relay_bin_add_new (bin, "aacparse", error)))
        return NULL;
      g_object_set (encoder, "bitrate", (int) profile->bitrate_kbps * 1000, NULL);
      gst_element_link (encoder, parser);
      last = parser;
    }

  if (!gst_element_link (treated, encoder) || !finish_with_tee (self, last, error))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "cannot link the audio encoder");
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
relay_encoder_finalize (GObject *object)
{
  RelayEncoder *self = RELAY_ENCODER (object);

  g_free (self->key);
  gst_clear_object (&self->bin);
  g_atomic_rc_box_release (self->count);
  G_OBJECT_CLASS (relay_encoder_parent_class)->finalize (object);
}

static void
relay_encoder_class_init (RelayEncoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_encoder_finalize;

  /**
   * RelayEncoder::clip-finished:
   *
   * A clip played once into the sound has ended (emitted on the main context).
   */
  signals[SIGNAL_CLIP_FINISHED] =
      g_signal_new ("clip-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
}

static void
relay_encoder_init (RelayEncoder *self)
{
}

RelayMediaKind
relay_encoder_get_kind (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), RELAY_MEDIA_VIDEO);

  return self->kind;
}

const char *
relay_encoder_get_key (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), NULL);

  return self->key;
}

GstElement *
relay_encoder_get_bin (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), NULL);

  return self->bin;
}

/* Encoded frames (video pictures, audio frames) since it started. */
guint64
relay_encoder_get_frames (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), 0);

  return (guint64) g_atomic_pointer_get (&self->count->frames);
}

/* Encoded frames per second, over the last whole second. */
double
relay_encoder_get_fps (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), 0);

  return g_atomic_int_get (&self->count->milli_fps) / 1000.0;
}

/* Raw media waiting for the encoder (it drops the oldest past a few frames). */
void
relay_encoder_get_queue_level (RelayEncoder *self, guint *buffers, guint64 *time_ns)
{
  g_return_if_fail (RELAY_IS_ENCODER (self));

  g_object_get (self->entry_queue, "current-level-buffers", buffers, "current-level-time", time_ns,
                NULL);
}

/* Returns: (transfer full): a new branch point for one output, on the
 * encoder's bin so that it links to elements beside the bin */
GstPad *
relay_encoder_request_src_pad (RelayEncoder *self)
{
  g_return_val_if_fail (RELAY_IS_ENCODER (self), NULL);

  return relay_tee_request_ghost_pad (self->bin, self->tee);
}

void
relay_encoder_release_src_pad (RelayEncoder *self, GstPad *pad)
{
  g_return_if_fail (RELAY_IS_ENCODER (self));
  g_return_if_fail (GST_IS_GHOST_PAD (pad));

  relay_tee_release_ghost_pad (self->bin, self->tee, pad);
}
