/* relay-window.h: the main window: preview, source, scenes, destinations, Go Live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/relay-broadcast.h"
#include "core/relay-director.h"
#include "core/relay-on-air.h"
#include "core/relay-studio.h"
#include "relay-destination-item.h"
#include "relay-event-log.h"
#include "relay-preview.h"

G_BEGIN_DECLS

#define RELAY_TYPE_WINDOW (relay_window_get_type ())

G_DECLARE_FINAL_TYPE (RelayWindow, relay_window, RELAY, WINDOW, AdwApplicationWindow)

RelayWindow *relay_window_new (GtkApplication *application, RelayBroadcast *broadcast,
                               GSettings *settings);
RelayStudio *relay_window_get_studio (RelayWindow *self);
gboolean relay_window_set_source (RelayWindow *self, RelaySource *source, GError **error);
gboolean relay_window_add_destination_for_url (RelayWindow *self, const char *url, const char *id,
                                               GError **error);
GListModel *relay_window_get_destinations (RelayWindow *self);
RelayDestinationItem *relay_window_lookup_destination (RelayWindow *self, const char *id);
GtkWidget *relay_window_find_row (RelayWindow *self, const char *id);
gboolean relay_window_get_live (RelayWindow *self);
RelayOnAir *relay_window_get_on_air (RelayWindow *self);
RelayPreview *relay_window_get_preview (RelayWindow *self);
RelayEventLog *relay_window_get_event_log (RelayWindow *self);
void relay_window_show_toast (RelayWindow *self, const char *message);
void relay_window_destinations_loaded (RelayWindow *self, const char *problem);
void relay_window_scenes_loaded (RelayWindow *self, RelayDirector *director, const char *problem);
RelayDirector *relay_window_get_director (RelayWindow *self);

G_END_DECLS
