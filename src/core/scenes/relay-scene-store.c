/* relay-scene-store.c
 *
 * The saved scenes live in $XDG_CONFIG_HOME/relaycast/scenes.json:
 *
 *   { "version": 1, "programScene": "…", "scenes": [ { "id": "…", "layers": […] } ] }
 *
 * The file is handled as destinations.json is (RelayDestinationStore): written
 * atomically, members this version does not know kept at every level, a file
 * that cannot be parsed moved aside, one from a newer schema or one that cannot
 * be read left alone and not saved over.
 *
 * Unlike destinations, scenes change continuously (a layer dragged on the
 * canvas changes at every step), so the store saves by itself: a change
 * starts a short delay, and everything that changed meanwhile goes in one
 * write. relay_scene_store_save_async() writes at once (at quit); so does
 * disposing of the store with a save pending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-json-file.h"
#include "relay-scene-store.h"

#define FILE_NAME "scenes.json"
/* how long changes gather before they are written */
#define AUTOSAVE_DELAY_MS 500

struct _RelaySceneStore
{
  GObject parent_instance;

  char *path;
  /* of RelayScene */
  GListStore *scenes;
  char *program_scene;
  /* top-level members written by another version */
  JsonObject *extra;
  /* why the file on disk must not be replaced; NULL when it may */
  char *read_only_reason;

  RelayJsonFile *file;
  guint autosave_id;
  /* something changed since the file was read */
  gboolean changed;
};

G_DEFINE_FINAL_TYPE (RelaySceneStore, relay_scene_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_PROGRAM_SCENE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_autosaved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelaySceneStore) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_json_file_write_finish (RELAY_JSON_FILE (source), result, &error))
    {
      g_autoptr (GError) failure =
          g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Cannot save the scenes to “%s”: %s"),
                       self->path, error->message);

      g_signal_emit (self, signals[SAVE_FAILED], 0, failure);
    }
}

static gboolean
autosave (gpointer user_data)
{
  RelaySceneStore *self = user_data;
  g_autoptr (JsonNode) root = relay_scene_store_to_json (self);

  self->autosave_id = 0;
  relay_json_file_write_async (self->file, root, NULL, on_autosaved, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_save (RelaySceneStore *self)
{
  self->changed = TRUE;
  /* the delay runs from the first change, so a long drag still saves */
  if (self->read_only_reason == NULL && self->autosave_id == 0)
    self->autosave_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave, self);
}

static void
on_scene_changed (RelayScene *scene, RelaySceneStore *self)
{
  schedule_save (self);
}

static void
relay_scene_store_constructed (GObject *object)
{
  RelaySceneStore *self = RELAY_SCENE_STORE (object);

  G_OBJECT_CLASS (relay_scene_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "relaycast", FILE_NAME, NULL);
  self->file = relay_json_file_new (self->path);
}

static void
relay_scene_store_dispose (GObject *object)
{
  RelaySceneStore *self = RELAY_SCENE_STORE (object);

  /* the write holds the file, and ends on its own */
  if (self->autosave_id != 0)
    {
      g_autoptr (JsonNode) root = relay_scene_store_to_json (self);

      g_clear_handle_id (&self->autosave_id, g_source_remove);
      relay_json_file_write_async (self->file, root, NULL, NULL, NULL);
    }
  G_OBJECT_CLASS (relay_scene_store_parent_class)->dispose (object);
}

static void
relay_scene_store_finalize (GObject *object)
{
  RelaySceneStore *self = RELAY_SCENE_STORE (object);

  g_free (self->path);
  /* the scenes' handlers went with the store (g_signal_connect_object) */
  g_object_unref (self->scenes);
  g_free (self->program_scene);
  g_clear_pointer (&self->extra, json_object_unref);
  g_free (self->read_only_reason);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (relay_scene_store_parent_class)->finalize (object);
}

static void
relay_scene_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaySceneStore *self = RELAY_SCENE_STORE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      case PROP_PROGRAM_SCENE:
        g_value_set_string (value, self->program_scene);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_scene_store_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelaySceneStore *self = RELAY_SCENE_STORE (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      case PROP_PROGRAM_SCENE:
        relay_scene_store_set_program_scene (self, g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_scene_store_class_init (RelaySceneStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relay_scene_store_constructed;
  object_class->dispose = relay_scene_store_dispose;
  object_class->finalize = relay_scene_store_finalize;
  object_class->get_property = relay_scene_store_get_property;
  object_class->set_property = relay_scene_store_set_property;

  /* NULL: scenes.json in the user's configuration folder */
  properties[PROP_PATH] =
      g_param_spec_string ("path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* the id of the scene on air; NULL: none chosen */
  properties[PROP_PROGRAM_SCENE] =
      g_param_spec_string ("program-scene", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RelaySceneStore::save-failed:
   * @error: what went wrong, naming the file
   *
   * A save the store started by itself, after a change, failed.
   */
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
relay_scene_store_init (RelaySceneStore *self)
{
  self->scenes = g_list_store_new (RELAY_TYPE_SCENE);
}

/**
 * relay_scene_store_new:
 * @path: (nullable): the file; %NULL for $XDG_CONFIG_HOME/relaycast/scenes.json
 *
 * Returns: (transfer full): an empty store; load it with
 *   relay_scene_store_load_async()
 */
RelaySceneStore *
relay_scene_store_new (const char *path)
{
  return g_object_new (RELAY_TYPE_SCENE_STORE, "path", path, NULL);
}

const char *
relay_scene_store_get_path (RelaySceneStore *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);
  return self->path;
}

/* What a load found, handed from the worker to the main context. */
typedef struct
{
  GPtrArray *scenes;
  char *program_scene;
  JsonObject *extra;
  char *read_only_reason;
  GError *error;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->scenes);
  g_free (loaded->program_scene);
  g_clear_pointer (&loaded->extra, json_object_unref);
  g_free (loaded->read_only_reason);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static gboolean
parse_scenes (JsonNode *node, Loaded *loaded, GError **error)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("“scenes” is not a list"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      RelayScene *scene;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _ ("a scene is not a JSON object"));
          return FALSE;
        }
      scene = relay_scene_new_from_json (json_node_get_object (element), error);
      if (scene == NULL)
        return FALSE;
      g_ptr_array_add (loaded->scenes, scene);

      if (!g_hash_table_add (ids, (gpointer) relay_scene_get_id (scene)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("two scenes have the id “%s”"), relay_scene_get_id (scene));
          return FALSE;
        }
      if (!g_hash_table_add (names, (gpointer) relay_scene_get_name (scene)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _ ("two scenes are named “%s”"),
                       relay_scene_get_name (scene));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_program_scene (JsonNode *node, Loaded *loaded, GError **error)
{
  const char *id;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("“programScene” must be a scene’s id"));
      return FALSE;
    }

  /* a scene removed by hand leaves no scene on air, nothing worse */
  id = json_node_get_string (node);
  for (guint i = 0; i < loaded->scenes->len; i++)
    {
      if (g_strcmp0 (relay_scene_get_id (g_ptr_array_index (loaded->scenes, i)), id) == 0)
        loaded->program_scene = g_strdup (id);
    }
  if (loaded->program_scene == NULL)
    g_debug ("the program scene “%s” is not among the saved scenes", id);
  return TRUE;
}

/* FALSE with @error saying what is wrong with the document; a newer schema is
 * not wrong, it only makes the store read-only. */
static gboolean
parse_document (JsonNode *document, Loaded *loaded, GError **error)
{
  g_autoptr (GList) members = NULL;
  JsonObject *root = relay_json_file_check_version (document, RELAY_SCENE_STORE_VERSION,
                                                    &loaded->read_only_reason, error);

  if (root == NULL)
    return loaded->read_only_reason != NULL;

  if (!parse_scenes (json_object_get_member (root, "scenes"), loaded, error)
      || !parse_program_scene (json_object_get_member (root, "programScene"), loaded, error))
    return FALSE;

  loaded->extra = json_object_new ();
  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;

      if (g_strcmp0 (member, "version") != 0 && g_strcmp0 (member, "scenes") != 0
          && g_strcmp0 (member, "programScene") != 0)
        json_object_set_member (loaded->extra, member,
                                json_node_copy (json_object_get_member (root, member)));
    }
  return TRUE;
}

/* Puts what a load found in the store, in one "items-changed", and saves
 * nothing: the store now is what the file holds. */
static void
take_loaded (RelaySceneStore *self, Loaded *loaded)
{
  guint removed = g_list_model_get_n_items (G_LIST_MODEL (self->scenes));

  for (guint i = 0; i < removed; i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (G_LIST_MODEL (self->scenes), i);

      g_signal_handlers_disconnect_by_func (scene, on_scene_changed, self);
    }
  for (guint i = 0; i < loaded->scenes->len; i++)
    g_signal_connect_object (g_ptr_array_index (loaded->scenes, i), "changed",
                             G_CALLBACK (on_scene_changed), self, 0);

  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = g_steal_pointer (&loaded->extra);
  g_free (self->read_only_reason);
  self->read_only_reason = g_steal_pointer (&loaded->read_only_reason);
  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (removed > 0 || loaded->scenes->len > 0)
    g_list_store_splice (self->scenes, 0, removed, loaded->scenes->pdata, loaded->scenes->len);
  if (g_strcmp0 (self->program_scene, loaded->program_scene) != 0)
    {
      g_free (self->program_scene);
      self->program_scene = g_steal_pointer (&loaded->program_scene);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_SCENE]);
    }
  g_debug ("%u saved scenes read from %s", loaded->scenes->len, self->path);
}

/* A damaged file is moved aside and the store starts empty; one that cannot be
 * read, or moved aside, or comes from a newer schema, is left alone and the
 * store will not save over it. */
static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayJsonFile *file = RELAY_JSON_FILE (source);
  g_autoptr (GTask) task = user_data;
  RelaySceneStore *self = g_task_get_source_object (task);
  g_autoptr (Loaded) loaded = g_new0 (Loaded, 1);
  g_autoptr (GError) problem = NULL;
  g_autoptr (JsonNode) document = relay_json_file_read_finish (file, result, &problem);
  gboolean damaged;

  loaded->scenes = g_ptr_array_new_with_free_func (g_object_unref);

  damaged = problem != NULL ? problem->domain == JSON_PARSER_ERROR
                            : document != NULL && !parse_document (document, loaded, &problem);
  if (!relay_json_file_settle_load (file, problem, damaged, &loaded->read_only_reason,
                                    &loaded->error))
    {
      g_ptr_array_set_size (loaded->scenes, 0);
      g_clear_pointer (&loaded->program_scene, g_free);
      g_clear_pointer (&loaded->extra, json_object_unref);
    }

  take_loaded (self, loaded);

  if (loaded->error != NULL)
    g_task_return_error (task, g_steal_pointer (&loaded->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * relay_scene_store_load_async:
 *
 * Reads the file on a worker thread and replaces the store's content. A
 * missing file is an empty store; a damaged one is moved aside and reported.
 */
void
relay_scene_store_load_async (RelaySceneStore *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (RELAY_IS_SCENE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_scene_store_load_async);
  relay_json_file_read_async (self->file, cancellable, on_read, task);
}

gboolean
relay_scene_store_load_finish (RelaySceneStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: (transfer full): the store as scenes.json holds it */
JsonNode *
relay_scene_store_to_json (RelaySceneStore *self)
{
  g_autoptr (JsonObject) root = NULL;
  g_autoptr (GList) extra_members = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);

  root = json_object_new ();
  array = json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scenes));

  json_object_set_int_member (root, "version", RELAY_SCENE_STORE_VERSION);
  if (self->program_scene != NULL)
    json_object_set_string_member (root, "programScene", self->program_scene);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (G_LIST_MODEL (self->scenes), i);

      json_array_add_element (array, relay_scene_to_json (scene));
    }
  json_object_set_array_member (root, "scenes", array);

  if (self->extra != NULL)
    extra_members = json_object_get_members (self->extra);
  for (GList *l = extra_members; l != NULL; l = l->next)
    json_object_set_member (root, l->data,
                            json_node_copy (json_object_get_member (self->extra, l->data)));

  return json_node_init_object (json_node_alloc (), root);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_json_file_write_finish (RELAY_JSON_FILE (source), result, &error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("Cannot save the scenes to “%s”: %s"),
                             relay_json_file_get_path (RELAY_JSON_FILE (source)), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

/* Writes the store as it is now, atomically, on a worker thread, without
 * waiting for the pending automatic save (which it replaces): at quit. */
void
relay_scene_store_save_async (RelaySceneStore *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonNode) root = NULL;
  GTask *task;

  g_return_if_fail (RELAY_IS_SCENE_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_scene_store_save_async);

  if (self->read_only_reason != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                               _ ("Not saving the scenes to “%s”: %s"), self->path,
                               self->read_only_reason);
      g_object_unref (task);
      return;
    }

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  root = relay_scene_store_to_json (self);
  relay_json_file_write_async (self->file, root, cancellable, on_written, task);
}

gboolean
relay_scene_store_save_finish (RelaySceneStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether anything changed since the file was read: a run that changed
 * nothing need not write it at the end. */
gboolean
relay_scene_store_is_changed (RelaySceneStore *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), FALSE);

  return self->changed;
}

/* Returns: (transfer none): the RelayScenes, in the order they are listed */
GListModel *
relay_scene_store_get_scenes (RelaySceneStore *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);
  return G_LIST_MODEL (self->scenes);
}

/* Returns: (transfer none) (nullable): the first scene for which @matches
 * gives @text, and where it is */
static RelayScene *
find (RelaySceneStore *self, const char *(*matches) (RelayScene *), const char *text,
      guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->scenes));

  for (guint i = 0; i < n; i++)
    {
      RelayScene *scene = g_list_model_get_item (G_LIST_MODEL (self->scenes), i);

      /* the store keeps its own reference */
      g_object_unref (scene);
      if (g_strcmp0 (matches (scene), text) == 0)
        {
          *position = i;
          return scene;
        }
    }
  return NULL;
}

/* Returns: (transfer none) (nullable): the scene with this id */
RelayScene *
relay_scene_store_lookup (RelaySceneStore *self, const char *id)
{
  guint position;

  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);
  return find (self, relay_scene_get_id, id, &position);
}

/* Returns: (transfer none) (nullable): the scene with this name (`--scene NAME`) */
RelayScene *
relay_scene_store_lookup_by_name (RelaySceneStore *self, const char *name)
{
  guint position;

  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);
  return find (self, relay_scene_get_name, name, &position);
}

/* An id not used yet: "@prefix-1a2b3c". */
char *
relay_scene_store_make_id (RelaySceneStore *self, const char *prefix)
{
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);

  while (TRUE)
    {
      g_autofree char *id = g_strdup_printf ("%s-%06x", prefix, g_random_int_range (0, 0x1000000));

      if (relay_scene_store_lookup (self, id) == NULL)
        return g_steal_pointer (&id);
    }
}

/* Adds @scene last, unless a scene has its id or its name already. */
gboolean
relay_scene_store_add (RelaySceneStore *self, RelayScene *scene, GError **error)
{
  return relay_scene_store_insert (self, scene, G_MAXUINT, error);
}

/**
 * relay_scene_store_insert:
 * @position: where it is listed; past the end: last (a removal undone puts
 *   the scene back where it was)
 *
 * Returns: %FALSE, adding nothing, when a scene has its id or its name already
 */
gboolean
relay_scene_store_insert (RelaySceneStore *self, RelayScene *scene, guint position, GError **error)
{
  const char *id, *name;

  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), FALSE);
  g_return_val_if_fail (RELAY_IS_SCENE (scene), FALSE);

  id = relay_scene_get_id (scene);
  name = relay_scene_get_name (scene);
  if (relay_scene_store_lookup (self, id) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS,
                   _ ("A scene with the id “%s” already exists"), id);
      return FALSE;
    }
  if (relay_scene_store_lookup_by_name (self, name) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS, _ ("A scene named “%s” already exists"),
                   name);
      return FALSE;
    }

  g_signal_connect_object (scene, "changed", G_CALLBACK (on_scene_changed), self, 0);
  g_list_store_insert (
      self->scenes, MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->scenes))), scene);
  schedule_save (self);
  return TRUE;
}

/* Removes the scene; if it was on air, no scene is. */
gboolean
relay_scene_store_remove (RelaySceneStore *self, const char *id, GError **error)
{
  RelayScene *scene;
  guint position;

  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), FALSE);

  scene = find (self, relay_scene_get_id, id, &position);
  if (scene == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND, _ ("No scene has the id “%s”"), id);
      return FALSE;
    }

  if (g_strcmp0 (self->program_scene, id) == 0)
    relay_scene_store_set_program_scene (self, NULL);
  g_signal_handlers_disconnect_by_func (scene, on_scene_changed, self);
  g_list_store_remove (self->scenes, position);
  schedule_save (self);
  return TRUE;
}

/* Returns: (nullable): the id of the scene on air */
const char *
relay_scene_store_get_program_scene (RelaySceneStore *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE_STORE (self), NULL);
  return self->program_scene;
}

/* @id: (nullable): one of the store's scenes; NULL: none */
void
relay_scene_store_set_program_scene (RelaySceneStore *self, const char *id)
{
  g_return_if_fail (RELAY_IS_SCENE_STORE (self));
  g_return_if_fail (id == NULL || relay_scene_store_lookup (self, id) != NULL);

  if (g_strcmp0 (self->program_scene, id) == 0)
    return;

  g_free (self->program_scene);
  self->program_scene = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_SCENE]);
  schedule_save (self);
}
