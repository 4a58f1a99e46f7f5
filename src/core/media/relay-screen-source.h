/* relay-screen-source.h: the X11 screen, or one of its windows, as a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

/* The spec of the whole screen; "screen:TITLE" is the window of that title. */
#define RELAY_SCREEN_SOURCE_SPEC "screen"

#define RELAY_TYPE_SCREEN_SOURCE (relay_screen_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayScreenSource, relay_screen_source, RELAY, SCREEN_SOURCE, RelaySource)

RelaySource *relay_screen_source_new (const char *window_title);
const char *relay_screen_source_get_window_title (RelayScreenSource *self);

G_END_DECLS
