/* relay-provider.h: what each streaming platform expects of a destination
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-enums.h"
#include "relay-output.h"
#include "relay-profile.h"
#include "relay-rtmp-url.h"
#include "relay-srt-url.h"

G_BEGIN_DECLS

/* How a destination's secret (stream key, token) is used. */
typedef enum
{
  /* appended to the RTMP server URL as the stream name */
  RELAY_KEY_USE_STREAM_NAME,
  /* sent beside the WHIP URL as "Authorization: Bearer" */
  RELAY_KEY_USE_BEARER,
  /* the secret is the whole WHIP URL (Cloudflare hands out such URLs) */
  RELAY_KEY_USE_URL,
  /* there is no secret: a recording */
  RELAY_KEY_USE_NONE,
  /* an SRT URL's passphrase and stream ID, "passphrase=…&streamid=…"
   * (relay_srt_url_parse_with_secret()) */
  RELAY_KEY_USE_SRT_OPTIONS,
} RelayKeyUse;

/* What a platform accepts; the output is configured to match. */
typedef struct
{
  /* RELAY_H264_PROFILE_DEFAULT: any */
  RelayH264Profile h264_profile;
  /* 0: no limit */
  guint max_keyframe_interval_s;
  /* 0: any */
  guint audio_sample_rate;
  /* kb/s; 0: no limit */
  guint max_video_bitrate_kbps;
} RelayMediaConstraints;

typedef struct
{
  /* stable, saved in destinations.json: "youtube", "custom-whip"... */
  const char *id;
  RelayDestinationKind kind;
  /* translatable; use relay_provider_get_display_name() */
  const char *display_name;
  const char *icon_name;
  /* NULL: the user gives the server */
  const char *default_server;
  /* a second ingest of the same platform, for a backup stream */
  const char *backup_server;
  /* shown in help and errors when the server must be given */
  const char *server_example;
  /* WHIP only: the endpoint from "{server}" and "{stream}" */
  const char *url_template;
  RelayKeyUse key_use;
  gboolean key_required;
  /* rtmps:// or https:// only */
  gboolean secure_only;
  RelayMediaConstraints constraints;
  /* the size a new destination of this platform takes (0 x 0: the program's) */
  guint default_video_width;
  guint default_video_height;
} RelayProvider;

const RelayProvider *relay_provider_get_all (guint *n_providers);
const RelayProvider *relay_provider_lookup (const char *id, RelayDestinationKind kind);
const RelayProvider *relay_provider_lookup_any (const char *id);
const RelayProvider *relay_provider_guess_for_url (const char *url);
const char *relay_provider_get_display_name (const RelayProvider *self);
char *relay_provider_list_ids (void);

gboolean relay_provider_check_server (const RelayProvider *self, const char *server,
                                      GError **error);
gboolean relay_provider_check_stream_name (const RelayProvider *self, const char *stream_name,
                                           GError **error);
gboolean relay_provider_check_key (const RelayProvider *self, const char *key, GError **error);
gboolean relay_provider_check_format (const RelayProvider *self, const RelayProgramFormat *format,
                                      GError **error);
void relay_provider_apply_constraints (const RelayProvider *self, RelayOutputOptions *options);

RelayRtmpUrl *relay_provider_build_rtmp_url (const RelayProvider *self, const char *server,
                                             const char *stream_name, const char *key,
                                             GError **error);
char *relay_provider_build_whip_url (const RelayProvider *self, const char *server,
                                     const char *stream_name, const char *key, GError **error);
RelaySrtUrl *relay_provider_build_srt_url (const RelayProvider *self, const char *server,
                                           const char *key, GError **error);
char *relay_provider_mask_key (const RelayProvider *self, const char *key);

G_END_DECLS
