/* relay-api-red5.c
 *
 * A restream is an output whose id is the Red5 guid, carrying the stream
 * named by "name" (the program, a WHIP publish, an API-added stream).
 * whip-push makes a "whip+<endpoint>" output with the bearer token beside it;
 * rtmp-push publishes to the endpoint (an RTMP server URL) under the bearer
 * token when there is one (the stream key) or else under "name".
 *
 * immediate=false waits for the stream (the studio starts an output when its
 * stream goes live); immediate=true wants the stream to exist now.
 * persist=true keeps the restream in $XDG_CONFIG_HOME/relaycast/restreams.json
 * and makes it again when Relaycast starts. Its bearer token goes to the
 * keyring (RelaySecrets, id "restream:<guid>"), never into that file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-api-red5.h"
#include "relay-api-store.h"

#define TWITCH_WHIP_ENDPOINT "https://g.webrtc.live-video.net:4443/v2/offer"
#define MAX_ATTEMPTS         1000
#define MAX_DELAY_S          86400
#define MAX_LEVEL            1000

struct _RelayApiRed5
{
  GObject parent_instance;

  RelayApiContext *context;
  RelayStudio *studio;
  /* guid -> RelayApiRed5Request: what Red5 knows of its restreams */
  GHashTable *restreams;
  RelayApiStore *store;
  /* guid -> why a persisted restream could not be made again */
  GHashTable *restore_errors;
};

G_DEFINE_FINAL_TYPE (RelayApiRed5, relay_api_red5, G_TYPE_OBJECT)

static const char *const action_names[] = { "create", "update", "kill", "list" };
static const char *const types[] = { "whip-push", "rtmp-push", NULL };
static const char *const service_providers[] = { "twitch", "dolby", "red5", "none", NULL };

void
relay_api_red5_request_clear (RelayApiRed5Request *request)
{
  g_clear_pointer (&request->guid, g_free);
  g_clear_pointer (&request->context, g_free);
  g_clear_pointer (&request->name, g_free);
  g_clear_pointer (&request->type, g_free);
  g_clear_pointer (&request->service_provider, g_free);
  g_clear_pointer (&request->endpoint, g_free);
  g_clear_pointer (&request->bearer_token, g_free);
}

static void
request_free (RelayApiRed5Request *request)
{
  relay_api_red5_request_clear (request);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayApiRed5Request, request_free)

static RelayApiRed5Request *
request_copy (const RelayApiRed5Request *request)
{
  RelayApiRed5Request *copy = g_memdup2 (request, sizeof *request);

  copy->guid = g_strdup (request->guid);
  copy->context = g_strdup (request->context);
  copy->name = g_strdup (request->name);
  copy->type = g_strdup (request->type);
  copy->service_provider = g_strdup (request->service_provider);
  copy->endpoint = g_strdup (request->endpoint);
  copy->bearer_token = g_strdup (request->bearer_token);
  return copy;
}

/* Parsing */

static gboolean
is_given (JsonObject *parameters, const char *name)
{
  JsonNode *node = json_object_get_member (parameters, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

static gboolean
read_choice (JsonObject *parameters, const char *name, const char *const *choices, char **out,
             GError **error)
{
  g_autofree char *value = NULL;

  if (!relay_api_read_string (parameters, "parameters", name, RELAY_API_OPTIONAL, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (value, choices[i]) == 0)
        {
          g_free (*out);
          *out = g_strdup (choices[i]);
          return TRUE;
        }
    }

  {
    g_autofree char *field = g_strconcat ("parameters.", name, NULL);
    g_autofree char *allowed = g_strjoinv (", ", (char **) choices);

    relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("“%s” must be one of: %s"),
                         field, allowed);
  }
  return FALSE;
}

static gboolean
read_parameters (JsonObject *parameters, RelayApiRed5Request *out, GError **error)
{
  static const struct
  {
    const char *name;
    RelayApiRed5Field field;
    gsize offset;
  } booleans[] = {
    { "audio", RELAY_API_RED5_AUDIO, G_STRUCT_OFFSET (RelayApiRed5Request, audio) },
    { "video", RELAY_API_RED5_VIDEO, G_STRUCT_OFFSET (RelayApiRed5Request, video) },
    { "datachannel", RELAY_API_RED5_DATACHANNEL,
      G_STRUCT_OFFSET (RelayApiRed5Request, datachannel) },
    { "insertableStream", RELAY_API_RED5_INSERTABLE_STREAM,
      G_STRUCT_OFFSET (RelayApiRed5Request, insertable_stream) },
    { "immediate", RELAY_API_RED5_IMMEDIATE, G_STRUCT_OFFSET (RelayApiRed5Request, immediate) },
    { "persist", RELAY_API_RED5_PERSIST, G_STRUCT_OFFSET (RelayApiRed5Request, persist) },
  };
  static const struct
  {
    const char *name;
    RelayApiRed5Field field;
  } strings[] = {
    { "type", RELAY_API_RED5_TYPE },
    { "serviceProvider", RELAY_API_RED5_SERVICE_PROVIDER },
    { "endpoint", RELAY_API_RED5_ENDPOINT },
    { "bearerToken", RELAY_API_RED5_BEARER_TOKEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      if (is_given (parameters, strings[i].name))
        out->given |= strings[i].field;
    }
  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    {
      if (!relay_api_read_boolean (parameters, "parameters", booleans[i].name, RELAY_API_OPTIONAL,
                                   G_STRUCT_MEMBER_P (out, booleans[i].offset), error))
        return FALSE;
      if (is_given (parameters, booleans[i].name))
        out->given |= booleans[i].field;
    }
  if (is_given (parameters, "attempts"))
    out->given |= RELAY_API_RED5_ATTEMPTS;
  if (is_given (parameters, "delayS"))
    out->given |= RELAY_API_RED5_DELAY;

  return read_choice (parameters, "type", types, &out->type, error)
         && read_choice (parameters, "serviceProvider", service_providers, &out->service_provider,
                         error)
         && relay_api_read_string (parameters, "parameters", "endpoint", RELAY_API_OPTIONAL,
                                   &out->endpoint, error)
         && relay_api_read_string (parameters, "parameters", "bearerToken", RELAY_API_OPTIONAL,
                                   &out->bearer_token, error)
         && relay_api_read_uint (parameters, "parameters", "attempts", RELAY_API_OPTIONAL,
                                 MAX_ATTEMPTS, &out->attempts, error)
         && relay_api_read_uint (parameters, "parameters", "delayS", RELAY_API_OPTIONAL,
                                 MAX_DELAY_S, &out->delay_s, error);
}

static gboolean
missing (GError **error, const char *field)
{
  relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("“%s” is missing"), field);
  return FALSE;
}

/* What a restream needs to be made, once defaults and an update are applied. */
static gboolean
validate_restream (RelayApiRed5Request *r, GError **error)
{
  gboolean whip;

  if (r->guid == NULL)
    return missing (error, "guid");
  if (r->name == NULL)
    return missing (error, "name");
  if (r->type == NULL)
    return missing (error, "parameters.type");

  whip = g_str_equal (r->type, "whip-push");
  if (r->service_provider == NULL)
    r->service_provider = g_strdup ("none");
  if (r->endpoint == NULL && whip && g_str_equal (r->service_provider, "twitch"))
    r->endpoint = g_strdup (TWITCH_WHIP_ENDPOINT);
  if (r->endpoint == NULL)
    return missing (error, "parameters.endpoint");

  if (whip ? !g_str_has_prefix (r->endpoint, "http://")
                 && !g_str_has_prefix (r->endpoint, "https://")
           : !g_str_has_prefix (r->endpoint, "rtmp://")
                 && !g_str_has_prefix (r->endpoint, "rtmps://"))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.endpoint",
                           whip ? _ ("A whip-push endpoint is an http:// or https:// URL")
                                : _ ("An rtmp-push endpoint is an rtmp:// or rtmps:// server URL"));
      return FALSE;
    }
  /* Their stream key or publish token is the bearer token. */
  if (r->bearer_token == NULL
      && (g_str_equal (r->service_provider, "twitch")
          || g_str_equal (r->service_provider, "dolby")))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.bearerToken",
                           _ ("“parameters.bearerToken” is needed for %s"), r->service_provider);
      return FALSE;
    }
  if (!r->audio && !r->video)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.video",
                           _ ("A restream needs audio or video"));
      return FALSE;
    }
  return TRUE;
}

/**
 * relay_api_red5_parse:
 * @path_context: (nullable): the <context> of /<context>/restream
 */
gboolean
relay_api_red5_parse (JsonObject *body, const char *path_context, RelayApiRed5Request *out,
                      GError **error)
{
  g_autofree char *action = NULL;
  JsonObject *parameters = NULL;
  gboolean known = FALSE;

  out->audio = TRUE;
  out->video = TRUE;

  if (!relay_api_read_string (body, NULL, "guid", RELAY_API_OPTIONAL, &out->guid, error)
      || !relay_api_read_string (body, NULL, "context", RELAY_API_OPTIONAL, &out->context, error)
      || !relay_api_read_string (body, NULL, "name", RELAY_API_OPTIONAL, &out->name, error)
      || !relay_api_read_int (body, NULL, "level", RELAY_API_OPTIONAL, -MAX_LEVEL, MAX_LEVEL,
                              &out->level, error)
      || !relay_api_read_object (body, NULL, "parameters", RELAY_API_REQUIRED, &parameters, error)
      || !relay_api_read_string (parameters, "parameters", "action", RELAY_API_REQUIRED, &action,
                                 error)
      || !read_parameters (parameters, out, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      if (g_ascii_strcasecmp (action, action_names[i]) == 0)
        {
          out->action = (RelayApiRed5Action) i;
          known = TRUE;
        }
    }
  if (!known)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.action",
                           _ ("“parameters.action” must be create, update, kill or list"));
      return FALSE;
    }

  if (out->context != NULL && path_context != NULL && !g_str_equal (out->context, path_context))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "context",
                           _ ("“context” is “%s” but the path says “%s”"), out->context,
                           path_context);
      return FALSE;
    }
  if (out->context == NULL)
    out->context = g_strdup (path_context ? path_context : "live");

  switch (out->action)
    {
      case RELAY_API_RED5_CREATE:
        return validate_restream (out, error);
      case RELAY_API_RED5_UPDATE:
      case RELAY_API_RED5_KILL:
        return out->guid != NULL || missing (error, "guid");
      case RELAY_API_RED5_LIST:
      default:
        return TRUE;
    }
}

/* Answers */

/* An rtmp-push endpoint is a server URL, its stream name comes apart. */
static char *
show_endpoint (const RelayApiRed5Request *r)
{
  return g_str_equal (r->type, "whip-push") ? relay_mask_url (r->endpoint)
                                            : relay_mask_rtmp_server_url (r->endpoint);
}

/* @for_store: the form kept on disk, a create request that holds no secret */
static void
add_restream_members (JsonBuilder *builder, const RelayApiRed5Request *r, gboolean for_store)
{
  relay_api_add_string (builder, "guid", r->guid);
  relay_api_add_string (builder, "context", r->context);
  relay_api_add_string (builder, "name", r->name);
  relay_api_add_int (builder, "level", r->level);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  relay_api_add_string (builder, "type", r->type);
  if (for_store)
    relay_api_add_string (builder, "action", "create");
  relay_api_add_string (builder, "serviceProvider", r->service_provider);
  if (for_store)
    relay_api_add_string (builder, "endpoint", r->endpoint);
  else
    {
      g_autofree char *endpoint = show_endpoint (r);

      relay_api_add_string (builder, "endpoint", endpoint);
    }
  if (r->bearer_token != NULL && for_store)
    relay_api_add_boolean (builder, "bearerTokenInKeyring", TRUE);
  else if (r->bearer_token != NULL)
    {
      g_autofree char *token = relay_mask_secret (r->bearer_token);

      relay_api_add_string (builder, "bearerToken", token);
    }
  relay_api_add_boolean (builder, "audio", r->audio);
  relay_api_add_boolean (builder, "video", r->video);
  relay_api_add_boolean (builder, "datachannel", r->datachannel);
  relay_api_add_boolean (builder, "insertableStream", r->insertable_stream);
  relay_api_add_boolean (builder, "immediate", r->immediate);
  relay_api_add_int (builder, "attempts", r->attempts);
  relay_api_add_int (builder, "delayS", r->delay_s);
  relay_api_add_boolean (builder, "persist", r->persist);
  json_builder_end_object (builder);
}

static JsonNode *
restream_to_json (RelayApiRed5 *self, const RelayApiRed5Request *r, RelayOutput *output)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const char *restore_error = g_hash_table_lookup (self->restore_errors, r->guid);

  json_builder_begin_object (builder);
  add_restream_members (builder, r, FALSE);
  json_builder_set_member_name (builder, "state");
  if (output != NULL)
    json_builder_add_string_value (builder,
                                   relay_output_state_to_string (relay_output_get_state (output)));
  else
    json_builder_add_string_value (builder, restore_error ? "failed" : "stopped");
  json_builder_set_member_name (builder, "stats");
  if (output != NULL)
    relay_api_add_output_stats (builder, output);
  else
    json_builder_add_null_value (builder);
  if (restore_error != NULL)
    relay_api_add_string (builder, "error", restore_error);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonObject *
restream_to_store_entry (const RelayApiRed5Request *r)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_restream_members (builder, r, TRUE);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (node));
}

/* What Red5 shows of an output it did not make (the window, --output, WCS). */
static RelayApiRed5Request *
describe_other_output (RelayOutput *output)
{
  RelayApiRed5Request *r = g_new0 (RelayApiRed5Request, 1);
  const char *url = relay_output_get_display_url (output);

  r->guid = g_strdup (relay_output_get_id (output));
  r->context = g_strdup ("live");
  r->name = g_strdup (relay_output_get_stream_name (output));
  if (g_str_has_prefix (url, "rtmp"))
    r->type = g_strdup ("rtmp-push");
  else if (g_str_has_prefix (url, "file:"))
    r->type = g_strdup ("record");
  else
    r->type = g_strdup ("whip-push");
  r->service_provider = g_strdup ("none");
  r->endpoint = g_strdup (url);
  r->audio = relay_output_get_audio_enabled (output);
  r->video = relay_output_get_video_enabled (output);
  r->attempts = relay_output_get_attempts (output);
  r->delay_s = relay_output_get_retry_delay_ms (output) / 1000;
  return r;
}

static JsonNode *
output_to_json (RelayApiRed5 *self, RelayOutput *output)
{
  RelayApiRed5Request *r = g_hash_table_lookup (self->restreams, relay_output_get_id (output));
  g_autoptr (RelayApiRed5Request) other = NULL;

  if (r == NULL)
    r = other = describe_other_output (output);
  return restream_to_json (self, r, output);
}

/* Making restreams */

/* The bearer token can go to the keyring; a secret inside the endpoint (a
 * password, a key in the path or the query) would land in restreams.json. */
static gboolean
check_persistable (const RelayApiRed5Request *r, GError **error)
{
  g_autofree char *masked = show_endpoint (r);

  if (!g_str_equal (masked, r->endpoint))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.endpoint",
                           _ ("A restream with a secret in its endpoint cannot persist: give the "
                              "key as bearerToken, which is kept in the keyring"));
      return FALSE;
    }
  return TRUE;
}

static char *
secret_id (const char *guid)
{
  return g_strconcat ("restream:", guid, NULL);
}

static void
on_secret_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relay_secrets_clear_finish (RELAY_SECRETS (source), result, &error))
    g_debug ("a restream's token stays in the keyring: %s", error->message);
}

static void
forget_secret (RelayApiRed5 *self, const char *guid)
{
  g_autofree char *id = secret_id (guid);

  relay_secrets_clear_async (relay_api_context_get_secrets (self->context), id, NULL,
                             on_secret_cleared, NULL);
}

static RelayOutput *
make_output (RelayApiRed5 *self, const RelayApiRed5Request *r, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  RelayOutputOptions options;
  RelayOutput *output;

  relay_output_options_init (&options);
  options.id = r->guid;
  options.stream_name = r->name;
  options.label = r->guid;
  options.owner = RELAY_API_RED5_OWNER;
  options.attempts = r->attempts;
  options.retry_delay_ms = r->delay_s * 1000;
  options.stall_timeout_ms = relay_api_context_get_settings (self->context)->stall_timeout_ms;
  options.audio_enabled = r->audio;
  options.video_enabled = r->video;
  options.token = r->bearer_token;
  relay_mask_register_secret (r->bearer_token);

  if (g_str_equal (r->type, "whip-push"))
    {
      g_autofree char *uri = g_strconcat ("whip+", r->endpoint, NULL);

      output = relay_broadcast_create_output_with_options (
          relay_api_context_get_broadcast (self->context), uri, &options, &local_error);
    }
  else
    {
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_new_split (
          r->endpoint, r->bearer_token ? r->bearer_token : r->name, NULL, &local_error);

      output = url ? relay_broadcast_create_rtmp_output (
                   relay_api_context_get_broadcast (self->context), url, &options)
                   : NULL;
    }

  if (output == NULL)
    relay_api_set_error (error, relay_api_error_get_status (local_error), "parameters.endpoint",
                         "%s", local_error->message);
  return output;
}

/* @r: complete (validated); the defaults of a create are applied here */
static gboolean
prepare_restream (RelayApiRed5 *self, RelayApiRed5Request *r, GError **error)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);

  if (!(r->given & RELAY_API_RED5_ATTEMPTS))
    r->attempts = settings->attempts;
  if (!(r->given & RELAY_API_RED5_DELAY))
    r->delay_s = settings->retry_delay_ms / 1000;

  if (relay_studio_lookup_output (self->studio, r->guid) != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "guid", _ ("A restream “%s” exists"),
                           r->guid);
      return FALSE;
    }
  if (r->immediate && relay_studio_lookup_stream (self->studio, r->name) == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, "name",
                           _ ("No stream named “%s” (immediate=false waits for it)"), r->name);
      return FALSE;
    }
  return !r->persist || check_persistable (r, error);
}

static RelayOutput *
start_restream (RelayApiRed5 *self, const RelayApiRed5Request *r, GError **error)
{
  g_autoptr (RelayOutput) output = NULL;

  if (relay_studio_lookup_output (self->studio, r->guid) != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "guid", _ ("A restream “%s” exists"),
                           r->guid);
      return NULL;
    }

  output = make_output (self, r, error);
  if (output == NULL || !relay_studio_add_output (self->studio, output, error))
    return NULL;

  g_hash_table_replace (self->restreams, g_strdup (r->guid), request_copy (r));
  g_hash_table_remove (self->restore_errors, r->guid);
  if (r->persist)
    {
      g_autoptr (JsonObject) entry = restream_to_store_entry (r);

      relay_api_store_put (self->store, r->guid, entry);
    }
  else
    relay_api_store_remove (self->store, r->guid);

  return output;
}

/* Handlers */

typedef struct _Pending Pending;

struct _Pending
{
  RelayApiRed5 *self;
  RelayApiRequest *request;
  RelayApiRed5Request *restream;
  /* an update's new output, added once the old one is gone */
  RelayOutput *replacement;
  /* the output a kill stopped */
  RelayOutput *stopped;
  /* what runs once the token is in the keyring */
  void (*then) (Pending *pending);
  /* the fields an update named */
  RelayApiRed5Field update;
};

static Pending *
pending_new (RelayApiRed5 *self, RelayApiRequest *request, RelayApiRed5Request *restream)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->request = relay_api_request_ref (request);
  pending->restream = restream;
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  relay_api_request_unref (pending->request);
  g_clear_pointer (&pending->restream, request_free);
  g_clear_object (&pending->replacement);
  g_clear_object (&pending->stopped);
  g_free (pending);
}

static void
reply_restream (Pending *pending)
{
  RelayApiRed5 *self = pending->self;
  RelayOutput *output = pending->stopped
                            ? pending->stopped
                            : relay_studio_lookup_output (self->studio, pending->restream->guid);
  g_autoptr (JsonNode) answer = restream_to_json (self, pending->restream, output);

  relay_api_request_reply_json (pending->request, SOUP_STATUS_OK, answer);
  pending_free (pending);
}

static void
on_store_flushed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_api_store_flush_finish (RELAY_API_STORE (source), result, &error))
    {
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }
  reply_restream (pending);
}

/* Answers once what must persist is on disk, so that a restart right after
 * the answer finds it. */
static void
reply_when_saved (Pending *pending)
{
  relay_api_store_flush_async (pending->self->store, NULL, on_store_flushed, pending);
}

static void
on_secret_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_secrets_store_finish (RELAY_SECRETS (source), result, &error))
    {
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }
  pending->then (pending);
}

/* A persisted restream's token goes to the keyring first: if it cannot, nothing changes. */
static void
keep_secret_then (Pending *pending, void (*then) (Pending *pending))
{
  const RelayApiRed5Request *r = pending->restream;
  g_autofree char *id = secret_id (r->guid);
  g_autofree char *label = g_strdup_printf (_ ("Relaycast restream “%s”"), r->guid);

  relay_api_request_defer (pending->request);
  if (!r->persist || r->bearer_token == NULL)
    {
      then (pending);
      return;
    }
  pending->then = then;
  relay_secrets_store_async (relay_api_context_get_secrets (pending->self->context), id, label,
                             r->bearer_token, NULL, on_secret_stored, pending);
}

static void
finish_create (Pending *pending)
{
  g_autoptr (GError) error = NULL;

  if (start_restream (pending->self, pending->restream, &error) == NULL)
    {
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }
  reply_when_saved (pending);
}

static void
do_create (RelayApiRed5 *self, RelayApiRequest *request, RelayApiRed5Request *r)
{
  g_autoptr (GError) error = NULL;

  if (!prepare_restream (self, r, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }
  keep_secret_then (pending_new (self, request, request_copy (r)), finish_create);
}

static void
on_killed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;

  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  reply_when_saved (pending);
}

static void
do_kill (RelayApiRed5 *self, RelayApiRequest *request, const RelayApiRed5Request *r)
{
  RelayOutput *output = relay_studio_lookup_output (self->studio, r->guid);
  RelayApiRed5Request *known = g_hash_table_lookup (self->restreams, r->guid);
  g_autoptr (GError) error = NULL;
  Pending *pending;

  if (output == NULL && known == NULL)
    {
      relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "guid", _ ("No restream “%s”"), r->guid);
      relay_api_request_reply_error (request, error);
      return;
    }

  pending =
      pending_new (self, request, known ? request_copy (known) : describe_other_output (output));
  if (known != NULL && known->persist && known->bearer_token != NULL)
    forget_secret (self, r->guid);
  pending->restream->persist = FALSE;
  g_hash_table_remove (self->restreams, r->guid);
  g_hash_table_remove (self->restore_errors, r->guid);
  relay_api_store_remove (self->store, r->guid);

  relay_api_request_defer (request);
  if (output == NULL)
    {
      reply_when_saved (pending);
      return;
    }
  pending->stopped = g_object_ref (output);
  relay_studio_remove_output_async (self->studio, output, NULL, on_killed, pending);
}

static void
apply_update (RelayApiRed5Request *target, const RelayApiRed5Request *update)
{
#define TAKE_STRING(bit, member)                                                                   \
  if (update->given & (bit))                                                                       \
    {                                                                                              \
      g_free (target->member);                                                                     \
      target->member = g_strdup (update->member);                                                  \
    }
#define TAKE_VALUE(bit, member)                                                                    \
  if (update->given & (bit))                                                                       \
    target->member = update->member;

  TAKE_STRING (RELAY_API_RED5_TYPE, type);
  TAKE_STRING (RELAY_API_RED5_SERVICE_PROVIDER, service_provider);
  TAKE_STRING (RELAY_API_RED5_ENDPOINT, endpoint);
  TAKE_STRING (RELAY_API_RED5_BEARER_TOKEN, bearer_token);
  TAKE_VALUE (RELAY_API_RED5_AUDIO, audio);
  TAKE_VALUE (RELAY_API_RED5_VIDEO, video);
  TAKE_VALUE (RELAY_API_RED5_DATACHANNEL, datachannel);
  TAKE_VALUE (RELAY_API_RED5_INSERTABLE_STREAM, insertable_stream);
  TAKE_VALUE (RELAY_API_RED5_IMMEDIATE, immediate);
  TAKE_VALUE (RELAY_API_RED5_ATTEMPTS, attempts);
  TAKE_VALUE (RELAY_API_RED5_DELAY, delay_s);
  TAKE_VALUE (RELAY_API_RED5_PERSIST, persist);
  target->given |= update->given;
#undef TAKE_STRING
#undef TAKE_VALUE
}

static void
on_replaced (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  RelayApiRed5 *self = pending->self;
  g_autoptr (GError) error = NULL;

  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  if (!relay_studio_add_output (self->studio, pending->replacement, &error))
    {
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }
  /* the old output's removal took what Red5 knew of it */
  g_hash_table_replace (self->restreams, g_strdup (pending->restream->guid),
                        request_copy (pending->restream));
  reply_when_saved (pending);
}

static void finish_update (Pending *pending);

static void
do_update (RelayApiRed5 *self, RelayApiRequest *request, const RelayApiRed5Request *update)
{
  RelayOutput *output = relay_studio_lookup_output (self->studio, update->guid);
  RelayApiRed5Request *known = g_hash_table_lookup (self->restreams, update->guid);
  g_autoptr (RelayApiRed5Request) merged = NULL;
  g_autoptr (GError) error = NULL;
  Pending *pending;

  if (output == NULL)
    {
      relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "guid", _ ("No restream “%s”"),
                           update->guid);
      relay_api_request_reply_error (request, error);
      return;
    }
  if (known == NULL && (update->given & ~(RELAY_API_RED5_ATTEMPTS | RELAY_API_RED5_DELAY)))
    {
      relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "guid",
                           _ ("“%s” was not made through this API: only attempts and delayS can "
                              "change"),
                           update->guid);
      relay_api_request_reply_error (request, error);
      return;
    }

  merged = known ? request_copy (known) : describe_other_output (output);
  apply_update (merged, update);
  if (!validate_restream (merged, &error)
      || (merged->persist && !check_persistable (merged, &error)))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  pending = pending_new (self, request, g_steal_pointer (&merged));
  pending->update = update->given;
  keep_secret_then (pending, finish_update);
}

static void
finish_update (Pending *pending)
{
  RelayApiRed5 *self = pending->self;
  const char *guid = pending->restream->guid;
  RelayOutput *output = relay_studio_lookup_output (self->studio, guid);
  RelayApiRed5Request *known = g_hash_table_lookup (self->restreams, guid);
  g_autoptr (GError) error = NULL;

  /* it went away while the keyring answered */
  if (output == NULL)
    {
      relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "guid", _ ("No restream “%s”"), guid);
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }

  if (known != NULL)
    {
      if (known->persist && known->bearer_token != NULL
          && (!pending->restream->persist || pending->restream->bearer_token == NULL))
        forget_secret (self, guid);
      g_hash_table_replace (self->restreams, g_strdup (guid), request_copy (pending->restream));
      if (pending->restream->persist)
        {
          g_autoptr (JsonObject) entry = restream_to_store_entry (pending->restream);

          relay_api_store_put (self->store, guid, entry);
        }
      else
        relay_api_store_remove (self->store, guid);
    }

  if (!(pending->update & RELAY_API_RED5_RECONNECTING_FIELDS))
    {
      relay_output_set_attempts (output, pending->restream->attempts);
      relay_output_set_retry_delay_ms (output, pending->restream->delay_s * 1000);
      reply_when_saved (pending);
      return;
    }

  /* A new connection: the new output is made first, so a bad endpoint changes nothing. */
  pending->replacement = make_output (self, pending->restream, &error);
  if (pending->replacement == NULL)
    {
      relay_api_request_reply_error (pending->request, error);
      pending_free (pending);
      return;
    }
  relay_studio_remove_output_async (self->studio, output, NULL, on_replaced, pending);
}

static void
do_list (RelayApiRed5 *self, RelayApiRequest *request)
{
  GListModel *outputs = relay_studio_get_outputs (self->studio);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;
  GHashTableIter iter;
  RelayApiRed5Request *r;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      json_builder_add_value (builder, output_to_json (self, output));
    }
  /* persisted restreams that could not be made again */
  g_hash_table_iter_init (&iter, self->restreams);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    {
      if (relay_studio_lookup_output (self->studio, r->guid) == NULL)
        json_builder_add_value (builder, restream_to_json (self, r, NULL));
    }
  json_builder_end_array (builder);

  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

static void
handle_restream (RelayApiRequest *request, gpointer user_data)
{
  RelayApiRed5 *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_auto (RelayApiRed5Request) r = { 0 };
  g_autoptr (GError) error = NULL;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL
      || !relay_api_red5_parse (body, relay_api_request_get_param (request, "context"), &r, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  switch (r.action)
    {
      case RELAY_API_RED5_CREATE:
        do_create (self, request, &r);
        break;
      case RELAY_API_RED5_UPDATE:
        do_update (self, request, &r);
        break;
      case RELAY_API_RED5_KILL:
        do_kill (self, request, &r);
        break;
      case RELAY_API_RED5_LIST:
      default:
        do_list (self, request);
        break;
    }
}

/* Persisted restreams come back */

/* Kept, on disk and in the list, until killed. */
static void
restore_failed (RelayApiRed5 *self, const char *guid, const RelayApiRed5Request *r,
                const char *message)
{
  g_autofree char *shown = relay_mask_redact (message);

  g_warning ("persisted restream %s cannot be restored: %s", guid, shown);
  if (r->guid != NULL && r->type != NULL && r->endpoint != NULL)
    g_hash_table_replace (self->restreams, g_strdup (guid), request_copy (r));
  g_hash_table_replace (self->restore_errors, g_strdup (guid), g_steal_pointer (&shown));
}

static void
restore (RelayApiRed5 *self, RelayApiRed5Request *r)
{
  g_autoptr (GError) error = NULL;

  if (!prepare_restream (self, r, &error) || start_restream (self, r, &error) == NULL)
    restore_failed (self, r->guid, r, error->message);
  else
    g_message ("restored restream %s", r->guid);
}

typedef struct
{
  RelayApiRed5 *self;
  RelayApiRed5Request *restream;
} Restore;

static Restore *
restore_new (RelayApiRed5 *self, RelayApiRed5Request *restream)
{
  Restore *data = g_new0 (Restore, 1);

  data->self = g_object_ref (self);
  data->restream = restream;
  return data;
}

static void
on_restored_secret (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Restore *data = user_data;
  RelayApiRed5Request *r = data->restream;
  g_autoptr (GError) error = NULL;

  r->bearer_token = relay_secrets_lookup_finish (RELAY_SECRETS (source), result, &error);
  if (r->bearer_token == NULL)
    restore_failed (data->self, r->guid, r,
                    error ? error->message : _ ("its bearer token is not in the keyring"));
  else
    restore (data->self, r);

  g_object_unref (data->self);
  request_free (r);
  g_free (data);
}

static void
on_store_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApiRed5) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries =
      relay_api_store_load_finish (RELAY_API_STORE (source), result, &error);

  if (entries == NULL)
    {
      g_warning ("persisted restreams: %s", error->message);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      JsonObject *parameters = json_object_get_object_member (entry, "parameters");
      RelayApiRed5Request *r = g_new0 (RelayApiRed5Request, 1);
      g_autoptr (GError) parse_error = NULL;

      if (!relay_api_red5_parse (entry, NULL, r, &parse_error)
          || r->action != RELAY_API_RED5_CREATE)
        restore_failed (self, json_object_get_string_member (entry, "guid"), r,
                        parse_error ? parse_error->message : "not a create request");
      else if (parameters != NULL
               && json_object_get_boolean_member_with_default (parameters, "bearerTokenInKeyring",
                                                               FALSE))
        {
          g_autofree char *id = secret_id (r->guid);

          relay_secrets_lookup_async (relay_api_context_get_secrets (self->context), id, NULL,
                                      on_restored_secret, restore_new (self, r));
          continue;
        }
      else
        restore (self, r);
      request_free (r);
    }
}

/* What Red5 knows of an output goes with it (unless it must come back). */
static void
on_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                    RelayApiRed5 *self)
{
  GHashTableIter iter;
  const char *guid;

  if (removed == 0)
    return;

  g_hash_table_iter_init (&iter, self->restreams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &guid, NULL))
    {
      if (relay_studio_lookup_output (self->studio, guid) == NULL
          && !relay_api_store_contains (self->store, guid))
        g_hash_table_iter_remove (&iter);
    }
}

/* GObject */

RelayApiRed5 *
relay_api_red5_new (RelayApiContext *context)
{
  RelayApiRed5 *self = g_object_new (RELAY_TYPE_API_RED5, NULL);
  const RelayApiSettings *settings = relay_api_context_get_settings (context);
  g_autofree char *path = g_build_filename (settings->config_dir, "restreams.json", NULL);

  self->context = context;
  self->studio = g_object_ref (relay_api_context_get_studio (context));
  self->store = relay_api_store_new (path, "restreams", "guid");

  relay_api_context_add_route (context, "POST", "/:context/restream", handle_restream, self);
  g_signal_connect_object (relay_studio_get_outputs (self->studio), "items-changed",
                           G_CALLBACK (on_outputs_changed), self, 0);

  relay_api_store_load_async (self->store, NULL, on_store_loaded, g_object_ref (self));
  return self;
}

static void
relay_api_red5_dispose (GObject *object)
{
  RelayApiRed5 *self = RELAY_API_RED5 (object);

  g_clear_object (&self->studio);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (relay_api_red5_parent_class)->dispose (object);
}

static void
relay_api_red5_finalize (GObject *object)
{
  RelayApiRed5 *self = RELAY_API_RED5 (object);

  g_hash_table_unref (self->restreams);
  g_hash_table_unref (self->restore_errors);
  G_OBJECT_CLASS (relay_api_red5_parent_class)->finalize (object);
}

static void
relay_api_red5_class_init (RelayApiRed5Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_red5_dispose;
  object_class->finalize = relay_api_red5_finalize;
}

static void
relay_api_red5_init (RelayApiRed5 *self)
{
  self->restreams =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) request_free);
  self->restore_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
