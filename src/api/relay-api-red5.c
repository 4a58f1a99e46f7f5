/* relay-api-red5.c
 *
 * A restream is an output whose id is the Red5 guid, carrying the stream
 * named by "name" (the program, a WHIP publish, an API-added stream).
 * whip-push makes a "whip+<endpoint>" output with the bearer token beside it;
 * srt-push calls the endpoint (an srt:// URL) with the bearer token as its
 * passphrase; rtmp-push publishes to the endpoint (an RTMP server URL) under
 * the bearer token when there is one (the stream key) or else under "name".
 *
 * immediate=false waits for the stream (the studio starts an output when its
 * stream goes live); immediate=true wants the stream to exist now.
 * persist=true keeps the restream in $XDG_CONFIG_HOME/relaycast/restreams.json
 * and makes it again when Relaycast starts. Its bearer token goes to the
 * keyring (RelaySecrets, id "restream:<guid>"), never into that file.
 *
 * The request (its parsing, checks and JSON forms) is in
 * relay-api-red5-request.c; this file makes, changes and restores restreams.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/outputs/relay-srt-url.h"
#include "core/outputs/relay-whip-output.h"
#include "core/relay-mask.h"
#include "relay-api-red5-request.h"
#include "relay-api-red5.h"
#include "relay-api-store.h"

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

/* Answers */

static JsonNode *
restream_to_json (RelayApiRed5 *self, const RelayApiRed5Request *r, RelayOutput *output)
{
  return relay_api_red5_request_to_json (r, output,
                                         g_hash_table_lookup (self->restore_errors, r->guid));
}

static JsonNode *
output_to_json (RelayApiRed5 *self, RelayOutput *output)
{
  RelayApiRed5Request *r = g_hash_table_lookup (self->restreams, relay_output_get_id (output));
  g_autoptr (RelayApiRed5Request) other = NULL;

  if (r == NULL)
    r = other = relay_api_red5_request_new_for_output (output);
  return restream_to_json (self, r, output);
}

/* Making restreams */

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
  options.video_width = r->width;
  options.video_height = r->height;
  options.token = r->bearer_token;
  relay_mask_register_secret (r->bearer_token);

  if (g_str_equal (r->type, "whip-push"))
    {
      g_autofree char *uri = g_strconcat ("whip+", r->endpoint, NULL);

      output = relay_broadcast_create_output_with_options (
          relay_api_context_get_broadcast (self->context), uri, &options, &local_error);
      if (output != NULL && RELAY_IS_WHIP_OUTPUT (output))
        relay_whip_output_set_data_channel (RELAY_WHIP_OUTPUT (output), r->datachannel);
    }
  else if (g_str_equal (r->type, "srt-push"))
    {
      g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (r->endpoint, &local_error);
      g_autofree char *uri = NULL;

      if (url != NULL)
        {
          url->passphrase = g_strdup (r->bearer_token);
          uri = relay_srt_url_to_string (url);
        }
      output = uri ? relay_broadcast_create_output_with_options (
                   relay_api_context_get_broadcast (self->context), uri, &options, &local_error)
                   : NULL;
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
  return !r->persist || relay_api_red5_request_check_persistable (r, error);
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

  g_hash_table_replace (self->restreams, g_strdup (r->guid), relay_api_red5_request_copy (r));
  g_hash_table_remove (self->restore_errors, r->guid);
  if (r->persist)
    {
      g_autoptr (JsonObject) entry = relay_api_red5_request_to_store_entry (r);

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
  g_clear_pointer (&pending->restream, relay_api_red5_request_free);
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
  keep_secret_then (pending_new (self, request, relay_api_red5_request_copy (r)), finish_create);
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

  pending = pending_new (self, request,
                         known ? relay_api_red5_request_copy (known)
                               : relay_api_red5_request_new_for_output (output));
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
                        relay_api_red5_request_copy (pending->restream));
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

  merged =
      known ? relay_api_red5_request_copy (known) : relay_api_red5_request_new_for_output (output);
  relay_api_red5_request_apply_update (merged, update);
  if (!relay_api_red5_request_validate (merged, &error)
      || (merged->persist && !relay_api_red5_request_check_persistable (merged, &error)))
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
      g_hash_table_replace (self->restreams, g_strdup (guid),
                            relay_api_red5_request_copy (pending->restream));
      if (pending->restream->persist)
        {
          g_autoptr (JsonObject) entry = relay_api_red5_request_to_store_entry (pending->restream);

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
    g_hash_table_replace (self->restreams, g_strdup (guid), relay_api_red5_request_copy (r));
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
  relay_api_red5_request_free (r);
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
      relay_api_red5_request_free (r);
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
  self->restreams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) relay_api_red5_request_free);
  self->restore_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
