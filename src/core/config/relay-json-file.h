/* relay-json-file.h: a JSON document kept in a file: read on a worker, moved
 * aside when damaged, rewritten atomically one write at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAY_TYPE_JSON_FILE (relay_json_file_get_type ())

G_DECLARE_FINAL_TYPE (RelayJsonFile, relay_json_file, RELAY, JSON_FILE, GObject)

RelayJsonFile *relay_json_file_new (const char *path);
const char *relay_json_file_get_path (RelayJsonFile *self);

void relay_json_file_read_async (RelayJsonFile *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
JsonNode *relay_json_file_read_finish (RelayJsonFile *self, GAsyncResult *result, GError **error);
char *relay_json_file_move_aside (RelayJsonFile *self, GError **error);
gboolean relay_json_file_settle_load (RelayJsonFile *self, const GError *problem, gboolean damaged,
                                      char **read_only_reason, GError **error);
JsonObject *relay_json_file_check_version (JsonNode *document, int version, char **newer,
                                           GError **error);

void relay_json_file_write_async (RelayJsonFile *self, JsonNode *root, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_json_file_write_finish (RelayJsonFile *self, GAsyncResult *result, GError **error);

G_END_DECLS
