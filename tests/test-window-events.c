/* test-window-events.c: the window's event log under Xvfb: each line has the
 * icon of its severity (a destination that failed, one that went live), the
 * filter shows one destination's lines, and Copy puts the lines shown on the
 * clipboard, with no key in them. The log itself: a key never reaches an
 * event, and the filter's destinations follow the events kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "core/relay-mask.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-event-view.h"

#define TIMEOUT_MS 30000

#define LIVE_KEY    "events-live-key-4Kq8"
#define FAILING_KEY "events-failing-key-9Zt2"

static RelayEventView *
event_view (RelayWindow *window)
{
  return RELAY_EVENT_VIEW (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "event_view"));
}

static gpointer
view_child (RelayEventView *view, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (view), RELAY_TYPE_EVENT_VIEW, name);
}

/* Returns: (transfer none) (nullable): the first widget of @type under @root */
static GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Returns: (transfer none) (nullable): the button under @root that a
 * person clicks for @action */
static GtkWidget *
find_button (GtkWidget *root, const char *action)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The position in the filter of the destination labelled @label. */
static guint
filter_position (RelayEventView *view, const char *label)
{
  GListModel *choices = gtk_drop_down_get_model (view_child (view, "filter"));

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr (GtkStringObject) choice = g_list_model_get_item (choices, i);

      if (g_strcmp0 (gtk_string_object_get_string (choice), label) == 0)
        return i;
    }
  g_assert_not_reached ();
}

typedef struct
{
  RelayEventView *view;
  const char *destination_id;
  RelayEventSeverity severity;
} EventWait;

/* The position of the first event shown of the destination with that
 * severity, or -1. */
static int
find_shown (EventWait *wait)
{
  GListModel *shown = relay_event_view_get_shown (wait->view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (shown, i);

      if (relay_event_get_severity (event) == wait->severity
          && g_strcmp0 (relay_event_get_destination_id (event), wait->destination_id) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
is_shown (gpointer wait)
{
  return find_shown (wait) >= 0;
}

/* The row of that event shows @icon_name, coloured with @style. */
static void
assert_row_icon (EventWait *wait, const char *icon_name, const char *style)
{
  GtkListBox *list = view_child (wait->view, "event_list");
  int position = find_shown (wait);
  GtkListBoxRow *row;
  GtkWidget *icon;

  g_assert_cmpint (position, >=, 0);
  row = gtk_list_box_get_row_at_index (list, position);
  g_assert_nonnull (row);
  icon = find_widget (GTK_WIDGET (row), GTK_TYPE_IMAGE);
  g_assert_nonnull (icon);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, icon_name);
  g_assert_true (gtk_widget_has_css_class (icon, style));
  /* an icon this theme has: a missing one would show as a broken image */
  g_assert_true (gtk_icon_theme_has_icon (
      gtk_icon_theme_get_for_display (gtk_widget_get_display (icon)), icon_name));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
result_kept (gpointer result)
{
  return *(GAsyncResult **) result != NULL;
}

/* Returns: (transfer full): the text on the clipboard of @widget's display */
static char *
read_clipboard (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, relay_test_keep_result, &result);
  g_assert_true (relay_test_wait_until (result_kept, &result, TIMEOUT_MS));
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);
  return text;
}

/* One destination fails against a closed port, one goes live: their lines
 * have the error and the success icons; the failed one chosen in the filter,
 * only its lines are shown, and Copy puts them on the clipboard as
 * "HH:MM:SS label: text", keys masked. */
static void
test_icons_filter_copy (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *live_url = relay_test_rtmp_server_url (server, "live", LIVE_KEY);
  g_autofree char *failing_url =
      g_strdup_printf ("rtmp://127.0.0.1:%u/live/" FAILING_KEY, relay_test_free_port ());
  char *outputs[] = { live_url, failing_url, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelayDestinationItem) live = NULL;
  g_autoptr (RelayDestinationItem) failing = NULL;
  g_autofree char *copied = NULL;
  g_auto (GStrv) lines = NULL;
  RelayApplication *application;
  RelayWindow *window;
  RelayEventView *view;
  GListModel *shown;
  EventWait failed_wait;
  EventWait live_wait;
  EventWait broadcast_wait;
  const char *failing_label;
  guint n_shown;

  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  application = relay_ui_test_start (&options, &window);
  view = event_view (window);
  shown = relay_event_view_get_shown (view);
  live = relay_window_lookup_destination (window, "out1");
  failing = relay_window_lookup_destination (window, "out2");
  failing_label = relay_destination_item_get_label (failing);
  g_assert_null (strstr (failing_label, FAILING_KEY));
  /* the events page, as a person would open it */
  adw_view_stack_set_visible_child (
      ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)),
      GTK_WIDGET (view));

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  failed_wait = (EventWait){ view, "out2", RELAY_EVENT_ERROR };
  live_wait = (EventWait){ view, "out1", RELAY_EVENT_SUCCESS };
  g_assert_true (relay_test_wait_until (is_shown, &failed_wait, TIMEOUT_MS));
  g_assert_true (relay_test_wait_until (is_shown, &live_wait, TIMEOUT_MS));
  assert_row_icon (&failed_wait, "dialog-error-symbolic", "error");
  assert_row_icon (&live_wait, "emblem-ok-symbolic", "success");
  g_assert_cmpuint (count_rows (view_child (view, "event_list")), ==,
                    g_list_model_get_n_items (shown));

  /* The failed destination chosen: its lines only, the broadcast's too left out. */
  gtk_drop_down_set_selected (view_child (view, "filter"), filter_position (view, failing_label));
  n_shown = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_shown, >=, 2);
  for (guint i = 0; i < n_shown; i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (shown, i);

      g_assert_cmpstr (relay_event_get_destination_id (event), ==, "out2");
      g_assert_cmpstr (relay_event_get_label (event), ==, failing_label);
    }
  g_assert_cmpuint (count_rows (view_child (view, "event_list")), ==, n_shown);
  assert_row_icon (&failed_wait, "dialog-error-symbolic", "error");

  /* Copy: the lines shown, as shown, and a toast says so. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (view), "events.copy"), "clicked");
  copied = read_clipboard (GTK_WIDGET (window));
  g_assert_true (g_str_has_suffix (copied, "\n"));
  lines = g_strsplit (copied, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_shown + 1);
  for (guint i = 0; i < n_shown; i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (shown, i);
      g_autofree char *stamp = relay_event_format_time (event);
      g_autofree char *expected =
          g_strdup_printf ("%s %s: %s", stamp, failing_label, relay_event_get_text (event));

      g_assert_cmpstr (lines[i], ==, expected);
    }
  g_assert_nonnull (strstr (copied, "connection refused"));
  g_assert_null (strstr (copied, FAILING_KEY));
  g_assert_null (strstr (copied, LIVE_KEY));
  g_assert_null (strstr (copied, relay_destination_item_get_label (live)));
  g_assert_nonnull (relay_ui_test_find_label (GTK_WIDGET (window), _ ("Log copied")));

  /* All destinations again: the live one's lines and the broadcast's are back. */
  gtk_drop_down_set_selected (view_child (view, "filter"), 0);
  g_assert_cmpint (find_shown (&live_wait), >=, 0);
  broadcast_wait = (EventWait){ view, NULL, RELAY_EVENT_INFO };
  g_assert_cmpint (find_shown (&broadcast_wait), >=, 0);

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  relay_ui_test_stop (application);
}

/* A key the text or the label quotes never reaches an event; the filter
 * lists the destinations that have events, and forgets one whose events are
 * all pushed out of the log. */
static void
test_log (void)
{
  g_autoptr (RelayEventLog) log = relay_event_log_new ();
  GListModel *events = relay_event_log_get_model (log);
  GListModel *destinations = relay_event_log_get_destinations (log);
  g_autoptr (RelayEvent) event = NULL;
  g_autoptr (GtkStringObject) label = NULL;
  g_autofree char *line = NULL;

  relay_mask_register_secret ("log-secret-Vb61");
  relay_event_log_add_for (log, RELAY_EVENT_ERROR, "a", "rtmp://host/live/log-secret-Vb61",
                           "failed: %s", "rtmp://host/live/log-secret-Vb61 refused");
  event = g_list_model_get_item (events, 0);
  line = relay_event_to_line (event);
  g_assert_null (strstr (line, "log-secret-Vb61"));
  g_assert_null (strstr (relay_event_get_label (event), "log-secret-Vb61"));
  g_assert_cmpint (relay_event_get_severity (event), ==, RELAY_EVENT_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (destinations), ==, 1);
  g_assert_cmpstr (relay_event_log_get_destination_id (log, 0), ==, "a");

  /* broadcast-wide: no destination, no label */
  relay_event_log_add (log, "Going live");
  g_clear_object (&event);
  event = g_list_model_get_item (events, 0);
  g_assert_null (relay_event_get_destination_id (event));
  g_assert_null (relay_event_get_label (event));
  g_assert_cmpuint (g_list_model_get_n_items (destinations), ==, 1);

  /* renamed: the filter shows its latest label, in its place */
  relay_event_log_add_for (log, RELAY_EVENT_INFO, "b", "B", "added");
  relay_event_log_add_for (log, RELAY_EVENT_INFO, "a", "A renamed", "changed");
  g_assert_cmpuint (g_list_model_get_n_items (destinations), ==, 2);
  label = g_list_model_get_item (destinations, 0);
  g_assert_cmpstr (gtk_string_object_get_string (label), ==, "A renamed");
  g_assert_cmpstr (relay_event_log_get_destination_id (log, 1), ==, "b");

  /* a's events pushed out by b's: a leaves the filter */
  for (guint i = 0; i < 500; i++)
    relay_event_log_add_for (log, RELAY_EVENT_WARNING, "b", "B", "retrying %u", i);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 500);
  g_assert_cmpuint (g_list_model_get_n_items (destinations), ==, 1);
  g_assert_cmpstr (relay_event_log_get_destination_id (log, 0), ==, "b");
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-events/log", test_log);
  g_test_add_func ("/window-events/icons-filter-copy", test_icons_filter_copy);

  return g_test_run ();
}
