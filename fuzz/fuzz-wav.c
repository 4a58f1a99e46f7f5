/* fuzz-wav.c: the RIFF WAV reader and the conversion to the program's sound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <stdint.h>

#include "core/media/relay-sound-clip.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gst_init (NULL, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (RelaySoundClip) clip = NULL;
  RelayWavInfo info;

  if (!relay_wav_parse (data, size, &info, NULL))
    return 0;

  g_assert_cmpuint (info.data_offset + info.data_length, <=, size);
  g_assert_cmpuint (info.data_length % info.bytes_per_frame, ==, 0);

  clip = relay_sound_clip_new_from_bytes ("fuzz.wav", bytes, &format, NULL);
  if (clip != NULL)
    {
      gint16 samples[480 * 2] = { 0 };
      guint64 position = 0;

      relay_sound_clip_mix (clip, samples, 480, TRUE, &position);
    }
  return 0;
}
