/* relay-broadcast.c
 *
 * The one place that turns what a person asks to go live to into outputs:
 * saved destinations with the keys RelaySecrets holds for them, and URLs
 * given on the command line. Both get this run's options (stream name, TLS
 * validation, ICE servers; URLs also the token and the retry policy), so the
 * window and headless mode make the same outputs from the same request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-broadcast.h"
#include "relay-error.h"
#include "relay-output-factory.h"

struct _RelayBroadcast
{
  GObject parent_instance;

  RelayStudio *studio;
  RelayDestinationStore *store;
  RelaySecrets *secrets;
  /* the scenes on the program, when the run has them */
  RelayDirector *director;
  /* the saved scenes, which destinations may show instead of the program */
  RelaySceneStore *scenes;
  /* its strings point into the copies below */
  RelayOutputOptions run;
  char *stream_name;
  char *token;
  char **ice_servers;
};

G_DEFINE_FINAL_TYPE (RelayBroadcast, relay_broadcast, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STUDIO,
  PROP_STORE,
  PROP_SECRETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_run_strings (RelayBroadcast *self)
{
  g_clear_pointer (&self->stream_name, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->ice_servers, g_strfreev);
}

static void
relay_broadcast_dispose (GObject *object)
{
  RelayBroadcast *self = RELAY_BROADCAST (object);

  g_clear_object (&self->studio);
  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->director);
  g_clear_object (&self->scenes);
  G_OBJECT_CLASS (relay_broadcast_parent_class)->dispose (object);
}

static void
relay_broadcast_finalize (GObject *object)
{
  clear_run_strings (RELAY_BROADCAST (object));
  G_OBJECT_CLASS (relay_broadcast_parent_class)->finalize (object);
}

static void
relay_broadcast_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayBroadcast *self = RELAY_BROADCAST (object);

  switch (prop_id)
    {
      case PROP_STUDIO:
        g_value_set_object (value, self->studio);
        break;
      case PROP_STORE:
        g_value_set_object (value, self->store);
        break;
      case PROP_SECRETS:
        g_value_set_object (value, self->secrets);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_broadcast_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  RelayBroadcast *self = RELAY_BROADCAST (object);

  switch (prop_id)
    {
      case PROP_STUDIO:
        self->studio = g_value_dup_object (value);
        break;
      case PROP_STORE:
        self->store = g_value_dup_object (value);
        break;
      case PROP_SECRETS:
        self->secrets = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_broadcast_class_init (RelayBroadcastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_broadcast_dispose;
  object_class->finalize = relay_broadcast_finalize;
  object_class->get_property = relay_broadcast_get_property;
  object_class->set_property = relay_broadcast_set_property;

  properties[PROP_STUDIO] =
      g_param_spec_object ("studio", NULL, NULL, RELAY_TYPE_STUDIO,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
      g_param_spec_object ("store", NULL, NULL, RELAY_TYPE_DESTINATION_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS] =
      g_param_spec_object ("secrets", NULL, NULL, RELAY_TYPE_SECRETS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_broadcast_init (RelayBroadcast *self)
{
  relay_output_options_init (&self->run);
}

RelayBroadcast *
relay_broadcast_new (RelayStudio *studio, RelayDestinationStore *store, RelaySecrets *secrets)
{
  return g_object_new (RELAY_TYPE_BROADCAST, "studio", studio, "store", store, "secrets", secrets,
                       NULL);
}

RelayStudio *
relay_broadcast_get_studio (RelayBroadcast *self)
{
  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);

  return self->studio;
}

RelayDestinationStore *
relay_broadcast_get_store (RelayBroadcast *self)
{
  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);

  return self->store;
}

RelaySecrets *
relay_broadcast_get_secrets (RelayBroadcast *self)
{
  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);

  return self->secrets;
}

/* Returns: (transfer none) (nullable): what puts scenes on the program */
RelayDirector *
relay_broadcast_get_director (RelayBroadcast *self)
{
  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);

  return self->director;
}

/* Once the saved scenes are loaded: every client reaches them from here. */
void
relay_broadcast_set_director (RelayBroadcast *self, RelayDirector *director)
{
  g_return_if_fail (RELAY_IS_BROADCAST (self));
  g_return_if_fail (director == NULL || RELAY_IS_DIRECTOR (director));

  g_set_object (&self->director, director);
  if (director != NULL)
    relay_broadcast_set_scenes (self, relay_director_get_store (director));
}

/* The saved scenes, for the destinations that show one of their own; the
 * director's once it is set, but headless runs make outputs before it. */
void
relay_broadcast_set_scenes (RelayBroadcast *self, RelaySceneStore *scenes)
{
  g_return_if_fail (RELAY_IS_BROADCAST (self));
  g_return_if_fail (scenes == NULL || RELAY_IS_SCENE_STORE (scenes));

  g_set_object (&self->scenes, scenes);
}

/**
 * relay_broadcast_set_run_options:
 * @options: what the command line asks of every output of this run: stream
 *   name, TLS validation, ICE servers, and for URLs the token and retry
 *   policy (a saved destination has its own); id and label are ignored
 */
void
relay_broadcast_set_run_options (RelayBroadcast *self, const RelayOutputOptions *options)
{
  g_return_if_fail (RELAY_IS_BROADCAST (self));
  g_return_if_fail (options != NULL);

  clear_run_strings (self);
  self->run = *options;
  self->run.id = NULL;
  self->run.label = NULL;
  self->run.stream_name = self->stream_name = g_strdup (options->stream_name);
  self->run.token = self->token = g_strdup (options->token);
  self->ice_servers = g_strdupv ((char **) options->ice_servers);
  self->run.ice_servers = (const char *const *) self->ice_servers;
}

const RelayOutputOptions *
relay_broadcast_get_run_options (RelayBroadcast *self)
{
  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);

  return &self->run;
}

/**
 * relay_broadcast_create_output:
 * @owner: who asks (RELAY_OUTPUT_OWNER_*)
 * @url: a destination as the command line takes it, secrets included
 * @id: (nullable): its id (NULL: a new one)
 * @label: (nullable): how to show it (NULL: its masked URL)
 *
 * Returns: (transfer full): an idle output, or %NULL with @error set
 */
RelayOutput *
relay_broadcast_create_output (RelayBroadcast *self, const char *owner, const char *url,
                               const char *id, const char *label, GError **error)
{
  RelayOutputOptions options;

  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  options = self->run;
  options.owner = owner;
  options.id = id;
  options.label = label;
  return relay_output_new_for_uri (url, &options, error);
}

/* A client's own options, with what this run asks of every output: TLS
 * validation, and ICE servers where the client names none. */
static void
merge_run_options (RelayBroadcast *self, const RelayOutputOptions *options,
                   RelayOutputOptions *merged)
{
  *merged = *options;
  merged->tls_validation = options->tls_validation && self->run.tls_validation;
  if (merged->ice_servers == NULL)
    merged->ice_servers = self->run.ice_servers;
}

/**
 * relay_broadcast_create_output_with_options:
 * @url: a destination URL as relay_output_new_for_uri() takes it
 * @options: the client's (its owner set); the run adds TLS validation and
 *   ICE servers
 *
 * Returns: (transfer full): an idle output, or %NULL with @error set
 */
RelayOutput *
relay_broadcast_create_output_with_options (RelayBroadcast *self, const char *url,
                                            const RelayOutputOptions *options, GError **error)
{
  RelayOutputOptions merged;

  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->owner != NULL, NULL);

  merge_run_options (self, options, &merged);
  return relay_output_new_for_uri (url, &merged, error);
}

/**
 * relay_broadcast_create_rtmp_output:
 * @url: an RTMP destination already taken apart
 * @options: as relay_broadcast_create_output_with_options() takes them
 *
 * Returns: (transfer full): an idle output
 */
RelayOutput *
relay_broadcast_create_rtmp_output (RelayBroadcast *self, const RelayRtmpUrl *url,
                                    const RelayOutputOptions *options)
{
  RelayOutputOptions merged;

  g_return_val_if_fail (RELAY_IS_BROADCAST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->owner != NULL, NULL);

  merge_run_options (self, options, &merged);
  return relay_output_new_for_rtmp_url (url, &merged);
}

/* Creating outputs for saved destinations: every key is looked up first, so
 * one missing key or an absent keyring stops everything before it starts. */
typedef struct
{
  char *owner;
  GPtrArray *destinations;
  char **keys;
  guint pending;
  GError *error;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  /* keys leave no copy behind in freed memory */
  for (guint i = 0; i < job->destinations->len; i++)
    {
      if (job->keys[i] != NULL)
        memset (job->keys[i], 0, strlen (job->keys[i]));
      g_free (job->keys[i]);
    }
  g_free (job->keys);
  g_free (job->owner);
  g_ptr_array_unref (job->destinations);
  g_clear_error (&job->error);
  g_free (job);
}

typedef struct
{
  GTask *task;
  guint index;
} KeyLookup;

/* Returns: (transfer none) (nullable): the scene @destination shows; %NULL
 * with @error unset for the program's picture */
static RelayScene *
scene_of (RelayBroadcast *self, RelayDestination *destination, GError **error)
{
  const char *id = relay_destination_get_scene (destination);
  RelayScene *scene = id && self->scenes ? relay_scene_store_lookup (self->scenes, id) : NULL;

  if (id != NULL && scene == NULL)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                 _ ("The scene of “%s” (%s) is no longer saved: choose another or the program"),
                 relay_destination_get_name (destination), relay_destination_get_id (destination));
  return scene;
}

static void
finish_creating (GTask *task)
{
  RelayBroadcast *self = g_task_get_source_object (task);
  CreateJob *job = g_task_get_task_data (task);
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  RelayOutputOptions options = self->run;
  GError *error = NULL;

  options.owner = job->owner;
  if (job->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&job->error));
      return;
    }

  for (guint i = 0; i < job->destinations->len; i++)
    {
      RelayDestination *destination = g_ptr_array_index (job->destinations, i);
      RelayOutput *output = NULL;

      options.scene = scene_of (self, destination, &error);
      if (error == NULL)
        output = relay_destination_create_output (destination, job->keys[i], &options,
                                                  relay_studio_get_format (self->studio), &error);
      if (output == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (outputs, output);
    }

  g_task_return_pointer (task, g_steal_pointer (&outputs), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_key_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr (GTask) task = lookup->task;
  CreateJob *job = g_task_get_task_data (task);
  RelayDestination *destination = g_ptr_array_index (job->destinations, lookup->index);
  GError *error = NULL;

  job->keys[lookup->index] = relay_secrets_lookup_finish (RELAY_SECRETS (source), result, &error);
  if (error != NULL && job->error == NULL)
    {
      g_prefix_error (&error, _ ("The key of “%s” (%s) cannot be looked up: "),
                      relay_destination_get_name (destination),
                      relay_destination_get_id (destination));
      job->error = error;
    }
  else
    g_clear_error (&error);

  g_free (lookup);
  if (--job->pending == 0)
    finish_creating (task);
}

static gboolean
has_no_key (RelayDestination *destination)
{
  return relay_destination_get_preset (destination)->key_use == RELAY_KEY_USE_NONE;
}

/**
 * relay_broadcast_create_saved_outputs_async:
 * @owner: who asks (RELAY_OUTPUT_OWNER_*)
 * @ids: the saved destinations to go live to, in order
 *
 * Looks up each destination's key, then makes one idle output per destination
 * (id: the destination's id, label: its name) with this run's options, its
 * format checked against each platform's. One unknown, disabled or invalid
 * destination, or one key that cannot be looked up, fails them all; a
 * recording whose folder cannot be written to fails them too (the window
 * makes its destinations' outputs one by one).
 */
void
relay_broadcast_create_saved_outputs_async (RelayBroadcast *self, const char *owner,
                                            const char *const *ids, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  CreateJob *job;
  guint n_ids;

  g_return_if_fail (RELAY_IS_BROADCAST (self));
  g_return_if_fail (ids != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_broadcast_create_saved_outputs_async);

  n_ids = g_strv_length ((char **) ids);
  job = g_new0 (CreateJob, 1);
  job->owner = g_strdup (owner);
  job->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  job->keys = g_new0 (char *, n_ids + 1);
  g_task_set_task_data (task, job, (GDestroyNotify) create_job_free);

  for (guint i = 0; i < n_ids; i++)
    {
      RelayDestination *destination = relay_destination_store_lookup (self->store, ids[i]);

      if (destination == NULL)
        {
          g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                                   _ ("No saved destination has the id “%s”"), ids[i]);
          return;
        }
      if (g_strv_contains ((const char *const *) ids + i + 1, ids[i]))
        {
          g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                                   _ ("The destination “%s” is given twice"), ids[i]);
          return;
        }
      if (!relay_destination_get_enabled (destination))
        {
          g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                                   _ ("The destination “%s” (%s) is disabled"),
                                   relay_destination_get_name (destination), ids[i]);
          return;
        }
      if (!relay_destination_validate (destination, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (job->destinations, g_object_ref (destination));
    }

  /* a recording has no key: it starts where no keyring can be reached */
  for (guint i = 0; i < n_ids; i++)
    {
      if (!has_no_key (g_ptr_array_index (job->destinations, i)))
        job->pending++;
    }
  if (job->pending == 0)
    {
      finish_creating (task);
      return;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      KeyLookup *lookup;

      if (has_no_key (g_ptr_array_index (job->destinations, i)))
        continue;
      lookup = g_new0 (KeyLookup, 1);
      lookup->task = g_object_ref (task);
      lookup->index = i;
      relay_secrets_lookup_async (self->secrets, ids[i], cancellable, on_key_looked_up, lookup);
    }
}

/**
 * relay_broadcast_create_saved_outputs_finish:
 *
 * Returns: (transfer container) (element-type RelayOutput): the outputs, in
 *   the order of the ids
 */
GPtrArray *
relay_broadcast_create_saved_outputs_finish (RelayBroadcast *self, GAsyncResult *result,
                                             GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
