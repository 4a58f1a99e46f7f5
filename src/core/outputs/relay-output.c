/* relay-output.c
 *
 * The base class of the outputs: what an output is made with (its
 * destination, encoding overrides, retry policy and sound treatment) and what
 * it tells about itself, as properties, signals and accessors. Its state
 * machine is in relay-output-run.c, each of its attempts in
 * relay-output-attempt.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-enum-types.h"
#include "relay-mask.h"
#include "relay-output-internal.h"
#include "relay-sound-clip.h"

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RelayOutput, relay_output, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_STREAM_NAME,
  PROP_LABEL,
  PROP_DISPLAY_URL,
  PROP_OWNER,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_ATTEMPT,
  PROP_ATTEMPTS,
  PROP_RETRY_DELAY_MS,
  PROP_VIDEO_ENABLED,
  PROP_AUDIO_ENABLED,
  PROP_VIDEO_BITRATE,
  PROP_VIDEO_WIDTH,
  PROP_VIDEO_HEIGHT,
  PROP_CROP_CENTER_X,
  PROP_CROP_CENTER_Y,
  PROP_SCENE,
  PROP_H264_PROFILE,
  PROP_AUDIO_BITRATE,
  PROP_MAX_KEYFRAME_INTERVAL,
  PROP_MAX_VIDEO_BITRATE,
  PROP_STALL_TIMEOUT,
  PROP_MUTED,
  PROP_SOUND_CLIP,
  PROP_SOUND_LOOP,
  N_PROPS
};

enum
{
  SIGNAL_STATE_CHANGED,
  SIGNAL_STATS_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* For the state machine */

RelayOutputPrivate *
relay_output_get_private (RelayOutput *self)
{
  return relay_output_get_instance_private (self);
}

void
relay_output_set_state (RelayOutput *self, RelayOutputState state)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);
  RelayOutputState old_state = priv->state;

  if (old_state == state)
    return;

  priv->state = state;
  g_debug ("output %s: %s -> %s", priv->id, relay_output_state_to_string (old_state),
           relay_output_state_to_string (state));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, old_state);
}

void
relay_output_set_last_error (RelayOutput *self, const char *message)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_free (priv->last_error);
  priv->last_error = relay_mask_redact (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
relay_output_notify_attempt (RelayOutput *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

void
relay_output_emit_stats_updated (RelayOutput *self)
{
  g_signal_emit (self, signals[SIGNAL_STATS_UPDATED], 0);
}

/* For the attempt */

/* What the output's settings make of the stream's encoding defaults. */
void
relay_output_get_encoding_profiles (RelayOutput *self, RelayStream *stream,
                                    RelayVideoProfile *video, RelayAudioProfile *audio)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);
  const RelayEncodingDefaults *defaults = relay_stream_get_encoding_defaults (stream);
  RelayAudioCodec codec = RELAY_OUTPUT_GET_CLASS (self)->audio_codec;

  *video = defaults->video;
  if (priv->video_width > 0 && priv->video_height > 0)
    {
      video->width = priv->video_width;
      video->height = priv->video_height;
    }
  if (priv->video_bitrate_kbps > 0)
    video->bitrate_kbps = priv->video_bitrate_kbps;
  if (priv->h264_profile != RELAY_H264_PROFILE_DEFAULT)
    video->h264_profile = priv->h264_profile;
  if (priv->max_keyframe_interval_s > 0)
    video->keyframe_interval_s = MIN (video->keyframe_interval_s, priv->max_keyframe_interval_s);
  if (priv->max_video_bitrate_kbps > 0)
    video->bitrate_kbps = MIN (video->bitrate_kbps, priv->max_video_bitrate_kbps);

  relay_audio_profile_init_default (audio, codec);
  audio->bitrate_kbps =
      codec == RELAY_AUDIO_CODEC_OPUS ? defaults->opus_bitrate_kbps : defaults->aac_bitrate_kbps;
  if (priv->audio_bitrate_kbps > 0)
    audio->bitrate_kbps = priv->audio_bitrate_kbps;
  audio->silent = priv->muted;
  audio->clip = priv->clip;
  audio->clip_loop = priv->clip_loop;
  audio->clip_instance = priv->clip_instance;
}

/* Returns: (nullable): the attempt running, not one being taken down */
RelayOutputAttempt *
relay_output_get_current_attempt (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  return priv->attempt;
}

/* GObject */

static void
relay_output_constructed (GObject *object)
{
  RelayOutput *self = RELAY_OUTPUT (object);
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  G_OBJECT_CLASS (relay_output_parent_class)->constructed (object);

  if (priv->id == NULL)
    priv->id = g_uuid_string_random ();
  if (priv->stream_name == NULL)
    priv->stream_name = g_strdup ("program");
}

static void
relay_output_dispose (GObject *object)
{
  RelayOutput *self = RELAY_OUTPUT (object);
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_clear_handle_id (&priv->retry_source_id, g_source_remove);
  g_clear_handle_id (&priv->poll_source_id, g_source_remove);
  g_clear_pointer (&priv->stall_watch, relay_stall_watch_free);
  g_clear_object (&priv->stream);
  g_clear_object (&priv->scene);
  G_OBJECT_CLASS (relay_output_parent_class)->dispose (object);
}

static void
relay_output_finalize (GObject *object)
{
  RelayOutput *self = RELAY_OUTPUT (object);
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_free (priv->id);
  g_free (priv->stream_name);
  g_free (priv->display_url);
  g_free (priv->label);
  g_free (priv->owner);
  g_free (priv->last_error);
  g_clear_object (&priv->clip);
  g_ptr_array_unref (priv->stop_tasks);
  G_OBJECT_CLASS (relay_output_parent_class)->finalize (object);
}

static void
relay_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayOutput *self = RELAY_OUTPUT (object);
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_string (value, priv->id);
        break;
      case PROP_STREAM_NAME:
        g_value_set_string (value, priv->stream_name);
        break;
      case PROP_LABEL:
        g_value_set_string (value, priv->label);
        break;
      case PROP_DISPLAY_URL:
        g_value_set_string (value, priv->display_url);
        break;
      case PROP_OWNER:
        g_value_set_string (value, priv->owner);
        break;
      case PROP_STATE:
        g_value_set_enum (value, priv->state);
        break;
      case PROP_LAST_ERROR:
        g_value_set_string (value, priv->last_error);
        break;
      case PROP_ATTEMPT:
        g_value_set_uint (value, priv->failures);
        break;
      case PROP_ATTEMPTS:
        g_value_set_uint (value, priv->policy.attempts);
        break;
      case PROP_RETRY_DELAY_MS:
        g_value_set_uint (value, priv->policy.delay_ms);
        break;
      case PROP_VIDEO_ENABLED:
        g_value_set_boolean (value, priv->video_enabled);
        break;
      case PROP_AUDIO_ENABLED:
        g_value_set_boolean (value, priv->audio_enabled);
        break;
      case PROP_VIDEO_BITRATE:
        g_value_set_uint (value, priv->video_bitrate_kbps);
        break;
      case PROP_VIDEO_WIDTH:
        g_value_set_uint (value, priv->video_width);
        break;
      case PROP_VIDEO_HEIGHT:
        g_value_set_uint (value, priv->video_height);
        break;
      case PROP_CROP_CENTER_X:
        g_value_set_double (value, priv->crop_center_x);
        break;
      case PROP_CROP_CENTER_Y:
        g_value_set_double (value, priv->crop_center_y);
        break;
      case PROP_SCENE:
        g_value_set_object (value, priv->scene);
        break;
      case PROP_H264_PROFILE:
        g_value_set_enum (value, priv->h264_profile);
        break;
      case PROP_AUDIO_BITRATE:
        g_value_set_uint (value, priv->audio_bitrate_kbps);
        break;
      case PROP_MAX_KEYFRAME_INTERVAL:
        g_value_set_uint (value, priv->max_keyframe_interval_s);
        break;
      case PROP_MAX_VIDEO_BITRATE:
        g_value_set_uint (value, priv->max_video_bitrate_kbps);
        break;
      case PROP_STALL_TIMEOUT:
        g_value_set_uint (value, priv->stall_timeout_ms);
        break;
      case PROP_MUTED:
        g_value_set_boolean (value, priv->muted);
        break;
      case PROP_SOUND_CLIP:
        g_value_set_object (value, priv->clip);
        break;
      case PROP_SOUND_LOOP:
        g_value_set_boolean (value, priv->clip_loop);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_output_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayOutput *self = RELAY_OUTPUT (object);
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  switch (prop_id)
    {
      case PROP_ID:
        priv->id = g_value_dup_string (value);
        break;
      case PROP_STREAM_NAME:
        priv->stream_name = g_value_dup_string (value);
        break;
      case PROP_LABEL:
        relay_output_set_label (self, g_value_get_string (value));
        break;
      case PROP_DISPLAY_URL:
        /* masked by relay_output_new_with_options(), which knows what is public */
        priv->display_url = relay_mask_redact (g_value_get_string (value));
        break;
      case PROP_OWNER:
        priv->owner = g_value_dup_string (value);
        break;
      case PROP_ATTEMPTS:
        relay_output_set_attempts (self, g_value_get_uint (value));
        break;
      case PROP_RETRY_DELAY_MS:
        relay_output_set_retry_delay_ms (self, g_value_get_uint (value));
        break;
      case PROP_VIDEO_ENABLED:
        priv->video_enabled = g_value_get_boolean (value);
        break;
      case PROP_AUDIO_ENABLED:
        priv->audio_enabled = g_value_get_boolean (value);
        break;
      case PROP_VIDEO_BITRATE:
        priv->video_bitrate_kbps = g_value_get_uint (value);
        break;
      case PROP_VIDEO_WIDTH:
        priv->video_width = g_value_get_uint (value);
        break;
      case PROP_VIDEO_HEIGHT:
        priv->video_height = g_value_get_uint (value);
        break;
      case PROP_CROP_CENTER_X:
        priv->crop_center_x = g_value_get_double (value);
        break;
      case PROP_CROP_CENTER_Y:
        priv->crop_center_y = g_value_get_double (value);
        break;
      case PROP_SCENE:
        priv->scene = g_value_dup_object (value);
        break;
      case PROP_H264_PROFILE:
        priv->h264_profile = g_value_get_enum (value);
        break;
      case PROP_AUDIO_BITRATE:
        priv->audio_bitrate_kbps = g_value_get_uint (value);
        break;
      case PROP_MAX_KEYFRAME_INTERVAL:
        priv->max_keyframe_interval_s = g_value_get_uint (value);
        break;
      case PROP_MAX_VIDEO_BITRATE:
        priv->max_video_bitrate_kbps = g_value_get_uint (value);
        break;
      case PROP_STALL_TIMEOUT:
        priv->stall_timeout_ms = g_value_get_uint (value);
        break;
      case PROP_MUTED:
        relay_output_set_muted (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_output_class_init (RelayOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = relay_output_constructed;
  object_class->dispose = relay_output_dispose;
  object_class->finalize = relay_output_finalize;
  object_class->get_property = relay_output_get_property;
  object_class->set_property = relay_output_set_property;

  klass->audio_codec = RELAY_AUDIO_CODEC_AAC;
  klass->finish_with_eos = TRUE;

  /* Unique in the studio; a random UUID unless the creator picks one. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  /* The stream this output carries. */
  properties[PROP_STREAM_NAME] = g_param_spec_string ("stream-name", NULL, NULL, NULL, construct);
  /* A name for people: a destination's name, a restream's guid. */
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, writable);
  /* The destination with its secrets masked. */
  properties[PROP_DISPLAY_URL] = g_param_spec_string ("display-url", NULL, NULL, NULL, construct);
  /* Who made it (RELAY_OUTPUT_OWNER_*, or a client's own name); NULL: nobody said. */
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, construct);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RELAY_TYPE_OUTPUT_STATE,
                                              RELAY_OUTPUT_STATE_IDLE, readable);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, readable);
  /* Failed attempts since the output was last live. */
  properties[PROP_ATTEMPT] = g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, readable);
  /* Retries after a failure before giving up; 0 retries forever. */
  properties[PROP_ATTEMPTS] =
      g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, RELAY_RETRY_DEFAULT_ATTEMPTS,
                         writable | G_PARAM_CONSTRUCT);
  properties[PROP_RETRY_DELAY_MS] =
      g_param_spec_uint ("retry-delay-ms", NULL, NULL, 0, G_MAXUINT, RELAY_RETRY_DEFAULT_DELAY_MS,
                         writable | G_PARAM_CONSTRUCT);
  properties[PROP_VIDEO_ENABLED] =
      g_param_spec_boolean ("video-enabled", NULL, NULL, TRUE, construct);
  properties[PROP_AUDIO_ENABLED] =
      g_param_spec_boolean ("audio-enabled", NULL, NULL, TRUE, construct);
  /* Encoding overrides; 0 (or default) takes the stream's. Outputs with equal
   * settings share one encoder. */
  properties[PROP_VIDEO_BITRATE] =
      g_param_spec_uint ("video-bitrate", NULL, NULL, 0, 100000, 0, construct);
  properties[PROP_VIDEO_WIDTH] =
      g_param_spec_uint ("video-width", NULL, NULL, 0, 7680, 0, construct);
  properties[PROP_VIDEO_HEIGHT] =
      g_param_spec_uint ("video-height", NULL, NULL, 0, 4320, 0, construct);
  /* Where a picture of another shape is cut from the stream's, 0 to 1. */
  properties[PROP_CROP_CENTER_X] =
      g_param_spec_double ("crop-center-x", NULL, NULL, 0.0, 1.0, 0.5, construct);
  properties[PROP_CROP_CENTER_Y] =
      g_param_spec_double ("crop-center-y", NULL, NULL, 0.0, 1.0, 0.5, construct);
  /* A scene of the output's own, composed at its size rather than cut from the stream. */
  properties[PROP_SCENE] = g_param_spec_object ("scene", NULL, NULL, RELAY_TYPE_SCENE, construct);
  properties[PROP_H264_PROFILE] = g_param_spec_enum (
      "h264-profile", NULL, NULL, RELAY_TYPE_H264_PROFILE, RELAY_H264_PROFILE_DEFAULT, construct);
  properties[PROP_AUDIO_BITRATE] =
      g_param_spec_uint ("audio-bitrate", NULL, NULL, 0, 1024, 0, construct);
  /* Seconds; a platform's limit (Facebook: 2). 0 keeps the stream's interval. */
  properties[PROP_MAX_KEYFRAME_INTERVAL] =
      g_param_spec_uint ("max-keyframe-interval", NULL, NULL, 0, 60, 0, construct);
  /* kb/s; a platform's limit (TikTok: 2500), whatever the stream's or the output's bitrate */
  properties[PROP_MAX_VIDEO_BITRATE] =
      g_param_spec_uint ("max-video-bitrate", NULL, NULL, 0, 100000, 0, construct);
  /* Milliseconds a live destination may take nothing before it is stalled
   * and connected again; 0 never calls it stalled. */
  properties[PROP_STALL_TIMEOUT] = g_param_spec_uint ("stall-timeout-ms", NULL, NULL, 0, G_MAXUINT,
                                                      RELAY_STALL_DEFAULT_TIMEOUT_MS, construct);
  /* Silence instead of the stream's sound, for this output only. */
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, writable);
  /* A clip mixed into this output's sound (see relay_output_set_sound()). */
  properties[PROP_SOUND_CLIP] =
      g_param_spec_object ("sound-clip", NULL, NULL, RELAY_TYPE_SOUND_CLIP, readable);
  properties[PROP_SOUND_LOOP] = g_param_spec_boolean ("sound-loop", NULL, NULL, FALSE, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RelayOutput::state-changed:
   * @old_state: the state it left
   */
  signals[SIGNAL_STATE_CHANGED] =
      g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, RELAY_TYPE_OUTPUT_STATE);
  /* Bytes, bitrate and uptime were refreshed (once a second while running). */
  signals[SIGNAL_STATS_UPDATED] =
      g_signal_new ("stats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
}

static void
relay_output_init (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  priv->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  priv->created_at = g_get_real_time () / 1000;
  priv->policy.attempts = RELAY_RETRY_DEFAULT_ATTEMPTS;
  priv->policy.delay_ms = RELAY_RETRY_DEFAULT_DELAY_MS;
  priv->video_enabled = TRUE;
  priv->audio_enabled = TRUE;
}

void
relay_output_options_init (RelayOutputOptions *options)
{
  *options = (RelayOutputOptions){
    .attempts = RELAY_RETRY_DEFAULT_ATTEMPTS,
    .retry_delay_ms = RELAY_RETRY_DEFAULT_DELAY_MS,
    .video_enabled = TRUE,
    .audio_enabled = TRUE,
    .crop_center_x = 0.5,
    .crop_center_y = 0.5,
    .h264_profile = RELAY_H264_PROFILE_DEFAULT,
    .tls_validation = TRUE,
    .stall_timeout_ms = RELAY_STALL_DEFAULT_TIMEOUT_MS,
  };
}

/**
 * relay_output_new_with_options:
 * @type: a RelayOutput subclass
 * @url: the destination, secrets included (shown masked)
 * @extra_names: (array length=n_extra): the subclass's own construct properties
 *
 * Returns: (transfer full): the new output
 */
RelayOutput *
relay_output_new_with_options (GType type, const RelayOutputOptions *options, const char *url,
                               guint n_extra, const char *extra_names[],
                               const GValue extra_values[])
{
  const char *names[40];
  GValue values[40] = { G_VALUE_INIT };
  guint n = 0;
  g_autofree char *shown_url = relay_mask_url_showing (url, options->public_name);
  RelayOutput *self;

  g_return_val_if_fail (g_type_is_a (type, RELAY_TYPE_OUTPUT), NULL);
  g_return_val_if_fail (n_extra <= 16, NULL);

#define ADD(name, gtype, setter, v)                                                                \
  G_STMT_START                                                                                     \
  {                                                                                                \
    names[n] = name;                                                                               \
    g_value_init (&values[n], gtype);                                                              \
    setter (&values[n], v);                                                                        \
    n++;                                                                                           \
  }                                                                                                \
  G_STMT_END

  ADD ("id", G_TYPE_STRING, g_value_set_string, options->id);
  ADD ("stream-name", G_TYPE_STRING, g_value_set_string, options->stream_name);
  ADD ("label", G_TYPE_STRING, g_value_set_string, options->label);
  ADD ("display-url", G_TYPE_STRING, g_value_set_string, shown_url);
  ADD ("owner", G_TYPE_STRING, g_value_set_string, options->owner);
  ADD ("attempts", G_TYPE_UINT, g_value_set_uint, options->attempts);
  ADD ("retry-delay-ms", G_TYPE_UINT, g_value_set_uint, options->retry_delay_ms);
  ADD ("video-enabled", G_TYPE_BOOLEAN, g_value_set_boolean, options->video_enabled);
  ADD ("audio-enabled", G_TYPE_BOOLEAN, g_value_set_boolean, options->audio_enabled);
  ADD ("video-bitrate", G_TYPE_UINT, g_value_set_uint, options->video_bitrate_kbps);
  ADD ("video-width", G_TYPE_UINT, g_value_set_uint, options->video_width);
  ADD ("video-height", G_TYPE_UINT, g_value_set_uint, options->video_height);
  ADD ("crop-center-x", G_TYPE_DOUBLE, g_value_set_double, options->crop_center_x);
  ADD ("crop-center-y", G_TYPE_DOUBLE, g_value_set_double, options->crop_center_y);
  ADD ("scene", RELAY_TYPE_SCENE, g_value_set_object, options->scene);
  ADD ("h264-profile", RELAY_TYPE_H264_PROFILE, g_value_set_enum, options->h264_profile);
  ADD ("audio-bitrate", G_TYPE_UINT, g_value_set_uint, options->audio_bitrate_kbps);
  ADD ("max-keyframe-interval", G_TYPE_UINT, g_value_set_uint, options->max_keyframe_interval_s);
  ADD ("max-video-bitrate", G_TYPE_UINT, g_value_set_uint, options->max_video_bitrate_kbps);
  ADD ("stall-timeout-ms", G_TYPE_UINT, g_value_set_uint, options->stall_timeout_ms);
#undef ADD

  for (guint i = 0; i < n_extra; i++, n++)
    {
      names[n] = extra_names[i];
      g_value_init (&values[n], G_VALUE_TYPE (&extra_values[i]));
      g_value_copy (&extra_values[i], &values[n]);
    }

  self = RELAY_OUTPUT (g_object_new_with_properties (type, n, names, values));

  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);

  return self;
}

/* Accessors */

const char *
relay_output_get_id (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->id;
}

const char *
relay_output_get_stream_name (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->stream_name;
}

const char *
relay_output_get_display_url (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->display_url;
}

const char *
relay_output_get_label (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->label;
}

void
relay_output_set_label (RelayOutput *self, const char *label)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  if (g_strcmp0 (priv->label, label) == 0)
    return;
  g_free (priv->label);
  priv->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
relay_output_get_owner (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->owner;
}

gboolean
relay_output_is_owned_by (RelayOutput *self, const char *owner)
{
  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);
  g_return_val_if_fail (owner != NULL, FALSE);

  return g_strcmp0 (relay_output_get_owner (self), owner) == 0;
}

RelayOutputState
relay_output_get_state (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), RELAY_OUTPUT_STATE_IDLE);

  return priv->state;
}

/* Milliseconds since 1970. */
gint64
relay_output_get_created_at (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->created_at;
}

const char *
relay_output_get_last_error (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->last_error;
}

guint
relay_output_get_attempt (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->failures;
}

guint
relay_output_get_attempts (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->policy.attempts;
}

void
relay_output_set_attempts (RelayOutput *self, guint attempts)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  if (priv->policy.attempts == attempts)
    return;
  priv->policy.attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

guint
relay_output_get_retry_delay_ms (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->policy.delay_ms;
}

void
relay_output_set_retry_delay_ms (RelayOutput *self, guint delay_ms)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  if (priv->policy.delay_ms == delay_ms)
    return;
  priv->policy.delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY_MS]);
}

gboolean
relay_output_get_video_enabled (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  return priv->video_enabled;
}

/* The picture size asked for; 0 x 0: the stream's. */
void
relay_output_get_video_size (RelayOutput *self, guint *width, guint *height)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  *width = priv->video_width;
  *height = priv->video_height;
}

void
relay_output_get_crop_center (RelayOutput *self, double *x, double *y)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  *x = priv->crop_center_x;
  *y = priv->crop_center_y;
}

/* Returns: (transfer none) (nullable): the output's own scene */
RelayScene *
relay_output_get_scene (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->scene;
}

gboolean
relay_output_get_audio_enabled (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  return priv->audio_enabled;
}

gboolean
relay_output_get_muted (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  return priv->muted;
}

/* Silences this output's sound (its picture goes on), at once when live. */
void
relay_output_set_muted (RelayOutput *self, gboolean muted)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  muted = !!muted;
  if (priv->muted == muted)
    return;
  priv->muted = muted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
  relay_output_attempt_switch_audio (priv->attempt);
}

/* Returns: (transfer none) (nullable): the clip mixed into the sound */
RelaySoundClip *
relay_output_get_sound (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->clip;
}

gboolean
relay_output_get_sound_loop (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  return priv->clip_loop;
}

/**
 * relay_output_set_sound:
 * @clip: (nullable): the clip to mix into this output's sound, or %NULL to stop
 * @loop: play it again and again, or once (then it stops on its own)
 *
 * Takes effect at once when live; the other outputs of the stream keep their sound.
 */
void
relay_output_set_sound (RelayOutput *self, RelaySoundClip *clip, gboolean loop)
{
  static guint instances;
  RelayOutputPrivate *priv = relay_output_get_instance_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));
  g_return_if_fail (clip == NULL || RELAY_IS_SOUND_CLIP (clip));

  g_set_object (&priv->clip, clip);
  priv->clip_loop = clip != NULL && loop;
  /* every request plays a clip from its start */
  priv->clip_instance = ++instances;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_CLIP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_LOOP]);
  relay_output_attempt_switch_audio (priv->attempt);
}
