/* relay-sound-clip.h: a RIFF WAV file ready to be mixed into an output's sound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-profile.h"

G_BEGIN_DECLS

/* What the header of a RIFF WAV file says, and where its samples are. */
typedef struct
{
  /* "U8", "S16LE", "S24LE", "S32LE", "F32LE" or "F64LE" */
  const char *format;
  guint rate;
  guint channels;
  guint bytes_per_frame;
  gsize data_offset;
  gsize data_length;
} RelayWavInfo;

gboolean relay_wav_parse (const guint8 *data, gsize length, RelayWavInfo *info, GError **error);

#define RELAY_TYPE_SOUND_CLIP (relay_sound_clip_get_type ())

G_DECLARE_FINAL_TYPE (RelaySoundClip, relay_sound_clip, RELAY, SOUND_CLIP, GObject)

RelaySoundClip *relay_sound_clip_new_from_bytes (const char *path, GBytes *wav,
                                                 const RelayProgramFormat *format, GError **error);
void relay_sound_clip_load_async (const char *path, const RelayProgramFormat *format,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
RelaySoundClip *relay_sound_clip_load_finish (GAsyncResult *result, GError **error);

const char *relay_sound_clip_get_path (RelaySoundClip *self);
guint64 relay_sound_clip_get_frames (RelaySoundClip *self);
gboolean relay_sound_clip_mix (RelaySoundClip *self, gint16 *samples, gsize frames, gboolean loop,
                               guint64 *position);

G_END_DECLS
