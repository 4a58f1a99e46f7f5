/* relay-x11-window.h: where a window of the X11 screen is, found by its title and followed
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

typedef struct _RelayX11Window RelayX11Window;

char **relay_x11_list_windows (const char *display_name);
RelayX11Window *relay_x11_window_open (const char *display_name, const char *title,
                                       RelayX11Area *area, GError **error);
gboolean relay_x11_window_get_area (RelayX11Window *self, RelayX11Area *area, int *screen_width,
                                    int *screen_height);
void relay_x11_window_free (RelayX11Window *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayX11Window, relay_x11_window_free)

G_END_DECLS
