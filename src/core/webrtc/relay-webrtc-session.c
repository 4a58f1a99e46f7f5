/* relay-webrtc-session.c
 *
 * The answering side of WHIP and WHEP: the peer posts an offer, webrtcbin
 * (owned by a RelayWebrtcSource or a RelayWhepOutput) answers it, and the
 * answer goes back with every candidate in it, since browsers do not wait
 * for candidates from the server's side. The peer's own late candidates come
 * in PATCHes, and so does an ICE restart: the peer's new credentials go into
 * its offer, the answer gets new ones of ours (webrtcbin 1.22 makes none),
 * and those with our candidates go back as a fragment. Which codec each
 * media section carries is chosen from the offer (relay-offer-codecs.c) and
 * handed to webrtcbin as the transceiver's codec preferences, so that the
 * answer names exactly one.
 *
 * webrtcbin calls back on its own threads; everything is handed to the main
 * context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-gst-util.h"
#include "relay-offer-codecs.h"
#include "relay-sdp-fragment.h"
#include "relay-webrtc-session.h"

struct _RelayWebrtcSession
{
  GObject parent_instance;

  char *id;
  RelayWebrtcRole role;
  char *stream_name;
  gint64 created_at;
  char *etag;
  GstSDPMessage *offer;

  GstElement *webrtc;
  GstWebRTCPeerConnectionState connection_state;
  gboolean closed;
  RelayWebrtcStats stats;
  gboolean stats_pending;

  /* the answer in the making */
  GTask *answer_task;
  gboolean answering;
  /* "candidate:…" lines of the answer, for ICE restarts */
  GPtrArray *local_candidates;
  /* the ICE restart in the making */
  GTask *restart_task;
};

G_DEFINE_FINAL_TYPE (RelayWebrtcSession, relay_webrtc_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (relay - webrtc - session - error - quark, relay_webrtc_session_error)

enum
{
  PROP_0,
  PROP_CONNECTION_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Main-context hand-over */

typedef void (*SessionFunc) (RelayWebrtcSession *self, gpointer data);

static gboolean
session_closed (gpointer session)
{
  return ((RelayWebrtcSession *) session)->closed;
}

static void
session_defer (RelayWebrtcSession *self, SessionFunc func, gpointer data, GDestroyNotify destroy)
{
  relay_defer_owned_call (g_object_ref (self), g_object_unref, session_closed,
                          (RelayOwnedFunc) func, data, destroy);
}

/* Codecs */

/**
 * relay_webrtc_session_pick_codec:
 * @h264_profile_idc: (nullable): for a WHEP viewer, the profile of the H.264
 *   it will be sent, as two hex digits ("42", "4d", "64"), or "VP8"
 *
 * Returns: (transfer full) (nullable): the offered format (payload type,
 *   clock rate, fmtp, rtcp-fb) the session carries for @kind, or %NULL when
 *   the offer has none Relaycast can use
 */
GstCaps *
relay_webrtc_session_pick_codec (RelayWebrtcSession *self, RelayMediaKind kind,
                                 const char *h264_profile_idc)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), NULL);

  return relay_offer_codecs_pick (self->offer, kind, self->role, h264_profile_idc);
}

gboolean
relay_webrtc_session_offers_h264_profile (RelayWebrtcSession *self, const char *profile_idc)
{
  g_autoptr (GstCaps) caps = relay_webrtc_session_pick_codec (self, RELAY_MEDIA_VIDEO, profile_idc);

  return caps != NULL;
}

/* Answering */

static void
answer_fail (RelayWebrtcSession *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->answer_task);

  self->answering = FALSE;
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
restart_return (RelayWebrtcSession *self, char *fragment, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->restart_task);

  if (task == NULL)
    g_clear_error (&error);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fragment, g_free);
}

/* webrtcbin refused a step of the answer or of an ICE restart. */
static void
answer_fail_from_reply (RelayWebrtcSession *self, gpointer data)
{
  GError *error = data;

  if (self->restart_task != NULL)
    restart_return (self, NULL,
                    g_error_new (RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_FAILED,
                                 _ ("WebRTC could not restart ICE: %s"), error->message));
  else
    answer_fail (self, g_error_new (RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_FAILED,
                                    _ ("WebRTC could not answer the offer: %s"), error->message));
}

static void
keep_local_candidates (RelayWebrtcSession *self, const char *answer)
{
  g_autoptr (GstSDPMessage) sdp = NULL;
  const GstSDPMedia *media;

  if (gst_sdp_message_new_from_text (answer, &sdp) != GST_SDP_OK
      || gst_sdp_message_medias_len (sdp) == 0)
    return;
  media = gst_sdp_message_get_media (sdp, 0);
  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      const GstSDPAttribute *attribute = gst_sdp_media_get_attribute (media, i);

      if (g_str_equal (attribute->key, "candidate"))
        g_ptr_array_add (self->local_candidates,
                         g_strconcat ("candidate:", attribute->value, NULL));
    }
}

static void
on_answer_described (GObject *webrtc, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayWebrtcSession) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = relay_webrtc_describe_finish (GST_ELEMENT (webrtc), result, &error);
  g_autoptr (GTask) task = NULL;

  self->answering = FALSE;
  if (answer == NULL)
    {
      answer_fail_from_reply (self, error);
      return;
    }
  keep_local_candidates (self, answer);
  task = g_steal_pointer (&self->answer_task);
  if (task != NULL)
    g_task_return_pointer (task, g_steal_pointer (&answer), g_free);
}

/* The restarted answer is set: its credentials and our candidates go back. */
static void
restart_answered (RelayWebrtcSession *self, gpointer data)
{
  GstWebRTCSessionDescription *answer = NULL;
  g_autofree char *tag = relay_webrtc_random_ice_string (16);
  char *fragment;

  g_object_get (self->webrtc, "local-description", &answer, NULL);
  if (answer == NULL)
    {
      restart_return (self, NULL,
                      g_error_new_literal (RELAY_WEBRTC_SESSION_ERROR,
                                           RELAY_WEBRTC_SESSION_ERROR_FAILED,
                                           _ ("WebRTC made no answer")));
      return;
    }
  relay_webrtc_sdp_add_candidates (answer->sdp, 0, self->local_candidates);
  fragment = relay_sdp_fragment_build_restart (answer->sdp);
  gst_webrtc_session_description_free (answer);

  g_free (self->etag);
  self->etag = g_strdup_printf ("\"%s\"", tag);
  g_debug ("WebRTC session %s: ICE restarted", self->id);
  restart_return (self, fragment, NULL);
}

static void
on_restart_answer_set (GstPromise *promise, gpointer user_data)
{
  RelayWebrtcSession *self = user_data;
  GError *error = relay_webrtc_promise_error (promise);

  gst_promise_unref (promise);
  if (error != NULL)
    session_defer (self, answer_fail_from_reply, error, (GDestroyNotify) g_error_free);
  else
    session_defer (self, restart_answered, NULL, NULL);
}

static void
answer_created (RelayWebrtcSession *self, gpointer data)
{
  GstWebRTCSessionDescription *answer = data;

  if (self->restart_task == NULL)
    {
      relay_webrtc_describe_async (self->webrtc, answer, NULL, on_answer_described,
                                   g_object_ref (self));
      return;
    }

  {
    g_autofree char *ufrag = relay_webrtc_random_ice_string (16);
    g_autofree char *pwd = relay_webrtc_random_ice_string (32);

    relay_sdp_fragment_set_ice_credentials (answer->sdp, ufrag, pwd);
    g_signal_emit_by_name (self->webrtc, "set-local-description", answer,
                           gst_promise_new_with_change_func (on_restart_answer_set,
                                                             g_object_ref (self), g_object_unref));
  }
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  RelayWebrtcSession *self = user_data;
  GError *error = relay_webrtc_promise_error (promise);
  GstWebRTCSessionDescription *answer = NULL;

  if (error == NULL)
    {
      gst_structure_get (gst_promise_get_reply (promise), "answer",
                         GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
      if (answer == NULL)
        error = g_error_new_literal (RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_FAILED,
                                     "no answer");
    }
  gst_promise_unref (promise);

  if (error != NULL)
    {
      session_defer (self, answer_fail_from_reply, error, (GDestroyNotify) g_error_free);
      return;
    }
  session_defer (self, answer_created, answer,
                 (GDestroyNotify) gst_webrtc_session_description_free);
}

static void
remote_description_set (RelayWebrtcSession *self, gpointer data)
{
  if (self->role == RELAY_WEBRTC_ROLE_PUBLISH && self->restart_task == NULL)
    relay_offer_codecs_prefer (self->webrtc, self->offer, self->role);
  g_signal_emit_by_name (
      self->webrtc, "create-answer", NULL,
      gst_promise_new_with_change_func (on_answer_created, g_object_ref (self), g_object_unref));
}

static void
on_remote_description_set (GstPromise *promise, gpointer user_data)
{
  RelayWebrtcSession *self = user_data;
  GError *error = relay_webrtc_promise_error (promise);

  if (error != NULL)
    session_defer (self, answer_fail_from_reply, error, (GDestroyNotify) g_error_free);
  else
    session_defer (self, remote_description_set, NULL, NULL);
  gst_promise_unref (promise);
}

/* The answer (or an ICE restart's) starts from the peer's offer. */
static void
set_remote_offer (RelayWebrtcSession *self)
{
  GstSDPMessage *offer = NULL;
  GstWebRTCSessionDescription *description;

  gst_sdp_message_copy (self->offer, &offer);
  description = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, offer);
  g_signal_emit_by_name (self->webrtc, "set-remote-description", description,
                         gst_promise_new_with_change_func (on_remote_description_set,
                                                           g_object_ref (self), g_object_unref));
  gst_webrtc_session_description_free (description);
}

/* Runs once the session is attached and asked to answer, whichever came last. */
static void
maybe_answer (RelayWebrtcSession *self)
{

  if (self->webrtc == NULL || self->answer_task == NULL || self->answering)
    return;

  self->answering = TRUE;
  set_remote_offer (self);
}

/* ICE and connection */

static void
connection_changed (RelayWebrtcSession *self, gpointer data)
{
  GstWebRTCPeerConnectionState state = GPOINTER_TO_UINT (data);

  if (state == self->connection_state)
    return;
  self->connection_state = state;
  g_debug ("WebRTC session %s: connection %d", self->id, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);

  if (state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    relay_webrtc_session_close (self, "connection failed");
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;

  g_object_get (webrtc, "connection-state", &state, NULL);
  session_defer (user_data, connection_changed, GUINT_TO_POINTER (state), NULL);
}

/* Stats */

static void
stats_received (RelayWebrtcSession *self, gpointer data)
{
  self->stats_pending = FALSE;
  relay_webrtc_stats_read (data, &self->stats);
}

static void
on_stats (GstPromise *promise, gpointer user_data)
{
  const GstStructure *reply = gst_promise_get_reply (promise);

  if (reply != NULL)
    session_defer (user_data, stats_received, gst_structure_copy (reply),
                   (GDestroyNotify) gst_structure_free);
  gst_promise_unref (promise);
}

/**
 * relay_webrtc_session_get_stats:
 * @stats: (out caller-allocates): the figures webrtcbin reported last; a
 *   fresh report is asked for
 */
void
relay_webrtc_session_get_stats (RelayWebrtcSession *self, RelayWebrtcStats *stats)
{
  g_return_if_fail (RELAY_IS_WEBRTC_SESSION (self));

  if (self->webrtc != NULL && !self->closed && !self->stats_pending)
    {
      self->stats_pending = TRUE;
      g_signal_emit_by_name (
          self->webrtc, "get-stats", NULL,
          gst_promise_new_with_change_func (on_stats, g_object_ref (self), g_object_unref));
    }
  *stats = self->stats;
  stats->connection_state = self->connection_state;
}

/* Public */

/**
 * relay_webrtc_session_new:
 * @offer: the peer's SDP offer
 *
 * Returns: (transfer full) (nullable): a session that waits to be attached to
 *   a webrtcbin, or %NULL with @error set when the offer is not usable SDP
 *   or carries nothing Relaycast can take (publish) or send (subscribe)
 */
RelayWebrtcSession *
relay_webrtc_session_new (RelayWebrtcRole role, const char *stream_name, const char *offer,
                          GError **error)
{
  g_autoptr (RelayWebrtcSession) self = g_object_new (RELAY_TYPE_WEBRTC_SESSION, NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *tag = relay_webrtc_random_ice_string (16);
  g_autoptr (GstCaps) video = NULL;
  g_autoptr (GstCaps) audio = NULL;

  g_return_val_if_fail (stream_name != NULL, NULL);

  if (offer == NULL || gst_sdp_message_new_from_text (offer, &self->offer) != GST_SDP_OK
      || gst_sdp_message_medias_len (self->offer) == 0)
    {
      g_set_error_literal (error, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_INVALID,
                           _ ("The offer is not an SDP with media"));
      return NULL;
    }

  self->role = role;
  self->stream_name = g_strdup (stream_name);

  video = relay_webrtc_session_pick_codec (self, RELAY_MEDIA_VIDEO, "42");
  if (video == NULL && role == RELAY_WEBRTC_ROLE_SUBSCRIBE)
    {
      /* any H.264 will do here; the profile is settled against the encoder */
      for (const char *const *idc = (const char *const[]){ "4d", "64", NULL }; *idc && !video;
           idc++)
        video = relay_webrtc_session_pick_codec (self, RELAY_MEDIA_VIDEO, *idc);
    }
  audio = relay_webrtc_session_pick_codec (self, RELAY_MEDIA_AUDIO, NULL);
  if (video == NULL && audio == NULL)
    {
      g_set_error_literal (error, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_CODEC,
                           role == RELAY_WEBRTC_ROLE_PUBLISH
                               ? _ ("The offer sends neither H.264, VP8 nor Opus")
                               : _ ("The offer receives neither H.264 nor Opus"));
      return NULL;
    }

  for (char *c = uuid; *c; c++)
    if (*c == '-')
      memmove (c, c + 1, strlen (c));
  self->id = g_steal_pointer (&uuid);
  self->etag = g_strdup_printf ("\"%s\"", tag);
  self->created_at = g_get_real_time () / 1000;
  return g_steal_pointer (&self);
}

const char *
relay_webrtc_session_get_id (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), NULL);
  return self->id;
}

RelayWebrtcRole
relay_webrtc_session_get_role (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), RELAY_WEBRTC_ROLE_PUBLISH);
  return self->role;
}

const char *
relay_webrtc_session_get_stream_name (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), NULL);
  return self->stream_name;
}

/* Returns: milliseconds since the Unix epoch */
gint64
relay_webrtc_session_get_created_at (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), 0);
  return self->created_at;
}

/* Returns: the entity tag, quoted, as the ETag header carries it */
const char *
relay_webrtc_session_get_etag (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), NULL);
  return self->etag;
}

GstWebRTCPeerConnectionState
relay_webrtc_session_get_connection_state (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED);
  return self->connection_state;
}

gboolean
relay_webrtc_session_is_closed (RelayWebrtcSession *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (self), TRUE);
  return self->closed;
}

/**
 * relay_webrtc_session_attach:
 * @webrtc: a webrtcbin in READY or above, its transceivers (if it sends)
 *   already made
 *
 * The session drives @webrtc from now on: a pending answer is made.
 */
void
relay_webrtc_session_attach (RelayWebrtcSession *self, GstElement *webrtc)
{
  g_return_if_fail (RELAY_IS_WEBRTC_SESSION (self));
  g_return_if_fail (self->webrtc == NULL);

  self->webrtc = gst_object_ref (webrtc);
  g_signal_connect_object (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state),
                           self, 0);
  maybe_answer (self);
}

/**
 * relay_webrtc_session_answer_async:
 *
 * Answers the offer once the session is attached: the answer SDP, with the
 * candidates gathered, or an error.
 */
void
relay_webrtc_session_answer_async (RelayWebrtcSession *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (RELAY_IS_WEBRTC_SESSION (self));

  if (self->closed || self->answer_task != NULL)
    {
      g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_CLOSED,
                               _ ("The session has ended"));
      return;
    }
  self->answer_task = g_steal_pointer (&task);
  maybe_answer (self);
}

/* Returns: (transfer full): the answer SDP */
char *
relay_webrtc_session_answer_finish (RelayWebrtcSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
etag_matches (RelayWebrtcSession *self, const char *if_match)
{
  g_auto (GStrv) tags = NULL;

  if (if_match == NULL)
    return TRUE;
  tags = g_strsplit (if_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*") || g_str_equal (tag, self->etag))
        return TRUE;
    }
  return FALSE;
}

static const char *
remote_ufrag (RelayWebrtcSession *self)
{
  const char *ufrag = gst_sdp_message_get_attribute_val (self->offer, "ice-ufrag");

  if (ufrag == NULL && gst_sdp_message_medias_len (self->offer) > 0)
    ufrag =
        gst_sdp_media_get_attribute_val (gst_sdp_message_get_media (self->offer, 0), "ice-ufrag");
  return ufrag;
}

static const char *
fragment_ufrag (const char *fragment)
{
  const char *found = strstr (fragment, "a=ice-ufrag:");

  return found != NULL && (found == fragment || found[-1] == '\n') ? found : NULL;
}

/* Whether @fragment carries ICE credentials other than the offer's. */
static gboolean
is_ice_restart (RelayWebrtcSession *self, const char *fragment)
{
  const char *line = fragment_ufrag (fragment);
  const char *ufrag = remote_ufrag (self);
  gsize length;

  if (line == NULL || ufrag == NULL)
    return FALSE;
  line += strlen ("a=ice-ufrag:");
  length = strcspn (line, "\r\n");
  return length != strlen (ufrag) || strncmp (line, ufrag, length) != 0;
}

static void
restart_ice (RelayWebrtcSession *self, GTask *task, const char *fragment)
{
  GError *error = NULL;
  GstSDPMessage *offer;

  if (self->restart_task != NULL || self->answering || self->webrtc == NULL)
    {
      g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_BUSY,
                               _ ("The session is still being negotiated"));
      return;
    }
  if (!(offer = relay_sdp_fragment_apply (self->offer, fragment, &error)))
    {
      g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_INVALID,
                               "%s", error->message);
      g_error_free (error);
      return;
    }

  g_debug ("WebRTC session %s: ICE restart", self->id);
  gst_sdp_message_free (self->offer);
  self->offer = offer;
  self->restart_task = g_object_ref (task);
  set_remote_offer (self);
}

static void
trickle (RelayWebrtcSession *self, GTask *task, char **lines)
{
  guint added = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "a=candidate:") && self->webrtc != NULL)
        {
          /* bundled: every candidate belongs to the first media section */
          g_signal_emit_by_name (self->webrtc, "add-ice-candidate", 0u, line + strlen ("a="));
          added++;
        }
    }
  g_debug ("WebRTC session %s: %u candidates trickled", self->id, added);
  g_task_return_pointer (task, NULL, NULL);
}

/**
 * relay_webrtc_session_patch_async:
 * @if_match: (nullable): the request's If-Match header
 * @fragment: an application/trickle-ice-sdpfrag body
 *
 * Trickle ICE: the peer's candidates in @fragment are given to webrtcbin.
 * New ICE credentials restart ICE; the session then has a new ETag.
 */
void
relay_webrtc_session_patch_async (RelayWebrtcSession *self, const char *if_match,
                                  const char *fragment, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_auto (GStrv) lines = NULL;

  g_return_if_fail (RELAY_IS_WEBRTC_SESSION (self));

  if (self->closed)
    g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_CLOSED,
                             _ ("The session has ended"));
  else if (!etag_matches (self, if_match))
    g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR,
                             RELAY_WEBRTC_SESSION_ERROR_ETAG_MISMATCH,
                             _ ("If-Match names another version of the session"));
  else if (fragment == NULL || !g_utf8_validate (fragment, -1, NULL))
    g_task_return_new_error (task, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_INVALID,
                             _ ("The body is not an SDP fragment"));
  else if (is_ice_restart (self, fragment))
    restart_ice (self, task, fragment);
  else
    trickle (self, task, (lines = g_strsplit (fragment, "\n", -1)));
}

/**
 * relay_webrtc_session_patch_finish:
 *
 * Returns: (transfer full) (nullable): an ICE restart's answer fragment;
 *   %NULL for trickled candidates, or with @error set
 */
char *
relay_webrtc_session_patch_finish (RelayWebrtcSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * relay_webrtc_session_close:
 * @reason: for the log
 *
 * Ends the session for good: a pending answer fails, and ::closed is
 * emitted (once) for the owner to stop its webrtcbin.
 */
void
relay_webrtc_session_close (RelayWebrtcSession *self, const char *reason)
{
  g_autoptr (RelayWebrtcSession) hold = NULL;

  g_return_if_fail (RELAY_IS_WEBRTC_SESSION (self));

  if (self->closed)
    return;
  hold = g_object_ref (self);
  g_debug ("WebRTC session %s closed: %s", self->id, reason);
  if (self->answer_task != NULL)
    answer_fail (self,
                 g_error_new_literal (RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_CLOSED,
                                      _ ("The session has ended")));
  restart_return (self, NULL,
                  g_error_new_literal (RELAY_WEBRTC_SESSION_ERROR,
                                       RELAY_WEBRTC_SESSION_ERROR_CLOSED,
                                       _ ("The session has ended")));
  self->closed = TRUE;
  if (self->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (self->webrtc, self);
  self->connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_STATE]);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

/* GObject */

static void
relay_webrtc_session_finalize (GObject *object)
{
  RelayWebrtcSession *self = RELAY_WEBRTC_SESSION (object);

  g_clear_object (&self->answer_task);
  g_clear_object (&self->restart_task);
  g_ptr_array_unref (self->local_candidates);
  gst_clear_object (&self->webrtc);
  g_clear_pointer (&self->offer, gst_sdp_message_free);
  g_free (self->id);
  g_free (self->stream_name);
  g_free (self->etag);
  G_OBJECT_CLASS (relay_webrtc_session_parent_class)->finalize (object);
}

static void
relay_webrtc_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWebrtcSession *self = RELAY_WEBRTC_SESSION (object);

  switch (prop_id)
    {
      case PROP_CONNECTION_STATE:
        g_value_set_enum (value, self->connection_state);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_webrtc_session_class_init (RelayWebrtcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_webrtc_session_finalize;
  object_class->get_property = relay_webrtc_session_get_property;

  /* RTCPeerConnection.connectionState, as webrtcbin reports it */
  properties[PROP_CONNECTION_STATE] =
      g_param_spec_enum ("connection-state", NULL, NULL, GST_TYPE_WEBRTC_PEER_CONNECTION_STATE,
                         GST_WEBRTC_PEER_CONNECTION_STATE_NEW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RelayWebrtcSession::closed:
   *
   * The session has ended: a DELETE, a failed connection, or its owner.
   */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relay_webrtc_session_init (RelayWebrtcSession *self)
{
  self->connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  self->local_candidates = g_ptr_array_new_with_free_func (g_free);
  relay_webrtc_stats_init (&self->stats);
}
