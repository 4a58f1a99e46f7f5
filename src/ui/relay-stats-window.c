/* relay-stats-window.c
 *
 * Round-trip time and packet loss come from outputs that measure them (WHIP,
 * from webrtcbin's statistics; SRT, from srtsink's): an output class with an
 * "rtt-ms" (guint), a "packet-loss" (gdouble, percent), a "packets-lost" or a
 * "packets-retransmitted" (guint64) property gets those rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-bitrate-graph.h"
#include "relay-bitrate-history.h"
#include "relay-dialog-size.h"
#include "relay-format.h"
#include "relay-stats-window.h"

struct _RelayStatsWindow
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  RelayBitrateGraph *graph;
  AdwActionRow *state_row;
  GtkLabel *bitrate_value;
  GtkLabel *sent_value;
  GtkLabel *uptime_value;
  GtkLabel *reconnects_value;
  AdwActionRow *rtt_row;
  GtkLabel *rtt_value;
  AdwActionRow *loss_row;
  GtkLabel *loss_value;
  AdwActionRow *lost_row;
  GtkLabel *lost_value;
  AdwActionRow *retransmitted_row;
  GtkLabel *retransmitted_value;

  RelayOutput *output;
};

G_DEFINE_FINAL_TYPE (RelayStatsWindow, relay_stats_window, ADW_TYPE_WINDOW)

static gboolean
has_property (RelayOutput *output, const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (output), name) != NULL;
}

/* A counter row, shown for outputs with @property. */
static void
update_count (RelayStatsWindow *self, AdwActionRow *row, GtkLabel *label, const char *property)
{
  gboolean has = has_property (self->output, property);

  gtk_widget_set_visible (GTK_WIDGET (row), has);
  if (has)
    {
      guint64 count = 0;
      g_autofree char *text = NULL;

      g_object_get (self->output, property, &count, NULL);
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
      gtk_label_set_label (label, text);
    }
}

static void
update_transport_stats (RelayStatsWindow *self)
{
  gboolean has_rtt = has_property (self->output, "rtt-ms");
  gboolean has_loss = has_property (self->output, "packet-loss");

  gtk_widget_set_visible (GTK_WIDGET (self->rtt_row), has_rtt);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_row), has_loss);
  if (has_rtt)
    {
      guint rtt_ms = 0;
      g_autofree char *text = NULL;

      g_object_get (self->output, "rtt-ms", &rtt_ms, NULL);
      /* Translators: milliseconds */
      text = g_strdup_printf (_ ("%u ms"), rtt_ms);
      gtk_label_set_label (self->rtt_value, text);
    }
  if (has_loss)
    {
      double loss = 0;
      g_autofree char *text = NULL;

      g_object_get (self->output, "packet-loss", &loss, NULL);
      text = g_strdup_printf ("%.1f %%", loss);
      gtk_label_set_label (self->loss_value, text);
    }
  update_count (self, self->lost_row, self->lost_value, "packets-lost");
  update_count (self, self->retransmitted_row, self->retransmitted_value, "packets-retransmitted");
}

static void
update (RelayStatsWindow *self)
{
  g_autofree char *state = relay_output_describe_state (self->output);
  g_autofree char *bitrate = relay_format_bitrate (relay_output_get_bitrate (self->output));
  g_autofree char *sent = g_format_size (relay_output_get_bytes_sent (self->output));
  g_autofree char *uptime = relay_format_duration (relay_output_get_uptime_us (self->output));
  g_autofree char *reconnects = g_strdup_printf ("%u", relay_output_get_reconnects (self->output));

  adw_action_row_set_subtitle (self->state_row, state);
  gtk_label_set_label (self->bitrate_value, bitrate);
  gtk_label_set_label (self->sent_value, sent);
  gtk_label_set_label (self->uptime_value, uptime);
  gtk_label_set_label (self->reconnects_value, reconnects);
  update_transport_stats (self);
}

static void
relay_stats_window_dispose (GObject *object)
{
  RelayStatsWindow *self = RELAY_STATS_WINDOW (object);

  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_clear_object (&self->output);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_STATS_WINDOW);
  G_OBJECT_CLASS (relay_stats_window_parent_class)->dispose (object);
}

static void
relay_stats_window_class_init (RelayStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_stats_window_dispose;

  g_type_ensure (RELAY_TYPE_BITRATE_GRAPH);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-stats-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, graph);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, state_row);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, bitrate_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, sent_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, uptime_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, reconnects_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, rtt_row);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, rtt_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, loss_row);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, loss_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, lost_row);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, lost_value);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, retransmitted_row);
  gtk_widget_class_bind_template_child (widget_class, RelayStatsWindow, retransmitted_value);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
relay_stats_window_init (RelayStatsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  relay_dialog_fit_content (GTK_WINDOW (self));
}

GtkWidget *
relay_stats_window_new (GtkWindow *parent, RelayOutput *output, const char *title)
{
  RelayStatsWindow *self =
      g_object_new (RELAY_TYPE_STATS_WINDOW, "transient-for", parent, "title", title, NULL);

  self->output = g_object_ref (output);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, relay_output_get_display_url (output));
  relay_bitrate_graph_set_history (self->graph, relay_bitrate_history_for_output (output));

  g_signal_connect_swapped (output, "state-changed", G_CALLBACK (update), self);
  g_signal_connect_swapped (output, "stats-updated", G_CALLBACK (update), self);
  update (self);

  return GTK_WIDGET (self);
}

RelayOutput *
relay_stats_window_get_output (RelayStatsWindow *self)
{
  g_return_val_if_fail (RELAY_IS_STATS_WINDOW (self), NULL);

  return self->output;
}
