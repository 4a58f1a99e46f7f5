/* relay-whip-client.h: the signalling of one WHIP session (RFC 9725), no media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "relay-retry-policy.h"

G_BEGIN_DECLS

/* Errors the WHIP server answered: the code is the HTTP status. */
#define RELAY_WHIP_ERROR (relay_whip_error_quark ())
GQuark relay_whip_error_quark (void);

#define RELAY_TYPE_WHIP_CLIENT (relay_whip_client_get_type ())

G_DECLARE_FINAL_TYPE (RelayWhipClient, relay_whip_client, RELAY, WHIP_CLIENT, GObject)

RelayWhipClient *relay_whip_client_new (SoupSession *session, const char *endpoint,
                                        const char *token);

void relay_whip_client_set_tls_validation (RelayWhipClient *self, gboolean validate);
gboolean relay_whip_client_get_trickle (RelayWhipClient *self);
void relay_whip_client_set_trickle (RelayWhipClient *self, gboolean trickle);

void relay_whip_client_post_offer_async (RelayWhipClient *self, const char *offer_sdp,
                                         GCancellable *cancellable, GAsyncReadyCallback callback,
                                         gpointer user_data);
char *relay_whip_client_post_offer_finish (RelayWhipClient *self, GAsyncResult *result,
                                           GError **error);
const char *relay_whip_client_get_session_url (RelayWhipClient *self);
const char *relay_whip_client_get_etag (RelayWhipClient *self);
guint relay_whip_client_get_retry_after_ms (RelayWhipClient *self);
const char *const *relay_whip_client_get_ice_servers (RelayWhipClient *self);

void relay_whip_client_add_local_candidate (RelayWhipClient *self, guint mline_index,
                                            const char *candidate);
void relay_whip_client_end_of_candidates (RelayWhipClient *self);

void relay_whip_client_restart_ice_async (RelayWhipClient *self, const char *offer_sdp,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
char *relay_whip_client_restart_ice_finish (RelayWhipClient *self, GAsyncResult *result,
                                            GError **error);

void relay_whip_client_delete_async (RelayWhipClient *self, GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean relay_whip_client_delete_finish (RelayWhipClient *self, GAsyncResult *result,
                                          GError **error);

RelayFailureKind relay_whip_client_explain_error (RelayWhipClient *self, const GError *error,
                                                  char **message);

G_END_DECLS
