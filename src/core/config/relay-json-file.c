/* relay-json-file.c
 *
 * What the saved destinations and the API's persisted restreams share: a
 * folder only the user may enter (0700), a file only the user may read
 * (0600), written to a temporary file, synced and renamed over the old one, on
 * a worker thread. Writes go one at a time and in order: while one is under
 * way only the newest state waits, so an older state never lands last. A
 * damaged file is moved aside under a name that replaces no earlier one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "relay-json-file.h"

struct _RelayJsonFile
{
  GObject parent_instance;

  char *path;
  gboolean writing;
  /* the tasks of the write under way */
  GPtrArray *writing_tasks;
  /* the newest contents asked for meanwhile, and the tasks waiting for them */
  char *queued;
  GPtrArray *queued_tasks;
};

G_DEFINE_FINAL_TYPE (RelayJsonFile, relay_json_file, G_TYPE_OBJECT)

static void
relay_json_file_finalize (GObject *object)
{
  RelayJsonFile *self = RELAY_JSON_FILE (object);

  g_free (self->path);
  g_ptr_array_unref (self->writing_tasks);
  g_free (self->queued);
  g_ptr_array_unref (self->queued_tasks);
  G_OBJECT_CLASS (relay_json_file_parent_class)->finalize (object);
}

static void
relay_json_file_class_init (RelayJsonFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_json_file_finalize;
}

static void
relay_json_file_init (RelayJsonFile *self)
{
  self->writing_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

RelayJsonFile *
relay_json_file_new (const char *path)
{
  RelayJsonFile *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RELAY_TYPE_JSON_FILE, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
relay_json_file_get_path (RelayJsonFile *self)
{
  g_return_val_if_fail (RELAY_IS_JSON_FILE (self), NULL);

  return self->path;
}

/* Reading */

static void
read_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RelayJsonFile *self = source;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  GError *error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (self->path, &contents, &length, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_clear_error (&error);
          g_task_return_pointer (task, NULL, NULL);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  if (!json_parser_load_from_data (parser, contents, (gssize) length, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* a blank file parses to no root at all: a document that holds nothing */
  g_task_return_pointer (task,
                         json_parser_get_root (parser) ? json_parser_steal_root (parser)
                                                       : json_node_new (JSON_NODE_NULL),
                         (GDestroyNotify) json_node_unref);
}

void
relay_json_file_read_async (RelayJsonFile *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_JSON_FILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_json_file_read_async);
  g_task_run_in_thread (task, read_in_thread);
}

/**
 * relay_json_file_read_finish:
 *
 * Returns: (transfer full) (nullable): the document (a null node for a blank
 *   file), or %NULL: with @error set when the file cannot be read
 *   (%G_FILE_ERROR) or is not JSON (%JSON_PARSER_ERROR), without when there
 *   is no file yet
 */
JsonNode *
relay_json_file_read_finish (RelayJsonFile *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * relay_json_file_move_aside:
 *
 * Renames a damaged file to "NAME.broken-20250102-030405" (with "-1", "-2"…
 * when that exists), so nothing saved later replaces it.
 *
 * Returns: (transfer full): where it went, or %NULL with @error set
 */
char *
relay_json_file_move_aside (RelayJsonFile *self, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  g_return_val_if_fail (RELAY_IS_JSON_FILE (self), NULL);

  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *backup = n == 0 ? g_strdup_printf ("%s.broken-%s", self->path, stamp)
                                       : g_strdup_printf ("%s.broken-%s-%u", self->path, stamp, n);

      if (g_file_test (backup, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (self->path, backup) != 0)
        {
          int saved = errno;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                               g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&backup);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _ ("too many earlier backups"));
  return NULL;
}

/**
 * relay_json_file_settle_load:
 * @problem: (nullable): why the file could not be read (an I/O error), or
 *   why its content cannot be used (a JSON parser error, or the caller's own
 *   reading of the document, set when @damaged)
 * @damaged: the content is unusable, as opposed to the file unreadable
 * @read_only_reason: (inout) (nullable): set by the caller when the file is
 *   not to be written over (a newer schema); set here when it must be left
 * @error: what the person is told, when anything is wrong
 *
 * What a store makes of the file it read: a damaged file is moved aside (and
 * left as it is, not to be saved over, when that fails), an unreadable one
 * is left alone.
 *
 * Returns: %TRUE when the caller keeps what it read, %FALSE when it starts
 *   empty
 */
gboolean
relay_json_file_settle_load (RelayJsonFile *self, const GError *problem, gboolean damaged,
                             char **read_only_reason, GError **error)
{
  g_autoptr (GError) move_error = NULL;
  g_autofree char *backup = NULL;

  g_return_val_if_fail (RELAY_IS_JSON_FILE (self), FALSE);

  if (problem != NULL && !damaged)
    {
      g_free (*read_only_reason);
      *read_only_reason = g_strdup (_ ("it could not be read"));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Cannot read “%s”: %s. The file is left as it is and nothing will be saved "
                      "over it"),
                   self->path, problem->message);
      return FALSE;
    }

  if (damaged)
    {
      backup = relay_json_file_move_aside (self, &move_error);
      if (backup != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _ ("“%s” is damaged: %s. The file was kept as “%s” and Relaycast goes on "
                        "without it"),
                     self->path, problem->message, backup);
      else
        {
          g_free (*read_only_reason);
          *read_only_reason = g_strdup (_ ("it is damaged and could not be moved aside"));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _ ("“%s” is damaged: %s. Moving it aside failed (%s), so it is left as it "
                          "is and nothing will be saved over it"),
                       self->path, problem->message, move_error->message);
        }
      return FALSE;
    }

  if (*read_only_reason != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _ ("“%s” cannot be used: %s. The file is left as it is and nothing will be saved "
                    "over it"),
                 self->path, *read_only_reason);
  return TRUE;
}

/**
 * relay_json_file_check_version:
 * @document: a document relay_json_file_read_finish() gave
 * @version: the newest schema version the caller reads
 * @newer: (out): why the document cannot be used, when a newer schema wrote it
 *
 * Checks the "version" member the saved files carry at their top.
 *
 * Returns: (transfer none) (nullable): the document's object when the caller
 *   can read it; else %NULL with @newer set (not damaged, but neither to be
 *   read nor written over) or with @error (%G_IO_ERROR_INVALID_DATA: damaged)
 */
JsonObject *
relay_json_file_check_version (JsonNode *document, int version, char **newer, GError **error)
{
  JsonObject *root;
  JsonNode *member;
  gint64 number;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (newer != NULL && *newer == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("it is not a JSON object"));
      return NULL;
    }

  root = json_node_get_object (document);
  member = json_object_get_member (root, "version");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || json_node_get_value_type (member) != G_TYPE_INT64 || json_node_get_int (member) < 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _ ("it has no schema “version” number"));
      return NULL;
    }

  number = json_node_get_int (member);
  if (number > version)
    {
      /* formatted apart: gettext cannot carry G_GINT64_FORMAT */
      g_autofree char *number_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

      *newer = g_strdup_printf (
          _ ("it was written by a newer Relaycast (schema version %s; this one reads version %d)"),
          number_text, version);
      return NULL;
    }
  return root;
}

/* Writing */

static void
write_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RelayJsonFile *self = source;
  const char *contents = task_data;
  g_autofree char *folder = g_path_get_dirname (self->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _ ("Cannot create “%s”: %s"), folder, g_strerror (saved));
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

static void start_write (RelayJsonFile *self, char *contents);

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayJsonFile *self = RELAY_JSON_FILE (source);
  g_autoptr (GPtrArray) tasks = g_steal_pointer (&self->writing_tasks);
  g_autoptr (GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  self->writing = FALSE;
  self->writing_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->queued != NULL)
    {
      g_ptr_array_extend_and_steal (self->writing_tasks, g_steal_pointer (&self->queued_tasks));
      self->queued_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      start_write (self, g_steal_pointer (&self->queued));
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
      else
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }
}

static void
start_write (RelayJsonFile *self, char *contents)
{
  g_autoptr (GTask) worker = g_task_new (self, NULL, on_written, NULL);

  self->writing = TRUE;
  g_task_set_task_data (worker, contents, g_free);
  g_task_run_in_thread (worker, write_in_thread);
}

/**
 * relay_json_file_write_async:
 * @root: the whole document, serialised now
 *
 * Completes once @root, or a document asked for after it, is in the file.
 */
void
relay_json_file_write_async (RelayJsonFile *self, JsonNode *root, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *text = NULL;
  GTask *task;

  g_return_if_fail (RELAY_IS_JSON_FILE (self));
  g_return_if_fail (root != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_json_file_write_async);
  text = json_to_string (root, TRUE);

  if (self->writing)
    {
      g_free (self->queued);
      self->queued = g_strconcat (text, "\n", NULL);
      g_ptr_array_add (self->queued_tasks, task);
      return;
    }
  g_ptr_array_add (self->writing_tasks, task);
  start_write (self, g_strconcat (text, "\n", NULL));
}

gboolean
relay_json_file_write_finish (RelayJsonFile *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
