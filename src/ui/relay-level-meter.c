/* relay-level-meter.c
 *
 * A horizontal bar on a -60…0 dBFS scale, green up to -12 dB, yellow up to
 * -3 dB, red above; a thin mark holds the recent peak for a moment so that a
 * short clip is seen.
 *
 * The scale is drawn in the bar, not under it (a line of its own would cost
 * the preview its last pixels at 360×294): ticks, and the decibels each after
 * its tick, dark where the level covers them. Loudest first: a label that
 * would run into the next is left out, so a narrow meter keeps 0 and the
 * loud end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-format.h"
#include "relay-level-meter.h"

#define YELLOW_DB    (-12.0)
#define RED_DB       (-3.0)
#define PEAK_HOLD_US (1500 * 1000)
#define PEAK_MARK_PX 2.0f
#define CORNER_PX    4.0f
#define LABEL_PAD_PX 3
#define LABEL_GAP_PX 6
/* room for a label at the widget's small font */
#define MIN_HEIGHT_PX 14

/* The scale, loudest first: the order its labels get room in */
static const int scale_db[] = { 0, -6, -10, -20, -40, -60 };

struct _RelayLevelMeter
{
  GtkWidget parent_instance;

  double rms_db;
  double peak_db;
  double held_peak_db;
  gint64 held_since_us;
};

G_DEFINE_FINAL_TYPE (RelayLevelMeter, relay_level_meter, GTK_TYPE_WIDGET)

static float
fraction_of (double db)
{
  return (float) CLAMP ((db - RELAY_LEVEL_METER_FLOOR_DB) / -RELAY_LEVEL_METER_FLOOR_DB, 0.0, 1.0);
}

static void
append_zone (GtkSnapshot *snapshot, const char *color_spec, float from, float to, float level,
             float width, float height)
{
  GdkRGBA color;
  float end = MIN (to, level);

  if (end <= from)
    return;
  gdk_rgba_parse (&color, color_spec);
  gtk_snapshot_append_color (snapshot, &color,
                             &GRAPHENE_RECT_INIT (from * width, 0, (end - from) * width, height));
}

static PangoLayout *
scale_label (GtkWidget *widget, int db)
{
  g_autofree char *text = relay_format_signed (db);

  return gtk_widget_create_pango_layout (widget, text);
}

static float
tick_x (int db, float width)
{
  return fraction_of (db) * (width - 1);
}

/* Each label after its tick, 0 before its own at the right end. */
static void
append_scale_labels (GtkWidget *widget, GtkSnapshot *snapshot, float width, float height,
                     const GdkRGBA *color)
{
  float free_until = width;

  for (guint i = 0; i < G_N_ELEMENTS (scale_db); i++)
    {
      g_autoptr (PangoLayout) layout = scale_label (widget, scale_db[i]);
      float x = tick_x (scale_db[i], width);
      int label_width, label_height;
      float left;

      pango_layout_get_pixel_size (layout, &label_width, &label_height);
      left = scale_db[i] == 0 ? x - LABEL_PAD_PX - label_width : x + LABEL_PAD_PX;
      if (left < 0 || left + label_width + (i > 0 ? LABEL_GAP_PX : 0) > free_until)
        continue;
      free_until = left;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (left, (height - label_height) / 2.0f));
      gtk_snapshot_append_layout (snapshot, layout, color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
relay_level_meter_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RelayLevelMeter *self = RELAY_LEVEL_METER (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float level = fraction_of (self->rms_db);
  float yellow = fraction_of (YELLOW_DB);
  float red = fraction_of (RED_DB);
  GdkRGBA trough, mark, label, tick;
  GdkRGBA covered_label = { 0, 0, 0, 0.7f };
  GskRoundedRect bar;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &trough);
  mark = label = tick = trough;
  trough.alpha *= 0.1f;
  label.alpha *= 0.6f;
  tick.alpha *= 0.3f;

  gsk_rounded_rect_init_from_rect (&bar, &GRAPHENE_RECT_INIT (0, 0, width, height), CORNER_PX);
  gtk_snapshot_push_rounded_clip (snapshot, &bar);
  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_zone (snapshot, "#33d17a", 0, yellow, level, width, height);
  append_zone (snapshot, "#f6d32d", yellow, red, level, width, height);
  append_zone (snapshot, "#e01b24", red, 1, level, width, height);
  /* the zones are light in either style: dark labels over them */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, level * width, height));
  append_scale_labels (widget, snapshot, width, height, &covered_label);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (level * width, 0, width - level * width, height));
  append_scale_labels (widget, snapshot, width, height, &label);
  gtk_snapshot_pop (snapshot);
  for (guint i = 0; i < G_N_ELEMENTS (scale_db); i++)
    gtk_snapshot_append_color (snapshot, &tick,
                               &GRAPHENE_RECT_INIT (tick_x (scale_db[i], width), 0, 1, height));

  if (self->held_peak_db > RELAY_LEVEL_METER_FLOOR_DB)
    {
      float x = fraction_of (self->held_peak_db) * width;

      gtk_snapshot_append_color (
          snapshot, &mark,
          &GRAPHENE_RECT_INIT (MIN (x, width - PEAK_MARK_PX), 0, PEAK_MARK_PX, height));
    }
  gtk_snapshot_pop (snapshot);
}

static void
relay_level_meter_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  g_autoptr (PangoLayout) layout = scale_label (widget, scale_db[G_N_ELEMENTS (scale_db) - 1]);
  int label_height;

  /* as tall as its labels */
  pango_layout_get_pixel_size (layout, NULL, &label_height);
  *minimum = *natural =
      orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : MAX (MIN_HEIGHT_PX, label_height);
}

static void
relay_level_meter_class_init (RelayLevelMeterClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = relay_level_meter_snapshot;
  widget_class->measure = relay_level_meter_measure;

  gtk_widget_class_set_css_name (widget_class, "levelmeter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
relay_level_meter_init (RelayLevelMeter *self)
{
  self->rms_db = self->peak_db = self->held_peak_db = RELAY_LEVEL_METER_FLOOR_DB;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _ ("Sound level, in decibels"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Audio level"), GTK_ACCESSIBLE_PROPERTY_VALUE_MIN,
                                  RELAY_LEVEL_METER_FLOOR_DB, GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                  0.0, -1);
}

GtkWidget *
relay_level_meter_new (void)
{
  return g_object_new (RELAY_TYPE_LEVEL_METER, NULL);
}

/**
 * relay_level_meter_set_level:
 * @rms_db: loudness in dBFS
 * @peak_db: its peak in dBFS
 */
void
relay_level_meter_set_level (RelayLevelMeter *self, double rms_db, double peak_db)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (RELAY_IS_LEVEL_METER (self));

  self->rms_db = MAX (rms_db, RELAY_LEVEL_METER_FLOOR_DB);
  self->peak_db = MAX (peak_db, RELAY_LEVEL_METER_FLOOR_DB);
  if (self->peak_db >= self->held_peak_db || now - self->held_since_us > PEAK_HOLD_US)
    {
      self->held_peak_db = self->peak_db;
      self->held_since_us = now;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  self->peak_db, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
relay_level_meter_get_peak (RelayLevelMeter *self)
{
  g_return_val_if_fail (RELAY_IS_LEVEL_METER (self), RELAY_LEVEL_METER_FLOOR_DB);

  return self->peak_db;
}
