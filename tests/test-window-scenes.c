/* test-window-scenes.c: scenes from the window, seen on the program's pixels
 *
 * Scenes are added, put on air by a click on their row and by Ctrl+digit,
 * renamed, duplicated, removed and put back with Undo, and kept for the next
 * start. A colour layer added to the scene on air shows on the preview as a
 * picture-in-picture in the bottom-right quarter; hidden, it is gone. Then the
 * issue's test: the layer dragged on the preview with real pointer events (the
 * X server's, made by xdotool) moves, snaps to the canvas's left edge, and
 * the program's pixels follow; its corner dragged resizes it. Run again in
 * Russian as test-window-scenes-ru. The window with a picture-in-picture is
 * left as a screenshot in the build folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-layer-editor.h"
#include "ui/relay-layer-list.h"
#include "ui/relay-layer-properties.h"
#include "ui/relay-scene-list.h"

#define TIMEOUT_MS 30000
/* the colour layers are added in: GNOME's blue */
#define BLUE_R 0x35
#define BLUE_G 0x84
#define BLUE_B 0xE4

typedef struct
{
  RelayApplication *application;
  RelayWindow *window;
  RelayDirector *director;
  RelaySceneStore *store;
  RelayStream *program;
} Window;

static gboolean
in_russian (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "ru") == 0;
}

static GtkWidget *
template_child (RelayWindow *window, const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, name));
}

static gboolean
scenes_loaded (gpointer window)
{
  return relay_window_get_director (window) != NULL;
}

static char *
scenes_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "relaycast", "scenes.json", NULL);
}

static void
window_start (Window *window)
{
  RelayRunOptions options = relay_ui_test_options ();

  window->application = relay_ui_test_start (&options, &window->window);
  g_assert_true (relay_test_wait_until (scenes_loaded, window->window, TIMEOUT_MS));
  window->director = relay_window_get_director (window->window);
  /* the application's, which the broadcast carries for every client */
  g_assert_true (window->director == relay_application_get_director (window->application));
  window->store = relay_director_get_store (window->director);
  window->program = relay_studio_get_program (relay_window_get_studio (window->window));
}

/* Closes the window; with @forget, the saved scenes go too, for the next test */
static void
window_stop (Window *window, gboolean forget)
{
  g_autofree char *path = scenes_path ();

  relay_ui_test_stop (window->application);
  if (forget && g_unlink (path) != 0)
    g_assert_cmpint (errno, ==, ENOENT);
}

static void
activate (Window *window, const char *action, GVariant *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (window->window), action, parameter);
}

static RelayScene *
scene_at (Window *window, guint position)
{
  g_autoptr (RelayScene) scene =
      g_list_model_get_item (relay_scene_store_get_scenes (window->store), position);

  return scene;
}

static const char *
on_air_words (void)
{
  return in_russian () ? "В эфире" : "On air";
}

/* The scene on air: composed on the program, kept by the store, and marked
 * in the list in words */
static void
assert_on_air (Window *window, RelayScene *scene)
{
  RelaySceneList *list = RELAY_SCENE_LIST (template_child (window->window, "scene_list"));
  GListModel *scenes = relay_scene_store_get_scenes (window->store);
  RelayStudio *studio = relay_window_get_studio (window->window);

  g_assert_true (relay_director_get_program_scene (window->director) == scene);
  g_assert_true (
      relay_scene_mixer_get_scene (relay_studio_get_scene_mixer (studio, window->program))
      == scene);
  g_assert_cmpstr (relay_scene_store_get_program_scene (window->store), ==,
                   scene ? relay_scene_get_id (scene) : NULL);
  for (guint i = 0; i < g_list_model_get_n_items (scenes); i++)
    {
      RelayScene *listed = scene_at (window, i);
      GtkWidget *row = relay_scene_list_find_row (list, relay_scene_get_id (listed));

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       relay_scene_get_name (listed));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       listed == scene ? on_air_words () : "");
    }
}

typedef struct
{
  RelayDirector *director;
  RelayScene *scene;
} OnAirWait;

static gboolean
is_on_air (gpointer user_data)
{
  OnAirWait *wait = user_data;

  return relay_director_get_program_scene (wait->director) == wait->scene;
}

/* Shows the Scenes page, as a click on the view switcher would */
static void
show_scenes_page (Window *window)
{
  GtkWidget *list = template_child (window->window, "scene_list");
  GtkWidget *stack = gtk_widget_get_ancestor (list, ADW_TYPE_VIEW_STACK);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "scenes");
  g_assert_true (relay_test_wait_until (relay_ui_test_is_laid_out, list, TIMEOUT_MS));
}

typedef struct
{
  guint scenes;
  const char *program_scene;
} SavedWait;

/* Whether scenes.json holds that many scenes, that one on air */
static gboolean
is_saved (gpointer user_data)
{
  SavedWait *wait = user_data;
  g_autofree char *path = scenes_path ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_file (parser, path, NULL))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  return json_array_get_length (json_object_get_array_member (root, "scenes")) == wait->scenes
         && g_strcmp0 (json_object_get_string_member_with_default (root, "programScene", NULL),
                       wait->program_scene)
                == 0;
}

static void
test_scene_list (void)
{
  Window window;
  RelayScene *first, *second, *copy;
  GtkWidget *row;
  AdwMessageDialog *dialog;
  OnAirWait wait;

  window_start (&window);
  /* no saved scenes: none on air, the program is its source */
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (window.store)), ==, 0);
  g_assert_null (relay_director_get_program_scene (window.director));

  /* Added: "Scene 1", on air at once; then "Scene 2" */
  activate (&window, "add-scene", NULL);
  first = scene_at (&window, 0);
  g_assert_cmpstr (relay_scene_get_name (first), ==, in_russian () ? "Сцена 1" : "Scene 1");
  assert_on_air (&window, first);
  activate (&window, "add-scene", NULL);
  second = scene_at (&window, 1);
  g_assert_cmpstr (relay_scene_get_name (second), ==, in_russian () ? "Сцена 2" : "Scene 2");
  assert_on_air (&window, second);

  /* A click on the first row puts it on air */
  show_scenes_page (&window);
  row = relay_scene_list_find_row (RELAY_SCENE_LIST (template_child (window.window, "scene_list")),
                                   relay_scene_get_id (first));
  relay_ui_test_click (row, 20, gtk_widget_get_height (row) / 2.0);
  wait = (OnAirWait){ window.director, first };
  g_assert_true (relay_test_wait_until (is_on_air, &wait, TIMEOUT_MS));
  assert_on_air (&window, first);

  /* Ctrl+2: the second */
  relay_ui_test_press_keys (GTK_WIDGET (relay_window_get_preview (window.window)), "ctrl+2");
  wait.scene = second;
  g_assert_true (relay_test_wait_until (is_on_air, &wait, TIMEOUT_MS));
  assert_on_air (&window, second);

  /* Renamed in its dialog; a name another scene has is refused there */
  activate (&window, "rename-scene", g_variant_new_string (relay_scene_get_id (second)));
  dialog = relay_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         relay_scene_get_name (first));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Interview");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (relay_scene_get_name (second), ==, "Interview");
  assert_on_air (&window, second);

  /* Duplicated: a third scene, named after it, not on air */
  activate (&window, "duplicate-scene", g_variant_new_string (relay_scene_get_id (second)));
  copy = scene_at (&window, 2);
  g_assert_cmpstr (relay_scene_get_name (copy), ==,
                   in_russian () ? "Interview (копия)" : "Interview (copy)");
  assert_on_air (&window, second);

  /* Removed while on air: no scene is; Undo puts it back in its place, on air */
  g_object_ref (second);
  activate (&window, "remove-scene", g_variant_new_string (relay_scene_get_id (second)));
  g_assert_null (relay_scene_store_lookup (window.store, relay_scene_get_id (second)));
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (window.store)), ==, 2);
  assert_on_air (&window, NULL);
  activate (&window, "undo-remove-scene", g_variant_new_string (relay_scene_get_id (second)));
  g_assert_true (scene_at (&window, 1) == second);
  assert_on_air (&window, second);
  g_object_unref (second);

  /* Kept for the next start (saved by itself a moment after the change), on air again */
  {
    SavedWait saved = { 3, relay_scene_get_id (second) };

    g_assert_true (relay_test_wait_until (is_saved, &saved, TIMEOUT_MS));
  }
  window_stop (&window, FALSE);
  window_start (&window);
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (window.store)), ==, 3);
  g_assert_cmpstr (relay_scene_get_name (scene_at (&window, 1)), ==, "Interview");
  assert_on_air (&window, scene_at (&window, 1));
  window_stop (&window, TRUE);
}

typedef struct
{
  Window *window;
  /* a point of the canvas */
  int x;
  int y;
  gboolean blue;
  /* the colour last seen there, 0xRRGGBB */
  guint32 seen;
} PixelWait;

/* @p: a pixel as gdk_texture_download() gives it: B, G, R, A in memory */
static gboolean
is_blue (const guchar *p)
{
  return ABS (p[2] - BLUE_R) < 24 && ABS (p[1] - BLUE_G) < 24 && ABS (p[0] - BLUE_B) < 24;
}

/* Whether the preview shows the layer's blue at the canvas point, as asked */
static gboolean
pixel_is (gpointer user_data)
{
  PixelWait *wait = user_data;
  RelayPreview *preview = relay_window_get_preview (wait->window->window);
  const RelayProgramFormat *format = relay_stream_get_format (wait->window->program);
  g_autofree guchar *pixels = NULL;
  int width, height, x, y;

  if (!GDK_IS_TEXTURE (relay_preview_get_paintable (preview)))
    return FALSE;
  pixels = relay_ui_test_download_frame (preview, &width, &height);
  x = wait->x * width / (int) format->width;
  y = wait->y * height / (int) format->height;
  wait->seen = (guint32) pixels[((gsize) y * width + x) * 4 + 2] << 16
               | (guint32) pixels[((gsize) y * width + x) * 4 + 1] << 8
               | pixels[((gsize) y * width + x) * 4];
  return is_blue (pixels + ((gsize) y * width + x) * 4) == wait->blue;
}

static void
assert_pixel (Window *window, int x, int y, gboolean blue)
{
  PixelWait wait = { window, x, y, blue, 0 };

  if (!relay_test_wait_until (pixel_is, &wait, TIMEOUT_MS))
    g_error ("the preview at %d, %d is #%06x, %s the layer's blue", x, y, wait.seen,
             blue ? "not" : "still");
}

typedef struct
{
  RelayLayer *layer;
  RelayRect rect;
  /* how far each value may be off, in canvas pixels */
  int tolerance;
} RectWait;

static gboolean
rect_is (gpointer user_data)
{
  RectWait *wait = user_data;
  RelayRect rect;

  relay_layer_get_rect (wait->layer, &rect);
  return ABS (rect.x - wait->rect.x) <= wait->tolerance
         && ABS (rect.y - wait->rect.y) <= wait->tolerance
         && ABS (rect.width - wait->rect.width) <= wait->tolerance
         && ABS (rect.height - wait->rect.height) <= wait->tolerance;
}

/* The layer's rectangle, exactly or (@tolerance) within the canvas pixels a
 * pointer's widget pixel spans */
static void
assert_rect_near (RelayLayer *layer, int x, int y, int width, int height, int tolerance)
{
  RectWait wait = { layer, { x, y, width, height }, tolerance };
  RelayRect rect;

  if (relay_test_wait_until (rect_is, &wait, TIMEOUT_MS))
    return;
  relay_layer_get_rect (layer, &rect);
  g_error ("the layer is %d×%d at %d, %d, not %d×%d at %d, %d", rect.width, rect.height, rect.x,
           rect.y, width, height, x, y);
}

static void
assert_rect (RelayLayer *layer, int x, int y, int width, int height)
{
  assert_rect_near (layer, x, y, width, height, 0);
}

/* Where the canvas point lies on the layer editor, over the preview */
static void
on_preview (RelayLayerEditor *editor, int x, int y, double *widget_x, double *widget_y)
{
  g_assert_true (relay_layer_editor_canvas_to_widget (editor, x, y, widget_x, widget_y));
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *file = g_strdup_printf ("%s-%s.png", program, name);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), file, NULL);

  relay_ui_test_save_png (widget, path);
  g_test_message ("screenshot: %s", path);
}

static void
test_layer_on_preview (void)
{
  Window window;
  RelayLayerList *list;
  RelayLayerEditor *editor;
  RelayScene *scene;
  RelayLayer *layer;
  GtkWidget *row;
  GtkToggleButton *eye;
  const RelayProgramFormat *format;
  int w, h;
  double x0, y0, x1, y1;
  RelayUiTestFrameWait frames;

  window_start (&window);
  list = RELAY_LAYER_LIST (template_child (window.window, "layer_list"));
  editor = RELAY_LAYER_EDITOR (template_child (window.window, "layer_editor"));
  format = relay_stream_get_format (window.program);
  w = (int) format->width;
  h = (int) format->height;
  frames = (RelayUiTestFrameWait){ relay_window_get_preview (window.window), 3 };
  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &frames, TIMEOUT_MS));

  /* No scene on air: no layer can be added */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window.window), "add-layer"));
  activate (&window, "add-scene", NULL);
  scene = relay_director_get_program_scene (window.director);
  g_assert_nonnull (scene);
  g_assert_true (relay_layer_list_get_scene (list) == scene);

  /* A colour layer: the bottom-right quarter, chosen, outlined on the preview */
  activate (&window, "add-layer", g_variant_new_string ("color"));
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_get_layers (scene)), ==, 1);
  layer = g_list_model_get_item (relay_scene_get_layers (scene), 0);
  g_object_unref (layer);
  assert_rect (layer, w / 2, h / 2, w / 2, h / 2);
  g_assert_true (relay_layer_list_get_selected (list) == layer);
  g_assert_true (relay_layer_editor_get_layer (editor) == layer);
  row = relay_layer_list_find_row (list, relay_layer_get_id (layer));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   in_russian () ? "Цвет" : "Color");
  assert_pixel (&window, w * 3 / 4, h * 3 / 4, TRUE);
  assert_pixel (&window, w / 4, h / 4, FALSE);
  show_scenes_page (&window);
  save_screenshot (GTK_WIDGET (window.window), "picture-in-picture");

  /* Hidden with its eye: gone from the program; shown again */
  eye = GTK_TOGGLE_BUTTON (g_object_get_data (G_OBJECT (row), "eye"));
  g_assert_nonnull (eye);
  g_signal_emit_by_name (eye, "clicked");
  g_assert_false (relay_layer_get_visible (layer));
  assert_pixel (&window, w * 3 / 4, h * 3 / 4, FALSE);
  g_signal_emit_by_name (eye, "clicked");
  g_assert_true (relay_layer_get_visible (layer));
  assert_pixel (&window, w * 3 / 4, h * 3 / 4, TRUE);

  /* Dragged from its middle a quarter of the canvas to the left and up, with
   * the X server's pointer: the program shows it there */
  on_preview (editor, w * 3 / 4, h * 3 / 4, &x0, &y0);
  on_preview (editor, w / 2, h / 2, &x1, &y1);
  relay_ui_test_drag (GTK_WIDGET (editor), x0, y0, x1, y1);
  assert_rect (layer, w / 4, h / 4, w / 2, h / 2);
  assert_pixel (&window, w / 2, h / 2, TRUE);
  assert_pixel (&window, w * 7 / 8, h * 7 / 8, FALSE);

  /* Dragged to within a few pixels of the left edge: it snaps to it */
  on_preview (editor, w / 2, h / 2, &x0, &y0);
  on_preview (editor, w / 4 + RELAY_LAYER_EDITOR_SNAP / 2, h / 2, &x1, &y1);
  relay_ui_test_drag (GTK_WIDGET (editor), x0, y0, x1, y1);
  assert_rect (layer, 0, h / 4, w / 2, h / 2);
  assert_pixel (&window, 4, h / 2, TRUE);

  /* Its corner dragged in: a smaller layer, where it was; away from the
   * canvas's lines, so to the nearest pixel the pointer can reach */
  on_preview (editor, w / 2, h * 3 / 4, &x0, &y0);
  on_preview (editor, w / 4, h * 2 / 5, &x1, &y1);
  relay_ui_test_drag (GTK_WIDGET (editor), x0, y0, x1, y1);
  assert_rect_near (layer, 0, h / 4, w / 4, h * 2 / 5 - h / 4,
                    (int) ceil ((double) w / gtk_widget_get_width (GTK_WIDGET (editor))));
  assert_pixel (&window, w / 8, h * 3 / 10, TRUE);
  assert_pixel (&window, w * 3 / 8, h * 5 / 8, FALSE);

  /* Its properties show where the drags left it; a value typed there moves
   * it, a colour chosen there paints it */
  {
    RelayLayerProperties *properties =
        RELAY_LAYER_PROPERTIES (template_child (window.window, "layer_properties"));
    GtkSpinButton *x = GTK_SPIN_BUTTON (relay_layer_properties_get_field (properties, "x"));
    GtkSpinButton *y = GTK_SPIN_BUTTON (relay_layer_properties_get_field (properties, "y"));
    GtkColorChooser *color =
        GTK_COLOR_CHOOSER (relay_layer_properties_get_field (properties, "color"));
    const GdkRGBA red = { 1, 0, 0, 1 };

    g_assert_true (
        gtk_widget_get_sensitive (template_child (window.window, "layer_properties_button")));
    g_assert_cmpfloat (gtk_spin_button_get_value (x), ==, 0);
    g_assert_cmpfloat (gtk_spin_button_get_value (y), ==, h / 4);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (color)));
    gtk_spin_button_set_value (x, w * 3 / 4);
    assert_pixel (&window, w * 7 / 8, h * 3 / 10, TRUE);
    assert_pixel (&window, w / 8, h * 3 / 10, FALSE);
    gtk_color_chooser_set_rgba (color, &red);
    g_assert_cmphex (relay_layer_get_color (layer), ==, 0xFFFF0000);
    assert_pixel (&window, w * 7 / 8, h * 3 / 10, FALSE);
    relay_layer_set_color (layer, 0xFF000000 | BLUE_R << 16 | BLUE_G << 8 | BLUE_B);
    assert_pixel (&window, w * 7 / 8, h * 3 / 10, TRUE);
  }

  /* Removed: gone from the list and the program, nothing outlined */
  activate (&window, "remove-layer", g_variant_new_string (relay_layer_get_id (layer)));
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_get_layers (scene)), ==, 0);
  g_assert_null (relay_layer_editor_get_layer (editor));
  assert_pixel (&window, w * 7 / 8, h * 3 / 10, FALSE);
  g_assert_false (
      gtk_widget_get_sensitive (template_child (window.window, "layer_properties_button")));
  window_stop (&window, TRUE);
}

typedef struct
{
  RelayScene *scene;
  RelayLayer *layer;
} FrontWait;

typedef struct
{
  GtkDragSource *source;
  GtkDropTarget *target;
} DragWait;

/* Returns: (transfer none): @widget's first event controller of @type */
static gpointer
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

static gboolean
drag_started (gpointer user_data)
{
  return gtk_drag_source_get_drag (((DragWait *) user_data)->source) != NULL;
}

static gboolean
drag_over_target (gpointer user_data)
{
  return gtk_drop_target_get_current_drop (((DragWait *) user_data)->target) != NULL;
}

/* Whether the layer is the front one of the scene's two */
static gboolean
is_in_front (gpointer user_data)
{
  FrontWait *wait = user_data;
  g_autoptr (RelayLayer) front = g_list_model_get_item (relay_scene_get_layers (wait->scene), 1);

  return front == wait->layer;
}

/* Two layers: the list shows the front one first; Bring Forward and Send
 * Backward swap them, and so does a drag of a row's handle onto another */
static void
test_layer_order (void)
{
  Window window;
  RelayLayerList *list;
  RelayScene *scene;
  RelayLayer *color, *pattern;
  GtkWidget *first_row, *row, *target;
  DragWait drag;

  window_start (&window);
  list = RELAY_LAYER_LIST (template_child (window.window, "layer_list"));
  activate (&window, "add-scene", NULL);
  scene = relay_director_get_program_scene (window.director);
  activate (&window, "add-layer", g_variant_new_string ("color"));
  activate (&window, "add-layer", g_variant_new_string ("test"));
  color = g_list_model_get_item (relay_scene_get_layers (scene), 0);
  pattern = g_list_model_get_item (relay_scene_get_layers (scene), 1);
  g_object_unref (color);
  g_object_unref (pattern);
  g_assert_cmpstr (relay_layer_get_source (pattern), ==, "test");

  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (gtk_widget_get_first_child (GTK_WIDGET (list))), 0));
  g_assert_true (first_row == relay_layer_list_find_row (list, relay_layer_get_id (pattern)));

  activate (&window, "raise-layer", g_variant_new_string (relay_layer_get_id (color)));
  g_assert_true (g_list_model_get_item (relay_scene_get_layers (scene), 1) == color);
  g_object_unref (color);
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (gtk_widget_get_first_child (GTK_WIDGET (list))), 0));
  g_assert_true (first_row == relay_layer_list_find_row (list, relay_layer_get_id (color)));
  /* the front one goes no further */
  activate (&window, "raise-layer", g_variant_new_string (relay_layer_get_id (color)));
  g_assert_true (g_list_model_get_item (relay_scene_get_layers (scene), 1) == color);
  g_object_unref (color);
  activate (&window, "lower-layer", g_variant_new_string (relay_layer_get_id (color)));
  g_assert_true (g_list_model_get_item (relay_scene_get_layers (scene), 0) == color);
  g_object_unref (color);

  /* the back one's handle dragged onto the front row, with real pointer
   * events: it takes that place */
  show_scenes_page (&window);
  row = relay_layer_list_find_row (list, relay_layer_get_id (color));
  target = relay_layer_list_find_row (list, relay_layer_get_id (pattern));
  drag = (DragWait){ find_controller (g_object_get_data (G_OBJECT (row), "handle"),
                                      GTK_TYPE_DRAG_SOURCE),
                     find_controller (target, GTK_TYPE_DROP_TARGET) };
  relay_ui_test_drag_and_drop (g_object_get_data (G_OBJECT (row), "handle"), 4, 4, target, 40, 10,
                               drag_started, drag_over_target, &drag);
  g_assert_true (relay_test_wait_until (is_in_front, &(FrontWait){ scene, color }, 10000));
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (gtk_widget_get_first_child (GTK_WIDGET (list))), 0));
  g_assert_true (first_row == relay_layer_list_find_row (list, relay_layer_get_id (color)));
  window_stop (&window, TRUE);
}

typedef struct
{
  Window *window;
  RelayRect rect;
  guint white;
} WhiteWait;

/* Whether the preview shows white (text) in the rectangle, over the blue */
static gboolean
has_white (gpointer user_data)
{
  WhiteWait *wait = user_data;
  RelayPreview *preview = relay_window_get_preview (wait->window->window);
  const RelayProgramFormat *format = relay_stream_get_format (wait->window->program);
  g_autofree guchar *pixels = NULL;
  int width, height;

  if (!GDK_IS_TEXTURE (relay_preview_get_paintable (preview)))
    return FALSE;
  pixels = relay_ui_test_download_frame (preview, &width, &height);
  wait->white = 0;
  for (int y = wait->rect.y * height / (int) format->height;
       y < (wait->rect.y + wait->rect.height) * height / (int) format->height; y++)
    for (int x = wait->rect.x * width / (int) format->width;
         x < (wait->rect.x + wait->rect.width) * width / (int) format->width; x++)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        wait->white += p[0] > 220 && p[1] > 220 && p[2] > 220;
      }
  return wait->white > 10;
}

/* A text layer from the menu: a lower third that keeps its shape, its words
 * typed in its properties, drawn in white on the picture */
static void
test_text_layer (void)
{
  Window window;
  RelayScene *scene;
  RelayLayer *background, *text;
  RelayLayerProperties *properties;
  GtkEditable *field;
  const RelayProgramFormat *format;
  RelayRect full;
  WhiteWait wait = { &window };

  window_start (&window);
  format = relay_stream_get_format (window.program);
  full = (RelayRect){ 0, 0, (int) format->width, (int) format->height };
  activate (&window, "add-scene", NULL);
  scene = relay_director_get_program_scene (window.director);
  activate (&window, "add-layer", g_variant_new_string ("color"));
  background = g_list_model_get_item (relay_scene_get_layers (scene), 0);
  g_object_unref (background);
  relay_layer_set_rect (background, &full);
  activate (&window, "add-layer", g_variant_new_string ("text"));
  text = g_list_model_get_item (relay_scene_get_layers (scene), 1);
  g_object_unref (text);
  g_assert_cmpstr (relay_layer_get_source (text), ==, "text");
  g_assert_cmpint (relay_layer_get_fit (text), ==, RELAY_LAYER_FIT_CONTAIN);
  relay_layer_get_rect (text, &wait.rect);
  g_assert_cmpint (wait.rect.y, >=, (int) format->height / 2);

  properties = RELAY_LAYER_PROPERTIES (template_child (window.window, "layer_properties"));
  field = GTK_EDITABLE (relay_layer_properties_get_field (properties, "text"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (field)));
  gtk_editable_set_text (field, "Relaycast");
  g_assert_cmpstr (relay_layer_get_text (text), ==, "Relaycast");
  if (!relay_test_wait_until (has_white, &wait, TIMEOUT_MS))
    g_error ("no text drawn in the lower third (%u white pixels)", wait.white);
  window_stop (&window, TRUE);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-scenes/scene-list", test_scene_list);
  g_test_add_func ("/window-scenes/layer-on-preview", test_layer_on_preview);
  g_test_add_func ("/window-scenes/layer-order", test_layer_order);
  g_test_add_func ("/window-scenes/text-layer", test_text_layer);

  return g_test_run ();
}
