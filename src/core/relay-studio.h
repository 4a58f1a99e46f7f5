/* relay-studio.h: the one model the window and the REST API both drive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-output.h"
#include "relay-profile.h"
#include "relay-scene-mixer.h"
#include "relay-source.h"
#include "relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_STUDIO (relay_studio_get_type ())

G_DECLARE_FINAL_TYPE (RelayStudio, relay_studio, RELAY, STUDIO, GObject)

#define RELAY_PROGRAM_STREAM_NAME "program"

RelayStudio *relay_studio_new (const RelayProgramFormat *format, const char *program_name);
gboolean relay_studio_start (RelayStudio *self, GError **error);
GstElement *relay_studio_get_pipeline (RelayStudio *self);
const RelayProgramFormat *relay_studio_get_format (RelayStudio *self);
gboolean relay_studio_set_video_format (RelayStudio *self, const RelayProgramFormat *format,
                                        GError **error);
void relay_studio_set_encoding_defaults (RelayStudio *self, const RelayEncodingDefaults *defaults);

RelayStream *relay_studio_get_program (RelayStudio *self);
GListModel *relay_studio_get_streams (RelayStudio *self);
RelayStream *relay_studio_lookup_stream (RelayStudio *self, const char *name);
RelayStream *relay_studio_add_stream (RelayStudio *self, const char *name, RelaySource *source,
                                      GError **error);
RelayStream *relay_studio_add_sized_stream (RelayStudio *self, const char *name, guint width,
                                            guint height, GError **error);
gboolean relay_studio_remove_stream (RelayStudio *self, const char *name, GError **error);

RelaySceneMixer *relay_studio_get_scene_mixer (RelayStudio *self, RelayStream *stream);
guint relay_studio_count_canvases (RelayStudio *self);
RelayStream *relay_studio_get_output_canvas (RelayStudio *self, RelayOutput *output);
GListModel *relay_studio_get_outputs (RelayStudio *self);
RelayOutput *relay_studio_lookup_output (RelayStudio *self, const char *id);
gboolean relay_studio_add_output (RelayStudio *self, RelayOutput *output, GError **error);
void relay_studio_remove_output_async (RelayStudio *self, RelayOutput *output,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean relay_studio_remove_output_finish (RelayStudio *self, GAsyncResult *result,
                                            GError **error);
void relay_studio_restart_output (RelayStudio *self, RelayOutput *output);

void relay_studio_shutdown_async (RelayStudio *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_studio_shutdown_finish (RelayStudio *self, GAsyncResult *result, GError **error);

G_END_DECLS
