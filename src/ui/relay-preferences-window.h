/* relay-preferences-window.h: encoding, reconnection and REST API settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RELAY_TYPE_PREFERENCES_WINDOW (relay_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RelayPreferencesWindow, relay_preferences_window, RELAY, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *relay_preferences_window_new (GtkWindow *parent, GSettings *settings,
                                         GObject *api_status_source);

G_END_DECLS
