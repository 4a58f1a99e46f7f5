/* relay-api-store.c
 *
 * {"version": 1, "<list>": [{...}, ...]}, each entry named by one of its
 * members. Every change rewrites the file atomically on a worker thread, one
 * write at a time; a file that cannot be read is moved aside, never
 * overwritten. Secrets never go in here: callers keep them out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/relay-error.h"
#include "relay-api-store.h"

#define STORE_VERSION 1

struct _RelayApiStore
{
  GObject parent_instance;

  char *path;
  char *list_name;
  char *key_member;
  /* keys in the order they came */
  GPtrArray *keys;
  /* key -> JsonObject */
  GHashTable *entries;

  gboolean writing;
  gboolean dirty;
  GPtrArray *flush_tasks;
};

G_DEFINE_FINAL_TYPE (RelayApiStore, relay_api_store, G_TYPE_OBJECT)

RelayApiStore *
relay_api_store_new (const char *path, const char *list_name, const char *key_member)
{
  RelayApiStore *self = g_object_new (RELAY_TYPE_API_STORE, NULL);

  self->path = g_strdup (path);
  self->list_name = g_strdup (list_name);
  self->key_member = g_strdup (key_member);
  return self;
}

const char *
relay_api_store_get_path (RelayApiStore *self)
{
  g_return_val_if_fail (RELAY_IS_API_STORE (self), NULL);

  return self->path;
}

/* Loading */

static void
keep_broken_file_aside (RelayApiStore *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.broken-%s", self->path, stamp);

  if (g_rename (self->path, aside) == 0)
    g_warning ("%s cannot be read; kept as %s", self->path, aside);
}

static GPtrArray *
parse_contents (RelayApiStore *self, const char *contents, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GPtrArray) loaded =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonNode *root;
  JsonObject *object;
  JsonArray *list;

  if (!json_parser_load_from_data (parser, contents, (gssize) length, error))
    return NULL;

  root = json_parser_get_root (parser);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL
      || json_object_get_int_member_with_default (object, "version", 0) != STORE_VERSION
      || !json_object_has_member (object, self->list_name)
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, self->list_name)))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("%s is not a list of %s (version %d)"), self->path, self->list_name,
                   STORE_VERSION);
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
          g_warning ("%s: entry %u has no “%s”, skipped", self->path, i, self->key_member);
          continue;
        }
      g_ptr_array_add (loaded, json_object_ref (entry));
    }

  return g_steal_pointer (&loaded);
}

static void
on_contents_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayApiStore *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GPtrArray) loaded = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded = parse_contents (self, contents, length, &error);
  if (loaded == NULL)
    {
      keep_broken_file_aside (self);
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
  g_autoptr (GFile) file = g_file_new_for_path (self->path);
  GTask *task;

  g_return_if_fail (RELAY_IS_API_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_api_store_load_async);
  g_file_load_contents_async (file, cancellable, on_contents_loaded, task);
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

static char *
serialise (RelayApiStore *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

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

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

static void
write_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RelayApiStore *self = source;
  const char *contents = task_data;
  g_autofree char *folder = g_path_get_dirname (self->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _ ("Cannot create “%s”: %s"), folder, g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents_full (self->path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void start_write (RelayApiStore *self);

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayApiStore *self = RELAY_API_STORE (source);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s cannot be saved: %s", self->path, error->message);
  self->writing = FALSE;

  if (self->dirty)
    {
      start_write (self);
      return;
    }

  {
    g_autoptr (GPtrArray) tasks = g_steal_pointer (&self->flush_tasks);

    self->flush_tasks = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; i < tasks->len; i++)
      {
        if (error != NULL)
          g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
        else
          g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
      }
  }
}

static void
start_write (RelayApiStore *self)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, on_written, NULL);

  self->dirty = FALSE;
  self->writing = TRUE;
  g_task_set_task_data (task, serialise (self), g_free);
  g_task_run_in_thread (task, write_in_thread);
}

static void
schedule_write (RelayApiStore *self)
{
  self->dirty = TRUE;
  if (!self->writing)
    start_write (self);
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
  if (!self->writing && !self->dirty)
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

  g_free (self->path);
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
