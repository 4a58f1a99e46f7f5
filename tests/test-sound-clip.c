/* test-sound-clip.c: RIFF WAV files read, converted to the program's sound and mixed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/media/relay-sound-clip.h"

static void
put_u16 (GByteArray *out, guint16 value)
{
  guint8 bytes[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, bytes, 2);
}

static void
put_u32 (GByteArray *out, guint32 value)
{
  guint8 bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

/* A WAV file: @tag 1 (PCM), 3 (float) or 0xFFFE (extensible over PCM). */
static GBytes *
make_wav (guint tag, guint channels, guint rate, guint bits, const guint8 *samples, gsize length,
          gboolean junk_before_data)
{
  GByteArray *out = g_byte_array_new ();
  guint fmt_size = tag == 0xFFFE ? 40 : 16;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put_u32 (out, fmt_size);
  put_u16 (out, tag);
  put_u16 (out, channels);
  put_u32 (out, rate);
  put_u32 (out, rate * channels * bits / 8);
  put_u16 (out, channels * bits / 8);
  put_u16 (out, bits);
  if (tag == 0xFFFE)
    {
      guint8 guid_tail[14] = { 0 };

      put_u16 (out, 22);
      put_u16 (out, bits);
      put_u32 (out, 0);
      put_u16 (out, 1);
      g_byte_array_append (out, guid_tail, sizeof guid_tail);
    }
  if (junk_before_data)
    {
      /* an odd-sized chunk, padded to an even size */
      g_byte_array_append (out, (const guint8 *) "LIST", 4);
      put_u32 (out, 3);
      g_byte_array_append (out, (const guint8 *) "abc\0", 4);
    }
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put_u32 (out, (guint32) length);
  g_byte_array_append (out, samples, length);
  return g_byte_array_free_to_bytes (out);
}

/* A 1 kHz square wave. */
static GBytes *
make_tone (guint rate, guint channels, double seconds, gint16 amplitude)
{
  gsize frames = (gsize) (rate * seconds);
  g_autofree gint16 *samples = g_new0 (gint16, frames * channels);

  for (gsize i = 0; i < frames; i++)
    for (guint c = 0; c < channels; c++)
      samples[i * channels + c] = (i * 2000 / rate) % 2 ? amplitude : -amplitude;
  return make_wav (1, channels, rate, 16, (const guint8 *) samples,
                   frames * channels * sizeof (gint16), TRUE);
}

static void
test_parse_formats (void)
{
  const struct
  {
    guint tag, bits;
    const char *format;
  } cases[] = {
    { 1, 8, "U8" },     { 1, 16, "S16LE" }, { 1, 24, "S24LE" },      { 1, 32, "S32LE" },
    { 3, 32, "F32LE" }, { 3, 64, "F64LE" }, { 0xFFFE, 16, "S16LE" },
  };
  guint8 samples[48] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) wav =
          make_wav (cases[i].tag, 2, 44100, cases[i].bits, samples, sizeof samples, i % 2);
      g_autoptr (GError) error = NULL;
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (wav, &length);
      RelayWavInfo info;

      g_assert_true (relay_wav_parse (data, length, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.format, ==, cases[i].format);
      g_assert_cmpuint (info.rate, ==, 44100);
      g_assert_cmpuint (info.channels, ==, 2);
      g_assert_cmpuint (info.data_length, ==, sizeof samples);
      g_assert_cmpmem (data + info.data_offset, info.data_length, samples, sizeof samples);
    }
}

static void
test_refuse_broken_files (void)
{
  guint8 samples[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr (GBytes) good = make_wav (1, 1, 8000, 16, samples, sizeof samples, FALSE);
  gsize good_length = 0;
  const guint8 *good_data = g_bytes_get_data (good, &good_length);
  g_autoptr (GBytes) alaw = make_wav (6, 1, 8000, 8, samples, sizeof samples, FALSE);
  g_autoptr (GBytes) no_channels = make_wav (1, 0, 8000, 16, samples, sizeof samples, FALSE);
  g_autoptr (GBytes) slow = make_wav (1, 1, 10, 16, samples, sizeof samples, FALSE);
  g_autoptr (GBytes) empty = make_wav (1, 1, 8000, 16, samples, 0, FALSE);
  GBytes *broken[] = { alaw, no_channels, slow, empty };

  for (gsize cut = 0; cut < 44; cut++)
    {
      g_autoptr (GError) error = NULL;
      RelayWavInfo info;

      g_assert_false (relay_wav_parse (good_data, cut, &info, &error));
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
    }
  /* cut inside the samples: what is there is used */
  {
    RelayWavInfo info;

    g_assert_true (relay_wav_parse (good_data, good_length - 3, &info, NULL));
    g_assert_cmpuint (info.data_length, ==, 4);
  }
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GError) error = NULL;
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (broken[i], &length);
      RelayWavInfo info;

      g_assert_false (relay_wav_parse (data, length, &info, &error));
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
    }
  {
    g_autoptr (GError) error = NULL;
    const char *text = "RIFF....WAVEdata\x08\0\0\0abcdefgh";
    RelayWavInfo info;

    g_assert_false (relay_wav_parse ((const guint8 *) text, 28, &info, &error));
    g_assert_nonnull (strstr (error->message, "before its format"));
  }
}

static void
test_convert_and_mix (void)
{
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  g_autoptr (GBytes) wav = make_tone (44100, 1, 1.0, 10000);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaySoundClip) clip =
      relay_sound_clip_new_from_bytes ("/media/tone.wav", wav, &format, &error);
  gint16 samples[480 * 2];
  guint64 position = 0;
  gboolean more = TRUE;
  guint buffers = 0;
  gint peak = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (relay_sound_clip_get_path (clip), ==, "/media/tone.wav");
  /* one second at the program's 48 kHz */
  g_assert_cmpuint (relay_sound_clip_get_frames (clip), >=, 47900);
  g_assert_cmpuint (relay_sound_clip_get_frames (clip), <=, 48000);

  while (more)
    {
      for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
        samples[i] = 100;
      more = relay_sound_clip_mix (clip, samples, 480, FALSE, &position);
      for (guint i = 0; i < G_N_ELEMENTS (samples); i += 2)
        {
          /* mono goes to both channels, added to what was there */
          g_assert_cmpint (samples[i], ==, samples[i + 1]);
          peak = MAX (peak, ABS (samples[i] - 100));
        }
      buffers++;
    }
  g_assert_cmpuint (buffers, ==, 100);
  g_assert_cmpint (peak, >, 9000);
  /* a resampled square wave rings a little above its amplitude */
  g_assert_cmpint (peak, <, 13500);

  /* looped: it wraps round and never ends */
  position = relay_sound_clip_get_frames (clip) - 10;
  g_assert_true (relay_sound_clip_mix (clip, samples, 480, TRUE, &position));
  g_assert_cmpuint (position, ==, 470);

  /* loud sound plus a loud clip saturates, never wraps */
  {
    g_autoptr (GBytes) loud = make_tone (48000, 2, 0.1, 32000);
    g_autoptr (RelaySoundClip) loud_clip =
        relay_sound_clip_new_from_bytes ("/media/loud.wav", loud, &format, NULL);

    position = 0;
    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      samples[i] = 30000;
    relay_sound_clip_mix (loud_clip, samples, 480, FALSE, &position);
    for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
      g_assert_cmpint (samples[i], >=, -2000);
  }
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static RelaySoundClip *
load (const char *path, GError **error)
{
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  g_autoptr (GAsyncResult) result = NULL;

  relay_sound_clip_load_async (path, &format, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return relay_sound_clip_load_finish (result, error);
}

static void
test_load_files (void)
{
  g_autofree char *folder = g_dir_make_tmp ("relaycast-clip-XXXXXX", NULL);
  g_autofree char *wav_path = g_build_filename (folder, "tone.wav", NULL);
  g_autofree char *text_path = g_build_filename (folder, "notes.wav", NULL);
  g_autofree char *missing = g_build_filename (folder, "missing.wav", NULL);
  g_autoptr (GBytes) wav = make_tone (22050, 2, 0.5, 8000);
  g_autoptr (RelaySoundClip) clip = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (wav_path, g_bytes_get_data (wav, NULL),
                                      (gssize) g_bytes_get_size (wav), NULL));
  g_assert_true (g_file_set_contents (text_path, "not a sound", -1, NULL));

  clip = load (wav_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relay_sound_clip_get_frames (clip), >=, 23900);

  g_assert_null (load (missing, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (load (folder, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (load (text_path, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_unlink (wav_path);
  g_unlink (text_path);
  g_rmdir (folder);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sound-clip/parse-formats", test_parse_formats);
  g_test_add_func ("/sound-clip/refuse-broken-files", test_refuse_broken_files);
  g_test_add_func ("/sound-clip/convert-and-mix", test_convert_and_mix);
  g_test_add_func ("/sound-clip/load-files", test_load_files);

  return g_test_run ();
}
