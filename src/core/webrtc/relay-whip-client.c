/* relay-whip-client.c
 *
 * One WHIP session (RFC 9725): POST the offer, PATCH trickled candidates and
 * ICE restarts to the session URL, DELETE it at the end. Each request (its
 * redirects, timeout and cancellation) is in relay-whip-request.c, the Link
 * headers in relay-link-header.c, the SDP fragments in relay-sdp-fragment.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/sdp/sdp.h>
#include <string.h>

#include "relay-error.h"
#include "relay-failure.h"
#include "relay-link-header.h"
#include "relay-mask.h"
#include "relay-sdp-fragment.h"
#include "relay-whip-client.h"
#include "relay-whip-request.h"

#define POST_TIMEOUT_MS  15000
#define PATCH_TIMEOUT_MS 5000
/* A stop never waits long on a server that has gone away. */
#define DELETE_TIMEOUT_MS 2000
/* Candidates found this close together go out in one PATCH. */
#define TRICKLE_BATCH_MS 20

/* not in libsoup 3.2 */
#define STATUS_TOO_EARLY         425
#define STATUS_TOO_MANY_REQUESTS 429

#define SDP_TYPE     "application/sdp"
#define SDPFRAG_TYPE "application/trickle-ice-sdpfrag"

G_DEFINE_QUARK (relay - whip - error - quark, relay_whip_error)

struct _RelayWhipClient
{
  GObject parent_instance;

  SoupSession *session;
  char *endpoint;
  char *token;
  gboolean tls_validation;
  gboolean trickle;

  /* cancels everything but the final DELETE */
  GCancellable *cancellable;

  GstSDPMessage *offer;
  GstSDPMessage *answer;
  char *session_url;
  char *etag;
  guint retry_after_ms;
  GPtrArray *ice_servers;

  GPtrArray *pending_candidates;
  gboolean end_of_candidates;
  gboolean patching;
  guint batch_source_id;
};

G_DEFINE_FINAL_TYPE (RelayWhipClient, relay_whip_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ENDPOINT,
  PROP_TOKEN,
  PROP_TRICKLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every request of the session goes with the token; all but the final DELETE
 * end with the client's cancellable. */
static GTask *
request_new (RelayWhipClient *self, const char *method, const char *uri, guint timeout_ms,
             gboolean session_bound, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data)
{
  GTask *request = relay_whip_request_new (self, self->session, method, uri, timeout_ms,
                                           session_bound ? self->cancellable : NULL, cancellable,
                                           callback, user_data);

  if (request != NULL)
    {
      relay_whip_request_set_token (request, self->token);
      relay_whip_request_set_tls_validation (request, self->tls_validation);
    }
  return request;
}

static gboolean
parse_sdp (const char *text, GstSDPMessage **out, const char *what, GError **error)
{
  GstSDPMessage *sdp = NULL;

  gst_sdp_message_new (&sdp);
  if (text == NULL
      || gst_sdp_message_parse_buffer ((const guint8 *) text, strlen (text), sdp) != GST_SDP_OK
      || gst_sdp_message_medias_len (sdp) == 0)
    {
      gst_sdp_message_free (sdp);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("%s is not a usable SDP"), what);
      return FALSE;
    }

  if (*out != NULL)
    gst_sdp_message_free (*out);
  *out = sdp;
  return TRUE;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data ? data : "", size);
}

/* POST */

static void schedule_trickle (RelayWhipClient *self);

static void
on_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *request_url = NULL;
  g_autofree char *answer = NULL;
  SoupMessage *message;
  const char *location;
  guint status;

  body = relay_whip_request_finish (result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == STATUS_TOO_MANY_REQUESTS)
        self->retry_after_ms = relay_whip_request_retry_after_ms (message);
      g_task_return_error (task, relay_whip_request_http_error (message, body));
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (location == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                               _ ("the WHIP server answered %u without a session URL"), status);
      return;
    }

  request_url = g_uri_to_string (soup_message_get_uri (message));
  g_free (self->session_url);
  self->session_url = g_uri_resolve_relative (request_url, location, G_URI_FLAGS_NONE, &error);
  if (self->session_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (self->etag);
  self->etag =
      g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  g_ptr_array_unref (self->ice_servers);
  self->ice_servers = relay_link_header_parse_ice_servers (
      soup_message_headers_get_list (soup_message_get_response_headers (message), "Link"));

  answer = bytes_to_string (body);
  if (!parse_sdp (answer, &self->answer, _ ("The WHIP server’s answer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *shown = relay_mask_url (self->session_url);

    g_debug ("WHIP: session %s created (ETag %s, %u ICE servers)", shown,
             self->etag ? self->etag : "none", self->ice_servers->len);
  }
  schedule_trickle (self);
  g_task_return_pointer (task, g_steal_pointer (&answer), g_free);
}

/**
 * relay_whip_client_post_offer_async:
 * @offer_sdp: the local offer: without candidates when they are trickled,
 *   with them all when not
 *
 * Creates the session. Candidates given before it exists are sent once it does.
 */
void
relay_whip_client_post_offer_async (RelayWhipClient *self, const char *offer_sdp,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (offer_sdp != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_post_offer_async);
  self->retry_after_ms = 0;

  if (!parse_sdp (offer_sdp, &self->offer, _ ("The offer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = g_bytes_new (offer_sdp, strlen (offer_sdp));
  request = request_new (self, "POST", self->endpoint, POST_TIMEOUT_MS, TRUE, cancellable,
                         on_posted, g_steal_pointer (&task));
  if (request == NULL)
    return;
  relay_whip_request_set_body (request, body, SDP_TYPE);
  relay_whip_request_follow_redirects (request);
  relay_whip_request_start (request);
}

/* Returns: (transfer full): the SDP answer */
char *
relay_whip_client_post_offer_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Trickle ICE */

static void
on_trickle_patched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage *message;
  guint status;

  self->patching = FALSE;
  body = relay_whip_request_finish (result, &message, &error);
  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("WHIP: candidates not sent: %s", error->message);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED || status == SOUP_STATUS_NOT_IMPLEMENTED)
    {
      g_debug ("WHIP: the server takes no trickled candidates (%u)", status);
      relay_whip_client_set_trickle (self, FALSE);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr (GError) refused = relay_whip_request_http_error (message, body);

      g_debug ("WHIP: candidates refused: %s", refused->message);
    }

  schedule_trickle (self);
}

static gboolean
send_trickle_patch (gpointer user_data)
{
  RelayWhipClient *self = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *fragment = NULL;
  gboolean end = self->end_of_candidates;
  GTask *request;

  self->batch_source_id = 0;
  fragment = relay_sdp_fragment_build_trickle (self->offer, self->pending_candidates, end);
  g_ptr_array_set_size (self->pending_candidates, 0);
  self->end_of_candidates = FALSE;

  body = g_bytes_new_take (fragment, strlen (fragment));
  fragment = NULL;
  request = request_new (self, "PATCH", self->session_url, PATCH_TIMEOUT_MS, TRUE, NULL,
                         on_trickle_patched, NULL);
  if (request == NULL)
    return G_SOURCE_REMOVE;

  relay_whip_request_set_body (request, body, SDPFRAG_TYPE);
  relay_whip_request_set_if_match (request, self->etag);
  self->patching = TRUE;
  relay_whip_request_start (request);
  return G_SOURCE_REMOVE;
}

static void
schedule_trickle (RelayWhipClient *self)
{
  if (!self->trickle || self->session_url == NULL || self->patching || self->batch_source_id != 0
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->pending_candidates->len == 0 && !self->end_of_candidates)
    return;

  self->batch_source_id = g_timeout_add (TRICKLE_BATCH_MS, send_trickle_patch, self);
}

/**
 * relay_whip_client_add_local_candidate:
 * @candidate: as webrtcbin's on-ice-candidate gives it ("candidate:…")
 *
 * Sends the candidate in the next PATCH, if the session trickles.
 */
void
relay_whip_client_add_local_candidate (RelayWhipClient *self, guint mline_index,
                                       const char *candidate)
{
  RelaySdpFragmentCandidate *item;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (candidate != NULL);

  if (!self->trickle || *candidate == '\0')
    return;

  item = g_new0 (RelaySdpFragmentCandidate, 1);
  item->mline_index = mline_index;
  item->candidate = g_str_has_prefix (candidate, "candidate:")
                        ? g_strdup (candidate)
                        : g_strconcat ("candidate:", candidate, NULL);
  g_ptr_array_add (self->pending_candidates, item);
  schedule_trickle (self);
}

void
relay_whip_client_end_of_candidates (RelayWhipClient *self)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  if (!self->trickle)
    return;

  self->end_of_candidates = TRUE;
  schedule_trickle (self);
}

/* ICE restart */

static void
on_restarted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *fragment = NULL;
  SoupMessage *message;
  GstSDPMessage *answer;
  const char *etag;

  body = relay_whip_request_finish (result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, relay_whip_request_http_error (message, body));
      return;
    }

  fragment = bytes_to_string (body);
  answer = relay_sdp_fragment_apply (self->answer, fragment, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  gst_sdp_message_free (self->answer);
  self->answer = answer;
  etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
  if (etag != NULL)
    {
      g_free (self->etag);
      self->etag = g_strdup (etag);
    }
  g_task_return_pointer (task, gst_sdp_message_as_text (answer), g_free);
}

/**
 * relay_whip_client_restart_ice_async:
 * @offer_sdp: the new local offer: new ICE credentials, and the candidates
 *   to use with them
 *
 * Asks the server for new ICE credentials and candidates (a PATCH with
 * If-Match: "*").
 */
void
relay_whip_client_restart_ice_async (RelayWhipClient *self, const char *offer_sdp,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  char *fragment;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (offer_sdp != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_restart_ice_async);

  if (self->session_url == NULL || self->answer == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                               _ ("there is no WHIP session to restart"));
      return;
    }
  if (!parse_sdp (offer_sdp, &self->offer, _ ("The offer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Candidates of the old credentials mean nothing to the restarted agent. */
  g_ptr_array_set_size (self->pending_candidates, 0);
  self->end_of_candidates = FALSE;

  fragment = relay_sdp_fragment_build_restart (self->offer);
  body = g_bytes_new_take (fragment, strlen (fragment));
  request = request_new (self, "PATCH", self->session_url, PATCH_TIMEOUT_MS, TRUE, cancellable,
                         on_restarted, g_steal_pointer (&task));
  if (request == NULL)
    return;
  relay_whip_request_set_body (request, body, SDPFRAG_TYPE);
  relay_whip_request_set_if_match (request, "\"*\"");
  relay_whip_request_start (request);
}

/* Returns: (transfer full): the updated remote description (a full SDP answer) */
char *
relay_whip_client_restart_ice_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DELETE */

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage *message;

  body = relay_whip_request_finish (result, &message, &error);
  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_task_return_error (task, relay_whip_request_http_error (message, body));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * relay_whip_client_delete_async:
 *
 * Ends the session: stops everything in flight, then deletes the session URL
 * (if there is one) without waiting more than a moment for the server.
 */
void
relay_whip_client_delete_async (RelayWhipClient *self, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *url = NULL;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_delete_async);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->batch_source_id, g_source_remove);

  url = g_steal_pointer (&self->session_url);
  if (url == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  request = request_new (self, "DELETE", url, DELETE_TIMEOUT_MS, FALSE, NULL, on_deleted,
                         g_steal_pointer (&task));
  if (request != NULL)
    relay_whip_request_start (request);
}

gboolean
relay_whip_client_delete_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Errors */

static gboolean
status_is_transient (int status)
{
  return status >= 500 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == STATUS_TOO_EARLY
         || status == STATUS_TOO_MANY_REQUESTS;
}

/**
 * relay_whip_client_explain_error:
 * @message: (out): a short sentence, secrets masked
 *
 * Returns: whether trying again can help: not after the server refused the
 *   token or the offer
 */
RelayFailureKind
relay_whip_client_explain_error (RelayWhipClient *self, const GError *error, char **message)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *peer = NULL;

  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), RELAY_FAILURE_TRANSIENT);
  g_return_val_if_fail (error != NULL, RELAY_FAILURE_TRANSIENT);

  if (error->domain == RELAY_WHIP_ERROR)
    {
      *message = relay_mask_redact (error->message);
      return status_is_transient (error->code) ? RELAY_FAILURE_TRANSIENT : RELAY_FAILURE_PERMANENT;
    }

  uri = g_uri_parse (self->endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      int port = g_uri_get_port (uri);

      if (port < 0)
        port = g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80;
      peer = g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
    }
  return relay_failure_classify (error, NULL, peer, message);
}

/* Accessors */

gboolean
relay_whip_client_get_trickle (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), FALSE);

  return self->trickle;
}

/* Off: candidates go in the offer only (the server refused PATCH, or the
 * caller waits for gathering to finish). */
void
relay_whip_client_set_trickle (RelayWhipClient *self, gboolean trickle)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  trickle = !!trickle;
  if (self->trickle == trickle)
    return;

  self->trickle = trickle;
  if (!trickle)
    {
      g_clear_handle_id (&self->batch_source_id, g_source_remove);
      g_ptr_array_set_size (self->pending_candidates, 0);
      self->end_of_candidates = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRICKLE]);
}

void
relay_whip_client_set_tls_validation (RelayWhipClient *self, gboolean validate)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  self->tls_validation = validate;
}

/* The session URL, once the server created the session. */
const char *
relay_whip_client_get_session_url (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return self->session_url;
}

const char *
relay_whip_client_get_etag (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return self->etag;
}

/* The delay the server asked for with its last refusal (503, 429), or 0. */
guint
relay_whip_client_get_retry_after_ms (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), 0);

  return self->retry_after_ms;
}

/* Returns: (array zero-terminated=1): the server's ICE servers (its Link
 * headers), as webrtcbin takes them */
const char *const *
relay_whip_client_get_ice_servers (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return (const char *const *) self->ice_servers->pdata;
}

/* GObject */

static void
relay_whip_client_constructed (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  G_OBJECT_CLASS (relay_whip_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new ();
  relay_mask_register_secret (self->token);
}

static void
relay_whip_client_dispose (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->batch_source_id, g_source_remove);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (relay_whip_client_parent_class)->dispose (object);
}

static void
relay_whip_client_finalize (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->offer, gst_sdp_message_free);
  g_clear_pointer (&self->answer, gst_sdp_message_free);
  g_ptr_array_unref (self->pending_candidates);
  g_ptr_array_unref (self->ice_servers);
  g_free (self->endpoint);
  g_free (self->token);
  g_free (self->session_url);
  g_free (self->etag);
  G_OBJECT_CLASS (relay_whip_client_parent_class)->finalize (object);
}

static void
relay_whip_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_ENDPOINT:
        g_value_set_string (value, self->endpoint);
        break;
      case PROP_TRICKLE:
        g_value_set_boolean (value, self->trickle);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_client_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        self->session = g_value_dup_object (value);
        break;
      case PROP_ENDPOINT:
        self->endpoint = g_value_dup_string (value);
        break;
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        break;
      case PROP_TRICKLE:
        relay_whip_client_set_trickle (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_client_class_init (RelayWhipClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = relay_whip_client_constructed;
  object_class->dispose = relay_whip_client_dispose;
  object_class->finalize = relay_whip_client_finalize;
  object_class->get_property = relay_whip_client_get_property;
  object_class->set_property = relay_whip_client_set_property;

  /* Shared by the sessions of one destination; a new one when NULL. */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION, construct);
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, construct);
  /* Sent as Authorization: Bearer; never readable. */
  properties[PROP_TOKEN] =
      g_param_spec_string ("token", NULL, NULL, NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Candidates go out in PATCH requests; turns off when the server refuses them. */
  properties[PROP_TRICKLE] =
      g_param_spec_boolean ("trickle", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_whip_client_init (RelayWhipClient *self)
{
  self->tls_validation = TRUE;
  self->trickle = TRUE;
  self->cancellable = g_cancellable_new ();
  self->pending_candidates = g_ptr_array_new_with_free_func (relay_sdp_fragment_candidate_free);
  self->ice_servers = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

/**
 * relay_whip_client_new:
 * @session: (nullable): the HTTP session to share
 * @endpoint: the WHIP endpoint (http:// or https://)
 * @token: (nullable): the bearer token
 */
RelayWhipClient *
relay_whip_client_new (SoupSession *session, const char *endpoint, const char *token)
{
  return g_object_new (RELAY_TYPE_WHIP_CLIENT, "session", session, "endpoint", endpoint, "token",
                       token, NULL);
}
