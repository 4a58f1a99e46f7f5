/* relay-file-output.h: a local recording (Matroska, MP4 or FLV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"

G_BEGIN_DECLS

#define RELAY_TYPE_FILE_OUTPUT (relay_file_output_get_type ())

G_DECLARE_FINAL_TYPE (RelayFileOutput, relay_file_output, RELAY, FILE_OUTPUT, RelayOutput)

/* A container a saved recording destination offers. */
typedef struct
{
  /* saved in destinations.json and typed on the command line: "mkv" */
  const char *id;
  /* the format's own name, the same in every language */
  const char *display_name;
  const char *extension;
} RelayRecordingContainer;

RelayOutput *relay_file_output_new (const char *path, const RelayOutputOptions *options,
                                    GError **error);
RelayOutput *relay_file_output_new_in_folder (const char *folder, const char *extension,
                                              const RelayOutputOptions *options, GError **error);
const char *relay_file_output_get_path (RelayFileOutput *self);
char *relay_file_output_new_recording_path (GError **error);
char *relay_file_output_get_recordings_folder (void);

const RelayRecordingContainer *relay_file_output_get_containers (guint *n_containers);
const RelayRecordingContainer *relay_file_output_lookup_container (const char *id);

G_END_DECLS
