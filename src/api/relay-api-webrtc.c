/* relay-api-webrtc.c
 *
 * WHIP and WHEP (RFC 9725 and its WHEP sibling) on Live777's routes:
 *
 *   POST   /whip/:streamId                 a publisher: its media becomes the stream's source
 *   POST   /whep/:streamId                 a viewer: an output of the stream
 *   PATCH  /session/:streamId/:sessionId   trickle ICE
 *   DELETE /session/:streamId/:sessionId   the end of either
 *
 * A stream has one publisher (another gets 409) and any number of viewers.
 * Streams are made by POST /api/streams/:id, or here when auto_create_whip
 * or auto_create_whep allow. A publisher that leaves ends its stream's
 * source: the stream's outputs wait, and go on when someone publishes again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/media/relay-webrtc-source.h"
#include "core/outputs/relay-output-factory.h"
#include "relay-api-webrtc.h"

/* a viewer of a stream nobody publishes yet waits this long for its answer */
#define ANSWER_TIMEOUT_S 15

typedef struct
{
  RelayApiWebrtc *owner;
  RelayWebrtcSession *session;
  /* the publisher's source, or the viewer's output */
  RelaySource *source;
  RelayOutput *output;
} Session;

struct _RelayApiWebrtc
{
  GObject parent_instance;

  RelayApiContext *context;
  RelayStudio *studio;
  /* session id -> Session */
  GHashTable *sessions;
};

G_DEFINE_FINAL_TYPE (RelayApiWebrtc, relay_api_webrtc, G_TYPE_OBJECT)

const char *
relay_api_connection_state_name (GstWebRTCPeerConnectionState state)
{
  switch (state)
    {
      case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING:
        return "connecting";
      case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED:
        return "connected";
      case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED:
        return "disconnected";
      case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED:
        return "failed";
      case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED:
        return "closed";
      case GST_WEBRTC_PEER_CONNECTION_STATE_NEW:
      default:
        return "new";
    }
}

static void
session_free (Session *entry)
{
  g_signal_handlers_disconnect_by_data (entry->session, entry);
  g_clear_object (&entry->session);
  g_clear_object (&entry->source);
  g_clear_object (&entry->output);
  g_free (entry);
}

static void
on_output_removed (GObject *studio, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relay_studio_remove_output_finish (RELAY_STUDIO (studio), result, &error))
    g_debug ("WHEP viewer not removed: %s", error->message);
}

/* A DELETE, a lost connection or the owner's end: the publisher's stream
 * loses its source, the viewer's output goes. */
static void
on_session_closed (RelayWebrtcSession *session, Session *entry)
{
  RelayApiWebrtc *self = entry->owner;
  RelayStream *stream =
      relay_studio_lookup_stream (self->studio, relay_webrtc_session_get_stream_name (session));

  g_debug ("%s session %s of %s ended", entry->source != NULL ? "WHIP" : "WHEP",
           relay_webrtc_session_get_id (session), relay_webrtc_session_get_stream_name (session));
  if (entry->source != NULL && stream != NULL)
    relay_stream_end_source (stream, entry->source);
  if (entry->output != NULL
      && relay_studio_lookup_output (self->studio, relay_output_get_id (entry->output))
             == entry->output)
    relay_studio_remove_output_async (self->studio, entry->output, NULL, on_output_removed, NULL);

  g_hash_table_remove (self->sessions, relay_webrtc_session_get_id (session));
}

/* A stream removed with its sessions still open ends them. */
static void
on_streams_changed (GListModel *streams, guint position, guint removed, guint added,
                    RelayApiWebrtc *self)
{
  g_autoptr (GPtrArray) orphans = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  Session *entry;

  if (removed == 0)
    return;
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      const char *name = relay_webrtc_session_get_stream_name (entry->session);

      if (relay_studio_lookup_stream (self->studio, name) == NULL)
        g_ptr_array_add (orphans, g_object_ref (entry->session));
    }
  for (guint i = 0; i < orphans->len; i++)
    relay_webrtc_session_close (g_ptr_array_index (orphans, i), "stream removed");
}

static void
add_session (RelayApiWebrtc *self, RelayWebrtcSession *session, RelaySource *source,
             RelayOutput *output)
{
  Session *entry = g_new0 (Session, 1);

  entry->owner = self;
  entry->session = g_object_ref (session);
  entry->source = source ? g_object_ref (source) : NULL;
  entry->output = output ? g_object_ref (output) : NULL;
  g_signal_connect (session, "closed", G_CALLBACK (on_session_closed), entry);
  g_hash_table_insert (self->sessions, g_strdup (relay_webrtc_session_get_id (session)), entry);
}

/* Requests */

static guint
status_for (const GError *error)
{
  if (error->domain != RELAY_WEBRTC_SESSION_ERROR)
    return relay_api_error_get_status (error);

  switch (error->code)
    {
      case RELAY_WEBRTC_SESSION_ERROR_INVALID:
      case RELAY_WEBRTC_SESSION_ERROR_CODEC:
        return SOUP_STATUS_BAD_REQUEST;
      case RELAY_WEBRTC_SESSION_ERROR_ETAG_MISMATCH:
        return SOUP_STATUS_PRECONDITION_FAILED;
      case RELAY_WEBRTC_SESSION_ERROR_BUSY:
        return SOUP_STATUS_CONFLICT;
      case RELAY_WEBRTC_SESSION_ERROR_CLOSED:
        return SOUP_STATUS_NOT_FOUND;
      case RELAY_WEBRTC_SESSION_ERROR_FAILED:
      default:
        return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
}

static void
reply_error (RelayApiRequest *request, const char *field, const GError *error)
{
  g_autoptr (GError) named = NULL;

  relay_api_set_error (&named, status_for (error), field, "%s", error->message);
  relay_api_request_reply_error (request, named);
}

/* Returns: (transfer full) (nullable): the body, when it has the type */
static char *
read_body (RelayApiRequest *request, const char *content_type)
{
  SoupServerMessage *message = relay_api_request_get_message (request);
  const char *type = soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (message), NULL);
  g_autoptr (GBytes) body = relay_api_request_get_body (request);
  g_autofree char *message_text = NULL;
  gsize length = 0;
  const char *data;

  if (type == NULL || g_ascii_strcasecmp (type, content_type) != 0)
    {
      message_text = g_strdup_printf (_ ("The body must be %s"), content_type);
      relay_api_request_reply_status (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, message_text);
      return NULL;
    }
  data = body ? g_bytes_get_data (body, &length) : NULL;
  return g_strndup (data ? data : "", length);
}

/* The stream a publish or a play is for, made when the settings allow. */
/* One publisher per stream: a source that still delivers, or a WHIP
 * publisher still there. */
gboolean
relay_api_stream_has_publisher (RelayStream *stream)
{
  RelaySource *current = relay_stream_get_source (stream);

  return current != NULL
         && (!RELAY_IS_WEBRTC_SOURCE (current)
             || !relay_webrtc_session_is_closed (
                 relay_webrtc_source_get_session (RELAY_WEBRTC_SOURCE (current))));
}

static RelayStream *
find_stream (RelayApiWebrtc *self, RelayApiRequest *request, gboolean create)
{
  const char *name = relay_api_request_get_param (request, "streamId");
  RelayStream *stream = relay_studio_lookup_stream (self->studio, name);
  g_autoptr (GError) error = NULL;

  if (stream != NULL)
    return stream;
  if (!create)
    relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "streamId", _ ("No stream named “%s”"),
                         name);
  else if ((stream = relay_studio_add_stream (self->studio, name, NULL, &error)) != NULL)
    return stream;
  reply_error (request, "streamId", error);
  return NULL;
}

typedef struct
{
  RelayApiRequest *request;
  RelayWebrtcSession *session;
  guint timeout_id;
} PendingAnswer;

static gboolean
on_answer_timeout (gpointer user_data)
{
  PendingAnswer *pending = user_data;

  pending->timeout_id = 0;
  relay_webrtc_session_close (pending->session, "no answer in time");
  return G_SOURCE_REMOVE;
}

static void
on_answered (GObject *object, GAsyncResult *result, gpointer user_data)
{
  PendingAnswer *pending = user_data;
  RelayWebrtcSession *session = RELAY_WEBRTC_SESSION (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = relay_webrtc_session_answer_finish (session, result, &error);

  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (answer == NULL)
    {
      if (g_error_matches (error, RELAY_WEBRTC_SESSION_ERROR, RELAY_WEBRTC_SESSION_ERROR_CLOSED))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, RELAY_WEBRTC_SESSION_ERROR,
                               RELAY_WEBRTC_SESSION_ERROR_FAILED,
                               _ ("The stream did not start in time, or the session ended"));
        }
      relay_webrtc_session_close (session, "not answered");
      reply_error (pending->request, NULL, error);
    }
  else
    {
      SoupServerMessage *message = relay_api_request_get_message (pending->request);
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
      g_autofree char *stream =
          g_uri_escape_string (relay_webrtc_session_get_stream_name (session), NULL, FALSE);
      g_autofree char *location =
          g_strdup_printf ("/session/%s/%s", stream, relay_webrtc_session_get_id (session));
      gsize length = strlen (answer);
      g_autoptr (GBytes) body = g_bytes_new_take (g_steal_pointer (&answer), length);

      soup_message_headers_replace (headers, "Location", location);
      soup_message_headers_replace (headers, "ETag", relay_webrtc_session_get_etag (session));
      relay_api_request_reply_bytes (pending->request, SOUP_STATUS_CREATED, "application/sdp",
                                     body);
    }

  relay_api_request_unref (pending->request);
  g_object_unref (pending->session);
  g_free (pending);
}

static void
answer (RelayApiRequest *request, RelayWebrtcSession *session)
{
  PendingAnswer *pending = g_new0 (PendingAnswer, 1);

  pending->request = relay_api_request_ref (request);
  pending->session = g_object_ref (session);
  pending->timeout_id = g_timeout_add_seconds (ANSWER_TIMEOUT_S, on_answer_timeout, pending);
  relay_api_request_defer (request);
  relay_webrtc_session_answer_async (session, NULL, on_answered, pending);
}

static void
handle_publish (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWebrtc *self = user_data;
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  const char *name = relay_api_request_get_param (request, "streamId");
  g_autofree char *offer = read_body (request, "application/sdp");
  g_autoptr (RelayWebrtcSession) session = NULL;
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GError) error = NULL;
  RelayStream *stream;

  if (offer == NULL)
    return;
  if (!(session = relay_webrtc_session_new (RELAY_WEBRTC_ROLE_PUBLISH, name, offer, &error)))
    {
      reply_error (request, "offer", error);
      return;
    }
  if (!(stream = find_stream (self, request, settings->auto_create_whip)))
    return;

  if (relay_api_stream_has_publisher (stream))
    {
      relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "streamId",
                           _ ("“%s” already has a publisher"), name);
      relay_api_request_reply_error (request, error);
      return;
    }

  source = relay_webrtc_source_new (session);
  if (!relay_stream_set_source (stream, source, &error))
    {
      reply_error (request, "streamId", error);
      return;
    }
  add_session (self, session, source, NULL);
  answer (request, session);
}

static void
handle_play (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWebrtc *self = user_data;
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  const char *name = relay_api_request_get_param (request, "streamId");
  g_autofree char *offer = read_body (request, "application/sdp");
  g_autoptr (RelayWebrtcSession) session = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GError) error = NULL;
  RelayOutputOptions options;
  RelayStream *stream;

  if (offer == NULL)
    return;
  if (!(session = relay_webrtc_session_new (RELAY_WEBRTC_ROLE_SUBSCRIBE, name, offer, &error)))
    {
      reply_error (request, "offer", error);
      return;
    }
  if ((stream = find_stream (self, request, settings->auto_create_whep)) == NULL)
    return;

  relay_output_options_init (&options);
  if (RELAY_IS_WEBRTC_SOURCE (relay_stream_get_source (stream)))
    options.publisher_video = relay_webrtc_source_get_forward_encoding (
        RELAY_WEBRTC_SOURCE (relay_stream_get_source (stream)), RELAY_MEDIA_VIDEO);
  options.label = _ ("WHEP viewer");
  options.owner = RELAY_API_WEBRTC_OWNER;
  if (!(output = relay_output_new_for_viewer (session, &options, &error))
      || !relay_studio_add_output (self->studio, output, &error))
    {
      reply_error (request, "offer", error);
      return;
    }
  add_session (self, session, NULL, output);
  answer (request, session);
}

static Session *
find_session (RelayApiWebrtc *self, RelayApiRequest *request)
{
  const char *stream = relay_api_request_get_param (request, "streamId");
  const char *id = relay_api_request_get_param (request, "sessionId");
  Session *entry = g_hash_table_lookup (self->sessions, id);
  g_autoptr (GError) error = NULL;

  if (entry != NULL && g_str_equal (relay_webrtc_session_get_stream_name (entry->session), stream))
    return entry;
  relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "sessionId",
                       _ ("No session “%s” on stream “%s”"), id, stream);
  relay_api_request_reply_error (request, error);
  return NULL;
}

/* Trickled candidates: 204; an ICE restart: 200 with our new credentials and
 * candidates, and the session's new ETag. */
static void
on_patched (GObject *object, GAsyncResult *result, gpointer user_data)
{
  RelayWebrtcSession *session = RELAY_WEBRTC_SESSION (object);
  RelayApiRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  char *fragment = relay_webrtc_session_patch_finish (session, result, &error);

  if (error != NULL)
    reply_error (request, NULL, error);
  else if (fragment == NULL)
    relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
  else
    {
      SoupServerMessage *message = relay_api_request_get_message (request);
      g_autoptr (GBytes) body = g_bytes_new_take (fragment, strlen (fragment));

      soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag",
                                    relay_webrtc_session_get_etag (session));
      relay_api_request_reply_bytes (request, SOUP_STATUS_OK, "application/trickle-ice-sdpfrag",
                                     body);
    }
  relay_api_request_unref (request);
}

static void
handle_patch (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWebrtc *self = user_data;
  Session *entry = find_session (self, request);
  SoupServerMessage *message = relay_api_request_get_message (request);
  const char *if_match =
      soup_message_headers_get_one (soup_server_message_get_request_headers (message), "If-Match");
  g_autofree char *fragment = NULL;

  if (entry == NULL || !(fragment = read_body (request, "application/trickle-ice-sdpfrag")))
    return;
  relay_api_request_defer (request);
  relay_webrtc_session_patch_async (entry->session, if_match, fragment, NULL, on_patched,
                                    relay_api_request_ref (request));
}

static void
handle_delete (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWebrtc *self = user_data;
  Session *entry = find_session (self, request);

  if (entry == NULL)
    return;
  relay_webrtc_session_close (entry->session, "DELETE");
  relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* GObject */

RelayApiWebrtc *
relay_api_webrtc_new (RelayApiContext *context)
{
  RelayApiWebrtc *self = g_object_new (RELAY_TYPE_API_WEBRTC, NULL);

  self->context = context;
  self->studio = g_object_ref (relay_api_context_get_studio (context));
  g_signal_connect_object (relay_studio_get_streams (self->studio), "items-changed",
                           G_CALLBACK (on_streams_changed), self, 0);
  relay_api_context_add_route (context, "POST", "/whip/:streamId", handle_publish, self);
  relay_api_context_add_route (context, "POST", "/whep/:streamId", handle_play, self);
  relay_api_context_add_route (context, "PATCH", "/session/:streamId/:sessionId", handle_patch,
                               self);
  relay_api_context_add_route (context, "DELETE", "/session/:streamId/:sessionId", handle_delete,
                               self);
  return self;
}

static void
relay_api_webrtc_dispose (GObject *object)
{
  RelayApiWebrtc *self = RELAY_API_WEBRTC (object);

  g_hash_table_remove_all (self->sessions);
  g_clear_object (&self->studio);
  G_OBJECT_CLASS (relay_api_webrtc_parent_class)->dispose (object);
}

static void
relay_api_webrtc_finalize (GObject *object)
{
  RelayApiWebrtc *self = RELAY_API_WEBRTC (object);

  g_hash_table_unref (self->sessions);
  G_OBJECT_CLASS (relay_api_webrtc_parent_class)->finalize (object);
}

static void
relay_api_webrtc_class_init (RelayApiWebrtcClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_webrtc_dispose;
  object_class->finalize = relay_api_webrtc_finalize;
}

static void
relay_api_webrtc_init (RelayApiWebrtc *self)
{
  self->sessions =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) session_free);
}
