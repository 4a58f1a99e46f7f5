/* relay-x11-window.h: where a window of the X11 screen is, found by its title
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* the window's visible part, in root window coordinates */
  int x;
  int y;
  int width;
  int height;
} RelayX11Area;

char **relay_x11_list_windows (const char *display_name);
gboolean relay_x11_find_window (const char *display_name, const char *title, RelayX11Area *area,
                                GError **error);

G_END_DECLS
