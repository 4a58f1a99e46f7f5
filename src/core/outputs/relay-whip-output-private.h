/* relay-whip-output-private.h: what the WHIP output's files share: the
 * output, and its attempts (relay-whip-attempt.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "relay-whip-client.h"
#include "relay-whip-output.h"

G_BEGIN_DECLS

/* One attempt: one webrtcbin and one WHIP session. */
typedef struct
{
  RelayWhipOutput *output;
  GstElement *webrtc;
  RelayWhipClient *client;
  GCancellable *cancellable;

  gboolean started;
  gboolean offering;
  /* its data channel, made before the first offer */
  GstWebRTCDataChannel *data_channel;
  gboolean posted;
  gboolean restarting;
  /* the server's new ICE is applied; what comes next shows whether it works */
  gboolean restart_answered;
  guint ice_restarts;
  gboolean ended;
  gboolean failed;
  gboolean gathering_complete;
  gboolean connected_once;
  GstWebRTCPeerConnectionState connection_state;
  /* candidates found so far, for an ICE restart: "candidate:…" by mline */
  GPtrArray *candidates;
  guint gather_timeout_id;
  guint offer_timeout_id;
  guint disconnected_id;
  guint restart_timeout_id;
  gboolean stats_pending;
  /* what the receiver reported last (its highest sequence numbers), and when */
  guint64 receiver_reports;
  gint64 receiver_report_us;
  /* the bytes sent when a new report came: what the receiver has covered;
   * as of the last statistics, and when they came */
  guint64 acknowledged;
  gint64 stats_us;
} RelayWhipAttempt;

struct _RelayWhipOutput
{
  RelayOutput parent_instance;

  char *endpoint;
  char *token;
  gboolean tls_validation;
  gboolean trickle;
  gboolean data_channel;
  /* the user's, then what servers announced (webrtcbin's form) */
  GPtrArray *ice_servers;
  SoupSession *session;

  RelayWhipAttempt *current;
  RelayWhipStats stats;
};

gboolean _relay_whip_output_has_ice_server (RelayWhipOutput *self, const char *server);

void relay_whip_attempt_create (RelayWhipOutput *output, GstElement *bin, GstElement *webrtc);
RelayWhipAttempt *relay_whip_attempt_from_bin (GstElement *bin);
RelayWhipAttempt *relay_whip_attempt_ref (RelayWhipAttempt *attempt);
void relay_whip_attempt_unref (gpointer attempt);
void relay_whip_attempt_start (RelayWhipAttempt *attempt);
void relay_whip_attempt_query_stats (RelayWhipAttempt *attempt);
void relay_whip_attempt_restart_ice (RelayWhipAttempt *attempt);
void relay_whip_attempt_end (RelayWhipAttempt *attempt);

G_END_DECLS
