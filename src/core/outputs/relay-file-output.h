/* relay-file-output.h: a local recording (Matroska, MP4 or FLV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"

G_BEGIN_DECLS

#define RELAY_TYPE_FILE_OUTPUT (relay_file_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayFileOutput, relay_file_output, RELAY, FILE_OUTPUT, RelayOutput)

RelayOutput *relay_file_output_new (const char *path, const RelayOutputOptions *options,
                                    GError **error);
const char *relay_file_output_get_path (RelayFileOutput *self);
char *relay_file_output_new_recording_path (GError **error);

G_END_DECLS
