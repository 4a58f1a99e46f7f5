/* relay-api-store.c
 *
 * {"version": 1, "<list>": [{...}, ...]}, each entry named by one of its
 * members, in a RelayJsonFile: every change rewrites it atomically on a worker
 * thread, one write at a time; a damaged file is moved aside, never
 * overwritten. Secrets never go in here: callers keep them out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/relay-error.h"
#include "core/config/relay-json-file.h"
#include "relay-api-store.h"

#define STORE_VERSION 1

struct _RelayApiStore
{
  GObject parent_instance;

  RelayJsonFile *file;
  char *list_name;
  char *key_member;
  /* keys in the order they came */
  GPtrArray *keys;
  /* key -> JsonObject */
  GHashTable *entries;

  /* writes asked for and not finished */
  guint writes_pending;
  GPtrArray *flush_tasks;
};

G_DEFINE_FINAL_TYPE (RelayApiStore, relay_api_store, G_TYPE_OBJECT)

RelayApiStore *
relay_api_store_new (const char *path, const char *list_name, const char *key_member)
{
  RelayApiStore *self = g_object_new (RELAY_TYPE_API_STORE, NULL);

  self->file = relay_json_file_new (path);
  self->list_name = g_strdup (list_name);
  self->key_member = g_strdup (key_member);
  return self;
}

const char *
relay_api_store_get_path (RelayApiStore *self)
{
  g_return_val_if_fail (RELAY_IS_API_STORE (self), NULL);

  return relay_json_file_get_path (self->file);
}

/* Loading */

static GPtrArray *
parse_document (RelayApiStore *self, JsonNode *root, GError **error)
{
  g_autoptr (GPtrArray) loaded =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *list;

  if (object == NULL
      || json_object_get_int_member_with_default (object, "version", 0) != STORE_VERSION
      || !json_object_has_member (object, self->list_name)
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, self->list_name)))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("%s is not a list of %s (version %d)"), relay_json_file_get_path (self->file),
                   self->list_name, STORE_VERSION);
      return NULL;
    }

  list = json_object_get_array_member (object, self->list_name);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *key =
          entry ? json_object_get_string_member_with_default (entry, self->key_member, NULL) : NULL;

      if (key == NULL || *key == '\0')
        {
          g_warning ("%s: entry %u has no “%s”, skipped", relay_json_file_get_path (self->file), i,
                     self->key_member);
          continue;
        }
      g_ptr_array_add (loaded, json_object_ref (entry));
    }
  return g_steal_pointer (&loaded);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayApiStore *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = relay_json_file_read_finish (self->file, result, &error);
  g_autoptr (GPtrArray) loaded = NULL;

  if (root == NULL && error == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (error != NULL && error->domain != JSON_PARSER_ERROR)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error == NULL)
    loaded = parse_document (self, root, &error);
  if (loaded == NULL)
    {
      g_autoptr (GError) move_error = NULL;
      g_autofree char *aside = relay_json_file_move_aside (self->file, &move_error);

      if (aside != NULL)
        g_warning ("%s cannot be read; kept as %s", relay_json_file_get_path (self->file), aside);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < loaded->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (loaded, i);
      const char *key = json_object_get_string_member (entry, self->key_member);

      if (!g_hash_table_contains (self->entries, key))
        g_ptr_array_add (self->keys, g_strdup (key));
      g_hash_table_replace (self->entries, g_strdup (key), json_object_ref (entry));
    }
  g_task_return_pointer (task, g_steal_pointer (&loaded), (GDestroyNotify) g_ptr_array_unref);
}

/* Reads the file, whose entries join the store. */
void
relay_api_store_load_async (RelayApiStore *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (RELAY_IS_API_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_api_store_load_async);
  relay_json_file_read_async (self->file, cancellable, on_read, task);
}

/**
 * relay_api_store_load_finish:
 *
 * Returns: (transfer container) (element-type JsonObject): the entries read
 */
GPtrArray *
relay_api_store_load_finish (RelayApiStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Saving */

static JsonNode *
serialise (RelayApiStore *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STORE_VERSION);
  json_builder_set_member_name (builder, self->list_name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->keys->len; i++)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node,
                            g_hash_table_lookup (self->entries, g_ptr_array_index (self->keys, i)));
      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApiStore) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tasks = NULL;

  if (!relay_json_file_write_finish (RELAY_JSON_FILE (source), result, &error))
    g_warning ("%s cannot be saved: %s", relay_json_file_get_path (self->file), error->message);

  if (--self->writes_pending > 0)
    return;
  tasks = g_steal_pointer (&self->flush_tasks);
  self->flush_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
      else
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }
}

static void
schedule_write (RelayApiStore *self)
{
  g_autoptr (JsonNode) root = serialise (self);

  self->writes_pending++;
  relay_json_file_write_async (self->file, root, NULL, on_written, g_object_ref (self));
}

gboolean
relay_api_store_contains (RelayApiStore *self, const char *key)
{
  g_return_val_if_fail (RELAY_IS_API_STORE (self), FALSE);

  return g_hash_table_contains (self->entries, key);
}

void
relay_api_store_put (RelayApiStore *self, const char *key, JsonObject *entry)
{
  g_return_if_fail (RELAY_IS_API_STORE (self));

  if (!g_hash_table_contains (self->entries, key))
    g_ptr_array_add (self->keys, g_strdup (key));
  g_hash_table_replace (self->entries, g_strdup (key), json_object_ref (entry));
  schedule_write (self);
}

void
relay_api_store_remove (RelayApiStore *self, const char *key)
{
  guint index;

  g_return_if_fail (RELAY_IS_API_STORE (self));

  if (!g_ptr_array_find_with_equal_func (self->keys, key, g_str_equal, &index))
    return;
  g_ptr_array_remove_index (self->keys, index);
  g_hash_table_remove (self->entries, key);
  schedule_write (self);
}

/* Completes once every change so far is on disk. */
void
relay_api_store_flush_async (RelayApiStore *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_API_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_api_store_flush_async);
  if (self->writes_pending == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_ptr_array_add (self->flush_tasks, g_steal_pointer (&task));
}

gboolean
relay_api_store_flush_finish (RelayApiStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
relay_api_store_finalize (GObject *object)
{
  RelayApiStore *self = RELAY_API_STORE (object);

  g_clear_object (&self->file);
  g_free (self->list_name);
  g_free (self->key_member);
  g_ptr_array_unref (self->keys);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->flush_tasks);
  G_OBJECT_CLASS (relay_api_store_parent_class)->finalize (object);
}

static void
relay_api_store_class_init (RelayApiStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_api_store_finalize;
}

static void
relay_api_store_init (RelayApiStore *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->entries =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->flush_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}
