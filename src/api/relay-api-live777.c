/* relay-api-live777.c
 *
 * Live777's streams are the studio's streams. A stream's publisher is its
 * source while it delivers (a WHIP publish, a camera, a URI); its subscribers
 * are the outputs that carry it, as sessions in the words of
 * RTCPeerConnection.connectionState. leaveAt is when a side last became
 * empty (0 while it is not).
 *
 * POST /api/cascade/:streamId with targetUrl pushes the stream to a remote
 * WHIP endpoint as a "whip+" output; with sourceUrl the stream (made when
 * missing) pulls a remote WHEP stream in as its source.
 *
 * The local WebRTC server's /whip, /whep and /session routes are added to the
 * same server by its own dialect (relay_api_context_add_route).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/media/relay-webrtc-source.h"
#include "core/outputs/relay-whep-output.h"
#include "core/media/relay-whep-source.h"
#include "core/outputs/relay-whip-output.h"
#include "core/media/relay-source-factory.h"
#include "relay-api-live777.h"
#include "relay-api-webrtc.h"

typedef struct
{
  /* NULL while nobody publishes */
  char *publish_session;
  gint64 publish_since;
  gint64 publish_left_at;
  gboolean subscribed;
  gint64 subscribe_left_at;
} StreamRecord;

struct _RelayApiLive777
{
  GObject parent_instance;

  RelayApiContext *context;
  RelayStudio *studio;
  /* stream name -> StreamRecord */
  GHashTable *streams;
  /* output id -> the targetUrl it was made for */
  GHashTable *cascades;
};

G_DEFINE_FINAL_TYPE (RelayApiLive777, relay_api_live777, G_TYPE_OBJECT)

static void
stream_record_free (StreamRecord *record)
{
  g_free (record->publish_session);
  g_free (record);
}

/* Parsing */

void
relay_api_live777_cascade_clear (RelayApiLive777Cascade *cascade)
{
  g_clear_pointer (&cascade->token, g_free);
  g_clear_pointer (&cascade->source_url, g_free);
  g_clear_pointer (&cascade->target_url, g_free);
}

static gboolean
is_http_url (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

/* One of sourceUrl (pull) and targetUrl (push), never both. */
gboolean
relay_api_live777_parse_cascade (JsonObject *body, RelayApiLive777Cascade *out, GError **error)
{
  const char *field = NULL;

  if (!relay_api_read_string (body, NULL, "token", RELAY_API_OPTIONAL, &out->token, error)
      || !relay_api_read_string (body, NULL, "sourceUrl", RELAY_API_OPTIONAL, &out->source_url,
                                 error)
      || !relay_api_read_string (body, NULL, "targetUrl", RELAY_API_OPTIONAL, &out->target_url,
                                 error))
    return FALSE;

  /* Live777's own clients send "" for what they leave out */
  if (out->source_url != NULL && *out->source_url == '\0')
    g_clear_pointer (&out->source_url, g_free);
  if (out->target_url != NULL && *out->target_url == '\0')
    g_clear_pointer (&out->target_url, g_free);
  if (out->token != NULL && *out->token == '\0')
    g_clear_pointer (&out->token, g_free);

  if (out->source_url != NULL && out->target_url != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "targetUrl",
                           _ ("Give sourceUrl (pull) or targetUrl (push), not both"));
      return FALSE;
    }
  if (out->source_url == NULL && out->target_url == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "targetUrl",
                           _ ("A cascade needs sourceUrl (pull) or targetUrl (push)"));
      return FALSE;
    }

  if (out->source_url != NULL && !is_http_url (out->source_url))
    field = "sourceUrl";
  else if (out->target_url != NULL && !is_http_url (out->target_url))
    field = "targetUrl";
  if (field != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                           _ ("“%s” must be an http:// or https:// URL"), field);
      return FALSE;
    }
  return TRUE;
}

/* Relaycast's addition to stream creation: {"source": "test" | a URI | a file}. */
gboolean
relay_api_live777_parse_create (JsonObject *body, char **source, GError **error)
{
  return relay_api_read_string (body, NULL, "source", RELAY_API_OPTIONAL, source, error);
}

/* Bookkeeping */

/* A pull is listed from the start, as Live777 lists its cascade sessions. */
static gboolean
is_publishing (RelayStream *stream)
{
  RelaySource *source = relay_stream_get_source (stream);

  return source != NULL
         && (relay_stream_get_state (stream) == RELAY_STREAM_STATE_LIVE
             || RELAY_IS_WHEP_SOURCE (source));
}

static guint
count_subscribers (RelayApiLive777 *self, const char *stream_name)
{
  GListModel *outputs = relay_studio_get_outputs (self->studio);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      if (g_str_equal (relay_output_get_stream_name (output), stream_name))
        count++;
    }
  return count;
}

static void
update_publisher (RelayStream *stream, GParamSpec *pspec, RelayApiLive777 *self)
{
  StreamRecord *record = g_hash_table_lookup (self->streams, relay_stream_get_name (stream));
  gboolean publishing = is_publishing (stream);

  if (record == NULL || publishing == (record->publish_session != NULL))
    return;

  if (publishing)
    {
      record->publish_session = relay_api_new_session_id ();
      record->publish_since = g_get_real_time () / 1000;
      record->publish_left_at = 0;
    }
  else
    {
      g_clear_pointer (&record->publish_session, g_free);
      record->publish_left_at = g_get_real_time () / 1000;
    }
}

static void
update_subscribers (RelayApiLive777 *self)
{
  GHashTableIter iter;
  const char *name;
  StreamRecord *record;

  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &record))
    {
      gboolean subscribed = count_subscribers (self, name) > 0;

      if (record->subscribed && !subscribed)
        record->subscribe_left_at = g_get_real_time () / 1000;
      else if (subscribed)
        record->subscribe_left_at = 0;
      record->subscribed = subscribed;
    }
}

static void
on_streams_changed (GListModel *streams, guint position, guint removed, guint added,
                    RelayApiLive777 *self)
{
  GHashTableIter iter;
  const char *name;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);
      StreamRecord *record = g_new0 (StreamRecord, 1);

      record->publish_left_at = relay_stream_get_created_at (stream);
      record->subscribe_left_at = relay_stream_get_created_at (stream);
      g_hash_table_replace (self->streams, g_strdup (relay_stream_get_name (stream)), record);
      g_signal_connect_object (stream, "notify::state", G_CALLBACK (update_publisher), self, 0);
      g_signal_connect_object (stream, "notify::source", G_CALLBACK (update_publisher), self, 0);
      update_publisher (stream, NULL, self);
    }

  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      if (relay_studio_lookup_stream (self->studio, name) == NULL)
        g_hash_table_iter_remove (&iter);
    }
  update_subscribers (self);
}

static void
on_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                    RelayApiLive777 *self)
{
  GHashTableIter iter;
  const char *id;

  update_subscribers (self);

  g_hash_table_iter_init (&iter, self->cascades);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      if (relay_studio_lookup_output (self->studio, id) == NULL)
        g_hash_table_iter_remove (&iter);
    }
}

/* Answers */

static void
add_session (JsonBuilder *builder, const char *id, gint64 created_at, const char *state)
{
  relay_api_add_string (builder, "id", id);
  relay_api_add_int (builder, "createdAt", created_at);
  relay_api_add_string (builder, "state", state);
}

static void
add_cascade (JsonBuilder *builder, const char *url_name, const char *url, const char *session_url)
{
  g_autofree char *shown = relay_mask_url (url);
  g_autofree char *shown_session = relay_mask_url (session_url ? session_url : url);

  json_builder_set_member_name (builder, "cascade");
  json_builder_begin_object (builder);
  relay_api_add_string (builder, url_name, shown);
  relay_api_add_string (builder, "sessionUrl", shown_session);
  json_builder_end_object (builder);
}

static void
add_output_session (RelayApiLive777 *self, JsonBuilder *builder, RelayOutput *output)
{
  const char *target_url = g_hash_table_lookup (self->cascades, relay_output_get_id (output));

  const char *state = relay_api_session_state (relay_output_get_state (output));

  /* a WHEP viewer's own RTCPeerConnection state */
  if (RELAY_IS_WHEP_OUTPUT (output))
    state = relay_api_connection_state_name (relay_webrtc_session_get_connection_state (
        relay_whep_output_get_session (RELAY_WHEP_OUTPUT (output))));

  json_builder_begin_object (builder);
  add_session (builder, relay_output_get_id (output), relay_output_get_created_at (output), state);
  /* with the resource the WHIP server made for it */
  if (target_url != NULL)
    add_cascade (builder, "targetUrl", target_url,
                 RELAY_IS_WHIP_OUTPUT (output)
                     ? relay_whip_output_get_session_url (RELAY_WHIP_OUTPUT (output))
                     : NULL);
  json_builder_end_object (builder);
}

static void
add_pull_session (JsonBuilder *builder, StreamRecord *record, RelayWhepSource *source)
{
  add_session (builder, record->publish_session, record->publish_since,
               relay_api_connection_state_name (relay_whep_source_get_connection_state (source)));
  add_cascade (builder, "sourceUrl", relay_whep_source_get_url (source),
               relay_whep_source_get_session_url (source));
}

static void
add_stream (RelayApiLive777 *self, JsonBuilder *builder, RelayStream *stream)
{
  const char *name = relay_stream_get_name (stream);
  StreamRecord *record = g_hash_table_lookup (self->streams, name);
  GListModel *outputs = relay_studio_get_outputs (self->studio);

  json_builder_begin_object (builder);
  relay_api_add_string (builder, "id", name);
  relay_api_add_int (builder, "createdAt", relay_stream_get_created_at (stream));

  json_builder_set_member_name (builder, "publish");
  json_builder_begin_object (builder);
  relay_api_add_int (builder, "leaveAt", record ? record->publish_left_at : 0);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  if (record != NULL && record->publish_session != NULL)
    {
      RelaySource *source = relay_stream_get_source (stream);

      json_builder_begin_object (builder);
      /* a WHIP publisher is known by its session, which DELETE ends */
      if (RELAY_IS_WEBRTC_SOURCE (source))
        {
          RelayWebrtcSession *session =
              relay_webrtc_source_get_session (RELAY_WEBRTC_SOURCE (source));

          add_session (builder, relay_webrtc_session_get_id (session),
                       relay_webrtc_session_get_created_at (session),
                       relay_api_connection_state_name (
                           relay_webrtc_session_get_connection_state (session)));
        }
      else if (RELAY_IS_WHEP_SOURCE (source))
        add_pull_session (builder, record, RELAY_WHEP_SOURCE (source));
      else
        add_session (builder, record->publish_session, record->publish_since, "connected");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "subscribe");
  json_builder_begin_object (builder);
  relay_api_add_int (builder, "leaveAt", record ? record->subscribe_left_at : 0);
  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      if (g_str_equal (relay_output_get_stream_name (output), name))
        add_output_session (self, builder, output);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

/* Handlers */

static void
handle_list (RelayApiRequest *request, gpointer user_data)
{
  RelayApiLive777 *self = user_data;
  GListModel *streams = relay_studio_get_streams (self->studio);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (streams); i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);

      add_stream (self, builder, stream);
    }
  json_builder_end_array (builder);

  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

/* A file that is not there is said so, rather than an unknown source: a spec
 * with no scheme is a path when it has a folder or an extension. */
static gboolean
check_file_exists (const char *spec, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (spec);
  g_autofree char *path = NULL;

  if (g_strcmp0 (scheme, "file") == 0)
    path = g_filename_from_uri (spec, NULL, NULL);
  else if (scheme == NULL && strpbrk (spec, "/.") != NULL)
    path = g_strdup (spec);

  if (path == NULL || g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "source", _ ("No such file “%s”"), spec);
  return FALSE;
}

static void
handle_create (RelayApiRequest *request, gpointer user_data)
{
  RelayApiLive777 *self = user_data;
  const char *id = relay_api_request_get_param (request, "streamId");
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (RelaySource) source = NULL;
  g_autofree char *spec = NULL;
  g_autoptr (GError) error = NULL;

  if (!relay_api_request_read_optional_object (request, &body, &error)
      || (body != NULL && !relay_api_live777_parse_create (body, &spec, &error))
      || (spec != NULL && !check_file_exists (spec, &error)))
    {
      relay_api_request_reply_error (request, error);
      return;
    }
  /* secret-bearing until parsed: GStreamer's errors may repeat it */
  relay_mask_register_url (spec);

  if (spec != NULL && !(source = relay_source_new_for_spec (spec, &error)))
    {
      g_autoptr (GError) named = NULL;

      relay_api_set_error (&named, SOUP_STATUS_BAD_REQUEST, "source", "%s", error->message);
      relay_api_request_reply_error (request, named);
      return;
    }

  if (relay_studio_add_stream (self->studio, id, source, &error) == NULL)
    {
      g_autoptr (GError) named = NULL;

      relay_api_set_error (&named, relay_api_error_get_status (error), "streamId", "%s",
                           error->message);
      relay_api_request_reply_error (request, named);
      return;
    }
  relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

static void
handle_destroy (RelayApiRequest *request, gpointer user_data)
{
  RelayApiLive777 *self = user_data;
  const char *id = relay_api_request_get_param (request, "streamId");
  g_autoptr (GError) error = NULL;
  RelayStream *stream = relay_studio_lookup_stream (self->studio, id);

  if (stream == NULL)
    relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "streamId", _ ("No stream named “%s”"), id);
  else if (stream == relay_studio_get_program (self->studio))
    relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "streamId",
                         _ ("“%s” is the program: it cannot be destroyed"), id);
  else
    relay_studio_remove_stream (self->studio, id, &error);

  if (error != NULL)
    relay_api_request_reply_error (request, error);
  else
    relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* The stream, made when missing, takes the remote WHEP stream as its source. */
static void
pull (RelayApiLive777 *self, RelayApiRequest *request, const char *stream_name,
      const RelayApiLive777Cascade *cascade)
{
  RelayStream *stream = relay_studio_lookup_stream (self->studio, stream_name);
  g_autoptr (RelaySource) source = relay_whep_source_new (cascade->source_url, cascade->token);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GError) error = NULL;

  if (stream != NULL && relay_api_stream_has_publisher (stream))
    relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "streamId",
                         _ ("“%s” already has a publisher"), stream_name);
  else if (stream != NULL)
    relay_stream_set_source (stream, source, &error);
  else
    stream = relay_studio_add_stream (self->studio, stream_name, source, &error);
  if (error != NULL)
    {
      g_autoptr (GError) named = NULL;

      relay_api_set_error (&named, relay_api_error_get_status (error), "streamId", "%s",
                           error->message);
      relay_api_request_reply_error (request, named);
      return;
    }

  json_builder_begin_object (builder);
  add_pull_session (builder, g_hash_table_lookup (self->streams, stream_name),
                    RELAY_WHEP_SOURCE (source));
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

static void
handle_cascade (RelayApiRequest *request, gpointer user_data)
{
  RelayApiLive777 *self = user_data;
  const char *stream_name = relay_api_request_get_param (request, "streamId");
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  g_auto (RelayApiLive777Cascade) cascade = { 0 };
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autofree char *id = relay_api_new_session_id ();
  g_autofree char *uri = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;
  RelayOutputOptions options;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_live777_parse_cascade (body, &cascade, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }
  relay_mask_register_secret (cascade.token);

  if (cascade.source_url != NULL)
    {
      pull (self, request, stream_name, &cascade);
      return;
    }

  if (relay_studio_lookup_stream (self->studio, stream_name) == NULL)
    {
      relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "streamId", _ ("No stream named “%s”"),
                           stream_name);
      relay_api_request_reply_error (request, error);
      return;
    }

  relay_output_options_init (&options);
  options.id = id;
  options.stream_name = stream_name;
  options.label = _ ("Live777 cascade");
  options.owner = RELAY_API_LIVE777_OWNER;
  options.attempts = settings->attempts;
  options.retry_delay_ms = settings->retry_delay_ms;
  options.stall_timeout_ms = settings->stall_timeout_ms;
  options.token = cascade.token;
  uri = g_strconcat ("whip+", cascade.target_url, NULL);
  output = relay_broadcast_create_output_with_options (
      relay_api_context_get_broadcast (self->context), uri, &options, &error);
  if (output == NULL || !relay_studio_add_output (self->studio, output, &error))
    {
      g_autoptr (GError) named = NULL;

      relay_api_set_error (&named, relay_api_error_get_status (error), "targetUrl", "%s",
                           error->message);
      relay_api_request_reply_error (request, named);
      return;
    }
  g_hash_table_replace (self->cascades, g_strdup (id), g_strdup (cascade.target_url));

  add_output_session (self, builder, output);
  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

/* GObject */

RelayApiLive777 *
relay_api_live777_new (RelayApiContext *context)
{
  RelayApiLive777 *self = g_object_new (RELAY_TYPE_API_LIVE777, NULL);
  GListModel *streams;

  self->context = context;
  self->studio = g_object_ref (relay_api_context_get_studio (context));
  streams = relay_studio_get_streams (self->studio);

  relay_api_context_add_route (context, "GET", "/api/streams", handle_list, self);
  relay_api_context_add_route (context, "POST", "/api/streams/:streamId", handle_create, self);
  relay_api_context_add_route (context, "DELETE", "/api/streams/:streamId", handle_destroy, self);
  relay_api_context_add_route (context, "POST", "/api/cascade/:streamId", handle_cascade, self);

  g_signal_connect_object (streams, "items-changed", G_CALLBACK (on_streams_changed), self, 0);
  g_signal_connect_object (relay_studio_get_outputs (self->studio), "items-changed",
                           G_CALLBACK (on_outputs_changed), self, 0);
  on_streams_changed (streams, 0, 0, g_list_model_get_n_items (streams), self);
  return self;
}

static void
relay_api_live777_dispose (GObject *object)
{
  RelayApiLive777 *self = RELAY_API_LIVE777 (object);

  g_clear_object (&self->studio);
  G_OBJECT_CLASS (relay_api_live777_parent_class)->dispose (object);
}

static void
relay_api_live777_finalize (GObject *object)
{
  RelayApiLive777 *self = RELAY_API_LIVE777 (object);

  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->cascades);
  G_OBJECT_CLASS (relay_api_live777_parent_class)->finalize (object);
}

static void
relay_api_live777_class_init (RelayApiLive777Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_live777_dispose;
  object_class->finalize = relay_api_live777_finalize;
}

static void
relay_api_live777_init (RelayApiLive777 *self)
{
  self->streams =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stream_record_free);
  self->cascades = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
