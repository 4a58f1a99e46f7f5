/* relay-test-whip-server.h: a scriptable WHIP server for the C tests
 *
 * A SoupServer on 127.0.0.1 (a free port) that records every request and hands
 * it to the test's handler. The handler answers however the case needs; for a
 * real answer it passes the offer to an in-process webrtcbin peer
 * (relay_test_whip_server_answer), which then receives the media.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char *method;
  char *path;
  char *query;
  char *content_type;
  char *authorization;
  char *if_match;
  char *body;
  gint64 time_us;
} RelayTestWhipRequest;

typedef struct _RelayTestWhipServer RelayTestWhipServer;

/* @index: how many requests with this method came before */
typedef void (*RelayTestWhipHandler) (RelayTestWhipServer *server, SoupServerMessage *message,
                                      const RelayTestWhipRequest *request, guint index,
                                      gpointer user_data);

RelayTestWhipServer *relay_test_whip_server_new (RelayTestWhipHandler handler, gpointer user_data);
void relay_test_whip_server_free (RelayTestWhipServer *server);
char *relay_test_whip_server_url (RelayTestWhipServer *server, const char *path);

guint relay_test_whip_server_count (RelayTestWhipServer *server, const char *method);
const RelayTestWhipRequest *relay_test_whip_server_nth (RelayTestWhipServer *server,
                                                        const char *method, guint index);

void relay_test_whip_server_reply (SoupServerMessage *message, guint status,
                                   const char *content_type, const char *body);
void relay_test_whip_server_answer (RelayTestWhipServer *server, SoupServerMessage *message,
                                    const char *offer, const char *location, const char *etag);
void relay_test_whip_server_trickle (RelayTestWhipServer *server, SoupServerMessage *message,
                                     const char *fragment);
void relay_test_whip_server_restart (RelayTestWhipServer *server, SoupServerMessage *message,
                                     const char *fragment);
gboolean relay_test_whip_server_peer_connected (RelayTestWhipServer *server);
guint64 relay_test_whip_server_peer_bytes (RelayTestWhipServer *server);
guint relay_test_whip_server_peer_candidates (RelayTestWhipServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayTestWhipServer, relay_test_whip_server_free)

G_END_DECLS
