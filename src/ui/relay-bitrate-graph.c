/* relay-bitrate-graph.c
 *
 * The time axis is real time: the right edge is now, the left edge
 * RELAY_BITRATE_HISTORY_SPAN_S ago, so a pause in sending shows as a gap and
 * the graph keeps scrolling while nothing is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-bitrate-graph.h"
#include "relay-format.h"

#define MIN_SCALE_BPS 1000000
#define LABEL_MARGIN  6

struct _RelayBitrateGraph
{
  GtkWidget parent_instance;

  RelayBitrateHistory *history;
  guint tick_id;
};

G_DEFINE_FINAL_TYPE (RelayBitrateGraph, relay_bitrate_graph, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* 1, 2 or 5 times a power of ten, at least @value */
static guint
nice_ceiling (guint value)
{
  guint64 step = 1;

  while (TRUE)
    {
      if (value <= step)
        return step;
      if (value <= step * 2)
        return step * 2;
      if (value <= step * 5)
        return step * 5;
      step *= 10;
    }
}

static void
get_colors (GtkWidget *widget, GdkRGBA *foreground, GdkRGBA *accent)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (style, foreground);
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static void
append_label (GtkWidget *widget, GtkSnapshot *snapshot, const char *text, float x, float y,
              gboolean align_right, const GdkRGBA *color)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (align_right ? x - width : x, y - height / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
relay_bitrate_graph_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RelayBitrateGraph *self = RELAY_BITRATE_GRAPH (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  GdkRGBA foreground, accent, grid, dim;
  const RelayBitrateSample *samples = NULL;
  guint n_samples = 0;
  guint scale;
  gint64 now = g_get_monotonic_time ();
  gint64 start = now - (gint64) RELAY_BITRATE_HISTORY_SPAN_S * G_USEC_PER_SEC;
  float bar_width = MAX (1.0f, width / RELAY_BITRATE_HISTORY_SPAN_S);
  g_autofree char *scale_text = NULL;

  get_colors (widget, &foreground, &accent);
  grid = foreground;
  grid.alpha *= 0.12f;
  dim = foreground;
  dim.alpha *= 0.6f;

  for (guint i = 1; i < 4; i++)
    gtk_snapshot_append_color (snapshot, &grid,
                               &GRAPHENE_RECT_INIT (0, floorf (height * i / 4.0f), width, 1));

  if (self->history != NULL)
    samples = relay_bitrate_history_get_samples (self->history, &n_samples);
  scale = nice_ceiling (
      MAX (MIN_SCALE_BPS, self->history ? relay_bitrate_history_get_peak (self->history) : 0));

  for (guint i = 0; i < n_samples; i++)
    {
      float x =
          (float) (samples[i].time_us - start) / (RELAY_BITRATE_HISTORY_SPAN_S * 1e6f) * width;
      float bar = MIN (1.0f, (float) samples[i].bitrate / scale) * height;

      if (x + bar_width < 0 || bar <= 0)
        continue;
      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (x - bar_width, height - bar, bar_width, bar));
    }

  scale_text = relay_format_bitrate (scale);
  append_label (widget, snapshot, scale_text, LABEL_MARGIN, LABEL_MARGIN * 2, FALSE, &dim);
  append_label (widget, snapshot, _ ("5 minutes ago"), LABEL_MARGIN, height - LABEL_MARGIN * 2,
                FALSE, &dim);
  append_label (widget, snapshot, _ ("now"), width - LABEL_MARGIN, height - LABEL_MARGIN * 2, TRUE,
                &dim);
}

static void
relay_bitrate_graph_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                             int *minimum, int *natural, int *minimum_baseline,
                             int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 160;
}

static gboolean
on_tick (gpointer user_data)
{
  gtk_widget_queue_draw (user_data);
  return G_SOURCE_CONTINUE;
}

static void
relay_bitrate_graph_map (GtkWidget *widget)
{
  RelayBitrateGraph *self = RELAY_BITRATE_GRAPH (widget);

  GTK_WIDGET_CLASS (relay_bitrate_graph_parent_class)->map (widget);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
}

static void
relay_bitrate_graph_unmap (GtkWidget *widget)
{
  RelayBitrateGraph *self = RELAY_BITRATE_GRAPH (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (relay_bitrate_graph_parent_class)->unmap (widget);
}

static void
relay_bitrate_graph_dispose (GObject *object)
{
  relay_bitrate_graph_set_history (RELAY_BITRATE_GRAPH (object), NULL);
  G_OBJECT_CLASS (relay_bitrate_graph_parent_class)->dispose (object);
}

static void
relay_bitrate_graph_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayBitrateGraph *self = RELAY_BITRATE_GRAPH (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        g_value_set_object (value, self->history);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_bitrate_graph_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  RelayBitrateGraph *self = RELAY_BITRATE_GRAPH (object);

  switch (prop_id)
    {
      case PROP_HISTORY:
        relay_bitrate_graph_set_history (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_bitrate_graph_class_init (RelayBitrateGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_bitrate_graph_dispose;
  object_class->get_property = relay_bitrate_graph_get_property;
  object_class->set_property = relay_bitrate_graph_set_property;
  widget_class->snapshot = relay_bitrate_graph_snapshot;
  widget_class->measure = relay_bitrate_graph_measure;
  widget_class->map = relay_bitrate_graph_map;
  widget_class->unmap = relay_bitrate_graph_unmap;

  properties[PROP_HISTORY] =
      g_param_spec_object ("history", NULL, NULL, RELAY_TYPE_BITRATE_HISTORY,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "bitrategraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
relay_bitrate_graph_init (RelayBitrateGraph *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Bitrate over the last five minutes"), -1);
}

GtkWidget *
relay_bitrate_graph_new (void)
{
  return g_object_new (RELAY_TYPE_BITRATE_GRAPH, NULL);
}

void
relay_bitrate_graph_set_history (RelayBitrateGraph *self, RelayBitrateHistory *history)
{
  g_return_if_fail (RELAY_IS_BITRATE_GRAPH (self));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, gtk_widget_queue_draw, self);
  g_set_object (&self->history, history);
  if (history != NULL)
    g_signal_connect_swapped (history, "changed", G_CALLBACK (gtk_widget_queue_draw), self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

RelayBitrateHistory *
relay_bitrate_graph_get_history (RelayBitrateGraph *self)
{
  g_return_val_if_fail (RELAY_IS_BITRATE_GRAPH (self), NULL);

  return self->history;
}
