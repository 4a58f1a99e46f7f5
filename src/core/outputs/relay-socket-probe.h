/* relay-socket-probe.h: how far a TCP peer of this process has read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RelaySocketProbe RelaySocketProbe;

RelaySocketProbe *relay_socket_probe_new (const char *host, guint16 port);
void relay_socket_probe_free (RelaySocketProbe *self);
gboolean relay_socket_probe_read (RelaySocketProbe *self, guint64 *room);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaySocketProbe, relay_socket_probe_free)

G_END_DECLS
