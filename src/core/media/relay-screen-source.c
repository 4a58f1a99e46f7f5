/* relay-screen-source.c
 *
 * The whole screen, or one window, with the pointer; the slot scales it to
 * the layer's size. Nothing is opened before a stream or a scene on air uses
 * it. Through the desktop portal (Wayland, GNOME, the Flatpak) the person
 * picks a monitor or a window, once: the portal's restore token is kept for
 * the next start. Without a portal, on X11, the whole screen or a window
 * found by its title, at the program's rate.
 *
 * The portal answers later (after its dialog, perhaps): the bin is handed
 * out empty and gets its video pad once the stream is there.
 *
 * A window is captured as the part of the screen it covers, followed as it
 * moves (a resized window keeps the size it had when the source opened), not
 * with ximagesrc's window mode: that mode captures the whole screen when no
 * window has the title, and its Xlib error ends the process when the window
 * closes. A window closed or minimised is said as the source's failure; the
 * source opens again once it is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-screen-source.h"
#include "relay-screencast-portal.h"
#include "relay-screencast-tokens.h"
#include "relay-x11-window.h"

struct _RelayScreenSource
{
  RelaySource parent_instance;

  /* NULL for the whole screen */
  char *window_title;
  gboolean portal_only;
  /* where the portal's restore token is kept */
  char *token_key;
};

G_DEFINE_FINAL_TYPE (RelayScreenSource, relay_screen_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_WINDOW_TITLE,
  PROP_PORTAL_ONLY,
  PROP_TOKEN_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A live capture says it can hold no frame (a maximum latency of 0), less
 * than the frame the mixer waits for: a few frames of room make the latency
 * possible, and a slow grab drops frames rather than holding the mixer. */
static GstElement *
add_leaky_queue (GstBin *bin, GError **error)
{
  GstElement *queue = relay_bin_add_new (bin, "queue", error);

  if (queue == NULL)
    return NULL;
  g_object_set (queue, "max-size-buffers", 3, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                NULL);
  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  return queue;
}

static void
post_error (GstElement *bin, const GError *error)
{
  gst_element_post_message (bin, gst_message_new_error (GST_OBJECT (bin), (GError *) error, NULL));
}

/* what screen casts carry: GNOME's, KDE's and wlroots' portals share packed RGB */
#define SCREEN_CAST_CAPS                                                                           \
  "video/x-raw, format=(string){ BGRx, BGRA, RGBx, RGBA, xRGB, ARGB, xBGR, ABGR }"

/* pipewiresrc (0.3.65) answers a reconfigure by leaving the node and joining
 * it again, which the portal's remote refuses: the cast would stop at its
 * first frame, when the layer's size reaches the scaler. The converter and
 * scaler after it take whatever it negotiated first. */
static GstPadProbeReturn
drop_reconfigure (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_RECONFIGURE
             ? GST_PAD_PROBE_DROP
             : GST_PAD_PROBE_OK;
}

/* Off the main context: pipewiresrc waits for its stream to start (a second,
 * or more while the session manager links it) before its state changes. */
static void
start_capture (GstElement *bin, gpointer user_data)
{
  gst_bin_sync_children_states (GST_BIN (bin));
}

/* The portal's stream, read on the remote it opened; the bin is running already. */
static gboolean
add_pipewire_capture (GstElement *bin, RelayScreencastPortal *session, GError **error)
{
  g_autofree char *node = g_strdup_printf ("%u", relay_screencast_portal_get_node_id (session));
  /* pipewiresrc says nothing of its media by itself: the session manager
   * (WirePlumber) links only a stream of the target's type to it */
  g_autoptr (GstStructure) props =
      gst_structure_new ("props", "media.type", G_TYPE_STRING, "Video", "media.category",
                         G_TYPE_STRING, "Capture", "media.role", G_TYPE_STRING, "Screen", NULL);
  g_autoptr (GstCaps) caps = gst_caps_from_string (SCREEN_CAST_CAPS);
  GstElement *capture, *filter, *convert, *queue;

  /* pipewiresrc must be told the formats to choose from: against "anything"
   * it settles on caps with no format, and a long list of formats fails to
   * connect (0.3.65) */
  if (!(capture = relay_bin_add_new (GST_BIN (bin), "pipewiresrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error))
      || !(convert = relay_bin_add_new (GST_BIN (bin), "videoconvert", error))
      || !(queue = add_leaky_queue (GST_BIN (bin), error)))
    return FALSE;
  /* always-copy: frames held downstream (the queue, the mixer) would keep
   * PipeWire's few buffers from the compositor and stall the cast.
   * do-timestamp: a producer's frames may come with no time at all (they
   * would never be mixed), or with the time of a clock of its own. */
  g_object_set (capture, "fd", relay_screencast_portal_get_fd (session), "path", node,
                "always-copy", TRUE, "do-timestamp", TRUE, "stream-properties", props, NULL);
  g_object_set (filter, "caps", caps, NULL);
  gst_element_link_many (capture, filter, convert, queue, NULL);
  {
    /* on the pad that sends it: pipewiresrc's own marks itself as it receives it */
    g_autoptr (GstPad) pad = gst_element_get_static_pad (queue, "sink");

    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, drop_reconfigure, NULL, NULL);
  }
  /* linked to the slot (pad-added) before the first frame can come */
  relay_ghost_static_pad (bin, queue, "src", "video");
  gst_element_call_async (bin, start_capture, NULL, NULL);
  g_debug ("capturing the portal's node %s", node);
  return TRUE;
}

/* The picture stops here and the rest of the program goes on: the layer
 * says why, and opens the screen again if its source reopens. */
static void
on_session_closed (RelayScreencastPortal *session, GstElement *bin)
{
  g_autoptr (GError) error = g_error_new_literal (RELAY_ERROR, RELAY_ERROR_CONNECTION_LOST,
                                                  _ ("Screen sharing was stopped"));

  post_error (bin, error);
}

/* As when sharing stops: the producer died, or the monitor or window is gone. */
static void
on_node_removed (RelayScreencastPortal *session, GstElement *bin)
{
  g_autoptr (GError) error = g_error_new_literal (RELAY_ERROR, RELAY_ERROR_CONNECTION_LOST,
                                                  _ ("The shared screen or window is gone"));

  post_error (bin, error);
}

typedef struct
{
  GWeakRef source;
  GWeakRef bin;
} PortalStart;

static void
on_portal_started (GObject *object, GAsyncResult *result, gpointer user_data)
{
  PortalStart *start = user_data;
  g_autoptr (RelayScreenSource) self = g_weak_ref_get (&start->source);
  g_autoptr (GstElement) bin = g_weak_ref_get (&start->bin);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayScreencastPortal) session = relay_screencast_portal_start_finish (result, &error);

  g_weak_ref_clear (&start->source);
  g_weak_ref_clear (&start->bin);
  g_free (start);

  /* the last token is spent even if the bin is gone: keep the new one */
  if (session != NULL && self != NULL && self->token_key != NULL)
    relay_screencast_tokens_store (self->token_key,
                                   relay_screencast_portal_get_restore_token (session));
  if (bin == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (session == NULL || !add_pipewire_capture (bin, session, &error))
    {
      post_error (bin, error);
      return;
    }
  g_signal_connect_object (session, "closed", G_CALLBACK (on_session_closed), bin, 0);
  g_signal_connect_object (session, "node-removed", G_CALLBACK (on_node_removed), bin, 0);
  /* the session lasts as long as the capture */
  g_object_set_data_full (G_OBJECT (bin), "relay-screencast-session", g_steal_pointer (&session),
                          g_object_unref);
}

static void
cancel_start (gpointer data)
{
  g_autoptr (GCancellable) cancellable = data;

  g_cancellable_cancel (cancellable);
}

static GstElement *
create_portal_bin (RelayScreenSource *self)
{
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autofree char *token =
      self->token_key ? relay_screencast_tokens_lookup (self->token_key) : NULL;
  GCancellable *cancellable = g_cancellable_new ();
  PortalStart *start = g_new0 (PortalStart, 1);

  g_weak_ref_init (&start->source, self);
  g_weak_ref_init (&start->bin, bin);
  /* a bin taken out before the portal answered wants no session */
  g_object_set_data_full (G_OBJECT (bin), "relay-screencast-start", cancellable, cancel_start);
  g_debug ("asking the desktop portal for the screen%s", token ? ", with a restore token" : "");
  relay_screencast_portal_start_async (token, cancellable, on_portal_started, start);
  return g_steal_pointer (&bin);
}

/* The portal where there is one, and always under Wayland, where X11
 * capture would see only XWayland's windows. */
static gboolean
use_portal (void)
{
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (wayland != NULL && *wayland != '\0')
         || g_strcmp0 (g_getenv ("XDG_SESSION_TYPE"), "wayland") == 0
         || relay_screencast_portal_is_available ();
}

#define FOLLOW_INTERVAL_MS 250

typedef struct
{
  GWeakRef bin;
  GWeakRef capture;
  RelayX11Window *window;
  char *title;
  /* where the capture is, and its size, fixed since it opened */
  RelayX11Area captured;
} WindowFollow;

static void
window_follow_free (gpointer data)
{
  WindowFollow *follow = data;

  g_weak_ref_clear (&follow->bin);
  g_weak_ref_clear (&follow->capture);
  relay_x11_window_free (follow->window);
  g_free (follow->title);
  g_free (follow);
}

/* Moves the captured area with the window, within the screen. ximagesrc
 * reads its corner at each frame and keeps the size it negotiated. */
static gboolean
follow_window_step (gpointer user_data)
{
  WindowFollow *follow = user_data;
  g_autoptr (GstElement) bin = g_weak_ref_get (&follow->bin);
  g_autoptr (GstElement) capture = g_weak_ref_get (&follow->capture);
  RelayX11Area *captured = &follow->captured;
  RelayX11Area now;
  int screen_width, screen_height, x, y;

  if (bin == NULL || capture == NULL)
    return G_SOURCE_REMOVE;
  if (!relay_x11_window_get_area (follow->window, &now, &screen_width, &screen_height))
    {
      g_autoptr (GError) error =
          g_error_new (RELAY_ERROR, RELAY_ERROR_CONNECTION_LOST,
                       _ ("The window “%s” is no longer on the screen"), follow->title);

      post_error (bin, error);
      return G_SOURCE_REMOVE;
    }
  x = CLAMP (now.x, 0, MAX (screen_width - captured->width, 0));
  y = CLAMP (now.y, 0, MAX (screen_height - captured->height, 0));
  if (x != captured->x || y != captured->y)
    {
      g_debug ("the window %s moved to %d,%d", follow->title, x, y);
      captured->x = x;
      captured->y = y;
      g_object_set (capture, "startx", x, "starty", y, "endx", x + captured->width - 1, "endy",
                    y + captured->height - 1, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static void
follow_window (GstElement *bin, GstElement *capture, RelayX11Window *window, const char *title,
               const RelayX11Area *area)
{
  WindowFollow *follow = g_new0 (WindowFollow, 1);

  g_weak_ref_init (&follow->bin, bin);
  g_weak_ref_init (&follow->capture, capture);
  follow->window = window;
  follow->title = g_strdup (title);
  follow->captured = *area;
  g_timeout_add_full (G_PRIORITY_DEFAULT, FOLLOW_INTERVAL_MS, follow_window_step, follow,
                      window_follow_free);
}

static GstElement *
relay_screen_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                                GError **error)
{
  RelayScreenSource *self = RELAY_SCREEN_SOURCE (source);
  const char *display = g_getenv ("DISPLAY");
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (RelayX11Window) window = NULL;
  GstElement *capture, *filter, *queue;
  RelayX11Area area;

  /* the portal picks windows itself: a title is for X11 */
  if (self->portal_only || (self->window_title == NULL && use_portal ()))
    return create_portal_bin (self);

  /* ximagesrc would open ":0" by itself, or fail later with no reason given */
  if (display == NULL || *display == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_NOT_SUPPORTED,
                           _ ("Screen capture needs an X11 display or the desktop portal: "
                              "no X11 display is set (DISPLAY), and no desktop portal shares "
                              "screens"));
      return NULL;
    }

  if (self->window_title != NULL
      && !(window = relay_x11_window_open (display, self->window_title, &area, error)))
    return NULL;

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  if (!(capture = relay_bin_add_new (GST_BIN (bin), "ximagesrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error))
      || !(queue = add_leaky_queue (GST_BIN (bin), error)))
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
  gst_element_link_many (capture, filter, queue, NULL);
  relay_ghost_static_pad (bin, queue, "src", "video");
  if (window != NULL)
    follow_window (bin, capture, g_steal_pointer (&window), self->window_title, &area);
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
      case PROP_PORTAL_ONLY:
        g_value_set_boolean (value, self->portal_only);
        break;
      case PROP_TOKEN_KEY:
        g_value_set_string (value, self->token_key);
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
      case PROP_PORTAL_ONLY:
        self->portal_only = g_value_get_boolean (value);
        break;
      case PROP_TOKEN_KEY:
        g_free (self->token_key);
        self->token_key = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_screen_source_finalize (GObject *object)
{
  RelayScreenSource *self = RELAY_SCREEN_SOURCE (object);

  g_free (self->window_title);
  g_free (self->token_key);

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
  /* the desktop portal even where X11 capture would do */
  properties[PROP_PORTAL_ONLY] =
      g_param_spec_boolean ("portal-only", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* where the portal's restore token is kept (relay-screencast-tokens.h), or
   * NULL to ask at each start */
  properties[PROP_TOKEN_KEY] =
      g_param_spec_string ("token-key", NULL, NULL, RELAY_SCREENCAST_TOKENS_PROGRAM,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_screen_source_init (RelayScreenSource *self)
{
}

/**
 * relay_screen_source_new:
 * @window_title: (nullable): the title of the window to capture on X11, or
 *   %NULL for the screen (through the desktop portal where there is one)
 * @portal_only: the portal even where there is none (it fails, saying so)
 */
RelaySource *
relay_screen_source_new (const char *window_title, gboolean portal_only)
{
  g_autofree char *label =
      window_title ? g_strdup_printf (_ ("Window “%s”"), window_title) : g_strdup (_ ("Screen"));

  return g_object_new (RELAY_TYPE_SCREEN_SOURCE, "window-title", window_title, "portal-only",
                       portal_only, "description", label, "title", label, NULL);
}

/* Keeps the portal's restore token under @key (a scene's layer) rather than
 * as the program's. */
void
relay_screen_source_set_token_key (RelayScreenSource *self, const char *key)
{
  g_return_if_fail (RELAY_IS_SCREEN_SOURCE (self));

  g_object_set (self, "token-key", key, NULL);
}
