/* relay-ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>
#include <gst/gst.h>
#include <locale.h>
#include <math.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"

/* Translations come from the build tree, so a test sees the .mo of this build. */
void
relay_ui_test_init (int *argc, char ***argv)
{
  g_autofree char *locale_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  gst_init (argc, argv);
}

/* The command line of a window test: the test pattern, destinations retried
 * slowly enough for a test to see each state. */
RelayRunOptions
relay_ui_test_options (void)
{
  RelayRunOptions options;

  relay_run_options_init (&options);
  options.source = (char *) "test";
  options.attempts = 3;
  options.retry_delay_s = 30;
  options.retry_given = TRUE;
  return options;
}

/* Starts the application as relaycast would, without running its main loop
 * (the test iterates the main context itself). */
RelayApplication *
relay_ui_test_start (const RelayRunOptions *options, RelayWindow **out_window)
{
  RelayApplication *application = relay_application_new (options);
  static guint count;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++count);
  g_autoptr (GError) error = NULL;
  GList *windows;

  /* Each test's application gets its own D-Bus path in this one process. */
  g_application_set_application_id (G_APPLICATION (application), id);
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));

  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  g_assert_nonnull (windows);
  g_assert_true (RELAY_IS_WINDOW (windows->data));
  *out_window = windows->data;
  return application;
}

/* Stops every destination cleanly and closes every window; the saved
 * destinations stay, for the next application to load. */
void
relay_ui_test_close (RelayApplication *application)
{
  GList *toplevels;

  g_assert_true (relay_test_shutdown_studio (relay_application_get_studio (application), 20000));

  /* Dialogs and statistics windows too, so the next test starts clean. */
  while ((toplevels = gtk_window_list_toplevels ()) != NULL)
    {
      gtk_window_destroy (toplevels->data);
      g_list_free (toplevels);
    }
  g_object_unref (application);
}

/* Returns: (transfer full): the saved destinations file every application of
 *   this test process reads, in the temporary configuration folder of
 *   tests/peers/with-keyring.sh */
char *
relay_ui_test_destinations_path (void)
{
  /* never the user's own configuration */
  g_assert_nonnull (g_getenv ("RELAYCAST_TEST_ROOT"));
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), g_getenv ("RELAYCAST_TEST_ROOT")));

  return g_build_filename (g_get_user_config_dir (), "relaycast", "destinations.json", NULL);
}

/* Closes @application and forgets its saved destinations, so that the next
 * test starts with none. */
void
relay_ui_test_stop (RelayApplication *application)
{
  g_autofree char *path = relay_ui_test_destinations_path ();

  relay_ui_test_close (application);
  if (g_unlink (path) != 0)
    g_assert_cmpint (errno, ==, ENOENT);
}

/* Returns: (transfer none) (nullable): the first toplevel of @type */
gpointer
relay_ui_test_find_toplevel (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (g_type_is_a (G_OBJECT_TYPE (l->data), type))
        return l->data;
    }
  return NULL;
}

const char *
relay_ui_test_row_subtitle (RelayWindow *window, const char *id)
{
  GtkWidget *row = relay_window_find_row (window, id);

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

/* Returns: (transfer none) (nullable): the visible label under @root that
 * reads @text, as a person would find it */
GtkLabel *
relay_ui_test_find_label (GtkWidget *root, const char *text)
{
  /* hidden, or kept from view by its parent (a list's placeholder) */
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = relay_ui_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A predicate for relay_test_wait_until(): @wait is a RelayUiTestFrameWait */
gboolean
relay_ui_test_preview_has_shown (gpointer wait)
{
  RelayUiTestFrameWait *frames = wait;

  return relay_preview_get_frames_shown (frames->preview) >= frames->frames;
}

/* Returns: (transfer full): the preview's latest frame, as
 * gdk_texture_download() gives it (B, G, R, A in memory) */
guchar *
relay_ui_test_download_frame (RelayPreview *preview, int *width, int *height)
{
  GdkPaintable *paintable = relay_preview_get_paintable (preview);
  GdkTexture *texture;
  guchar *pixels;

  g_assert_true (GDK_IS_TEXTURE (paintable));
  texture = GDK_TEXTURE (paintable);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

/* Whether a line of the window's event log (its time, destination and text) has @text in it */
gboolean
relay_ui_test_log_mentions (RelayWindow *window, const char *text)
{
  GListModel *events = relay_event_log_get_model (relay_window_get_event_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (events, i);
      g_autofree char *line = relay_event_to_line (event);

      if (strstr (line, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Saves @destination with @key as `relaycast destination add` would, for the
 * applications started afterwards. */
void
relay_ui_test_save_destination (RelayDestination *destination, const char *key)
{
  g_autofree char *path = relay_ui_test_destinations_path ();
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (path);
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GAsyncResult) loaded = NULL;
  g_autoptr (GAsyncResult) saved = NULL;
  g_autoptr (GAsyncResult) stored = NULL;
  g_autoptr (GError) error = NULL;

  relay_destination_store_load_async (store, NULL, relay_test_keep_result, &loaded);
  relay_destination_store_load_finish (store, relay_test_wait_for_result (&loaded), &error);
  g_assert_no_error (error);
  relay_destination_store_add (store, destination, &error);
  g_assert_no_error (error);
  relay_destination_store_save_async (store, NULL, relay_test_keep_result, &saved);
  relay_destination_store_save_finish (store, relay_test_wait_for_result (&saved), &error);
  g_assert_no_error (error);

  relay_secrets_store_async (secrets, relay_destination_get_id (destination), "test key", key, NULL,
                             relay_test_keep_result, &stored);
  relay_secrets_store_finish (secrets, relay_test_wait_for_result (&stored), &error);
  g_assert_no_error (error);
}

static gboolean
destinations_loaded (gpointer window)
{
  return g_action_group_get_action_enabled (window, "add-destination");
}

/* Waits until @window shows the saved destinations (adding waits for them). */
void
relay_ui_test_wait_loaded (RelayWindow *window)
{
  g_assert_true (relay_test_wait_until (destinations_loaded, window, 30000));
}

static void
on_contents_changed (GdkPaintable *paintable, gboolean *changed)
{
  *changed = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *) flag;
}

/* Saves what @widget shows, as its window's renderer draws it, without the
 * rest of the screen; for a window, its content without the frame (GTK keeps
 * the drawings of the widgets inside a window, not the window's). */
void
relay_ui_test_save_png (GtkWidget *widget, const char *path)
{
  GtkWidget *shown = GTK_IS_WINDOW (widget) ? gtk_window_get_child (GTK_WINDOW (widget)) : widget;
  int width = gtk_widget_get_width (shown);
  int height = gtk_widget_get_height (shown);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (shown);
  gboolean drawn = FALSE;
  GtkSnapshot *snapshot;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  /* the drawing the paintable starts with is gone once anything inside changed */
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (on_contents_changed), &drawn);
  gtk_widget_queue_draw (shown);
  g_assert_true (relay_test_wait_until (is_true, &drawn, 10000));
  g_signal_handlers_disconnect_by_func (paintable, on_contents_changed, &drawn);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (shown)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* A predicate for relay_test_wait_until(): @widget is on screen, with a size */
gboolean
relay_ui_test_is_laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* For a person to look at, in the build folder as "PROGRAM-NAME.png";
 * nothing reads its pixels. */
void
relay_ui_test_save_screenshot (GtkWidget *widget, const char *name)
{
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *file = g_strdup_printf ("%s-%s.png", program, name);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), file, NULL);

  g_assert_true (relay_test_wait_until (relay_ui_test_is_laid_out, widget, 30000));
  relay_ui_test_save_png (widget, path);
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  GtkWindow *window;
  int width;
  int height;
} SizeWait;

static GdkSurface *
surface_of (GtkWindow *window)
{
  return gtk_native_get_surface (GTK_NATIVE (window));
}

static gboolean
has_size (gpointer user_data)
{
  SizeWait *wait = user_data;

  return gtk_widget_get_mapped (GTK_WIDGET (wait->window))
         && gdk_surface_get_width (surface_of (wait->window)) == wait->width
         && gdk_surface_get_height (surface_of (wait->window)) == wait->height;
}

static gboolean
count_frame (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
has_counted (gpointer user_data)
{
  return *(guint *) user_data >= 3;
}

/* Resizes @window as a person would, and waits until it is laid out at that
 * size. Not before it is on screen: its first configure event would set back
 * the size it was realized with. What that layout queued (a squeezer hiding
 * what no longer fits) is laid out by the next frames: it waits for three. */
void
relay_ui_test_resize (GtkWindow *window, int width, int height)
{
  SizeWait wait = { window, width, height };
  guint frames = 0;
  guint tick;

  g_assert_true (relay_test_wait_until (relay_ui_test_is_laid_out, window, 30000));
  gtk_window_set_default_size (window, width, height);
  relay_test_wait_until (has_size, &wait, 30000);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);
  g_assert_true (relay_test_wait_until (has_counted, &frames, 30000));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  /* not when the content's minimum is larger */
  g_assert_cmpint (gdk_surface_get_width (surface_of (window)), ==, width);
  g_assert_cmpint (gdk_surface_get_height (surface_of (window)), ==, height);
}

/* Xvfb has no compositor, so GTK draws each window a 5 px frame inside its
 * surface (.solid-csd) that neither a desktop's compositor nor a phone's shell
 * has. Without it, a window's widgets get its whole size, as there.
 *
 * Returns: (transfer full): the style that takes the frames away, for
 *   gtk_style_context_remove_provider_for_display() */
GtkStyleProvider *
relay_ui_test_remove_window_frames (void)
{
  GtkCssProvider *frameless = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (frameless, "window.solid-csd { padding: 0; box-shadow: none; }",
                                   -1);
  gtk_style_context_add_provider_for_display (
      gdk_display_get_default (), GTK_STYLE_PROVIDER (frameless), GTK_STYLE_PROVIDER_PRIORITY_USER);
  return GTK_STYLE_PROVIDER (frameless);
}

/* Real pointer and key events, through the X server (XTest, as xdotool makes
 * them): GTK 4 has no way to make events of its own. */

/* The X window of @widget's toplevel, and where (@x, @y) of @widget lies in it */
static gulong
x_point (GtkWidget *widget, double x, double y, int *window_x, int *window_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double surface_x, surface_y;

  g_assert_true (relay_test_wait_until (relay_ui_test_is_laid_out, widget, 30000));
  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  *window_x = (int) lround (point.x + surface_x);
  *window_y = (int) lround (point.y + surface_y);
  return gdk_x11_surface_get_xid (gtk_native_get_surface (native));
}

static gboolean
has_exited (gpointer subprocess)
{
  return g_subprocess_get_identifier (subprocess) == NULL;
}

/* The window goes on handling its events while xdotool makes them, as it
 * would under a person's hand: a drag and drop needs both sides to talk. */
static void
xdotool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) subprocess = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_subprocess_wait_async (subprocess, NULL, NULL, NULL);
  g_assert_true (relay_test_wait_until (has_exited, subprocess, 30000));
  g_assert_true (g_subprocess_get_successful (subprocess));
}

/* A click of the first button at (@x, @y) of @widget */
void
relay_ui_test_click (GtkWidget *widget, double x, double y)
{
  int window_x, window_y;
  g_autofree char *id = g_strdup_printf ("%lu", x_point (widget, x, y, &window_x, &window_y));
  g_autofree char *at_x = g_strdup_printf ("%d", window_x);
  g_autofree char *at_y = g_strdup_printf ("%d", window_y);
  const char *argv[] = { "xdotool", "mousemove", "--sync", "--window", id,
                         at_x,      at_y,        "click",  "1",        NULL };

  xdotool (argv);
}

/* The pointer moved in ten steps from (@from_x, @from_y) to (@to_x, @to_y) of
 * the window @id, the first button pressed first (@press) and released last
 * (@release) */
static void
move_pointer (const char *id, int from_x, int from_y, int to_x, int to_y, gboolean press,
              gboolean release)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  for (int step = 0; step <= 10; step++)
    {
      g_ptr_array_add (argv, g_strdup ("mousemove"));
      g_ptr_array_add (argv, g_strdup ("--window"));
      g_ptr_array_add (argv, g_strdup (id));
      g_ptr_array_add (argv, g_strdup_printf ("%d", from_x + (to_x - from_x) * step / 10));
      g_ptr_array_add (argv, g_strdup_printf ("%d", from_y + (to_y - from_y) * step / 10));
      if ((step == 0 && press) || (step == 10 && release))
        {
          g_ptr_array_add (argv, g_strdup (step == 0 ? "mousedown" : "mouseup"));
          g_ptr_array_add (argv, g_strdup ("1"));
        }
    }
  g_ptr_array_add (argv, NULL);
  xdotool ((const char *const *) argv->pdata);
}

/* The first button pressed at (@x, @y) of @widget, moved in ten steps to
 * (@to_x, @to_y) and released there */
void
relay_ui_test_drag (GtkWidget *widget, double x, double y, double to_x, double to_y)
{
  int window_x, window_y, to_window_x, to_window_y;
  g_autofree char *id = g_strdup_printf ("%lu", x_point (widget, x, y, &window_x, &window_y));

  x_point (widget, to_x, to_y, &to_window_x, &to_window_y);
  move_pointer (id, window_x, window_y, to_window_x, to_window_y, TRUE, TRUE);
}

/**
 * relay_ui_test_drag_and_drop:
 * @started: holds once the toolkit began a drag
 * @over: holds once @target takes what is dragged over it
 *
 * A drag and drop with real pointer events, a step at a time as a hand
 * makes it: the first button pressed at (@x, @y) of @widget and moved a
 * little until @started, then to (@to_x, @to_y) of @target until @over, and
 * released there. Made at once, the release could reach the window before
 * the drag it ends had begun.
 */
void
relay_ui_test_drag_and_drop (GtkWidget *widget, double x, double y, GtkWidget *target, double to_x,
                             double to_y, RelayTestPredicate started, RelayTestPredicate over,
                             gpointer user_data)
{
  int window_x, window_y, to_window_x, to_window_y;
  g_autofree char *id = g_strdup_printf ("%lu", x_point (widget, x, y, &window_x, &window_y));
  const char *release[] = { "xdotool", "mouseup", "1", NULL };

  x_point (target, to_x, to_y, &to_window_x, &to_window_y);
  /* well past GTK's drag threshold, towards the target */
  move_pointer (id, window_x, window_y, window_x + (to_window_x > window_x ? 24 : -24),
                window_y + (to_window_y > window_y ? 24 : -24), TRUE, FALSE);
  g_assert_true (relay_test_wait_until (started, user_data, 10000));
  move_pointer (id, window_x + (to_window_x > window_x ? 24 : -24),
                window_y + (to_window_y > window_y ? 24 : -24), to_window_x, to_window_y, FALSE,
                FALSE);
  g_assert_true (relay_test_wait_until (over, user_data, 10000));
  xdotool (release);
}

/* @keys (xdotool's names: "ctrl+2") typed with the pointer over @widget, whose
 * window gets them */
void
relay_ui_test_press_keys (GtkWidget *widget, const char *keys)
{
  int window_x, window_y;
  g_autofree char *id = g_strdup_printf ("%lu", x_point (widget, 1, 1, &window_x, &window_y));
  g_autofree char *at_x = g_strdup_printf ("%d", window_x);
  g_autofree char *at_y = g_strdup_printf ("%d", window_y);
  const char *argv[] = { "xdotool", "mousemove", "--window", id, at_x, at_y, "key", keys, NULL };

  xdotool (argv);
}
