/* test-window-layout.c: the window from 360 px wide up, judged by the
 * geometry of its widgets
 *
 * 360 px wide, the preview stands above the destinations, 16:9 and within the
 * window, and every button, label and icon of the header bar lies inside the
 * window, whole (no label ellipsized) and clear of the others, idle and live;
 * 1280 px wide, the preview stands beside the destinations. The level meter,
 * the source and the sound's mute and gain beside it lie within the window
 * at every width, clear of each other. The destination
 * dialog, the statistics and the preferences open no larger than the window
 * they belong to, at 800×600 and at 360 px wide, and no taller than their
 * content. test-window-layout-ru runs it all again in Russian, whose words are
 * longer. Each width leaves a screenshot in the build folder for a person to
 * look at; nothing here reads its pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-adaptive-box.h"
#include "ui/relay-audio-controls.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-preferences-window.h"
#include "ui/relay-stats-window.h"

#define TIMEOUT_MS 30000

static GtkWidget *
template_child (RelayWindow *window, const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, name));
}

/* Returns: (transfer none) (nullable): the first widget of @type under @root */
static GtkWidget *
find_descendant (GtkWidget *root, GType type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found =
          g_type_is_a (G_OBJECT_TYPE (child), type) ? child : find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static graphene_rect_t
bounds (GtkWidget *widget, GtkWidget *window)
{
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &rect));
  return rect;
}

/* Resizes @window and checks that it took the size: no wider than it, the
 * content does not push it. */
static void
resize (GtkWidget *window, int width, int height)
{
  relay_ui_test_resize (GTK_WINDOW (window), width, height);
  g_assert_cmpint (gtk_widget_get_width (window), ==, width);
  g_assert_cmpint (gtk_widget_get_height (window), ==, height);
}

static float
width_of (RelayWindow *window)
{
  return gtk_widget_get_width (GTK_WIDGET (window));
}

static gboolean
is_item (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_LABEL (widget)
         || GTK_IS_IMAGE (widget);
}

/* What a person sees in the header bar: its buttons, labels and icons, not
 * those inside a button. */
static void
collect_items (GtkWidget *widget, GPtrArray *items)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (is_item (child))
        g_ptr_array_add (items, child);
      else
        collect_items (child, items);
    }
}

static const char *
describe (GtkWidget *item)
{
  if (GTK_IS_LABEL (item))
    return gtk_label_get_label (GTK_LABEL (item));
  if (GTK_IS_BUTTON (item) && gtk_button_get_label (GTK_BUTTON (item)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (item));
  return gtk_widget_get_tooltip_text (item) ? gtk_widget_get_tooltip_text (item) : "";
}

static void
assert_header_fits (RelayWindow *window, int expected_width, const char *when)
{
  GtkWidget *header = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  float width = gtk_widget_get_width (GTK_WIDGET (window));
  g_autoptr (GPtrArray) items = g_ptr_array_new ();

  /* not widened by what it shows */
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==,
                   expected_width);
  g_assert_cmpfloat (width, ==, expected_width);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "go_live_button")));
  collect_items (header, items);
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (items, i);
      graphene_rect_t rect = bounds (item, GTK_WIDGET (window));

      g_test_message ("%s: header %s “%s” at x %.0f…%.0f", when, G_OBJECT_TYPE_NAME (item),
                      describe (item), rect.origin.x, rect.origin.x + rect.size.width);
      g_assert_cmpfloat (rect.size.width, >, 0);
      g_assert_cmpfloat (rect.origin.x, >=, 0);
      g_assert_cmpfloat (rect.origin.x + rect.size.width, <=, width);
      if (GTK_IS_LABEL (item))
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (item))));
      for (guint j = 0; j < i; j++)
        {
          graphene_rect_t other = bounds (g_ptr_array_index (items, j), GTK_WIDGET (window));
          graphene_rect_t common;

          if (graphene_rect_intersection (&rect, &other, &common))
            g_assert_true (common.size.width < 0.5 || common.size.height < 0.5);
        }
    }
}

/* While live, the header shows the broadcast's state in words, or as a dot
 * of their colour whose tooltip says them, and the timer when there is room. */
static void
assert_on_air_shown (RelayWindow *window, gboolean with_timer)
{
  GtkLabel *state = GTK_LABEL (template_child (window, "on_air_label"));
  const char *words = gtk_label_get_label (state);
  const char *time = gtk_label_get_label (GTK_LABEL (template_child (window, "timer_label")));
  GtkWidget *header = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  gboolean in_words = FALSE, as_dot = FALSE, timed = FALSE;

  collect_items (header, items);
  for (guint i = 0; i < items->len; i++)
    {
      GtkWidget *item = g_ptr_array_index (items, i);
      const char *text = GTK_IS_LABEL (item) ? gtk_label_get_label (GTK_LABEL (item)) : NULL;

      in_words |= g_strcmp0 (text, words) == 0;
      timed |= g_strcmp0 (text, time) == 0;
      if (GTK_IS_IMAGE (item) && g_strcmp0 (gtk_widget_get_tooltip_text (item), words) == 0)
        {
          as_dot = TRUE;
          g_assert_true (gtk_widget_has_css_class (item, "on-air"));
        }
    }
  g_test_message ("on air: %s, the timer %s",
                  in_words ? "in words"
                  : as_dot ? "a dot"
                           : "unseen",
                  timed ? "shown" : "hidden");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (state), "on-air"));
  g_assert_true (in_words != as_dot);
  if (with_timer)
    g_assert_true (timed);
}

/* The meter, then the source with the mute and gain buttons after it */
static void
assert_sound_fits (RelayWindow *window, const char *when)
{
  GtkWidget *controls = template_child (window, "audio_controls");
  GtkWidget *mute = GTK_WIDGET (
      gtk_widget_get_template_child (controls, RELAY_TYPE_AUDIO_CONTROLS, "mute_button"));
  GtkWidget *gain = GTK_WIDGET (
      gtk_widget_get_template_child (controls, RELAY_TYPE_AUDIO_CONTROLS, "gain_button"));
  graphene_rect_t meter = bounds (template_child (window, "level_meter"), GTK_WIDGET (window));
  graphene_rect_t source = bounds (template_child (window, "source_picker"), GTK_WIDGET (window));
  graphene_rect_t mute_rect = bounds (mute, GTK_WIDGET (window));
  graphene_rect_t gain_rect = bounds (gain, GTK_WIDGET (window));

  g_test_message ("%s: meter %.0f wide, source to x %.0f, mute at x %.0f, gain at x %.0f…%.0f",
                  when, meter.size.width, source.origin.x + source.size.width, mute_rect.origin.x,
                  gain_rect.origin.x, gain_rect.origin.x + gain_rect.size.width);
  g_assert_true (gtk_widget_get_mapped (mute) && gtk_widget_get_mapped (gain));
  g_assert_cmpfloat (meter.size.width, >=, 120);
  g_assert_cmpfloat (meter.origin.x + meter.size.width, <=, width_of (window));
  g_assert_cmpfloat (source.origin.x + source.size.width, <=, mute_rect.origin.x);
  g_assert_cmpfloat (mute_rect.origin.x + mute_rect.size.width, <=, gain_rect.origin.x);
  g_assert_cmpfloat (gain_rect.origin.x + gain_rect.size.width, <=, width_of (window));
}

static void
assert_preview_16_9 (graphene_rect_t *preview)
{
  g_assert_cmpfloat (preview->size.height, >, 0);
  g_assert_cmpfloat_with_epsilon (preview->size.width / preview->size.height, 16.0 / 9.0, 0.02);
}

typedef struct
{
  RelayWindow *window;
  RelayOutputState states[2];
} StatesWait;

static gboolean
has_states (gpointer user_data)
{
  StatesWait *wait = user_data;
  GListModel *destinations = relay_window_get_destinations (wait->window);

  for (guint i = 0; i < G_N_ELEMENTS (wait->states); i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (destinations, i);

      if (relay_output_get_state (relay_destination_item_get_output (item)) != wait->states[i])
        return FALSE;
    }
  return TRUE;
}

static void
test_narrow_and_wide (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", "layout");
  char *outputs[] = { url, (char *) "rtmp://127.0.0.1:1/live/refused-layout-key", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;
  GtkWidget *box;
  GtkWidget *preview_widget;
  GtkWidget *list;
  graphene_rect_t preview, destinations;
  StatesWait wait;
  g_autoptr (RelayDestinationItem) first = NULL;
  static const int widths[] = { 480, 719, 720, 1000 };

  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  box = find_descendant (GTK_WIDGET (window), RELAY_TYPE_ADAPTIVE_BOX);
  preview_widget = GTK_WIDGET (relay_window_get_preview (window));
  list = template_child (window, "destination_list");

  /* A phone held upright */
  resize (GTK_WIDGET (window), 360, 640);
  g_assert_true (relay_adaptive_box_get_folded (RELAY_ADAPTIVE_BOX (box)));
  preview = bounds (preview_widget, GTK_WIDGET (window));
  destinations = bounds (list, GTK_WIDGET (window));
  g_test_message ("360×640: preview %.0f×%.0f at (%.0f, %.0f), destinations from y %.0f",
                  preview.size.width, preview.size.height, preview.origin.x, preview.origin.y,
                  destinations.origin.y);
  assert_preview_16_9 (&preview);
  g_assert_cmpfloat (preview.origin.x, >=, 0);
  g_assert_cmpfloat (preview.origin.x + preview.size.width, <=, width_of (window));
  g_assert_cmpfloat (preview.origin.y + preview.size.height, <=, destinations.origin.y);
  g_assert_cmpfloat (destinations.origin.y, <, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpfloat (destinations.origin.x + destinations.size.width, <=, width_of (window));
  assert_header_fits (window, 360, "360 px, idle");
  assert_sound_fits (window, "360 px, idle");

  /* GNOME's smallest window: the preview shrinks, 16:9 still */
  resize (GTK_WIDGET (window), 360, 294);
  preview = bounds (preview_widget, GTK_WIDGET (window));
  destinations = bounds (list, GTK_WIDGET (window));
  g_test_message ("360×294: preview %.0f×%.0f at (%.0f, %.0f), destinations from y %.0f",
                  preview.size.width, preview.size.height, preview.origin.x, preview.origin.y,
                  destinations.origin.y);
  assert_preview_16_9 (&preview);
  g_assert_cmpfloat (preview.origin.y + preview.size.height, <=, destinations.origin.y);
  assert_header_fits (window, 360, "360×294, idle");
  assert_sound_fits (window, "360×294, idle");
  resize (GTK_WIDGET (window), 360, 640);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait = (StatesWait){ window, { RELAY_OUTPUT_STATE_LIVE, RELAY_OUTPUT_STATE_FAILED } };
  g_assert_true (relay_test_wait_until (has_states, &wait, TIMEOUT_MS));
  first = g_list_model_get_item (relay_window_get_destinations (window), 0);
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough,
                                        relay_destination_item_get_output (first), TIMEOUT_MS));
  assert_on_air_shown (window, FALSE);
  assert_header_fits (window, 360, "360 px, live");
  destinations = bounds (list, GTK_WIDGET (window));
  g_assert_cmpfloat (destinations.origin.x + destinations.size.width, <=, width_of (window));
  relay_ui_test_save_screenshot (GTK_WIDGET (window), "360");

  /* A laptop */
  resize (GTK_WIDGET (window), 1280, 800);
  g_assert_false (relay_adaptive_box_get_folded (RELAY_ADAPTIVE_BOX (box)));
  preview = bounds (preview_widget, GTK_WIDGET (window));
  destinations = bounds (list, GTK_WIDGET (window));
  g_test_message ("1280×800: preview %.0f×%.0f at (%.0f, %.0f), destinations from x %.0f",
                  preview.size.width, preview.size.height, preview.origin.x, preview.origin.y,
                  destinations.origin.x);
  assert_preview_16_9 (&preview);
  g_assert_cmpfloat (preview.origin.x + preview.size.width, <=, destinations.origin.x);
  g_assert_cmpfloat (destinations.origin.x + destinations.size.width, <=, width_of (window));
  assert_on_air_shown (window, TRUE);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "on_air_label")));
  assert_header_fits (window, 1280, "1280 px, live");
  relay_ui_test_save_screenshot (GTK_WIDGET (window), "1280");

  /* and the widths between, on both sides of the fold at 720 px */
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *when = g_strdup_printf ("%d px, live", widths[i]);

      resize (GTK_WIDGET (window), widths[i], 600);
      preview = bounds (preview_widget, GTK_WIDGET (window));
      destinations = bounds (list, GTK_WIDGET (window));
      g_test_message ("%d×600: preview %.0f×%.0f at (%.0f, %.0f), destinations at (%.0f, %.0f)",
                      widths[i], preview.size.width, preview.size.height, preview.origin.x,
                      preview.origin.y, destinations.origin.x, destinations.origin.y);
      assert_preview_16_9 (&preview);
      g_assert_cmpint (relay_adaptive_box_get_folded (RELAY_ADAPTIVE_BOX (box)), ==,
                       widths[i] < 720);
      if (widths[i] < 720)
        g_assert_cmpfloat (preview.origin.y + preview.size.height, <=, destinations.origin.y);
      else
        g_assert_cmpfloat (preview.origin.x + preview.size.width, <=, destinations.origin.x);
      g_assert_cmpfloat (destinations.origin.x + destinations.size.width, <=, widths[i]);
      assert_header_fits (window, widths[i], when);
      assert_sound_fits (window, when);
    }

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  relay_ui_test_stop (application);
}

/* @dialog is within @window's size, and no taller than its content */
static void
assert_fits (GtkWidget *dialog, RelayWindow *window, const char *what)
{
  int width, height, natural;

  g_assert_nonnull (dialog);
  g_assert_true (relay_test_wait_until (relay_ui_test_is_laid_out, dialog, TIMEOUT_MS));
  width = gtk_widget_get_width (dialog);
  height = gtk_widget_get_height (dialog);
  gtk_widget_measure (dialog, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  g_test_message ("%s: %d×%d (its content %d high) over %d×%d", what, width, height, natural,
                  gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (height, <=, natural);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
assert_dialogs_fit (RelayApplication *application, RelayWindow *window, const char *size)
{
  g_autofree char *destination = g_strdup_printf ("destination dialog over %s", size);
  g_autofree char *stats = g_strdup_printf ("statistics over %s", size);
  g_autofree char *preferences = g_strdup_printf ("preferences over %s", size);

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  assert_fits (relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG), window, destination);
  g_action_group_activate_action (G_ACTION_GROUP (window), "destination-stats",
                                  g_variant_new_string ("out1"));
  assert_fits (relay_ui_test_find_toplevel (RELAY_TYPE_STATS_WINDOW), window, stats);
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  assert_fits (relay_ui_test_find_toplevel (RELAY_TYPE_PREFERENCES_WINDOW), window, preferences);
}

static void
test_dialogs (void)
{
  char *outputs[] = { (char *) "rtmp://127.0.0.1:1/live/dialog-layout-key", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayApplication *application;
  RelayWindow *window;

  options.outputs = outputs;
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);

  resize (GTK_WIDGET (window), 800, 600);
  assert_dialogs_fit (application, window, "800×600");
  resize (GTK_WIDGET (window), 360, 640);
  assert_dialogs_fit (application, window, "360×640");

  relay_ui_test_stop (application);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GtkStyleProvider) frameless = NULL;

  relay_ui_test_init (&argc, &argv);
  frameless = relay_ui_test_remove_window_frames ();

  g_test_add_func ("/window-layout/narrow-and-wide", test_narrow_and_wide);
  g_test_add_func ("/window-layout/dialogs", test_dialogs);

  return g_test_run ();
}
