/* relay-api-server.h: the local REST server every dialect answers through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/config/relay-secrets.h"
#include "core/relay-studio.h"
#include "relay-api-request.h"

G_BEGIN_DECLS

#define RELAY_API_DEFAULT_ADDRESS "127.0.0.1"

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
  /* the retry policy of the outputs the API makes */
  guint attempts;
  guint retry_delay_ms;
  /* and how long one of them may take nothing before it is stalled */
  guint stall_timeout_ms;
} RelayApiSettings;

void relay_api_settings_init (RelayApiSettings *settings);
void relay_api_settings_clear (RelayApiSettings *settings);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiSettings, relay_api_settings_clear)

#define RELAY_TYPE_API_SERVER (relay_api_server_get_type ())

G_DECLARE_FINAL_TYPE (RelayApiServer, relay_api_server, RELAY, API_SERVER, GObject)

typedef void (*RelayApiHandler) (RelayApiRequest *request, gpointer user_data);

RelayApiServer *relay_api_server_new (RelayStudio *studio, const char *token, RelaySecrets *secrets,
                                      const RelayApiSettings *settings);
gboolean relay_api_parse_listen_address (const char *text, char **address, guint *port,
                                         GError **error);
gboolean relay_api_server_listen (RelayApiServer *self, const char *address, guint port,
                                  GError **error);
void relay_api_server_disconnect (RelayApiServer *self);
void relay_api_server_set_token (RelayApiServer *self, const char *token);
guint relay_api_server_get_port (RelayApiServer *self);
char *relay_api_server_get_url (RelayApiServer *self);
RelayStudio *relay_api_server_get_studio (RelayApiServer *self);
RelaySecrets *relay_api_server_get_secrets (RelayApiServer *self);
const RelayApiSettings *relay_api_server_get_settings (RelayApiServer *self);

/* Stops and removes @outputs (recordings closed, streams unpublished). */
void relay_api_server_remove_outputs_async (RelayApiServer *self, GPtrArray *outputs,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_api_server_remove_outputs_finish (RelayApiServer *self, GAsyncResult *result,
                                                 GError **error);

/* Routes: "/api/streams/:streamId" captures streamId; @method NULL takes any.
 * Other issues plug their own routes in here (/whip, /whep, /session). */
void relay_api_server_add_route (RelayApiServer *self, const char *method, const char *pattern,
                                 RelayApiHandler handler, gpointer user_data);

G_END_DECLS
