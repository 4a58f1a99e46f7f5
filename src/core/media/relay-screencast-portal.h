/* relay-screencast-portal.h: a screen cast session of the desktop portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RELAY_TYPE_SCREENCAST_PORTAL (relay_screencast_portal_get_type ())

G_DECLARE_FINAL_TYPE (RelayScreencastPortal, relay_screencast_portal, RELAY, SCREENCAST_PORTAL,
                      GObject)

gboolean relay_screencast_portal_is_available (void);

void relay_screencast_portal_start_async (const char *restore_token, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
RelayScreencastPortal *relay_screencast_portal_start_finish (GAsyncResult *result, GError **error);

int relay_screencast_portal_get_fd (RelayScreencastPortal *self);
guint32 relay_screencast_portal_get_node_id (RelayScreencastPortal *self);
const char *relay_screencast_portal_get_restore_token (RelayScreencastPortal *self);

G_END_DECLS
