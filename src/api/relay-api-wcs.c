/* relay-api-wcs.c
 *
 * WCS republishes a stream to an RTMP server through a "transponder": here a
 * transponder is an RTMP output of the studio that this dialect made, its
 * mediaSessionId the output's id; what WCS alone knows (the startup options)
 * is kept beside it. Outputs of the window or of other dialects are theirs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/outputs/relay-rtmp-output.h"
#include "relay-api-wcs.h"

typedef struct
{
  char *stream_name;
  /* the rtmpUrl as given, for find's filter, and as shown */
  char *rtmp_url;
  char *shown_rtmp_url;
  /* the name it publishes under, shown as "streamName" (NULL: in the URL) */
  char *published_name;
  JsonNode *options;
  /* made by the automatic push of every stream */
  gboolean automatic;
} Transponder;

struct _RelayApiWcs
{
  GObject parent_instance;

  RelayApiContext *context;
  RelayStudio *studio;
  /* output id -> Transponder */
  GHashTable *transponders;
};

G_DEFINE_FINAL_TYPE (RelayApiWcs, relay_api_wcs, G_TYPE_OBJECT)

static void
transponder_free (Transponder *transponder)
{
  g_free (transponder->stream_name);
  g_free (transponder->rtmp_url);
  g_free (transponder->shown_rtmp_url);
  g_free (transponder->published_name);
  g_clear_pointer (&transponder->options, json_node_unref);
  g_free (transponder);
}

/* Parsing */

void
relay_api_wcs_startup_clear (RelayApiWcsStartup *startup)
{
  g_clear_pointer (&startup->stream_name, g_free);
  g_clear_pointer (&startup->rtmp_url, g_free);
  g_clear_pointer (&startup->options.sound_file, g_free);
}

static gboolean
sound_file_is_plain_name (const char *name, const char *field, GError **error)
{
  if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL || g_str_equal (name, ".")
      || g_str_equal (name, ".."))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                           _ ("“%s” must be the name of a file in the media folder"), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_options (JsonObject *options, RelayApiWcsOptions *out, GError **error)
{
  g_autofree char *action = NULL;

  if (!relay_api_read_string (options, "options", "action", RELAY_API_OPTIONAL, &action, error)
      || !relay_api_read_video_size (options, "options", RELAY_API_OPTIONAL, &out->width,
                                     &out->height, error))
    return FALSE;

  if (action == NULL)
    return TRUE;
  if (g_str_equal (action, "mute"))
    {
      out->mute = TRUE;
      return TRUE;
    }
  if (g_str_equal (action, "sound_on"))
    return relay_api_read_string (options, "options", "soundFile", RELAY_API_REQUIRED,
                                  &out->sound_file, error)
           && sound_file_is_plain_name (out->sound_file, "options.soundFile", error)
           && relay_api_read_boolean (options, "options", "loop", RELAY_API_OPTIONAL, &out->loop,
                                      error);

  relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "options.action",
                       _ ("“options.action” must be “mute” or “sound_on”"));
  return FALSE;
}

gboolean
relay_api_wcs_parse_startup (JsonObject *body, RelayApiWcsStartup *out, GError **error)
{
  JsonObject *options = NULL;

  return relay_api_read_string (body, NULL, "streamName", RELAY_API_REQUIRED, &out->stream_name,
                                error)
         && relay_api_read_string (body, NULL, "rtmpUrl", RELAY_API_REQUIRED, &out->rtmp_url, error)
         && relay_api_read_object (body, NULL, "options", RELAY_API_OPTIONAL, &options, error)
         && (options == NULL || parse_options (options, &out->options, error));
}

gboolean
relay_api_wcs_parse_find (JsonObject *body, char **stream_name, char **rtmp_url, GError **error)
{
  return relay_api_read_string (body, NULL, "streamName", RELAY_API_OPTIONAL, stream_name, error)
         && relay_api_read_string (body, NULL, "rtmpUrl", RELAY_API_OPTIONAL, rtmp_url, error);
}

gboolean
relay_api_wcs_parse_session (JsonObject *body, char **media_session_id, GError **error)
{
  return relay_api_read_string (body, NULL, "mediaSessionId", RELAY_API_REQUIRED, media_session_id,
                                error);
}

gboolean
relay_api_wcs_parse_sound_on (JsonObject *body, char **media_session_id, char **sound_file,
                              gboolean *loop, GError **error)
{
  return relay_api_wcs_parse_session (body, media_session_id, error)
         && relay_api_read_string (body, NULL, "soundFile", RELAY_API_REQUIRED, sound_file, error)
         && sound_file_is_plain_name (*sound_file, "soundFile", error)
         && relay_api_read_boolean (body, NULL, "loop", RELAY_API_OPTIONAL, loop, error);
}

/* Server URLs */

/* WCS's own auto-push example is a bare "rtmp://rtmp.server.com:1935/": a
 * server URL without an application publishes to "live", the application of
 * WCS's examples and nginx-rtmp's and Wowza's usual one. */
static char *
with_application (const char *server_url)
{
  g_autoptr (GUri) uri =
      g_uri_parse (server_url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, NULL);
  g_autoptr (GUri) completed = NULL;
  const char *path;

  if (uri == NULL)
    return g_strdup (server_url);
  path = g_uri_get_path (uri);
  if (path[strspn (path, "/")] != '\0')
    return g_strdup (server_url);

  completed = g_uri_build (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, g_uri_get_scheme (uri),
                           g_uri_get_userinfo (uri), g_uri_get_host (uri), g_uri_get_port (uri),
                           "/live", g_uri_get_query (uri), NULL);
  return g_uri_to_string (completed);
}

RelayRtmpUrl *
relay_api_wcs_split_url (const char *server_url, const char *stream_name, const char *prefix,
                         GError **error)
{
  g_autofree char *server = with_application (server_url);

  return relay_rtmp_url_new_split (server, stream_name, prefix, error);
}

/* Answers */

static char *
server_url_of (const RelayRtmpUrl *url)
{
  g_autoptr (RelayRtmpUrl) server = relay_rtmp_url_copy (url);
  g_autofree char *full = NULL;
  char *slash;

  /* to_string wants a stream; the server URL is everything before it */
  g_free (server->stream);
  server->stream = g_strdup ("x");
  full = relay_rtmp_url_to_string (server);
  slash = strrchr (full, '/');
  *slash = '\0';
  return relay_mask_rtmp_server_url (full);
}

/* One builder for a whole answer: find_all is what scripts poll. */
static void
add_transponder_json (RelayApiWcs *self, JsonBuilder *builder, RelayOutput *output)
{
  const RelayRtmpUrl *url = relay_rtmp_output_get_url (RELAY_RTMP_OUTPUT (output));
  const RelayProgramFormat *format = relay_studio_get_format (self->studio);
  Transponder *transponder = g_hash_table_lookup (self->transponders, relay_output_get_id (output));
  g_autofree char *stream_name = NULL;
  g_autofree char *rtmp_url = NULL;
  guint width = 0, height = 0;

  if (transponder != NULL && transponder->published_name != NULL)
    stream_name = g_strdup (transponder->published_name);
  else
    stream_name = relay_mask_secret (url->stream);
  if (transponder != NULL)
    rtmp_url = g_strdup (transponder->shown_rtmp_url);
  else
    rtmp_url = server_url_of (url);

  relay_output_get_video_size (output, &width, &height);
  if (width == 0 || height == 0)
    {
      width = format->width;
      height = format->height;
    }

  json_builder_begin_object (builder);
  relay_api_add_string (builder, "mediaSessionId", relay_output_get_id (output));
  relay_api_add_string (builder, "streamName", stream_name);
  relay_api_add_string (builder, "rtmpUrl", rtmp_url);
  relay_api_add_int (builder, "width", width);
  relay_api_add_int (builder, "height", height);
  relay_api_add_boolean (builder, "muted", relay_output_get_muted (output));
  relay_api_add_boolean (builder, "soundEnabled", relay_output_get_sound (output) != NULL);
  json_builder_set_member_name (builder, "options");
  if (transponder != NULL && transponder->options != NULL)
    json_builder_add_value (builder, json_node_copy (transponder->options));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static JsonNode *
transponder_to_json (RelayApiWcs *self, RelayOutput *output)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  add_transponder_json (self, builder, output);
  return json_builder_get_root (builder);
}

static gboolean
is_transponder (RelayOutput *output)
{
  return relay_output_is_owned_by (output, RELAY_API_WCS_OWNER)
         && relay_output_get_state (output) != RELAY_OUTPUT_STATE_STOPPED;
}

static gboolean
matches_filter (RelayApiWcs *self, RelayOutput *output, const char *stream_name,
                const char *rtmp_url)
{
  Transponder *transponder = g_hash_table_lookup (self->transponders, relay_output_get_id (output));

  if (stream_name != NULL && g_strcmp0 (relay_output_get_stream_name (output), stream_name) != 0
      && (transponder == NULL || g_strcmp0 (transponder->published_name, stream_name) != 0))
    return FALSE;
  if (rtmp_url != NULL && (transponder == NULL || g_strcmp0 (transponder->rtmp_url, rtmp_url) != 0))
    return FALSE;
  return TRUE;
}

static JsonNode *
find_transponders (RelayApiWcs *self, const char *stream_name, const char *rtmp_url)
{
  GListModel *outputs = relay_studio_get_outputs (self->studio);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n = g_list_model_get_n_items (outputs);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      if (is_transponder (output) && matches_filter (self, output, stream_name, rtmp_url))
        add_transponder_json (self, builder, output);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static RelayOutput *
lookup_transponder (RelayApiWcs *self, const char *id, GError **error)
{
  RelayOutput *output = relay_studio_lookup_output (self->studio, id);

  if (output == NULL || !is_transponder (output))
    {
      relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, "mediaSessionId",
                           _ ("No transponder “%s”"), id);
      return NULL;
    }
  return output;
}

/* Creating */

static char *
normalised_url (const RelayRtmpUrl *url)
{
  return relay_rtmp_url_to_string (url);
}

static gboolean
exists_for (RelayApiWcs *self, const char *stream_name, const RelayRtmpUrl *url)
{
  GListModel *outputs = relay_studio_get_outputs (self->studio);
  g_autofree char *wanted = normalised_url (url);
  guint n = g_list_model_get_n_items (outputs);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);
      g_autofree char *existing = NULL;

      if (!is_transponder (output)
          || g_strcmp0 (relay_output_get_stream_name (output), stream_name) != 0)
        continue;
      existing = normalised_url (relay_rtmp_output_get_url (RELAY_RTMP_OUTPUT (output)));
      if (g_str_equal (existing, wanted))
        return TRUE;
    }
  return FALSE;
}

static JsonNode *
options_to_json (const RelayApiWcsOptions *options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (options->mute)
    relay_api_add_string (builder, "action", "mute");
  else if (options->sound_file != NULL)
    {
      relay_api_add_string (builder, "action", "sound_on");
      relay_api_add_string (builder, "soundFile", options->sound_file);
      relay_api_add_boolean (builder, "loop", options->loop);
    }
  if (options->width != 0)
    {
      relay_api_add_int (builder, "width", options->width);
      relay_api_add_int (builder, "height", options->height);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Checks a startup and makes its output, not yet added. The automatic push's
 * URL names a server, whatever the full-URL setting.
 * Returns: (transfer full) */
static RelayOutput *
prepare_transponder (RelayApiWcs *self, const RelayApiWcsStartup *startup, gboolean automatic,
                     GError **error)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  g_autoptr (RelayRtmpUrl) url = NULL;
  g_autofree char *id = relay_api_new_session_id ();
  g_autoptr (GError) url_error = NULL;
  RelayOutputOptions options;

  if (relay_studio_lookup_stream (self->studio, startup->stream_name) == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, "streamName", _ ("No stream named “%s”"),
                           startup->stream_name);
      return NULL;
    }

  if (settings->wcs_full_url && !automatic)
    url = relay_rtmp_url_parse (startup->rtmp_url, &url_error);
  else
    url = relay_api_wcs_split_url (startup->rtmp_url, startup->stream_name,
                                   settings->wcs_stream_prefix, &url_error);
  if (url == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "rtmpUrl", "%s", url_error->message);
      return NULL;
    }

  relay_output_options_init (&options);
  options.id = id;
  options.stream_name = startup->stream_name;
  options.label = _ ("WCS push");
  options.owner = RELAY_API_WCS_OWNER;
  options.attempts = settings->attempts;
  options.retry_delay_ms = settings->retry_delay_ms;
  options.stall_timeout_ms = settings->stall_timeout_ms;
  options.video_width = startup->options.width;
  options.video_height = startup->options.height;
  return relay_broadcast_create_rtmp_output (relay_api_context_get_broadcast (self->context), url,
                                             &options);
}

static gboolean
add_transponder (RelayApiWcs *self, RelayOutput *output, const RelayApiWcsStartup *startup,
                 gboolean automatic, GError **error)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  Transponder *transponder;

  if (exists_for (self, startup->stream_name,
                  relay_rtmp_output_get_url (RELAY_RTMP_OUTPUT (output))))
    {
      g_autofree char *shown = relay_mask_url (startup->rtmp_url);

      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "rtmpUrl",
                           _ ("A transponder of “%s” to %s exists"), startup->stream_name, shown);
      return FALSE;
    }
  if (!relay_studio_add_output (self->studio, output, error))
    return FALSE;

  transponder = g_new0 (Transponder, 1);
  transponder->stream_name = g_strdup (startup->stream_name);
  transponder->rtmp_url = g_strdup (startup->rtmp_url);
  transponder->shown_rtmp_url = relay_mask_url (startup->rtmp_url);
  if (!settings->wcs_full_url || automatic)
    transponder->published_name =
        g_strconcat (settings->wcs_stream_prefix, startup->stream_name, NULL);
  transponder->options = options_to_json (&startup->options);
  transponder->automatic = automatic;
  g_hash_table_insert (self->transponders, g_strdup (relay_output_get_id (output)), transponder);

  g_debug ("WCS transponder %s of stream %s", relay_output_get_id (output), startup->stream_name);
  return TRUE;
}

static gboolean
start_transponder (RelayApiWcs *self, const RelayApiWcsStartup *startup, gboolean automatic,
                   GError **error)
{
  g_autoptr (RelayOutput) output = prepare_transponder (self, startup, automatic, error);

  return output != NULL && add_transponder (self, output, startup, automatic, error);
}

/* Sound files come from the media folder, read on a worker thread. */
static void
load_sound (RelayApiWcs *self, const char *sound_file, GAsyncReadyCallback callback,
            gpointer user_data)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  g_autofree char *path = g_build_filename (settings->media_dir, sound_file, NULL);

  relay_sound_clip_load_async (path, relay_studio_get_format (self->studio), NULL, callback,
                               user_data);
}

static RelaySoundClip *
load_sound_finish (GAsyncResult *result, const char *field, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  RelaySoundClip *clip = relay_sound_clip_load_finish (result, &local_error);

  if (clip == NULL)
    {
      if (g_error_matches (local_error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND))
        relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, field, _ ("No such file"));
      else
        relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, "%s", local_error->message);
    }
  return clip;
}

/* Handlers */

typedef struct
{
  RelayApiWcs *self;
  RelayApiRequest *request;
  RelayApiWcsStartup startup;
  RelayOutput *output;
  char *session_id;
  gboolean loop;
} Pending;

static Pending *
pending_new (RelayApiWcs *self, RelayApiRequest *request)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->request = relay_api_request_ref (request);
  relay_api_request_defer (request);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  relay_api_request_unref (pending->request);
  relay_api_wcs_startup_clear (&pending->startup);
  g_clear_object (&pending->output);
  g_free (pending->session_id);
  g_free (pending);
}

static void
finish_startup (RelayApiWcs *self, RelayApiRequest *request, RelayOutput *output,
                const RelayApiWcsStartup *startup)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;

  if (!add_transponder (self, output, startup, FALSE, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }
  answer = transponder_to_json (self, output);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

static void
on_startup_sound_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaySoundClip) clip = load_sound_finish (result, "options.soundFile", &error);

  if (clip == NULL)
    relay_api_request_reply_error (pending->request, error);
  else
    {
      relay_output_set_sound (pending->output, clip, pending->startup.options.loop);
      finish_startup (pending->self, pending->request, pending->output, &pending->startup);
    }
  pending_free (pending);
}

static void
handle_startup (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_auto (RelayApiWcsStartup) startup = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  Pending *pending;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_wcs_parse_startup (body, &startup, &error)
      || !(output = prepare_transponder (self, &startup, FALSE, &error)))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  /* The options apply from the first frame on. */
  relay_output_set_muted (output, startup.options.mute);
  if (startup.options.sound_file == NULL)
    {
      finish_startup (self, request, output, &startup);
      return;
    }

  pending = pending_new (self, request);
  pending->startup = startup;
  memset (&startup, 0, sizeof startup);
  pending->output = g_steal_pointer (&output);
  load_sound (self, pending->startup.options.sound_file, on_startup_sound_loaded, pending);
}

static void
reply_found (RelayApiRequest *request, JsonNode *found)
{
  if (json_array_get_length (json_node_get_array (found)) == 0)
    relay_api_request_reply_status (request, SOUP_STATUS_NOT_FOUND, _ ("Transponder not found"));
  else
    relay_api_request_reply_json (request, SOUP_STATUS_OK, found);
}

static void
handle_find (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *stream_name = NULL;
  g_autofree char *rtmp_url = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) found = NULL;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_wcs_parse_find (body, &stream_name, &rtmp_url, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  found = find_transponders (self, stream_name, rtmp_url);
  reply_found (request, found);
}

static void
handle_find_all (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  g_autoptr (JsonNode) found = find_transponders (self, NULL, NULL);

  reply_found (request, found);
}

/* The transponder a {"mediaSessionId": ...} body names; NULL when the
 * request was answered with an error. */
static RelayOutput *
read_transponder (RelayApiWcs *self, RelayApiRequest *request)
{
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  RelayOutput *output = NULL;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_wcs_parse_session (body, &id, &error)
      || !(output = lookup_transponder (self, id, &error)))
    relay_api_request_reply_error (request, error);
  return output;
}

static void
on_terminated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApiRequest) request = user_data;

  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  relay_api_request_reply_empty (request, SOUP_STATUS_OK);
}

static void
handle_terminate (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  RelayOutput *output = read_transponder (self, request);

  if (output == NULL)
    return;

  /* The answer waits until the RTMP stream is unpublished. */
  relay_api_request_defer (request);
  relay_studio_remove_output_async (self->studio, output, NULL, on_terminated,
                                    relay_api_request_ref (request));
}

static void
handle_mute (RelayApiRequest *request, gboolean muted, RelayApiWcs *self)
{
  RelayOutput *output = read_transponder (self, request);

  if (output == NULL)
    return;

  relay_output_set_muted (output, muted);
  relay_api_request_reply_empty (request, SOUP_STATUS_OK);
}

static void
handle_mute_on (RelayApiRequest *request, gpointer user_data)
{
  handle_mute (request, TRUE, user_data);
}

static void
handle_mute_off (RelayApiRequest *request, gpointer user_data)
{
  handle_mute (request, FALSE, user_data);
}

static void
on_sound_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaySoundClip) clip = load_sound_finish (result, "soundFile", &error);
  RelayOutput *output;

  /* it may have been terminated meanwhile */
  if (clip != NULL && (output = lookup_transponder (pending->self, pending->session_id, &error)))
    {
      relay_output_set_sound (output, clip, pending->loop);
      relay_api_request_reply_empty (pending->request, SOUP_STATUS_OK);
    }
  else
    relay_api_request_reply_error (pending->request, error);
  pending_free (pending);
}

static void
handle_sound_on (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sound_file = NULL;
  g_autoptr (GError) error = NULL;
  gboolean loop = FALSE;
  Pending *pending;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_wcs_parse_sound_on (body, &id, &sound_file, &loop, &error)
      || !lookup_transponder (self, id, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  pending = pending_new (self, request);
  pending->session_id = g_steal_pointer (&id);
  pending->loop = loop;
  load_sound (self, sound_file, on_sound_loaded, pending);
}

static void
handle_sound_off (RelayApiRequest *request, gpointer user_data)
{
  RelayApiWcs *self = user_data;
  RelayOutput *output = read_transponder (self, request);

  if (output == NULL)
    return;

  relay_output_set_sound (output, NULL, FALSE);
  relay_api_request_reply_empty (request, SOUP_STATUS_OK);
}

/* Automatic push of every stream */

static void
sync_automatic_push (RelayApiWcs *self)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  GListModel *streams = relay_studio_get_streams (self->studio);
  guint n = g_list_model_get_n_items (streams);
  GHashTableIter iter;
  const char *id;
  Transponder *transponder;

  if (settings->wcs_auto_push_url == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);
      RelayApiWcsStartup startup = { (char *) relay_stream_get_name (stream),
                                     settings->wcs_auto_push_url };
      g_autoptr (GError) error = NULL;
      gboolean pushed = FALSE;

      g_hash_table_iter_init (&iter, self->transponders);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &transponder))
        pushed |= transponder->automatic
                  && g_str_equal (transponder->stream_name, relay_stream_get_name (stream));

      if (!pushed && !start_transponder (self, &startup, TRUE, &error))
        g_warning ("automatic push of %s: %s", startup.stream_name, error->message);
    }

  /* A stream that went away takes its automatic push with it. */
  g_hash_table_iter_init (&iter, self->transponders);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &transponder))
    {
      RelayOutput *output;

      if (!transponder->automatic
          || relay_studio_lookup_stream (self->studio, transponder->stream_name) != NULL)
        continue;
      output = relay_studio_lookup_output (self->studio, id);
      g_hash_table_iter_remove (&iter);
      if (output != NULL)
        relay_studio_remove_output_async (self->studio, output, NULL, NULL, NULL);
    }
}

static void
on_streams_changed (GListModel *streams, guint position, guint removed, guint added,
                    RelayApiWcs *self)
{
  sync_automatic_push (self);
}

/* What WCS knows of an output goes with it. */
static void
on_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                    RelayApiWcs *self)
{
  GHashTableIter iter;
  const char *id;

  if (removed == 0)
    return;

  g_hash_table_iter_init (&iter, self->transponders);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      if (relay_studio_lookup_output (self->studio, id) == NULL)
        g_hash_table_iter_remove (&iter);
    }
}

/* GObject */

RelayApiWcs *
relay_api_wcs_new (RelayApiContext *context)
{
  RelayApiWcs *self = g_object_new (RELAY_TYPE_API_WCS, NULL);

  self->context = context;
  self->studio = g_object_ref (relay_api_context_get_studio (context));

  relay_api_context_add_route (context, "POST", "/rest-api/push/startup", handle_startup, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/find", handle_find, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/find_all", handle_find_all, self);
  relay_api_context_add_route (context, "GET", "/rest-api/push/find_all", handle_find_all, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/terminate", handle_terminate, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/mute", handle_mute_on, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/unmute", handle_mute_off, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/sound_on", handle_sound_on, self);
  relay_api_context_add_route (context, "POST", "/rest-api/push/sound_off", handle_sound_off, self);

  g_signal_connect_object (relay_studio_get_outputs (self->studio), "items-changed",
                           G_CALLBACK (on_outputs_changed), self, 0);
  g_signal_connect_object (relay_studio_get_streams (self->studio), "items-changed",
                           G_CALLBACK (on_streams_changed), self, 0);
  sync_automatic_push (self);
  return self;
}

static void
relay_api_wcs_dispose (GObject *object)
{
  RelayApiWcs *self = RELAY_API_WCS (object);

  g_clear_object (&self->studio);
  G_OBJECT_CLASS (relay_api_wcs_parent_class)->dispose (object);
}

static void
relay_api_wcs_finalize (GObject *object)
{
  RelayApiWcs *self = RELAY_API_WCS (object);

  g_hash_table_unref (self->transponders);
  G_OBJECT_CLASS (relay_api_wcs_parent_class)->finalize (object);
}

static void
relay_api_wcs_class_init (RelayApiWcsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_wcs_dispose;
  object_class->finalize = relay_api_wcs_finalize;
}

static void
relay_api_wcs_init (RelayApiWcs *self)
{
  self->transponders =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) transponder_free);
}
