/* relay-api-wcs.h: Flashphoner Web Call Server's /rest-api/push routes (RTMP transponders)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-context.h"
#include "core/outputs/relay-rtmp-url.h"

G_BEGIN_DECLS

/* The startup "options": nothing, {"action":"mute"} or
 * {"action":"sound_on","soundFile":"x.wav","loop":true}; "width" and
 * "height" beside either */
typedef struct
{
  gboolean mute;
  char *sound_file;
  gboolean loop;
  /* the transponder's picture size (0: the stream's) */
  guint width;
  guint height;
} RelayApiWcsOptions;

typedef struct
{
  char *stream_name;
  char *rtmp_url;
  RelayApiWcsOptions options;
} RelayApiWcsStartup;

void relay_api_wcs_startup_clear (RelayApiWcsStartup *startup);
gboolean relay_api_wcs_parse_startup (JsonObject *body, RelayApiWcsStartup *out, GError **error);
gboolean relay_api_wcs_parse_find (JsonObject *body, char **stream_name, char **rtmp_url,
                                   GError **error);
gboolean relay_api_wcs_parse_session (JsonObject *body, char **media_session_id, GError **error);
gboolean relay_api_wcs_parse_sound_on (JsonObject *body, char **media_session_id, char **sound_file,
                                       gboolean *loop, GError **error);

/* A server URL and a stream name as WCS joins them (a bare server publishes
 * to application "live"). */
RelayRtmpUrl *relay_api_wcs_split_url (const char *server_url, const char *stream_name,
                                       const char *prefix, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiWcsStartup, relay_api_wcs_startup_clear)

/* the owner of the outputs it makes */
#define RELAY_API_WCS_OWNER "wcs"

#define RELAY_TYPE_API_WCS (relay_api_wcs_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiWcs, relay_api_wcs, RELAY, API_WCS, GObject)

RelayApiWcs *relay_api_wcs_new (RelayApiContext *context);

G_END_DECLS
