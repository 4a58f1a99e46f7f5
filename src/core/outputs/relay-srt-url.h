/* relay-srt-url.h: SRT destination URLs, caller and listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* srtsink's and libsrt's default */
#define RELAY_SRT_DEFAULT_LATENCY_MS 125

typedef struct
{
  /* the receiver to call; in listener mode the address to bind ("" for all) */
  char *host;
  guint port;
  /* Relaycast waits and receivers call in */
  gboolean listener;
  /* NULL when none; often carries credentials ("#!::u=…,r=…") */
  char *streamid;
  char *passphrase;
  /* 0 (libsrt's default with a passphrase: 16), 16, 24 or 32 */
  guint pbkeylen;
  guint latency_ms;
} RelaySrtUrl;

#define RELAY_TYPE_SRT_URL (relay_srt_url_get_type ())

GType relay_srt_url_get_type (void) G_GNUC_CONST;

RelaySrtUrl *relay_srt_url_parse (const char *url, GError **error);
RelaySrtUrl *relay_srt_url_copy (const RelaySrtUrl *self);
void relay_srt_url_free (RelaySrtUrl *self);
char *relay_srt_url_to_string (const RelaySrtUrl *self);
char *relay_srt_url_to_gst_uri (const RelaySrtUrl *self);
char *relay_srt_url_dup_peer (const RelaySrtUrl *self);
char *relay_srt_url_join_latency (const char *server, const char *latency, GError **error);
char *relay_srt_url_split_latency (const char *server, char **latency);

RelaySrtUrl *relay_srt_url_parse_with_secret (const char *server, const char *secret,
                                              GError **error);
gboolean relay_srt_url_check_secret (const char *secret, GError **error);
char *relay_srt_url_dup_secret (const RelaySrtUrl *self);
char *relay_srt_url_mask_secret (const char *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaySrtUrl, relay_srt_url_free)

G_END_DECLS
