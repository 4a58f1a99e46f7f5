/* relay-rtmp-url.h: RTMP and RTMPS publish URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RELAY_RTMP_DEFAULT_PORT  1935
#define RELAY_RTMPS_DEFAULT_PORT 443

typedef struct
{
  gboolean secure;
  char *host;
  guint port;
  /* "app", or "app/instance" */
  char *application;
  /* the stream name (often the stream key), with its "?query" if any */
  char *stream;
  char *username;
  char *password;
} RelayRtmpUrl;

#define RELAY_TYPE_RTMP_URL (relay_rtmp_url_get_type ())

GType relay_rtmp_url_get_type (void) G_GNUC_CONST;

RelayRtmpUrl *relay_rtmp_url_parse (const char *url, GError **error);
RelayRtmpUrl *relay_rtmp_url_new_split (const char *server_url, const char *stream_name,
                                        const char *stream_prefix, GError **error);
RelayRtmpUrl *relay_rtmp_url_copy (const RelayRtmpUrl *self);
void relay_rtmp_url_free (RelayRtmpUrl *self);
char *relay_rtmp_url_to_string (const RelayRtmpUrl *self);
char *relay_rtmp_url_to_display_string (const RelayRtmpUrl *self);
char *relay_rtmp_url_dup_shown_application (const RelayRtmpUrl *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayRtmpUrl, relay_rtmp_url_free)

G_END_DECLS
