/* relay-x11-window.c
 *
 * Finds a window by its title, as window managers and xwininfo -name show
 * it (_NET_WM_NAME, else WM_NAME), anywhere in the tree: a reparenting
 * window manager puts the application's window inside its frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-x11-window.h"

/* A window can close while it is searched: Xlib's own handler would exit. */
static int
ignore_error (Display *display, XErrorEvent *event)
{
  return 0;
}

/* Returns: (transfer full) (nullable): the window's title */
static char *
dup_title (Display *display, Window window)
{
  Atom net_wm_name = XInternAtom (display, "_NET_WM_NAME", False);
  Atom utf8_string = XInternAtom (display, "UTF8_STRING", False);
  Atom type;
  int format;
  unsigned long n_items, remaining;
  unsigned char *value = NULL;
  char *name = NULL;
  char *title = NULL;

  if (XGetWindowProperty (display, window, net_wm_name, 0, 1024, False, utf8_string, &type, &format,
                          &n_items, &remaining, &value)
          == Success
      && value != NULL && type == utf8_string && format == 8)
    title = g_strdup ((const char *) value);
  else if (XFetchName (display, window, &name) && name != NULL)
    title = g_strdup (name);
  if (value != NULL)
    XFree (value);
  if (name != NULL)
    XFree (name);
  return title;
}

static gboolean
has_title (Display *display, Window window, const char *title)
{
  g_autofree char *its_title = dup_title (display, window);

  return g_strcmp0 (its_title, title) == 0;
}

/* Whether @window is mapped and partly on the screen, with that part, in
 * root window coordinates. Menus and tooltips (override-redirect) are not
 * windows of their own to capture. */
static gboolean
get_shown_area (Display *display, Window window, RelayX11Area *area)
{
  XWindowAttributes attributes;
  Window child;
  int x, y, right, bottom;

  if (!XGetWindowAttributes (display, window, &attributes) || attributes.map_state != IsViewable
      || attributes.override_redirect
      || !XTranslateCoordinates (display, window, attributes.root, 0, 0, &x, &y, &child))
    return FALSE;
  right = MIN (x + attributes.width, WidthOfScreen (attributes.screen));
  bottom = MIN (y + attributes.height, HeightOfScreen (attributes.screen));
  area->x = MAX (x, 0);
  area->y = MAX (y, 0);
  area->width = right - area->x;
  area->height = bottom - area->y;
  return area->width > 0 && area->height > 0;
}

/* Returns: the window of that title, shown, or 0 */
static Window
find_by_title (Display *display, Window window, const char *title, RelayX11Area *area)
{
  Window root, parent, *children = NULL;
  unsigned int n_children = 0;
  Window found = 0;

  if (has_title (display, window, title) && get_shown_area (display, window, area))
    return window;
  if (!XQueryTree (display, window, &root, &parent, &children, &n_children))
    return 0;
  /* the last child is the top of the stack: the one seen when titles repeat */
  for (unsigned int i = n_children; i > 0 && found == 0; i--)
    found = find_by_title (display, children[i - 1], title, area);
  if (children != NULL)
    XFree (children);
  return found;
}

/* A window found by its title, followed while it is captured. */
struct _RelayX11Window
{
  Display *display;
  Window window;
};

void
relay_x11_window_free (RelayX11Window *self)
{
  XCloseDisplay (self->display);
  g_free (self);
}

/**
 * relay_x11_window_open:
 * @display_name: the X display, as in DISPLAY
 * @title: the window's exact title
 * @area: (out): the part of the window on the screen
 *
 * Returns: (transfer full) (nullable): the window, if one of that title is
 *   shown, with @error set if not
 */
RelayX11Window *
relay_x11_window_open (const char *display_name, const char *title, RelayX11Area *area,
                       GError **error)
{
  Display *display = XOpenDisplay (display_name);
  XErrorHandler previous;
  Window window;

  if (display == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_SUPPORTED,
                   _ ("Screen capture needs an X11 display or the desktop portal: the X11 display "
                      "“%s” cannot be opened"),
                   display_name);
      return NULL;
    }

  /* the handler is the process's: GDK's comes back before anyone else's call */
  previous = XSetErrorHandler (ignore_error);
  window = find_by_title (display, DefaultRootWindow (display), title, area);
  XSync (display, False);
  XSetErrorHandler (previous);

  if (window == 0)
    {
      XCloseDisplay (display);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                   _ ("No window titled “%s” is shown on the screen"), title);
      return NULL;
    }
  return g_memdup2 (&(RelayX11Window){ display, window }, sizeof (RelayX11Window));
}

/**
 * relay_x11_window_get_area:
 * @area: (out): the part of the window on the screen now
 * @screen_width: (out): the screen's size, which the area is within
 *
 * Returns: whether the window is still shown (not closed, not minimised)
 */
gboolean
relay_x11_window_get_area (RelayX11Window *self, RelayX11Area *area, int *screen_width,
                           int *screen_height)
{
  XErrorHandler previous = XSetErrorHandler (ignore_error);
  gboolean shown = get_shown_area (self->display, self->window, area);

  XSync (self->display, False);
  XSetErrorHandler (previous);
  *screen_width = DisplayWidth (self->display, DefaultScreen (self->display));
  *screen_height = DisplayHeight (self->display, DefaultScreen (self->display));
  return shown;
}

/**
 * relay_x11_list_windows:
 * @display_name: the X display, as in DISPLAY
 *
 * The titles of the top-level windows shown, each once: the window
 * manager's list of its clients, or without one the root window's children.
 *
 * Returns: (transfer full): the titles, empty when the display cannot be opened
 */
char **
relay_x11_list_windows (const char *display_name)
{
  Display *display = XOpenDisplay (display_name);
  g_autoptr (GStrvBuilder) titles = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = NULL;
  XErrorHandler previous;
  Atom client_list, type;
  int format;
  unsigned long n_clients = 0, remaining;
  unsigned char *clients = NULL;
  Window root, parent, *children = NULL, *windows;
  unsigned int n_children = 0, n_windows;

  if (display == NULL)
    return g_strv_builder_end (titles);

  previous = XSetErrorHandler (ignore_error);
  client_list = XInternAtom (display, "_NET_CLIENT_LIST", False);
  if (XGetWindowProperty (display, DefaultRootWindow (display), client_list, 0, 4096, False,
                          XA_WINDOW, &type, &format, &n_clients, &remaining, &clients)
          == Success
      && clients != NULL && type == XA_WINDOW && format == 32 && n_clients > 0)
    {
      windows = (Window *) clients;
      n_windows = (unsigned int) n_clients;
    }
  else
    {
      XQueryTree (display, DefaultRootWindow (display), &root, &parent, &children, &n_children);
      windows = children;
      n_windows = n_children;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (unsigned int i = 0; i < n_windows; i++)
    {
      g_autofree char *title = dup_title (display, windows[i]);
      RelayX11Area area;

      if (title == NULL || *title == '\0' || g_hash_table_contains (seen, title)
          || !get_shown_area (display, windows[i], &area))
        continue;
      g_strv_builder_add (titles, title);
      g_hash_table_add (seen, g_steal_pointer (&title));
    }

  if (clients != NULL)
    XFree (clients);
  if (children != NULL)
    XFree (children);
  XSync (display, False);
  XSetErrorHandler (previous);
  XCloseDisplay (display);
  return g_strv_builder_end (titles);
}
