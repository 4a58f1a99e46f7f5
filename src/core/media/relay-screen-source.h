/* relay-screen-source.h: the screen (desktop portal or X11), or one X11 window, as a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

/* The spec of the whole screen; "screen:TITLE" is the window of that title
 * (X11); "screen:portal" asks the desktop portal even on X11. */
#define RELAY_SCREEN_SOURCE_SPEC        "screen"
#define RELAY_SCREEN_SOURCE_PORTAL_SPEC "screen:portal"

#define RELAY_TYPE_SCREEN_SOURCE (relay_screen_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayScreenSource, relay_screen_source, RELAY, SCREEN_SOURCE, RelaySource)

RelaySource *relay_screen_source_new (const char *window_title, gboolean portal_only);
const char *relay_screen_source_get_window_title (RelayScreenSource *self);
void relay_screen_source_set_token_key (RelayScreenSource *self, const char *key);

G_END_DECLS
