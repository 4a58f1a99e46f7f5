/* relay-api-context.h: what a dialect of the REST API reaches: the studio,
 * the keyring, the settings, its routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/config/relay-secrets.h"
#include "core/relay-broadcast.h"
#include "core/relay-studio.h"
#include "relay-api-request.h"

G_BEGIN_DECLS

/* What the dialects can be told (see the README's "REST API" section). */
typedef struct
{
  /* WCS: prefix of the stream names /rest-api/push/startup publishes ("rtmp_") */
  char *wcs_stream_prefix;
  /* WCS: rtmpUrl holds the stream name too (rtmp_transponder_full_url) */
  gboolean wcs_full_url;
  /* WCS: push every stream to this RTMP server (rtmp_push_auto_start_url) */
  char *wcs_auto_push_url;
  /* WCS: the folder of the WAV files sound_on plays */
  char *media_dir;
  /* relay tasks: POST every output state change here as JSON */
  char *status_callback_url;
  /* where persisted restreams are kept ($XDG_CONFIG_HOME/relaycast) */
  char *config_dir;
  /* Live777: a WHIP publish or a WHEP play to an unknown stream makes it */
  gboolean auto_create_whip;
  gboolean auto_create_whep;
  /* web pages (origins, "http://host:port") allowed to call the API besides
   * the server's own: WHIP and WHEP from a browser */
  char **allowed_origins;
  /* --api-auth none: requests need no token (the API then listens on
   * loopback only, the Host and Origin checks kept) */
  gboolean without_token;
  /* the retry policy of the outputs the API makes */
  guint attempts;
  guint retry_delay_ms;
  /* and how long one of them may take nothing before it is stalled */
  guint stall_timeout_ms;
} RelayApiSettings;

void relay_api_settings_init (RelayApiSettings *settings);
void relay_api_settings_clear (RelayApiSettings *settings);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiSettings, relay_api_settings_clear)

#define RELAY_TYPE_API_CONTEXT (relay_api_context_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiContext, relay_api_context, RELAY, API_CONTEXT, GObject)

typedef void (*RelayApiHandler) (RelayApiRequest *request, gpointer user_data);

RelayApiContext *relay_api_context_new (RelayBroadcast *broadcast, RelaySecrets *secrets,
                                        const RelayApiSettings *settings);
RelayStudio *relay_api_context_get_studio (RelayApiContext *self);
RelayBroadcast *relay_api_context_get_broadcast (RelayApiContext *self);
RelaySecrets *relay_api_context_get_secrets (RelayApiContext *self);
const RelayApiSettings *relay_api_context_get_settings (RelayApiContext *self);

/* Routes: "/api/streams/:streamId" captures streamId; @method NULL takes any. */
void relay_api_context_add_route (RelayApiContext *self, const char *method, const char *pattern,
                                  RelayApiHandler handler, gpointer user_data);
void relay_api_context_dispatch (RelayApiContext *self, SoupServerMessage *message,
                                 const char *path);
void relay_api_context_clear_routes (RelayApiContext *self);

/* Stops and removes @outputs (recordings closed, streams unpublished). */
void relay_api_context_remove_outputs_async (RelayApiContext *self, GPtrArray *outputs,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_api_context_remove_outputs_finish (RelayApiContext *self, GAsyncResult *result,
                                                  GError **error);

G_END_DECLS
