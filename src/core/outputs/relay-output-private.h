/* relay-output-private.h: what the studio drives an output with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-stream.h"

G_BEGIN_DECLS

void relay_output_start (RelayOutput *self, RelayStream *stream);
void relay_output_wait_for_stream (RelayOutput *self);
void relay_output_stop_async (RelayOutput *self, GAsyncReadyCallback callback, gpointer user_data);
gboolean relay_output_stop_finish (RelayOutput *self, GAsyncResult *result, GError **error);
gboolean relay_output_handle_message (RelayOutput *self, GstMessage *message);
RelayStream *relay_output_get_stream (RelayOutput *self);

G_END_DECLS
