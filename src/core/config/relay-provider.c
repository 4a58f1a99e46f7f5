/* relay-provider.c
 *
 * One row per platform and protocol: where it ingests, how it takes the key
 * and what media it accepts. Destinations refer to a row by its id, so a
 * corrected ingest URL here reaches every saved destination that kept the
 * platform's default server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-mask.h"
#include "relay-provider.h"

/* The window's own symbolic icons (data/icons/scalable/actions), one per platform. */
#define ICON(platform) "relaycast-" platform "-symbolic"

static const RelayProvider providers[] = {
  {
      .id = "twitch",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("Twitch"),
      .icon_name = ICON ("twitch"),
      .default_server = "rtmp://live.twitch.tv/app",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .constraints = { .max_keyframe_interval_s = 2 },
  },
  {
      .id = "twitch",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("Twitch (WebRTC)"),
      .icon_name = ICON ("twitch"),
      .default_server = "https://g.webrtc.live-video.net:4443/v2/offer",
      .url_template = "{server}",
      .key_use = RELAY_KEY_USE_BEARER,
      .key_required = TRUE,
      .secure_only = TRUE,
      .constraints = { .max_keyframe_interval_s = 2 },
  },
  {
      .id = "youtube",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("YouTube"),
      .icon_name = ICON ("youtube"),
      .default_server = "rtmps://a.rtmps.youtube.com:443/live2",
      .backup_server = "rtmps://b.rtmps.youtube.com:443/live2?backup=1",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
  },
  {
      /* vertical, with the same ingests as YouTube's own */
      .id = "youtube-shorts",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("YouTube Shorts"),
      .icon_name = ICON ("youtube-shorts"),
      .default_server = "rtmps://a.rtmps.youtube.com:443/live2",
      .backup_server = "rtmps://b.rtmps.youtube.com:443/live2?backup=1",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .default_video_width = 720,
      .default_video_height = 1280,
  },
  {
      .id = "facebook",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("Facebook Live"),
      .icon_name = ICON ("facebook"),
      .default_server = "rtmps://live-api-s.facebook.com:443/rtmp/",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .secure_only = TRUE,
      .constraints = { .max_keyframe_interval_s = 2, .audio_sample_rate = 48000 },
  },
  {
      /* each stream's server and key come from TikTok LIVE Studio or LIVE Producer */
      .id = "tiktok",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("TikTok LIVE"),
      .icon_name = ICON ("tiktok"),
      .server_example = "rtmp://push.tiktokcdn.com/game/",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .constraints = { .max_keyframe_interval_s = 2, .max_video_bitrate_kbps = 2500 },
      .default_video_width = 720,
      .default_video_height = 1280,
  },
  {
      /* each stream's server and key come from Instagram's Live Producer */
      .id = "instagram",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("Instagram Live"),
      .icon_name = ICON ("instagram"),
      .server_example = "rtmps://edgetee-upload.xx.fbcdn.net:443/rtmp/",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .secure_only = TRUE,
      .constraints = { .max_keyframe_interval_s = 2 },
      .default_video_width = 720,
      .default_video_height = 1280,
  },
  {
      .id = "kick",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("Kick"),
      .icon_name = ICON ("kick"),
      .default_server = "rtmps://fa723fc1b171.global-contribute.live-video.net:443/app/",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
      .key_required = TRUE,
      .secure_only = TRUE,
      .constraints = { .max_keyframe_interval_s = 2 },
  },
  {
      .id = "dolby",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("Dolby.io (Millicast)"),
      .icon_name = ICON ("dolby"),
      .default_server = "https://director.millicast.com/api/whip",
      .url_template = "{server}/{stream}",
      .key_use = RELAY_KEY_USE_BEARER,
      .key_required = TRUE,
  },
  {
      .id = "red5",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("Red5 Pro"),
      .icon_name = ICON ("red5"),
      .server_example = "https://red5.example.com:5080/live",
      .url_template = "{server}/whip/endpoint/{stream}",
      .key_use = RELAY_KEY_USE_BEARER,
  },
  {
      .id = "cloudflare",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("Cloudflare Stream"),
      .icon_name = ICON ("cloudflare"),
      .key_use = RELAY_KEY_USE_URL,
      .key_required = TRUE,
      .secure_only = TRUE,
      .constraints = { .h264_profile = RELAY_H264_PROFILE_CONSTRAINED_BASELINE },
  },
  {
      .id = "live777",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("Live777"),
      .icon_name = ICON ("live777"),
      .server_example = "http://live777.example.com:7777",
      .url_template = "{server}/whip/{stream}",
      .key_use = RELAY_KEY_USE_BEARER,
  },
  {
      .id = "custom-rtmp",
      .kind = RELAY_DESTINATION_KIND_RTMP,
      .display_name = N_ ("RTMP server"),
      .icon_name = ICON ("rtmp"),
      .server_example = "rtmp://live.example.com/app",
      .key_use = RELAY_KEY_USE_STREAM_NAME,
  },
  {
      .id = "custom-whip",
      .kind = RELAY_DESTINATION_KIND_WHIP,
      .display_name = N_ ("WHIP endpoint"),
      .icon_name = ICON ("whip"),
      .server_example = "https://whip.example.com/whip/endpoint",
      .url_template = "{server}",
      .key_use = RELAY_KEY_USE_BEARER,
  },
  {
      /* the server URL holds the mode, the latency and the key length; the
       * key, the passphrase and the stream ID */
      .id = "custom-srt",
      .kind = RELAY_DESTINATION_KIND_SRT,
      .display_name = N_ ("SRT receiver"),
      .icon_name = ICON ("srt"),
      .server_example = "srt://receiver.example.com:9000",
      .key_use = RELAY_KEY_USE_SRT_OPTIONS,
  },
  {
      /* a folder and a container, saved with the destination; no server */
      .id = "recording",
      .kind = RELAY_DESTINATION_KIND_RECORDING,
      .display_name = N_ ("Recording"),
      /* the theme's: what "recording" looks like everywhere on the desktop */
      .icon_name = "media-record-symbolic",
      .key_use = RELAY_KEY_USE_NONE,
  },
};

/**
 * relay_provider_get_all:
 * @n_providers: (out): the number of rows
 *
 * Returns: (array length=n_providers): every preset, in display order
 */
const RelayProvider *
relay_provider_get_all (guint *n_providers)
{
  *n_providers = G_N_ELEMENTS (providers);
  return providers;
}

const RelayProvider *
relay_provider_lookup (const char *id, RelayDestinationKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (g_strcmp0 (providers[i].id, id) == 0 && providers[i].kind == kind)
        return &providers[i];
    }
  return NULL;
}

/* The platform's first protocol: Twitch means RTMP unless WHIP is asked for. */
const RelayProvider *
relay_provider_lookup_any (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (g_strcmp0 (providers[i].id, id) == 0)
        return &providers[i];
    }
  return NULL;
}

static gboolean
same_host (const char *server, const char *host)
{
  g_autoptr (GUri) uri = server ? g_uri_parse (server, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL
         && g_ascii_strcasecmp (g_uri_get_host (uri), host) == 0;
}

/**
 * relay_provider_guess_for_url:
 * @url: an output's URL, masked or not ("whip+https://…" counts as WHIP)
 *
 * For outputs given as a URL (the command line, the REST API): the preset
 * whose ingest the URL points at, or the custom one of its protocol.
 *
 * Returns: (nullable): %NULL when the URL is neither RTMP, WHIP nor SRT
 */
const RelayProvider *
relay_provider_guess_for_url (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  RelayDestinationKind kind;
  const char *scheme;
  const char *host;

  if (url != NULL && g_str_has_prefix (url, "whip+"))
    url += strlen ("whip+");
  uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "srt") == 0)
    return relay_provider_lookup ("custom-srt", RELAY_DESTINATION_KIND_SRT);
  if (g_ascii_strcasecmp (scheme, "rtmp") == 0 || g_ascii_strcasecmp (scheme, "rtmps") == 0)
    kind = RELAY_DESTINATION_KIND_RTMP;
  else if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    kind = RELAY_DESTINATION_KIND_WHIP;
  else
    return NULL;

  host = g_uri_get_host (uri);
  for (guint i = 0; host != NULL && i < G_N_ELEMENTS (providers); i++)
    {
      if (providers[i].kind == kind
          && (same_host (providers[i].default_server, host)
              || same_host (providers[i].backup_server, host)))
        return &providers[i];
    }
  return relay_provider_lookup (kind == RELAY_DESTINATION_KIND_RTMP ? "custom-rtmp" : "custom-whip",
                                kind);
}

/* "twitch, youtube, …": for help texts and errors */
char *
relay_provider_list_ids (void)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (relay_provider_lookup_any (providers[i].id) != &providers[i])
        continue;
      if (ids->len > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, providers[i].id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

const char *
relay_provider_get_display_name (const RelayProvider *self)
{
  return _ (self->display_name);
}

static const char *
effective_server (const RelayProvider *self, const char *server)
{
  return server != NULL && *server != '\0' ? server : self->default_server;
}

static gboolean
has_space_or_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || g_ascii_isspace (*p))
        return TRUE;
    }
  return FALSE;
}

/* The scheme alone says whether a URL can be right for this platform. */
static gboolean
check_scheme (const RelayProvider *self, const char *url, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);
  gboolean rtmp = self->kind == RELAY_DESTINATION_KIND_RTMP;
  const char *plain = rtmp ? "rtmp" : "http";
  const char *secure = rtmp ? "rtmps" : "https";

  if (scheme != NULL)
    {
      char *lower = g_ascii_strdown (scheme, -1);

      g_free (scheme);
      scheme = lower;
    }

  if (g_strcmp0 (scheme, secure) == 0)
    return TRUE;

  if (g_strcmp0 (scheme, plain) == 0)
    {
      if (!self->secure_only)
        return TRUE;
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("%s only accepts encrypted connections: the URL must start with %s://"),
                   relay_provider_get_display_name (self), secure);
      return FALSE;
    }

  {
    g_autofree char *shown = relay_mask_url (url);

    if (self->secure_only)
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a %s URL: it must start with %s://"), shown,
                   relay_provider_get_display_name (self), secure);
    else
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a %s URL: it must start with %s:// or %s://"), shown,
                   relay_provider_get_display_name (self), secure, plain);
  }
  return FALSE;
}

static gboolean
check_http_url (const RelayProvider *self, const char *url, GError **error)
{
  g_autoptr (GUri) uri = NULL;

  if (!check_scheme (self, url, error))
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || has_space_or_control (url))
    {
      g_autofree char *shown = relay_mask_url (url);

      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” is not a valid URL: it needs a host, as in %s"), shown,
                   self->server_example ? self->server_example : "https://host/whip");
      return FALSE;
    }
  return TRUE;
}

static gboolean
query_holds_token (const char *query)
{
  g_auto (GStrv) pairs = g_strsplit (query ? query : "", "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *value = strchr (pairs[i], '=');

      value = value ? value + 1 : pairs[i];
      if (relay_mask_is_token_like (value, strlen (value)))
        return TRUE;
    }
  return FALSE;
}

/* Saved server URLs are not secret: a key pasted into one would be kept in
 * clear in destinations.json. */
static gboolean
check_no_secret (const char *url, GError **error)
{
  g_autoptr (GUri) uri =
      g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  g_auto (GStrv) segments = NULL;
  gboolean holds_secret;

  if (uri == NULL)
    return TRUE;

  holds_secret = g_uri_get_password (uri) != NULL || query_holds_token (g_uri_get_query (uri));
  segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; segments[i] != NULL && !holds_secret; i++)
    holds_secret = relay_mask_is_token_like (segments[i], strlen (segments[i]));

  if (holds_secret)
    {
      g_autofree char *shown = relay_mask_url (url);

      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” seems to hold a stream key, a token or a password. Server URLs are "
                      "saved in plain text: give the server alone and store the secret as the "
                      "destination’s key, which stays in the keyring"),
                   shown);
      return FALSE;
    }
  return TRUE;
}

/* An RTMP stream name ends the URL like a key does, and is saved in clear. */
gboolean
relay_provider_check_stream_name (const RelayProvider *self, const char *stream_name,
                                  GError **error)
{
  if (stream_name == NULL || self->kind != RELAY_DESTINATION_KIND_RTMP
      || !relay_mask_is_token_like (stream_name, strlen (stream_name)))
    return TRUE;

  g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("The stream name looks like a stream key. Stream names are saved in "
                          "plain text: store the key as the destination’s key instead, which "
                          "stays in the keyring"));
  return FALSE;
}

/* The passphrase and the stream ID are the key; the rest of an SRT URL is
 * saved in clear. */
static gboolean
check_srt_server (const char *server, GError **error)
{
  g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (server, error);

  if (url == NULL)
    return FALSE;
  if (url->passphrase == NULL && url->streamid == NULL)
    return TRUE;
  g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("The passphrase and the stream ID are secrets: server URLs are saved in "
                          "plain text, so give the server alone and store them as the "
                          "destination’s key, which stays in the keyring"));
  return FALSE;
}

static gboolean
set_missing_server (const RelayProvider *self, GError **error)
{
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("%s needs a server URL, such as %s"), relay_provider_get_display_name (self),
               self->server_example);
  return FALSE;
}

/**
 * relay_provider_check_server:
 * @server: (nullable): what the user gave; empty takes the platform's default
 */
gboolean
relay_provider_check_server (const RelayProvider *self, const char *server, GError **error)
{
  const char *effective = effective_server (self, server);

  if (self->kind == RELAY_DESTINATION_KIND_RECORDING)
    {
      if (server == NULL || *server == '\0')
        return TRUE;
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("A recording has no server: it is made in a folder"));
      return FALSE;
    }

  if (self->key_use == RELAY_KEY_USE_URL)
    {
      if (server == NULL || *server == '\0')
        return TRUE;
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("%s’s WHIP URL holds the secret itself: store the whole URL as the "
                      "destination’s key, not as its server"),
                   relay_provider_get_display_name (self));
      return FALSE;
    }

  if (effective == NULL)
    return set_missing_server (self, error);
  if (self->kind == RELAY_DESTINATION_KIND_SRT)
    return check_srt_server (effective, error);
  if (server != NULL && *server != '\0' && !check_no_secret (server, error))
    return FALSE;

  if (self->kind == RELAY_DESTINATION_KIND_WHIP)
    return check_http_url (self, effective, error);

  {
    /* Parsed with a stand-in key: the server alone is checked here. */
    g_autoptr (RelayRtmpUrl) url =
        relay_provider_build_rtmp_url (self, effective, NULL, "x", error);

    return url != NULL;
  }
}

/* Validates the shape of a secret without ever quoting it. */
gboolean
relay_provider_check_key (const RelayProvider *self, const char *key, GError **error)
{
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->key_use == RELAY_KEY_USE_NONE)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("%s takes no key"),
                   relay_provider_get_display_name (self));
      return FALSE;
    }
  if (*key == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The key is empty"));
      return FALSE;
    }
  if (has_space_or_control (key))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The key contains spaces or control characters: copy it again from "
                              "the platform"));
      return FALSE;
    }

  switch (self->key_use)
    {
      case RELAY_KEY_USE_STREAM_NAME:
        if (strchr (key, '/') != NULL || strchr (key, '?') != NULL)
          {
            g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                                 _ ("An RTMP stream key cannot contain “/” or “?”"));
            return FALSE;
          }
        return TRUE;
      case RELAY_KEY_USE_URL:
        {
          g_autoptr (GUri) uri = g_uri_parse (key, G_URI_FLAGS_NONE, NULL);

          if (uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0
              && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
            return TRUE;
          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("%s’s key is its whole WHIP URL, starting with https://"),
                       relay_provider_get_display_name (self));
          return FALSE;
        }
      case RELAY_KEY_USE_SRT_OPTIONS:
        return relay_srt_url_check_secret (key, error);
      case RELAY_KEY_USE_BEARER:
      default:
        return TRUE;
    }
}

/* Returns: a key as people may see it (the parts of an SRT key each masked) */
char *
relay_provider_mask_key (const RelayProvider *self, const char *key)
{
  if (self != NULL && self->key_use == RELAY_KEY_USE_SRT_OPTIONS)
    return relay_srt_url_mask_secret (key);
  return relay_mask_secret (key);
}

gboolean
relay_provider_check_format (const RelayProvider *self, const RelayProgramFormat *format,
                             GError **error)
{
  guint rate = self->constraints.audio_sample_rate;

  if (rate == 0 || format->sample_rate == rate)
    return TRUE;

  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("%s needs audio at %u Hz, but the program’s audio is at %u Hz"),
               relay_provider_get_display_name (self), rate, format->sample_rate);
  return FALSE;
}

/* The engine honours a platform's limits through the output's options. */
void
relay_provider_apply_constraints (const RelayProvider *self, RelayOutputOptions *options)
{
  const RelayMediaConstraints *constraints = &self->constraints;

  if (constraints->h264_profile != RELAY_H264_PROFILE_DEFAULT)
    options->h264_profile = constraints->h264_profile;
  if (constraints->max_keyframe_interval_s > 0
      && (options->max_keyframe_interval_s == 0
          || options->max_keyframe_interval_s > constraints->max_keyframe_interval_s))
    options->max_keyframe_interval_s = constraints->max_keyframe_interval_s;
  if (constraints->max_video_bitrate_kbps > 0
      && (options->max_video_bitrate_kbps == 0
          || options->max_video_bitrate_kbps > constraints->max_video_bitrate_kbps))
    options->max_video_bitrate_kbps = constraints->max_video_bitrate_kbps;
}

/**
 * relay_provider_build_rtmp_url:
 * @server: (nullable): the server URL; empty takes the platform's default
 * @stream_name: (nullable): the last segment when there is no key
 * @key: (nullable): the stream key, appended to the server URL
 *
 * A query on the server URL belongs to the application (see
 * relay_rtmp_url_new_split()): YouTube's backup ingest is "live2?backup=1".
 *
 * Returns: (transfer full): the publish URL, or %NULL with @error set
 */
RelayRtmpUrl *
relay_provider_build_rtmp_url (const RelayProvider *self, const char *server,
                               const char *stream_name, const char *key, GError **error)
{
  const char *effective = effective_server (self, server);
  const char *last = key != NULL && *key != '\0' ? key : stream_name;

  g_return_val_if_fail (self->kind == RELAY_DESTINATION_KIND_RTMP, NULL);

  if (effective == NULL)
    {
      set_missing_server (self, error);
      return NULL;
    }
  if (!check_scheme (self, effective, error))
    return NULL;

  if (last == NULL || *last == '\0')
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   self->key_required ? _ ("%s needs a stream key")
                                      : _ ("%s needs a stream key or a stream name"),
                   relay_provider_get_display_name (self));
      return NULL;
    }
  if (key != NULL && *key != '\0' && !relay_provider_check_key (self, key, error))
    return NULL;

  return relay_rtmp_url_new_split (effective, last, NULL, error);
}

/**
 * relay_provider_build_whip_url:
 * @server: (nullable): the server URL; empty takes the platform's default
 * @stream_name: (nullable): fills "{stream}" in the platform's URL shape
 * @key: (nullable): the secret; only used here when it is the URL itself
 *
 * Returns: (transfer full): the http(s) WHIP endpoint, or %NULL with @error set
 */
char *
relay_provider_build_whip_url (const RelayProvider *self, const char *server,
                               const char *stream_name, const char *key, GError **error)
{
  const char *effective = effective_server (self, server);
  g_autofree char *trimmed = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr (GString) url = NULL;

  g_return_val_if_fail (self->kind == RELAY_DESTINATION_KIND_WHIP, NULL);

  if (self->key_use == RELAY_KEY_USE_URL)
    {
      if (key == NULL || *key == '\0')
        {
          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("%s needs its WHIP URL, stored as the destination’s key"),
                       relay_provider_get_display_name (self));
          return NULL;
        }
      return relay_provider_check_key (self, key, error) ? g_strdup (key) : NULL;
    }

  if (!relay_provider_check_server (self, server, error))
    return NULL;

  if (strstr (self->url_template, "{stream}") != NULL)
    {
      if (stream_name == NULL || *stream_name == '\0')
        {
          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("%s needs a stream name"), relay_provider_get_display_name (self));
          return NULL;
        }
      escaped = g_uri_escape_string (stream_name, NULL, FALSE);
    }

  /* "https://host:5080/live/" and "https://host:5080/live" mean the same server */
  trimmed = g_strdup (effective);
  while (g_str_has_suffix (trimmed, "/") && strcmp (self->url_template, "{server}") != 0)
    trimmed[strlen (trimmed) - 1] = '\0';

  url = g_string_new (self->url_template);
  g_string_replace (url, "{server}", trimmed, 1);
  if (escaped != NULL)
    g_string_replace (url, "{stream}", escaped, 1);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

/**
 * relay_provider_build_srt_url:
 * @server: an srt:// URL without secrets
 * @key: (nullable): the passphrase and the stream ID, "passphrase=…&streamid=…"
 *
 * Returns: (transfer full): the receiver to call or the port to listen on,
 *   or %NULL with @error set
 */
RelaySrtUrl *
relay_provider_build_srt_url (const RelayProvider *self, const char *server, const char *key,
                              GError **error)
{
  g_return_val_if_fail (self->kind == RELAY_DESTINATION_KIND_SRT, NULL);

  if (!relay_provider_check_server (self, server, error))
    return NULL;
  return relay_srt_url_parse_with_secret (server, key != NULL && *key != '\0' ? key : NULL, error);
}
