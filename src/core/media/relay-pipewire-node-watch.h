/* relay-pipewire-node-watch.h: says when a PipeWire node goes away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RELAY_TYPE_PIPEWIRE_NODE_WATCH (relay_pipewire_node_watch_get_type ())

G_DECLARE_FINAL_TYPE (RelayPipewireNodeWatch, relay_pipewire_node_watch, RELAY, PIPEWIRE_NODE_WATCH,
                      GObject)

RelayPipewireNodeWatch *relay_pipewire_node_watch_new (int fd, guint32 node_id, GError **error);
gboolean relay_pipewire_node_watch_is_watching (RelayPipewireNodeWatch *self);

G_END_DECLS
