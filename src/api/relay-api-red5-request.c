/* relay-api-red5-request.c
 *
 * What a body of POST /<context>/restream asks, read leniently as Red5's
 * examples write it (names of actions, types and providers in any case),
 * checked once defaults and an update are applied, and the two forms a
 * restream is written in: the answer, its secrets masked, and the entry of
 * restreams.json, which leaves the bearer token to the keyring. A persisted
 * entry is itself a create request, read back by relay_api_red5_parse().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "core/relay-mask.h"
#include "relay-api-red5-request.h"
#include "relay-srt-url.h"

#define TWITCH_WHIP_ENDPOINT "https://g.webrtc.live-video.net:4443/v2/offer"
#define MAX_ATTEMPTS         1000
#define MAX_DELAY_S          86400
#define MAX_LEVEL            1000

static const char *const action_names[] = { "create", "update", "kill", "list" };
static const char *const types[] = { "whip-push", "rtmp-push", "srt-push", NULL };
/* As the restreamer's document applies them to a whip-push: "red5", a Red5 Pro
 * server's own WHIP endpoint (/<app>/whip/endpoint/<stream>), no token needed,
 * a data channel as asked; "twitch", its WHIP ingest (the default endpoint),
 * the stream key as bearer token, audio and video only; "dolby", Dolby.io's
 * WHIP endpoint with its publishing token as bearer token. */
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

void
relay_api_red5_request_free (RelayApiRed5Request *request)
{
  relay_api_red5_request_clear (request);
  g_free (request);
}

RelayApiRed5Request *
relay_api_red5_request_copy (const RelayApiRed5Request *request)
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
  if (is_given (parameters, "width") || is_given (parameters, "height"))
    out->given |= RELAY_API_RED5_SIZE;

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
                                 MAX_DELAY_S, &out->delay_s, error)
         && relay_api_read_video_size (parameters, "parameters", RELAY_API_OPTIONAL, &out->width,
                                       &out->height, error);
}

static gboolean
missing (GError **error, const char *field)
{
  relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("“%s” is missing"), field);
  return FALSE;
}

/* What a restream needs to be made, once defaults and an update are applied. */
gboolean
relay_api_red5_request_validate (RelayApiRed5Request *r, GError **error)
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

  if (g_str_equal (r->type, "srt-push"))
    {
      g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (r->endpoint, NULL);

      /* the passphrase travels as the bearer token, which is kept in the keyring */
      if (url == NULL || url->passphrase != NULL)
        {
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.endpoint",
                               _ ("An srt-push endpoint is an srt:// URL, its passphrase given "
                                  "as “parameters.bearerToken”"));
          return FALSE;
        }
    }
  else if (whip ? !g_str_has_prefix (r->endpoint, "http://")
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
  /* Twitch's WHIP ingest takes audio and video only */
  if (whip && r->datachannel && g_str_equal (r->service_provider, "twitch"))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "parameters.datachannel",
                           _ ("Twitch takes no data channel: “parameters.datachannel” must be "
                              "false"));
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
        return relay_api_red5_request_validate (out, error);
      case RELAY_API_RED5_UPDATE:
      case RELAY_API_RED5_KILL:
        return out->guid != NULL || missing (error, "guid");
      case RELAY_API_RED5_LIST:
      default:
        return TRUE;
    }
}

/* Updates */

void
relay_api_red5_request_apply_update (RelayApiRed5Request *target, const RelayApiRed5Request *update)
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
  TAKE_VALUE (RELAY_API_RED5_SIZE, width);
  TAKE_VALUE (RELAY_API_RED5_SIZE, height);
  target->given |= update->given;
#undef TAKE_STRING
#undef TAKE_VALUE
}

/* Answers */

/* An rtmp-push endpoint is a server URL, its stream name comes apart. */
static char *
show_endpoint (const RelayApiRed5Request *r)
{
  return g_str_equal (r->type, "rtmp-push") ? relay_mask_rtmp_server_url (r->endpoint)
                                            : relay_mask_url (r->endpoint);
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
  if (r->width != 0)
    {
      relay_api_add_int (builder, "width", r->width);
      relay_api_add_int (builder, "height", r->height);
    }
  json_builder_end_object (builder);
}

/**
 * relay_api_red5_request_to_json:
 * @output: (nullable): the restream's output, if there is one
 * @restore_error: (nullable): why a persisted restream could not be made again
 */
JsonNode *
relay_api_red5_request_to_json (const RelayApiRed5Request *r, RelayOutput *output,
                                const char *restore_error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

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

JsonObject *
relay_api_red5_request_to_store_entry (const RelayApiRed5Request *r)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_restream_members (builder, r, TRUE);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (node));
}

/* The bearer token can go to the keyring; a secret inside the endpoint (a
 * password, a key in the path or the query) would land in restreams.json. */
gboolean
relay_api_red5_request_check_persistable (const RelayApiRed5Request *r, GError **error)
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

/* What Red5 shows of an output it did not make (the window, --output, WCS). */
RelayApiRed5Request *
relay_api_red5_request_new_for_output (RelayOutput *output)
{
  RelayApiRed5Request *r = g_new0 (RelayApiRed5Request, 1);
  const char *url = relay_output_get_display_url (output);

  r->guid = g_strdup (relay_output_get_id (output));
  r->context = g_strdup ("live");
  r->name = g_strdup (relay_output_get_stream_name (output));
  if (g_str_has_prefix (url, "rtmp"))
    r->type = g_strdup ("rtmp-push");
  else if (g_str_has_prefix (url, "srt:"))
    r->type = g_strdup ("srt-push");
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
  relay_output_get_video_size (output, &r->width, &r->height);
  return r;
}
