/* relay-event-view.c
 *
 * The events, newest first, each with an icon for its severity; a filter
 * that shows one destination's events; and Copy, which puts the events shown
 * on the clipboard as text lines, the way they would be pasted into a
 * support request.
 *
 * A destination chosen in the filter shows its own events only, not the
 * broadcast's (going live, the source): what is copied then is that
 * destination's story, and the events it shows are the ones the filter says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "relay-event-view.h"

struct _RelayEventView
{
  AdwBin parent_instance;

  GtkDropDown *filter;
  GtkListBox *event_list;

  RelayEventLog *log;
  GtkFilter *destination_filter;
  GtkFilterListModel *shown;
  /* the destination the filter shows, or NULL for all */
  char *destination_id;
};

G_DEFINE_FINAL_TYPE (RelayEventView, relay_event_view, ADW_TYPE_BIN)

static const char *
severity_icon_name (RelayEventSeverity severity)
{
  switch (severity)
    {
      case RELAY_EVENT_SUCCESS:
        return "emblem-ok-symbolic";
      case RELAY_EVENT_WARNING:
        return "dialog-warning-symbolic";
      case RELAY_EVENT_ERROR:
        return "dialog-error-symbolic";
      case RELAY_EVENT_INFO:
      default:
        return "dialog-information-symbolic";
    }
}

/* The style classes libadwaita colours icons with. */
static const char *
severity_class (RelayEventSeverity severity)
{
  switch (severity)
    {
      case RELAY_EVENT_SUCCESS:
        return "success";
      case RELAY_EVENT_WARNING:
        return "warning";
      case RELAY_EVENT_ERROR:
        return "error";
      case RELAY_EVENT_INFO:
      default:
        return "dim-label";
    }
}

/* What the icon says, for screen readers and the icon's tooltip. */
static const char *
severity_name (RelayEventSeverity severity)
{
  switch (severity)
    {
      case RELAY_EVENT_SUCCESS:
        return _ ("Success");
      case RELAY_EVENT_WARNING:
        return _ ("Warning");
      case RELAY_EVENT_ERROR:
        return _ ("Error");
      case RELAY_EVENT_INFO:
      default:
        return _ ("Information");
    }
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  RelayEvent *event = item;
  RelayEventSeverity severity = relay_event_get_severity (event);
  const char *label = relay_event_get_label (event);
  g_autofree char *stamp = relay_event_format_time (event);
  g_autofree char *line = relay_event_to_line (event);
  /* Translators: an event read out: its severity, then its time, destination and text */
  g_autofree char *spoken = g_strdup_printf (_ ("%s, %s"), severity_name (severity), line);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon_name (severity));
  GtkWidget *time = gtk_label_new (stamp);
  GtkWidget *text = gtk_label_new (relay_event_get_text (event));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, severity_class (severity));
  gtk_widget_set_tooltip_text (icon, severity_name (severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  severity_name (severity), -1);
  gtk_box_append (GTK_BOX (box), icon);

  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_box_append (GTK_BOX (heading), time);
  if (label != NULL)
    {
      GtkWidget *destination = gtk_label_new (label);

      gtk_label_set_xalign (GTK_LABEL (destination), 0);
      gtk_label_set_ellipsize (GTK_LABEL (destination), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (destination, TRUE);
      gtk_widget_add_css_class (destination, "heading");
      gtk_box_append (GTK_BOX (heading), destination);
    }
  gtk_box_append (GTK_BOX (lines), heading);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (lines), text);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_box_append (GTK_BOX (box), lines);

  gtk_widget_add_css_class (box, "event");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

static gboolean
is_shown (gpointer item, gpointer user_data)
{
  RelayEventView *self = user_data;

  return self->destination_id == NULL
         || g_strcmp0 (relay_event_get_destination_id (item), self->destination_id) == 0;
}

/* The filter's first entry is every destination; the others are the log's. */
static void
on_filter_selected (RelayEventView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter);
  const char *id = NULL;

  if (self->log != NULL && selected != 0 && selected != GTK_INVALID_LIST_POSITION)
    id = relay_event_log_get_destination_id (self->log, selected - 1);
  if (g_strcmp0 (id, self->destination_id) == 0)
    return;
  g_free (self->destination_id);
  self->destination_id = g_strdup (id);
  gtk_filter_changed (self->destination_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_shown_changed (RelayEventView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.copy",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0);
}

static void
copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RelayEventView *self = RELAY_EVENT_VIEW (widget);
  GListModel *shown = G_LIST_MODEL (self->shown);
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (RelayEvent) event = g_list_model_get_item (shown, i);
      g_autofree char *line = relay_event_to_line (event);

      g_string_append_printf (text, "%s\n", line);
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (_ ("Log copied"));

      /* said at once, not after a failure's toast: it answers a click */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

static GtkWidget *
placeholder (void)
{
  GtkWidget *label = gtk_label_new (_ ("Nothing has happened yet"));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "placeholder");
  return label;
}

static void
relay_event_view_dispose (GObject *object)
{
  RelayEventView *self = RELAY_EVENT_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_EVENT_VIEW);
  g_clear_object (&self->shown);
  g_clear_object (&self->destination_filter);
  g_clear_object (&self->log);
  G_OBJECT_CLASS (relay_event_view_parent_class)->dispose (object);
}

static void
relay_event_view_finalize (GObject *object)
{
  RelayEventView *self = RELAY_EVENT_VIEW (object);

  g_free (self->destination_id);
  G_OBJECT_CLASS (relay_event_view_parent_class)->finalize (object);
}

static void
relay_event_view_class_init (RelayEventViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_event_view_dispose;
  object_class->finalize = relay_event_view_finalize;

  gtk_widget_class_install_action (widget_class, "events.copy", NULL, copy_action);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-event-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayEventView, filter);
  gtk_widget_class_bind_template_child (widget_class, RelayEventView, event_list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);

  gtk_widget_class_set_css_name (widget_class, "eventview");
}

static void
relay_event_view_init (RelayEventView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->destination_filter = GTK_FILTER (gtk_custom_filter_new (is_shown, self, NULL));
  gtk_list_box_set_placeholder (self->event_list, placeholder ());
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "events.copy", FALSE);
}

/* Shows @log; set once. */
void
relay_event_view_set_log (RelayEventView *self, RelayEventLog *log)
{
  g_autoptr (GtkStringList) all = NULL;
  GListStore *parts;
  GtkFlattenListModel *choices;

  g_return_if_fail (RELAY_IS_EVENT_VIEW (self));
  g_return_if_fail (RELAY_IS_EVENT_LOG (log));
  g_return_if_fail (self->log == NULL);

  self->log = g_object_ref (log);
  self->shown = gtk_filter_list_model_new (g_object_ref (relay_event_log_get_model (log)),
                                           g_object_ref (self->destination_filter));
  g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (on_shown_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->event_list, G_LIST_MODEL (self->shown), create_row, NULL, NULL);
  on_shown_changed (self);

  all = gtk_string_list_new ((const char *const[]){ _ ("All destinations"), NULL });
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, all);
  g_list_store_append (parts, relay_event_log_get_destinations (log));
  choices = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  gtk_drop_down_set_model (self->filter, G_LIST_MODEL (choices));
  g_object_unref (choices);
}

/* Returns: (transfer none): the RelayEvents the filter lets through, as shown */
GListModel *
relay_event_view_get_shown (RelayEventView *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT_VIEW (self), NULL);

  return G_LIST_MODEL (self->shown);
}
