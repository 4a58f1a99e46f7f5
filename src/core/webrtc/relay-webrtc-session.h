/* relay-webrtc-session.h: one WHIP or WHEP session Relaycast answers: the
 * peer's offer, webrtcbin's answer, trickle ICE (RFC 9725)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-webrtc.h"

G_BEGIN_DECLS

typedef enum
{
  /* the peer sends (WHIP): its media becomes a stream */
  RELAY_WEBRTC_ROLE_PUBLISH,
  /* the peer receives (WHEP): a stream is played to it */
  RELAY_WEBRTC_ROLE_SUBSCRIBE,
} RelayWebrtcRole;

#define RELAY_WEBRTC_SESSION_ERROR (relay_webrtc_session_error_quark ())

typedef enum
{
  /* the offer or the fragment is not usable SDP */
  RELAY_WEBRTC_SESSION_ERROR_INVALID,
  /* the offer has no codec Relaycast takes or sends */
  RELAY_WEBRTC_SESSION_ERROR_CODEC,
  /* If-Match names another version of the session */
  RELAY_WEBRTC_SESSION_ERROR_ETAG_MISMATCH,
  /* an ICE restart is already under way */
  RELAY_WEBRTC_SESSION_ERROR_BUSY,
  /* the session has ended */
  RELAY_WEBRTC_SESSION_ERROR_CLOSED,
  /* webrtcbin could not answer, or not in time */
  RELAY_WEBRTC_SESSION_ERROR_FAILED,
} RelayWebrtcSessionError;

GQuark relay_webrtc_session_error_quark (void);

#define RELAY_TYPE_WEBRTC_SESSION (relay_webrtc_session_get_type ())

G_DECLARE_FINAL_TYPE (RelayWebrtcSession, relay_webrtc_session, RELAY, WEBRTC_SESSION, GObject)

RelayWebrtcSession *relay_webrtc_session_new (RelayWebrtcRole role, const char *stream_name,
                                              const char *offer, GError **error);
const char *relay_webrtc_session_get_id (RelayWebrtcSession *self);
RelayWebrtcRole relay_webrtc_session_get_role (RelayWebrtcSession *self);
const char *relay_webrtc_session_get_stream_name (RelayWebrtcSession *self);
gint64 relay_webrtc_session_get_created_at (RelayWebrtcSession *self);
const char *relay_webrtc_session_get_etag (RelayWebrtcSession *self);
GstWebRTCPeerConnectionState relay_webrtc_session_get_connection_state (RelayWebrtcSession *self);
gboolean relay_webrtc_session_is_closed (RelayWebrtcSession *self);

GstCaps *relay_webrtc_session_pick_codec (RelayWebrtcSession *self, RelayMediaKind kind,
                                          const char *h264_profile_idc);
gboolean relay_webrtc_session_offers_h264_profile (RelayWebrtcSession *self,
                                                   const char *profile_idc);

void relay_webrtc_session_attach (RelayWebrtcSession *self, GstElement *webrtc);
void relay_webrtc_session_answer_async (RelayWebrtcSession *self, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
char *relay_webrtc_session_answer_finish (RelayWebrtcSession *self, GAsyncResult *result,
                                          GError **error);
void relay_webrtc_session_patch_async (RelayWebrtcSession *self, const char *if_match,
                                       const char *fragment, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
char *relay_webrtc_session_patch_finish (RelayWebrtcSession *self, GAsyncResult *result,
                                         GError **error);
void relay_webrtc_session_get_stats (RelayWebrtcSession *self, RelayWebrtcStats *stats);
void relay_webrtc_session_close (RelayWebrtcSession *self, const char *reason);

G_END_DECLS
