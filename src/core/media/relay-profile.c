/* relay-profile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-profile.h"
#include "relay-sound-clip.h"

GstCaps *
relay_program_format_video_caps (const RelayProgramFormat *format)
{
  /* One colorimetry everywhere: the compositor converts every frame of a
   * layer whose colorimetry is not its output's (GStreamer picks BT.601 for
   * small pictures and BT.709 for HD), which made a full-frame layer over a
   * small one cost more than encoding it. */
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420", "width", G_TYPE_INT,
                              (int) format->width, "height", G_TYPE_INT, (int) format->height,
                              "framerate", GST_TYPE_FRACTION, (int) format->fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, "colorimetry",
                              G_TYPE_STRING, "bt709", NULL);
}

GstCaps *
relay_program_format_audio_caps (const RelayProgramFormat *format)
{
  return gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE", "layout",
                              G_TYPE_STRING, "interleaved", "rate", G_TYPE_INT,
                              (int) format->sample_rate, "channels", G_TYPE_INT,
                              (int) format->channels, NULL);
}

void
relay_video_profile_init_default (RelayVideoProfile *profile, const RelayProgramFormat *format)
{
  profile->width = format->width;
  profile->height = format->height;
  profile->bitrate_kbps = RELAY_VIDEO_DEFAULT_BITRATE_KBPS;
  profile->keyframe_interval_s = RELAY_VIDEO_DEFAULT_KEYFRAME_INTERVAL;
  profile->h264_profile = RELAY_H264_PROFILE_DEFAULT;
}

void
relay_audio_profile_init_default (RelayAudioProfile *profile, RelayAudioCodec codec)
{
  profile->codec = codec;
  profile->bitrate_kbps = codec == RELAY_AUDIO_CODEC_OPUS ? RELAY_AUDIO_DEFAULT_OPUS_BITRATE_KBPS
                                                          : RELAY_AUDIO_DEFAULT_AAC_BITRATE_KBPS;
  profile->silent = FALSE;
  profile->clip = NULL;
  profile->clip_loop = FALSE;
  profile->clip_instance = 0;
}

void
relay_encoding_defaults_init (RelayEncodingDefaults *defaults, const RelayProgramFormat *format)
{
  relay_video_profile_init_default (&defaults->video, format);
  defaults->aac_bitrate_kbps = RELAY_AUDIO_DEFAULT_AAC_BITRATE_KBPS;
  defaults->opus_bitrate_kbps = RELAY_AUDIO_DEFAULT_OPUS_BITRATE_KBPS;
}

static const char *
h264_profile_name (RelayH264Profile profile)
{
  switch (profile)
    {
      case RELAY_H264_PROFILE_CONSTRAINED_BASELINE:
        return "constrained-baseline";
      case RELAY_H264_PROFILE_MAIN:
        return "main";
      case RELAY_H264_PROFILE_HIGH:
        return "high";
      case RELAY_H264_PROFILE_DEFAULT:
      default:
        return "any";
    }
}

char *
relay_video_profile_to_key (const RelayVideoProfile *profile)
{
  return g_strdup_printf ("h264/%ux%u/%ukbps/kf%us/%s", profile->width, profile->height,
                          profile->bitrate_kbps, profile->keyframe_interval_s,
                          h264_profile_name (profile->h264_profile));
}

char *
relay_audio_profile_to_key (const RelayAudioProfile *profile)
{
  GString *key = g_string_new (NULL);

  g_string_printf (key, "%s/%ukbps%s", profile->codec == RELAY_AUDIO_CODEC_OPUS ? "opus" : "aac",
                   profile->bitrate_kbps, profile->silent ? "/silent" : "");
  if (profile->clip != NULL)
    {
      g_string_append_printf (key, "/mix=%s", relay_sound_clip_get_path (profile->clip));
      if (profile->clip_loop)
        g_string_append (key, "/loop");
      else
        g_string_append_printf (key, "/once#%u", profile->clip_instance);
    }
  return g_string_free (key, FALSE);
}

/**
 * relay_video_recommended_bitrate:
 *
 * The H.264 bitrates that suit a live picture of this size and rate, as the
 * big platforms advise their streamers (YouTube's and Twitch's live encoder
 * tables): below @min_kbps motion turns to blocks; above @max_kbps viewers
 * buffer and platforms may refuse the stream. Rates above 30 fps need half
 * as much again.
 */
void
relay_video_recommended_bitrate (guint width, guint height, guint fps, guint *min_kbps,
                                 guint *max_kbps)
{
  static const struct
  {
    guint lines;
    guint min_kbps;
    guint max_kbps;
  } ranges[] = {
    { 360, 400, 1000 },   { 480, 500, 2000 },    { 720, 1500, 4000 },
    { 1080, 3000, 6000 }, { 1440, 6000, 13000 }, { G_MAXUINT, 13000, 34000 },
  };
  guint lines = MIN (width, height);
  guint i = 0;

  while (lines > ranges[i].lines)
    i++;
  *min_kbps = ranges[i].min_kbps;
  *max_kbps = ranges[i].max_kbps;
  if (fps > 30)
    {
      *min_kbps = *min_kbps * 3 / 2;
      *max_kbps = *max_kbps * 3 / 2;
    }
}
