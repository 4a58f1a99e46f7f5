/* relay-destination-store.c
 *
 * The saved destinations live in $XDG_CONFIG_HOME/relaycast/destinations.json:
 *
 *   { "version": 1, "destinations": [ { "id": "…", "provider": "youtube", … } ] }
 *
 * Keys are never part of it (they are in the keyring). Writes replace the file
 * atomically; members this version does not know, at either level, are kept.
 * A file that cannot be parsed is moved aside, never written over; a file from
 * a newer schema, or one that cannot be read, is left alone and not saved over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-destination-store.h"
#include "relay-error.h"
#include "relay-json-file.h"

#define FILE_NAME "destinations.json"

struct _RelayDestinationStore
{
  GObject parent_instance;

  char *path;
  GPtrArray *destinations;
  /* top-level members written by another version */
  JsonObject *extra;
  /* why the file on disk must not be replaced; NULL when it may */
  char *read_only_reason;

  RelayJsonFile *file;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelayDestinationStore, relay_destination_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return RELAY_TYPE_DESTINATION;
}

static guint
get_n_items (GListModel *model)
{
  return RELAY_DESTINATION_STORE (model)->destinations->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (model);

  if (position >= self->destinations->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->destinations, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
relay_destination_store_constructed (GObject *object)
{
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (object);

  G_OBJECT_CLASS (relay_destination_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "relaycast", FILE_NAME, NULL);
  self->file = relay_json_file_new (self->path);
}

static void
relay_destination_store_finalize (GObject *object)
{
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (object);

  g_free (self->path);
  g_ptr_array_unref (self->destinations);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self->read_only_reason);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (relay_destination_store_parent_class)->finalize (object);
}

static void
relay_destination_store_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_destination_store_set_property (GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_destination_store_class_init (RelayDestinationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relay_destination_store_constructed;
  object_class->finalize = relay_destination_store_finalize;
  object_class->get_property = relay_destination_store_get_property;
  object_class->set_property = relay_destination_store_set_property;

  /* NULL: destinations.json in the user's configuration folder */
  properties[PROP_PATH] =
      g_param_spec_string ("path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_destination_store_init (RelayDestinationStore *self)
{
  self->destinations = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * relay_destination_store_new:
 * @path: (nullable): the file; %NULL for $XDG_CONFIG_HOME/relaycast/destinations.json
 *
 * Returns: (transfer full): an empty store; load it with
 *   relay_destination_store_load_async()
 */
RelayDestinationStore *
relay_destination_store_new (const char *path)
{
  return g_object_new (RELAY_TYPE_DESTINATION_STORE, "path", path, NULL);
}

const char *
relay_destination_store_get_path (RelayDestinationStore *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), NULL);
  return self->path;
}

/* What a load found, handed from the worker to the main context. */
typedef struct
{
  GPtrArray *destinations;
  JsonObject *extra;
  char *read_only_reason;
  GError *error;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->destinations);
  g_clear_pointer (&loaded->extra, json_object_unref);
  g_free (loaded->read_only_reason);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static gboolean
set_problem (GError **error, const char *problem)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, problem);
  return FALSE;
}

static gboolean
parse_destinations (JsonNode *node, Loaded *loaded, GError **error)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_problem (error, _ ("“destinations” is not a list"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      RelayDestination *destination;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_problem (error, _ ("a destination is not a JSON object"));

      destination = relay_destination_new_from_json (json_node_get_object (element), error);
      if (destination == NULL)
        return FALSE;
      g_ptr_array_add (loaded->destinations, destination);

      id = relay_destination_get_id (destination);
      if (!g_hash_table_add (ids, (gpointer) id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("two destinations have the id “%s”"), id);
          return FALSE;
        }
    }
  return TRUE;
}

/* FALSE with @error saying what is wrong with the document; a newer schema is
 * not wrong, it only makes the store read-only. */
static gboolean
parse_document (JsonNode *document, Loaded *loaded, GError **error)
{
  g_autoptr (GList) members = NULL;
  JsonObject *root = relay_json_file_check_version (document, RELAY_DESTINATION_STORE_VERSION,
                                                    &loaded->read_only_reason, error);

  if (root == NULL)
    return loaded->read_only_reason != NULL;

  if (!parse_destinations (json_object_get_member (root, "destinations"), loaded, error))
    return FALSE;

  loaded->extra = json_object_new ();
  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_strcmp0 (l->data, "version") != 0 && g_strcmp0 (l->data, "destinations") != 0)
        json_object_set_member (loaded->extra, l->data,
                                json_node_copy (json_object_get_member (root, l->data)));
    }
  return TRUE;
}

/* A damaged file is moved aside and the store starts empty; one that cannot be
 * read, or moved aside, or comes from a newer schema, is left alone and the
 * store will not save over it. */
static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayJsonFile *file = RELAY_JSON_FILE (source);
  g_autoptr (GTask) task = user_data;
  RelayDestinationStore *self = g_task_get_source_object (task);
  g_autoptr (Loaded) loaded = g_new0 (Loaded, 1);
  g_autoptr (GError) problem = NULL;
  g_autoptr (JsonNode) document = relay_json_file_read_finish (file, result, &problem);
  guint removed = self->destinations->len;
  gboolean damaged;

  loaded->destinations = g_ptr_array_new_with_free_func (g_object_unref);

  damaged = problem != NULL ? problem->domain == JSON_PARSER_ERROR
                            : document != NULL && !parse_document (document, loaded, &problem);
  if (!relay_json_file_settle_load (file, problem, damaged, &loaded->read_only_reason,
                                    &loaded->error))
    {
      g_ptr_array_set_size (loaded->destinations, 0);
      g_clear_pointer (&loaded->extra, json_object_unref);
    }

  g_ptr_array_unref (self->destinations);
  self->destinations = g_ptr_array_ref (loaded->destinations);
  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = g_steal_pointer (&loaded->extra);
  g_free (self->read_only_reason);
  self->read_only_reason = g_steal_pointer (&loaded->read_only_reason);

  g_debug ("%u saved destinations read from %s", self->destinations->len, self->path);
  if (removed > 0 || self->destinations->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->destinations->len);

  if (loaded->error != NULL)
    g_task_return_error (task, g_steal_pointer (&loaded->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * relay_destination_store_load_async:
 *
 * Reads the file on a worker thread and replaces the store's content. A
 * missing file is an empty store; a damaged one is moved aside and reported.
 */
void
relay_destination_store_load_async (RelayDestinationStore *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (RELAY_IS_DESTINATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_destination_store_load_async);
  relay_json_file_read_async (self->file, cancellable, on_read, task);
}

gboolean
relay_destination_store_load_finish (RelayDestinationStore *self, GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static JsonNode *
serialize (RelayDestinationStore *self)
{
  g_autoptr (JsonObject) root = json_object_new ();
  g_autoptr (GList) extra_members = NULL;
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_alloc ();

  json_object_set_int_member (root, "version", RELAY_DESTINATION_STORE_VERSION);
  for (guint i = 0; i < self->destinations->len; i++)
    json_array_add_element (array,
                            relay_destination_to_json (g_ptr_array_index (self->destinations, i)));
  json_object_set_array_member (root, "destinations", array);

  if (self->extra != NULL)
    extra_members = json_object_get_members (self->extra);
  for (GList *l = extra_members; l != NULL; l = l->next)
    json_object_set_member (root, l->data,
                            json_node_copy (json_object_get_member (self->extra, l->data)));

  return json_node_init_object (node, root);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_json_file_write_finish (RELAY_JSON_FILE (source), result, &error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("Cannot save the destinations to “%s”: %s"),
                             relay_json_file_get_path (RELAY_JSON_FILE (source)), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/* Writes the store as it is now, atomically, on a worker thread. */
void
relay_destination_store_save_async (RelayDestinationStore *self, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonNode) root = NULL;
  GTask *task;

  g_return_if_fail (RELAY_IS_DESTINATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_destination_store_save_async);

  if (self->read_only_reason != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                               _ ("Not saving the destinations to “%s”: %s"), self->path,
                               self->read_only_reason);
      g_object_unref (task);
      return;
    }

  root = serialize (self);
  relay_json_file_write_async (self->file, root, cancellable, on_written, task);
}

gboolean
relay_destination_store_save_finish (RelayDestinationStore *self, GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
find (RelayDestinationStore *self, const char *id, guint *position)
{
  for (guint i = 0; i < self->destinations->len; i++)
    {
      if (g_strcmp0 (relay_destination_get_id (g_ptr_array_index (self->destinations, i)), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns: (transfer none) (nullable): the destination with this id */
RelayDestination *
relay_destination_store_lookup (RelayDestinationStore *self, const char *id)
{
  guint position;

  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), NULL);

  return find (self, id, &position) ? g_ptr_array_index (self->destinations, position) : NULL;
}

/* An id not used yet: "@prefix-1a2b3c". */
char *
relay_destination_store_make_id (RelayDestinationStore *self, const char *prefix)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), NULL);

  while (TRUE)
    {
      g_autofree char *id = g_strdup_printf ("%s-%06x", prefix, g_random_int_range (0, 0x1000000));

      if (relay_destination_store_lookup (self, id) == NULL)
        return g_steal_pointer (&id);
    }
}

gboolean
relay_destination_store_add (RelayDestinationStore *self, RelayDestination *destination,
                             GError **error)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), FALSE);

  return relay_destination_store_insert (self, destination, self->destinations->len, error);
}

/* Puts @destination at @position (or last), where a removal that is undone
 * took it from. */
gboolean
relay_destination_store_insert (RelayDestinationStore *self, RelayDestination *destination,
                                guint position, GError **error)
{
  const char *id;

  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), FALSE);
  g_return_val_if_fail (RELAY_IS_DESTINATION (destination), FALSE);

  id = relay_destination_get_id (destination);
  if (relay_destination_store_lookup (self, id) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS,
                   _ ("A destination with the id “%s” already exists"), id);
      return FALSE;
    }

  position = MIN (position, self->destinations->len);
  g_ptr_array_insert (self->destinations, position, g_object_ref (destination));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  return TRUE;
}

gboolean
relay_destination_store_remove (RelayDestinationStore *self, const char *id, GError **error)
{
  guint position;

  g_return_val_if_fail (RELAY_IS_DESTINATION_STORE (self), FALSE);

  if (!find (self, id, &position))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                   _ ("No saved destination has the id “%s”"), id);
      return FALSE;
    }

  g_ptr_array_remove_index (self->destinations, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/* Saving a destination with its key: the key goes to the keyring first, as a
 * destination is only saved once its key is safe; a new destination whose file
 * cannot be written leaves nothing behind, its key included. */

typedef struct
{
  RelayDestination *destination;
  RelaySecrets *secrets;
  gboolean is_new;
  gboolean key_stored;
  gboolean key_failed;
} PutJob;

static void
put_job_free (PutJob *job)
{
  g_object_unref (job->destination);
  g_clear_object (&job->secrets);
  g_free (job);
}

static void
roll_back_put (RelayDestinationStore *self, PutJob *job)
{
  const char *id = relay_destination_get_id (job->destination);

  if (!job->is_new)
    return;
  if (relay_destination_store_lookup (self, id) == job->destination)
    relay_destination_store_remove (self, id, NULL);
  if (job->key_stored)
    relay_secrets_clear_async (job->secrets, id, NULL, NULL, NULL);
}

static void
on_put_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayDestinationStore *self = RELAY_DESTINATION_STORE (source);
  GError *error = NULL;

  if (!relay_destination_store_save_finish (self, result, &error))
    {
      roll_back_put (self, g_task_get_task_data (task));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
put_in_file (GTask *task)
{
  RelayDestinationStore *self = g_task_get_source_object (task);
  PutJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->is_new && !relay_destination_store_add (self, job->destination, &error))
    {
      if (job->key_stored)
        relay_secrets_clear_async (job->secrets, relay_destination_get_id (job->destination), NULL,
                                   NULL, NULL);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  relay_destination_store_save_async (self, NULL, on_put_saved, task);
}

static void
on_put_key_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  PutJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!relay_secrets_store_finish (RELAY_SECRETS (source), result, &error))
    {
      /* no Secret Service, a locked keyring, a key file: nothing is saved */
      job->key_failed = TRUE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job->key_stored = TRUE;
  put_in_file (task);
}

/**
 * relay_destination_store_put_async:
 * @destination: a new destination, or one of the store's (edited)
 * @key: (nullable): its key, stored in @secrets first (NULL or empty: the key
 *   is left as it is)
 * @secrets: (nullable): where keys live; needed with a key
 *
 * Saves @destination in the store and its file, with its key. It is not
 * cancellable: once the key is in the keyring, the rest must follow or undo.
 */
void
relay_destination_store_put_async (RelayDestinationStore *self, RelayDestination *destination,
                                   const char *key, RelaySecrets *secrets,
                                   GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  PutJob *job;
  RelayDestination *existing;
  const char *id;

  g_return_if_fail (RELAY_IS_DESTINATION_STORE (self));
  g_return_if_fail (RELAY_IS_DESTINATION (destination));
  g_return_if_fail (key == NULL || *key == '\0' || RELAY_IS_SECRETS (secrets));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, relay_destination_store_put_async);

  id = relay_destination_get_id (destination);
  existing = relay_destination_store_lookup (self, id);
  if (existing != NULL && existing != destination)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_EXISTS,
                               _ ("A destination with the id “%s” already exists"), id);
      g_object_unref (task);
      return;
    }

  job = g_new0 (PutJob, 1);
  job->destination = g_object_ref (destination);
  job->secrets = secrets ? g_object_ref (secrets) : NULL;
  job->is_new = existing == NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) put_job_free);

  if (key != NULL && *key != '\0')
    {
      g_autofree char *label = g_strdup_printf (_ ("Relaycast stream key for “%s”"),
                                                relay_destination_get_name (destination));

      relay_secrets_store_async (secrets, id, label, key, NULL, on_put_key_stored, task);
    }
  else
    put_in_file (task);
}

/**
 * relay_destination_store_put_finish:
 * @key_failed: (out) (optional): set when the keyring refused the key
 */
gboolean
relay_destination_store_put_finish (RelayDestinationStore *self, GAsyncResult *result,
                                    gboolean *key_failed, GError **error)
{
  PutJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (key_failed != NULL)
    *key_failed = job != NULL && job->key_failed;
  return g_task_propagate_boolean (G_TASK (result), error);
}
