/* relay-folder-row.h: a row showing a folder, with a button to choose another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RELAY_TYPE_FOLDER_ROW (relay_folder_row_get_type ())

G_DECLARE_FINAL_TYPE (RelayFolderRow, relay_folder_row, RELAY, FOLDER_ROW, AdwActionRow)

const char *relay_folder_row_get_folder (RelayFolderRow *self);
void relay_folder_row_set_folder (RelayFolderRow *self, const char *folder);

G_END_DECLS
