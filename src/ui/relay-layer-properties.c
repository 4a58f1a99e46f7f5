/* relay-layer-properties.c
 *
 * The layer chosen in the list, value by value: its place and size in canvas
 * pixels, its opacity, how its source fits its rectangle, what is cut off
 * the source's edges, and a colour layer's colour. Each field is bound to the
 * layer's property both ways, so a drag on the preview shows here as it
 * happens, and a value typed here moves the layer live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-layer-properties.h"

struct _RelayLayerProperties
{
  GtkPopover parent_instance;

  GtkGrid *grid;
  /* property name -> its field */
  GHashTable *fields;
  GtkWidget *color_label;
  GtkWidget *text_label;
  RelayLayer *layer;
  GPtrArray *bindings;
};

G_DEFINE_FINAL_TYPE (RelayLayerProperties, relay_layer_properties, GTK_TYPE_POPOVER)

/* The layer's numbers, each with its label and range */
static const struct
{
  const char *property;
  const char *label;
  int lower;
} numbers[] = {
  { "x", N_ ("X"), -RELAY_LAYER_MAX_EXTENT },
  { "y", N_ ("Y"), -RELAY_LAYER_MAX_EXTENT },
  { "width", N_ ("Width"), 1 },
  { "height", N_ ("Height"), 1 },
  { "crop-left", N_ ("Crop left"), 0 },
  { "crop-top", N_ ("Crop top"), 0 },
  { "crop-right", N_ ("Crop right"), 0 },
  { "crop-bottom", N_ ("Crop bottom"), 0 },
};

static void
attach_row (RelayLayerProperties *self, const char *label, GtkWidget *field, int row)
{
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), field);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (self->grid, title, 0, row, 1, 1);
  gtk_grid_attach (self->grid, field, 1, row, 1, 1);
}

static gboolean
fit_to_selected (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_fit (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected > RELAY_LAYER_FIT_COVER)
    return FALSE;
  g_value_set_enum (to, (int) selected);
  return TRUE;
}

static gboolean
argb_to_rgba (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint32 argb = g_value_get_uint (from);
  GdkRGBA rgba = { ((argb >> 16) & 0xff) / 255.0f, ((argb >> 8) & 0xff) / 255.0f,
                   (argb & 0xff) / 255.0f, (argb >> 24) / 255.0f };

  g_value_set_boxed (to, &rgba);
  return TRUE;
}

static guint32
channel (float value, int shift)
{
  return (guint32) CLAMP (value * 255.0f + 0.5f, 0.0f, 255.0f) << shift;
}

static gboolean
rgba_to_argb (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const GdkRGBA *rgba = g_value_get_boxed (from);

  if (rgba == NULL)
    return FALSE;
  g_value_set_uint (to, channel (rgba->alpha, 24) | channel (rgba->red, 16)
                            | channel (rgba->green, 8) | channel (rgba->blue, 0));
  return TRUE;
}

static void
bind (RelayLayerProperties *self, const char *property, gpointer target,
      const char *target_property)
{
  g_ptr_array_add (self->bindings,
                   g_object_bind_property (self->layer, property, target, target_property,
                                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE));
}

static void
relay_layer_properties_dispose (GObject *object)
{
  RelayLayerProperties *self = RELAY_LAYER_PROPERTIES (object);

  relay_layer_properties_set_layer (self, NULL);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  G_OBJECT_CLASS (relay_layer_properties_parent_class)->dispose (object);
}

static void
relay_layer_properties_class_init (RelayLayerPropertiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_layer_properties_dispose;
}

static void
relay_layer_properties_init (RelayLayerProperties *self)
{
  const char *fits[] = { _ ("Stretch"), _ ("Fit with bars"), _ ("Fill and crop"), NULL };
  GtkWidget *field;
  int row = 0;

  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->bindings = g_ptr_array_new ();
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->grid), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 6);

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      field = gtk_spin_button_new_with_range (numbers[i].lower, RELAY_LAYER_MAX_EXTENT, 1);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (field), TRUE);
      g_hash_table_insert (self->fields, (gpointer) numbers[i].property, field);
      attach_row (self, _ (numbers[i].label), field, row++);
    }

  field = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 0.05);
  gtk_scale_set_draw_value (GTK_SCALE (field), FALSE);
  g_hash_table_insert (self->fields, (gpointer) "opacity", field);
  attach_row (self, _ ("Opacity"), field, row++);

  field = gtk_drop_down_new_from_strings (fits);
  g_hash_table_insert (self->fields, (gpointer) "fit", field);
  attach_row (self, _ ("Fit"), field, row++);

  field = gtk_color_button_new ();
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (field), TRUE);
  g_hash_table_insert (self->fields, (gpointer) "color", field);
  attach_row (self, _ ("Color"), field, row++);
  self->color_label = gtk_grid_get_child_at (self->grid, 0, row - 1);

  field = gtk_entry_new ();
  g_hash_table_insert (self->fields, (gpointer) "text", field);
  attach_row (self, _ ("Text"), field, row++);
  self->text_label = gtk_grid_get_child_at (self->grid, 0, row - 1);

  gtk_popover_set_child (GTK_POPOVER (self), GTK_WIDGET (self->grid));
}

GtkWidget *
relay_layer_properties_new (void)
{
  return g_object_new (RELAY_TYPE_LAYER_PROPERTIES, NULL);
}

/* @layer: (nullable): whose values the fields show and set */
void
relay_layer_properties_set_layer (RelayLayerProperties *self, RelayLayer *layer)
{
  const char *source;
  gboolean color, text;

  g_return_if_fail (RELAY_IS_LAYER_PROPERTIES (self));

  if (self->layer == layer)
    return;
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
  g_set_object (&self->layer, layer);
  if (layer == NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    bind (self, numbers[i].property, g_hash_table_lookup (self->fields, numbers[i].property),
          "value");
  bind (self, "opacity",
        gtk_range_get_adjustment (GTK_RANGE (g_hash_table_lookup (self->fields, "opacity"))),
        "value");
  g_ptr_array_add (self->bindings, g_object_bind_property_full (
                                       layer, "fit", g_hash_table_lookup (self->fields, "fit"),
                                       "selected", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                       fit_to_selected, selected_to_fit, NULL, NULL));
  g_ptr_array_add (self->bindings, g_object_bind_property_full (
                                       layer, "color", g_hash_table_lookup (self->fields, "color"),
                                       "rgba", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                       argb_to_rgba, rgba_to_argb, NULL, NULL));
  /* colours, texts and clocks draw in the layer's colour; only a text has words */
  source = relay_layer_get_source (layer);
  text = g_str_equal (source, RELAY_LAYER_SOURCE_TEXT);
  if (text)
    {
      if (relay_layer_get_text (layer) == NULL)
        relay_layer_set_text (layer, "");
      bind (self, "text", g_hash_table_lookup (self->fields, "text"), "text");
    }
  color = text || g_str_equal (source, RELAY_LAYER_SOURCE_COLOR)
          || g_str_equal (source, RELAY_LAYER_SOURCE_CLOCK);
  gtk_widget_set_visible (g_hash_table_lookup (self->fields, "color"), color);
  gtk_widget_set_visible (self->color_label, color);
  gtk_widget_set_visible (g_hash_table_lookup (self->fields, "text"), text);
  gtk_widget_set_visible (self->text_label, text);
}

/* Returns: (transfer none) (nullable): the field of the layer's @property */
GtkWidget *
relay_layer_properties_get_field (RelayLayerProperties *self, const char *property)
{
  g_return_val_if_fail (RELAY_IS_LAYER_PROPERTIES (self), NULL);

  return g_hash_table_lookup (self->fields, property);
}
