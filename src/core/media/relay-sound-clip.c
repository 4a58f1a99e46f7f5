/* relay-sound-clip.c
 *
 * A clip is read and converted once, on a worker thread, to the program's
 * own sound format (S16LE at its rate and channel count), so that mixing it
 * into an output's sound is a plain addition on each buffer that reaches
 * that output's encoder: no second clock, no timestamps of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/audio/audio.h>
#include <string.h>

#include "relay-error.h"
#include "relay-sound-clip.h"

#define MAX_FILE_BYTES (64 * 1024 * 1024)
#define MIN_RATE       1000
#define MAX_RATE       384000
#define MAX_CHANNELS   8

#define WAVE_FORMAT_PCM        0x0001
#define WAVE_FORMAT_IEEE_FLOAT 0x0003
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE

struct _RelaySoundClip
{
  GObject parent_instance;

  char *path;
  guint channels;
  /* S16LE, interleaved, at the program's rate */
  GBytes *samples;
  guint64 frames;
};

G_DEFINE_FINAL_TYPE (RelaySoundClip, relay_sound_clip, G_TYPE_OBJECT)

/* RIFF WAV */

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static gboolean
invalid (GError **error, const char *reason)
{
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("Not a usable RIFF WAV file: %s"), reason);
  return FALSE;
}

static const char *
sample_format (guint tag, guint bits)
{
  if (tag == WAVE_FORMAT_PCM)
    {
      switch (bits)
        {
          case 8:
            return "U8";
          case 16:
            return "S16LE";
          case 24:
            return "S24LE";
          case 32:
            return "S32LE";
          default:
            return NULL;
        }
    }
  if (tag == WAVE_FORMAT_IEEE_FLOAT)
    return bits == 32 ? "F32LE" : bits == 64 ? "F64LE" : NULL;
  return NULL;
}

static gboolean
parse_format_chunk (const guint8 *chunk, guint32 size, RelayWavInfo *info, GError **error)
{
  guint tag, bits, block_align;

  if (size < 16)
    return invalid (error, _ ("its format chunk is too short"));

  tag = read_u16 (chunk);
  info->channels = read_u16 (chunk + 2);
  info->rate = read_u32 (chunk + 4);
  block_align = read_u16 (chunk + 12);
  bits = read_u16 (chunk + 14);
  if (tag == WAVE_FORMAT_EXTENSIBLE)
    {
      if (size < 40)
        return invalid (error, _ ("its extensible format chunk is too short"));
      /* the sub-format GUID starts with the format tag */
      tag = read_u16 (chunk + 24);
    }

  info->format = sample_format (tag, bits);
  if (info->format == NULL)
    return invalid (error, _ ("only PCM (8, 16, 24, 32 bits) and float samples are supported"));
  if (info->channels == 0 || info->channels > MAX_CHANNELS)
    return invalid (error, _ ("it has no channels, or more than 8"));
  if (info->rate < MIN_RATE || info->rate > MAX_RATE)
    return invalid (error, _ ("its sample rate is out of range"));

  info->bytes_per_frame = info->channels * bits / 8;
  if (block_align != info->bytes_per_frame)
    return invalid (error, _ ("its block alignment does not match its format"));
  return TRUE;
}

/* Finds the "fmt " and "data" chunks; a data chunk cut short (a file still
 * being written) is taken as far as it goes. */
gboolean
relay_wav_parse (const guint8 *data, gsize length, RelayWavInfo *info, GError **error)
{
  gboolean have_format = FALSE;
  gsize offset = 12;

  memset (info, 0, sizeof *info);
  if (length < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    return invalid (error, _ ("it does not start with a RIFF WAVE header"));

  while (length - offset >= 8)
    {
      const guint8 *id = data + offset;
      guint32 size = read_u32 (data + offset + 4);
      gsize body = offset + 8;
      gsize available = length - body;

      if (memcmp (id, "fmt ", 4) == 0)
        {
          if (size > available)
            return invalid (error, _ ("its format chunk is cut short"));
          if (!parse_format_chunk (data + body, size, info, error))
            return FALSE;
          have_format = TRUE;
        }
      else if (memcmp (id, "data", 4) == 0)
        {
          if (!have_format)
            return invalid (error, _ ("its sound comes before its format"));
          info->data_offset = body;
          info->data_length = MIN ((gsize) size, available);
          info->data_length -= info->data_length % info->bytes_per_frame;
          if (info->data_length == 0)
            return invalid (error, _ ("it holds no sound"));
          return TRUE;
        }

      /* chunks are padded to an even size */
      if (size > available || available - size < (size & 1))
        break;
      offset = body + size + (size & 1);
    }

  return invalid (error, have_format ? _ ("it holds no sound") : _ ("it has no format chunk"));
}

/* Clips */

/**
 * relay_sound_clip_new_from_bytes:
 * @path: where it came from, for people (and to share encoders that mix it)
 * @format: the program format it is converted to
 *
 * Returns: (transfer full): the clip, or %NULL with @error set
 */
RelaySoundClip *
relay_sound_clip_new_from_bytes (const char *path, GBytes *wav, const RelayProgramFormat *format,
                                 GError **error)
{
  g_autoptr (RelaySoundClip) self = NULL;
  GstAudioConverter *converter;
  GstAudioInfo in_info, out_info;
  RelayWavInfo info;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (wav, &length);
  gsize in_frames, out_frames;
  gpointer in[1], out[1];
  gint16 *samples;
  gboolean converted;

  if (!relay_wav_parse (data, length, &info, error))
    return NULL;

  gst_audio_info_set_format (&in_info, gst_audio_format_from_string (info.format), info.rate,
                             info.channels, NULL);
  gst_audio_info_set_format (&out_info, GST_AUDIO_FORMAT_S16LE, format->sample_rate,
                             format->channels, NULL);
  converter = gst_audio_converter_new (GST_AUDIO_CONVERTER_FLAG_NONE, &in_info, &out_info, NULL);
  if (converter == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The sound of “%s” cannot be converted to the program's"), path);
      return NULL;
    }

  in_frames = info.data_length / info.bytes_per_frame;
  out_frames = gst_audio_converter_get_out_frames (converter, in_frames);
  samples = g_malloc0_n (MAX (out_frames, 1) * format->channels, sizeof (gint16));
  in[0] = (gpointer) (data + info.data_offset);
  out[0] = samples;
  converted = out_frames > 0
              && gst_audio_converter_samples (converter, GST_AUDIO_CONVERTER_FLAG_NONE, in,
                                              in_frames, out, out_frames);
  gst_audio_converter_free (converter);
  if (!converted)
    {
      g_free (samples);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The sound of “%s” cannot be converted to the program's"), path);
      return NULL;
    }

  self = g_object_new (RELAY_TYPE_SOUND_CLIP, NULL);
  self->path = g_strdup (path);
  self->channels = format->channels;
  self->frames = out_frames;
  self->samples = g_bytes_new_take (samples, out_frames * format->channels * sizeof (gint16));
  return g_steal_pointer (&self);
}

typedef struct
{
  char *path;
  RelayProgramFormat format;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
load_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (GFile) file = g_file_new_for_path (data->path);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) contents = NULL;
  RelaySoundClip *clip;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_NOT_FOUND, _ ("No such file “%s”"),
                               data->path);
      return;
    }
  if (g_file_info_get_size (info) > MAX_FILE_BYTES)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("“%s” is larger than 64 MiB"), data->path);
      return;
    }

  contents = g_file_load_bytes (file, cancellable, NULL, &error);
  if (contents == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  clip = relay_sound_clip_new_from_bytes (data->path, contents, &data->format, &error);
  if (clip == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, clip, g_object_unref);
}

/* Reads and converts @path on a worker thread. */
void
relay_sound_clip_load_async (const char *path, const RelayProgramFormat *format,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->path = g_strdup (path);
  data->format = *format;
  g_task_set_source_tag (task, relay_sound_clip_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

/* Returns: (transfer full): the clip, or %NULL with @error set (RELAY_ERROR_NOT_FOUND when
 * there is no such file) */
RelaySoundClip *
relay_sound_clip_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
relay_sound_clip_get_path (RelaySoundClip *self)
{
  g_return_val_if_fail (RELAY_IS_SOUND_CLIP (self), NULL);

  return self->path;
}

guint64
relay_sound_clip_get_frames (RelaySoundClip *self)
{
  g_return_val_if_fail (RELAY_IS_SOUND_CLIP (self), 0);

  return self->frames;
}

/**
 * relay_sound_clip_mix:
 * @samples: (inout): S16LE program-format sound, @frames long
 * @position: (inout): how far the clip has played, in frames
 *
 * Adds the clip into @samples from @position on, wrapping round when @loop.
 * Called from a streaming thread; the clip itself is never changed.
 *
 * Returns: %FALSE once a clip played once has ended
 */
gboolean
relay_sound_clip_mix (RelaySoundClip *self, gint16 *samples, gsize frames, gboolean loop,
                      guint64 *position)
{
  const gint16 *clip = g_bytes_get_data (self->samples, NULL);
  guint channels = self->channels;

  for (gsize i = 0; i < frames; i++)
    {
      if (*position >= self->frames)
        {
          if (!loop)
            return FALSE;
          *position = 0;
        }
      for (guint c = 0; c < channels; c++)
        {
          gint sum = GINT16_FROM_LE (samples[i * channels + c])
                     + GINT16_FROM_LE (clip[*position * channels + c]);

          samples[i * channels + c] = GINT16_TO_LE ((gint16) CLAMP (sum, G_MININT16, G_MAXINT16));
        }
      (*position)++;
    }
  return loop || *position < self->frames;
}

static void
relay_sound_clip_finalize (GObject *object)
{
  RelaySoundClip *self = RELAY_SOUND_CLIP (object);

  g_free (self->path);
  g_clear_pointer (&self->samples, g_bytes_unref);
  G_OBJECT_CLASS (relay_sound_clip_parent_class)->finalize (object);
}

static void
relay_sound_clip_class_init (RelaySoundClipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_sound_clip_finalize;
}

static void
relay_sound_clip_init (RelaySoundClip *self)
{
}
