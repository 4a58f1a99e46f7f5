/* relay-profile.h: the program format and the encoding profiles outputs ask for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-enums.h"

G_BEGIN_DECLS

/* What every source is normalised to before mixing and encoding. */
typedef struct
{
  guint width;
  guint height;
  guint fps;
  guint sample_rate;
  guint channels;
} RelayProgramFormat;

#define RELAY_PROGRAM_FORMAT_DEFAULT ((RelayProgramFormat){ 1280, 720, 30, 48000, 2 })

/* Outputs that ask for equal profiles share one encoder. */
typedef struct
{
  guint width;
  guint height;
  guint bitrate_kbps;
  guint keyframe_interval_s;
  RelayH264Profile h264_profile;
} RelayVideoProfile;

typedef struct _RelaySoundClip RelaySoundClip;

typedef struct
{
  RelayAudioCodec codec;
  guint bitrate_kbps;
  /* silence instead of the stream's sound, at the same timing */
  gboolean silent;
  /* a clip mixed into the sound (NULL: none), looped or played once */
  RelaySoundClip *clip;
  gboolean clip_loop;
  /* a clip played once starts when its output asks: such encoders are not
   * shared, this tells them apart */
  guint clip_instance;
} RelayAudioProfile;

/* What outputs get unless they ask otherwise (the preferences). */
typedef struct
{
  RelayVideoProfile video;
  guint aac_bitrate_kbps;
  guint opus_bitrate_kbps;
} RelayEncodingDefaults;

#define RELAY_VIDEO_DEFAULT_BITRATE_KBPS      2500
#define RELAY_VIDEO_DEFAULT_KEYFRAME_INTERVAL 2
#define RELAY_AUDIO_DEFAULT_AAC_BITRATE_KBPS  128
#define RELAY_AUDIO_DEFAULT_OPUS_BITRATE_KBPS 96

GstCaps *relay_program_format_video_caps (const RelayProgramFormat *format);
GstCaps *relay_program_format_audio_caps (const RelayProgramFormat *format);

void relay_video_profile_init_default (RelayVideoProfile *profile,
                                       const RelayProgramFormat *format);
void relay_audio_profile_init_default (RelayAudioProfile *profile, RelayAudioCodec codec);
void relay_encoding_defaults_init (RelayEncodingDefaults *defaults,
                                   const RelayProgramFormat *format);
char *relay_video_profile_to_key (const RelayVideoProfile *profile);
void relay_video_recommended_bitrate (guint width, guint height, guint fps, guint *min_kbps,
                                      guint *max_kbps);
char *relay_audio_profile_to_key (const RelayAudioProfile *profile);

G_END_DECLS
