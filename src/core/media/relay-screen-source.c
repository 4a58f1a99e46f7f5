/* relay-screen-source.c
 *
 * The whole X11 screen, or one window found by its title, with the pointer,
 * at the program's rate; the slot scales it to the layer's size. Nothing is
 * opened before a stream or a scene on air uses it. Wayland sessions need
 * the desktop portal instead (not yet).
 *
 * A window is captured as the part of the screen it covers when the source
 * opens, not with ximagesrc's window mode: that mode captures the whole
 * screen when no window has the title, and its Xlib error ends the process
 * when the window closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-screen-source.h"
#include "relay-x11-window.h"

struct _RelayScreenSource
{
  RelaySource parent_instance;

  /* NULL for the whole screen */
  char *window_title;
};

G_DEFINE_FINAL_TYPE (RelayScreenSource, relay_screen_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_WINDOW_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstElement *
relay_screen_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                                GError **error)
{
  RelayScreenSource *self = RELAY_SCREEN_SOURCE (source);
  const char *display = g_getenv ("DISPLAY");
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstCaps) caps = NULL;
  GstElement *capture, *filter, *queue;
  RelayX11Area area;

  /* ximagesrc would open ":0" by itself, or fail later with no reason given */
  if (display == NULL || *display == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_NOT_SUPPORTED,
                           _ ("Screen capture needs an X11 display or the desktop portal: "
                              "no X11 display is set (DISPLAY), and the portal is not supported "
                              "yet"));
      return NULL;
    }

  if (self->window_title != NULL
      && !relay_x11_find_window (display, self->window_title, &area, error))
    return NULL;

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  if (!(capture = relay_bin_add_new (GST_BIN (bin), "ximagesrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error))
      || !(queue = relay_bin_add_new (GST_BIN (bin), "queue", error)))
    return NULL;

  /* XDamage only pays off on a still screen, and Xvfb and some drivers
   * report no damage at all: the picture would freeze */
  g_object_set (capture, "use-damage", FALSE, "show-pointer", TRUE, "display-name", display, NULL);
  if (self->window_title != NULL)
    g_object_set (capture, "startx", area.x, "starty", area.y, "endx", area.x + area.width - 1,
                  "endy", area.y + area.height - 1, NULL);
  /* ximagesrc waits for each frame's time itself: no videorate needed */
  caps = gst_caps_new_simple ("video/x-raw", "framerate", GST_TYPE_FRACTION, (int) format->fps, 1,
                              NULL);
  g_object_set (filter, "caps", caps, NULL);
  /* ximagesrc says it can hold no frame (a maximum latency of 0), less than
   * the frame the mixer waits for: a few frames of room make the latency
   * possible, and a slow grab drops frames rather than holding the mixer */
  g_object_set (queue, "max-size-buffers", 3, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                NULL);
  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  gst_element_link_many (capture, filter, queue, NULL);
  relay_ghost_static_pad (bin, queue, "src", "video");
  g_debug ("capturing %s%s on %s", self->window_title ? "the window " : "the whole screen",
           self->window_title ? self->window_title : "", display);

  return g_steal_pointer (&bin);
}

const char *
relay_screen_source_get_window_title (RelayScreenSource *self)
{
  g_return_val_if_fail (RELAY_IS_SCREEN_SOURCE (self), NULL);

  return self->window_title;
}

static void
relay_screen_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayScreenSource *self = RELAY_SCREEN_SOURCE (object);

  switch (prop_id)
    {
      case PROP_WINDOW_TITLE:
        g_value_set_string (value, self->window_title);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_screen_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  RelayScreenSource *self = RELAY_SCREEN_SOURCE (object);

  switch (prop_id)
    {
      case PROP_WINDOW_TITLE:
        self->window_title = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_screen_source_finalize (GObject *object)
{
  g_free (RELAY_SCREEN_SOURCE (object)->window_title);

  G_OBJECT_CLASS (relay_screen_source_parent_class)->finalize (object);
}

static void
relay_screen_source_class_init (RelayScreenSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->get_property = relay_screen_source_get_property;
  object_class->set_property = relay_screen_source_set_property;
  object_class->finalize = relay_screen_source_finalize;
  source_class->create_bin = relay_screen_source_create_bin;

  /* NULL for the whole screen */
  properties[PROP_WINDOW_TITLE] =
      g_param_spec_string ("window-title", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_screen_source_init (RelayScreenSource *self)
{
}

/**
 * relay_screen_source_new:
 * @window_title: (nullable): the title of the window to capture, or %NULL
 *   for the whole screen
 */
RelaySource *
relay_screen_source_new (const char *window_title)
{
  g_autofree char *label =
      window_title ? g_strdup_printf (_ ("Window “%s”"), window_title) : g_strdup (_ ("Screen"));

  return g_object_new (RELAY_TYPE_SCREEN_SOURCE, "window-title", window_title, "description", label,
                       "title", label, NULL);
}
