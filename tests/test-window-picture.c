/* test-window-picture.c: a destination's own picture in the window, under Xvfb
 * (in English, and in Russian as test-window-picture-ru)
 *
 * The destination dialog offers the platforms' sizes (TikTok's vertical one by
 * default), a saved scene instead of the program, and the crop centre only
 * when the program is cut. A custom RTMP destination saved as 720x1280 showing
 * a red-over-green scene says "720×1280" on its row, goes live to nginx-rtmp,
 * and its row's Show Picture puts its canvas in the preview (tall, red above
 * green) and, again, the program back. Editing it shows what was saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-scene-test.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-output-row.h"

#define TIMEOUT_MS 30000

/* the size row's choices, in order */
enum
{
  SIZE_PROGRAM,
  SIZE_LANDSCAPE_720,
  SIZE_LANDSCAPE_1080,
  SIZE_VERTICAL_720,
  SIZE_VERTICAL_1080,
  SIZE_SQUARE,
  SIZE_CUSTOM,
};

static gboolean
scenes_loaded (gpointer window)
{
  return relay_window_get_director (window) != NULL;
}

static gboolean
dialog_closed (gpointer user_data)
{
  return relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG) == NULL;
}

static gpointer
dialog_child (gpointer dialog, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), RELAY_TYPE_DESTINATION_DIALOG, name);
}

/* The row of the picture group titled @title (translated). */
static GtkWidget *
find_row (GtkWidget *root, const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwComboRow *
combo (gpointer dialog, const char *title)
{
  GtkWidget *row = find_row (dialog_child (dialog, "picture_group"), title);

  g_assert_true (ADW_IS_COMBO_ROW (row));
  return ADW_COMBO_ROW (row);
}

static gboolean
row_shown (gpointer dialog, const char *title)
{
  return gtk_widget_get_visible (find_row (dialog_child (dialog, "picture_group"), title));
}

/* The shown label of a combo row's choice */
static const char *
choice_label (AdwComboRow *row)
{
  return gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row)));
}

typedef struct
{
  RelayPreview *preview;
  /* B, G, R of the top quarter's and bottom quarter's middles */
  guchar top[3];
  guchar bottom[3];
  int width;
  int height;
  RelayStudio *studio;
} TallWait;

static gboolean
is_color (const guchar *p, guchar r, guchar g, guchar b)
{
  return ABS (p[2] - r) < 40 && ABS (p[1] - g) < 40 && ABS (p[0] - b) < 40;
}

/* The preview shows a tall picture, red above, green below. */
static gboolean
shows_tall_scene (gpointer user_data)
{
  TallWait *wait = user_data;
  g_autofree guchar *pixels = NULL;
  gsize top, bottom;

  if (!GDK_IS_TEXTURE (relay_preview_get_paintable (wait->preview)))
    return FALSE;
  pixels = relay_ui_test_download_frame (wait->preview, &wait->width, &wait->height);
  top = ((gsize) (wait->height / 4) * wait->width + wait->width / 2) * 4;
  bottom = ((gsize) (wait->height * 3 / 4) * wait->width + wait->width / 2) * 4;
  memcpy (wait->top, pixels + top, 3);
  memcpy (wait->bottom, pixels + bottom, 3);
  return wait->height > wait->width && is_color (pixels + top, 0xff, 0, 0)
         && is_color (pixels + bottom, 0, 0xff, 0);
}

static gboolean
shows_program (gpointer user_data)
{
  TallWait *wait = user_data;

  return relay_preview_get_stream (wait->preview) == relay_studio_get_program (wait->studio);
}

/* Whether the row's menu has an item for @action */
static gboolean
menu_offers (GtkWidget *row, const char *action)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (
      GTK_MENU_BUTTON (gtk_widget_get_template_child (row, RELAY_TYPE_OUTPUT_ROW, "menu_button")));

  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
item_is_live (gpointer item)
{
  RelayOutput *output = relay_destination_item_get_output (item);

  return output != NULL && relay_output_get_state (output) == RELAY_OUTPUT_STATE_LIVE;
}

static void
test_picture (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *server_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live", server->port);
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayStudio *studio = relay_window_get_studio (window);
  g_autoptr (RelayScene) tall = relay_scene_new ("tall-1", "Tall");
  g_autoptr (RelayLayer) red = relay_scene_test_color_layer (0xffff0000u, 0, 0, 720, 640);
  g_autoptr (RelayLayer) green = relay_scene_test_color_layer (0xff00ff00u, 0, 640, 720, 640);
  g_autoptr (RelayDestinationItem) item = NULL;
  g_autoptr (GError) error = NULL;
  RelayDestination *destination;
  RelayOutput *output;
  AdwComboRow *size_row, *scene_row;
  TallWait wait = { relay_window_get_preview (window), .studio = studio };
  guint width, height;
  gpointer dialog;
  GtkWidget *row;

  g_assert_true (relay_test_wait_until (scenes_loaded, window, TIMEOUT_MS));
  relay_scene_add_layer (tall, red);
  relay_scene_add_layer (tall, green);
  relay_scene_store_add (relay_director_get_store (relay_window_get_director (window)), tall,
                         &error);
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  size_row = combo (dialog, _ ("Size"));
  scene_row = combo (dialog, _ ("Scene"));

  /* TikTok's size is vertical; a custom server's the program's */
  relay_destination_dialog_set_provider (
      dialog, relay_provider_lookup ("tiktok", RELAY_DESTINATION_KIND_RTMP));
  g_assert_cmpuint (adw_combo_row_get_selected (size_row), ==, SIZE_VERTICAL_720);
  g_assert_cmpstr (choice_label (size_row), ==, _ ("Vertical 720×1280"));
  g_assert_true (row_shown (dialog, _ ("Crop Center Across")));
  relay_destination_dialog_set_provider (
      dialog, relay_provider_lookup ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP));
  g_assert_cmpuint (adw_combo_row_get_selected (size_row), ==, SIZE_PROGRAM);
  g_assert_cmpstr (choice_label (size_row), ==, _ ("Same as Program"));
  g_assert_false (row_shown (dialog, _ ("Crop Center Across")));
  g_assert_false (row_shown (dialog, _ ("Custom Size")));

  /* a custom size has its own row; a cut of the program its centre */
  adw_combo_row_set_selected (size_row, SIZE_CUSTOM);
  g_assert_true (row_shown (dialog, _ ("Custom Size")));
  g_assert_true (row_shown (dialog, _ ("Crop Center Down")));
  adw_combo_row_set_selected (size_row, SIZE_VERTICAL_720);
  g_assert_false (row_shown (dialog, _ ("Custom Size")));

  /* the program, then the saved scenes; a scene is composed, not cut */
  g_assert_cmpstr (choice_label (scene_row), ==, _ ("Program"));
  adw_combo_row_set_selected (scene_row, 1);
  g_assert_cmpstr (choice_label (scene_row), ==, "Tall");
  g_assert_false (row_shown (dialog, _ ("Crop Center Across")));
  relay_ui_test_save_screenshot (dialog, "dialog");

  gtk_editable_set_text (dialog_child (dialog, "name_row"), "Vertical nginx");
  gtk_editable_set_text (dialog_child (dialog, "server_row"), server_url);
  gtk_editable_set_text (dialog_child (dialog, "stream_name_row"), "tall");
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (relay_test_wait_until (dialog_closed, NULL, TIMEOUT_MS));

  item = g_list_model_get_item (relay_window_get_destinations (window), 0);
  destination = relay_destination_item_get_destination (item);
  g_object_get (destination, "video-width", &width, "video-height", &height, NULL);
  g_assert_cmpuint (width, ==, 720);
  g_assert_cmpuint (height, ==, 1280);
  g_assert_cmpstr (relay_destination_get_scene (destination), ==, "tall-1");

  /* the row says its size */
  row = relay_window_find_row (window, relay_destination_get_id (destination));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (
                       gtk_widget_get_template_child (row, RELAY_TYPE_OUTPUT_ROW, "size_label"))),
                   ==, "720×1280");
  /* nothing to show before it runs */
  g_assert_false (menu_offers (row, "win.show-picture"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  g_assert_true (relay_test_wait_until (item_is_live, item, TIMEOUT_MS));
  output = relay_destination_item_get_output (item);
  g_assert_nonnull (relay_studio_get_output_canvas (studio, output));

  /* its row's menu offers its picture */
  g_assert_true (menu_offers (row, "win.show-picture"));

  /* Show Picture: the destination's canvas in the preview, then the program again */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-picture",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  g_assert_true (relay_preview_get_stream (wait.preview)
                 == relay_studio_get_output_canvas (studio, output));
  if (!relay_test_wait_until (shows_tall_scene, &wait, TIMEOUT_MS))
    g_error ("the preview shows %dx%d, #%02x%02x%02x above and #%02x%02x%02x below", wait.width,
             wait.height, wait.top[2], wait.top[1], wait.top[0], wait.bottom[2], wait.bottom[1],
             wait.bottom[0]);
  relay_ui_test_save_screenshot (GTK_WIDGET (window), "preview");
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-picture",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  g_assert_true (relay_preview_get_stream (wait.preview) == relay_studio_get_program (studio));

  /* shown again, until the broadcast ends and the canvas with it */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-picture",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  g_assert_false (relay_preview_get_stream (wait.preview) == relay_studio_get_program (studio));
  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  g_assert_true (shows_program (&wait));

  /* editing shows what was saved */
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-destination",
                                  g_variant_new_string (relay_destination_get_id (destination)));
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (combo (dialog, _ ("Size"))), ==, SIZE_VERTICAL_720);
  g_assert_cmpstr (choice_label (combo (dialog, _ ("Scene"))), ==, "Tall");
  gtk_window_close (GTK_WINDOW (dialog));

  relay_ui_test_stop (application);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  /* the Russian run's words are translated */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "ru"))
    g_assert_cmpstr (_ ("Vertical 720×1280"), ==, "Вертикально 720×1280");

  g_test_add_func ("/window-picture/dialog-and-preview", test_picture);

  return g_test_run ();
}
