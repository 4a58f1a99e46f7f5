/* relay-adaptive-box.c
 *
 * The window's body: its first child (the main pane) and its last (the side
 * pane) stand side by side when the box is at least fold-threshold wide, and
 * one above the other below that; the children between them (a separator)
 * get their minimum size across the fold.
 *
 * libadwaita 1.2 has no breakpoints, and none of its adaptive widgets stacks
 * two panes that both stay in view: AdwLeaflet and AdwFlap show one pane or
 * slide one over the other, and AdwSqueezer would need each widget twice. A
 * box that flips its orientation from the window's width would act a
 * moment late (the width it sees is the last one) and, maximized or tiled,
 * follow a default-width that no longer changes. So the box chooses from the
 * width it is given, in measure() and size_allocate() alike, and never
 * changes a property while allocating.
 *
 * Wide, the side pane takes two fifths of the width up to side-width and the
 * main pane the rest. Folded, the main pane takes its natural height for the
 * width, at most half the height unless its minimum needs more, and the side
 * pane the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include "relay-adaptive-box.h"

struct _RelayAdaptiveBox
{
  GtkWidget parent_instance;

  int fold_threshold;
  int side_width;
  gboolean folded;
};

G_DEFINE_FINAL_TYPE (RelayAdaptiveBox, relay_adaptive_box, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FOLD_THRESHOLD,
  PROP_SIDE_WIDTH,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The visible children, as main pane, those between, side pane */
typedef struct
{
  GtkWidget *main;
  GtkWidget *side;
  GPtrArray *between;
} Panes;

static gboolean
get_panes (RelayAdaptiveBox *self, Panes *panes)
{
  *panes = (Panes){ NULL, NULL, g_ptr_array_new () };

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      if (panes->main == NULL)
        panes->main = child;
      else
        {
          if (panes->side != NULL)
            g_ptr_array_add (panes->between, panes->side);
          panes->side = child;
        }
    }
  return panes->side != NULL;
}

static void
clear_panes (Panes *panes)
{
  g_ptr_array_unref (panes->between);
}

static int
measure_min (GtkWidget *widget, GtkOrientation orientation, int for_size)
{
  int minimum;

  gtk_widget_measure (widget, orientation, for_size, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The space the children between the panes take across the fold */
static int
between_size (Panes *panes, GtkOrientation orientation, int for_size)
{
  int size = 0;

  for (guint i = 0; i < panes->between->len; i++)
    size += measure_min (g_ptr_array_index (panes->between, i), orientation, for_size);
  return size;
}

/* Whether @width folds the box; if not, the widths of the panes side by side. */
static gboolean
split (RelayAdaptiveBox *self, Panes *panes, int width, int *main_width, int *side_width)
{
  int between = between_size (panes, GTK_ORIENTATION_HORIZONTAL, -1);
  int main_min = measure_min (panes->main, GTK_ORIENTATION_HORIZONTAL, -1);
  int side_min = measure_min (panes->side, GTK_ORIENTATION_HORIZONTAL, -1);

  if (width < self->fold_threshold || width < main_min + between + side_min)
    return TRUE;

  *side_width = MAX (side_min, MIN (self->side_width, width * 2 / 5));
  *side_width = MIN (*side_width, width - between - main_min);
  *main_width = width - between - *side_width;
  return FALSE;
}

static void
relay_adaptive_box_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                            int *minimum, int *natural, int *minimum_baseline,
                            int *natural_baseline)
{
  RelayAdaptiveBox *self = RELAY_ADAPTIVE_BOX (widget);
  Panes panes;
  int main_width, side_width;

  *minimum = *natural = 0;
  if (!get_panes (self, &panes))
    {
      if (panes.main != NULL)
        gtk_widget_measure (panes.main, orientation, for_size, minimum, natural, NULL, NULL);
      clear_panes (&panes);
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int main_min, main_nat, side_min, side_nat;
      int between = between_size (&panes, orientation, -1);

      /* folded, it is as narrow as its widest pane */
      gtk_widget_measure (panes.main, orientation, -1, &main_min, &main_nat, NULL, NULL);
      gtk_widget_measure (panes.side, orientation, -1, &side_min, &side_nat, NULL, NULL);
      *minimum = MAX (main_min, side_min);
      *natural = MAX (main_nat + between + MAX (side_min, MIN (side_nat, self->side_width)),
                      self->fold_threshold);
    }
  else
    {
      int main_min, main_nat, side_min, side_nat;
      int width = for_size;

      if (width < 0)
        gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);

      if (split (self, &panes, width, &main_width, &side_width))
        {
          int between = between_size (&panes, orientation, width);

          gtk_widget_measure (panes.main, orientation, width, &main_min, &main_nat, NULL, NULL);
          gtk_widget_measure (panes.side, orientation, width, &side_min, &side_nat, NULL, NULL);
          *minimum = main_min + between + side_min;
          *natural = main_nat + between + side_nat;
        }
      else
        {
          gtk_widget_measure (panes.main, orientation, main_width, &main_min, &main_nat, NULL,
                              NULL);
          gtk_widget_measure (panes.side, orientation, side_width, &side_min, &side_nat, NULL,
                              NULL);
          *minimum = MAX (main_min, side_min);
          *natural = MAX (main_nat, side_nat);
          for (guint i = 0; i < panes.between->len; i++)
            {
              int min, nat;

              gtk_widget_measure (g_ptr_array_index (panes.between, i), orientation, -1, &min, &nat,
                                  NULL, NULL);
              *minimum = MAX (*minimum, min);
              *natural = MAX (*natural, nat);
            }
        }
    }
  clear_panes (&panes);
}

static GtkSizeRequestMode
relay_adaptive_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Left to right, or right to left */
static int
place (GtkWidget *child, gboolean rtl, int box_width, int x, int width, int height)
{
  gtk_widget_size_allocate (
      child, &(GtkAllocation){ rtl ? box_width - x - width : x, 0, width, height }, -1);
  return x + width;
}

static void
allocate_side_by_side (RelayAdaptiveBox *self, Panes *panes, int width, int height, int main_width,
                       int side_width)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int x = place (panes->main, rtl, width, 0, main_width, height);

  for (guint i = 0; i < panes->between->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (panes->between, i);

      x = place (child, rtl, width, x, measure_min (child, GTK_ORIENTATION_HORIZONTAL, height),
                 height);
    }
  place (panes->side, rtl, width, x, side_width, height);
}

static void
allocate_stacked (Panes *panes, int width, int height)
{
  int between = between_size (panes, GTK_ORIENTATION_VERTICAL, width);
  int side_min = measure_min (panes->side, GTK_ORIENTATION_VERTICAL, width);
  int main_min, main_nat, main_height;
  int y = 0;

  gtk_widget_measure (panes->main, GTK_ORIENTATION_VERTICAL, width, &main_min, &main_nat, NULL,
                      NULL);
  main_height = MIN (main_nat, MAX (main_min, height / 2));
  main_height = MIN (main_height, MAX (main_min, height - between - side_min));

  gtk_widget_size_allocate (panes->main, &(GtkAllocation){ 0, y, width, main_height }, -1);
  y += main_height;
  for (guint i = 0; i < panes->between->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (panes->between, i);
      int child_height = measure_min (child, GTK_ORIENTATION_VERTICAL, width);

      gtk_widget_size_allocate (child, &(GtkAllocation){ 0, y, width, child_height }, -1);
      y += child_height;
    }
  gtk_widget_size_allocate (panes->side, &(GtkAllocation){ 0, y, width, MAX (height - y, 0) }, -1);
}

static void
relay_adaptive_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  RelayAdaptiveBox *self = RELAY_ADAPTIVE_BOX (widget);
  Panes panes;
  int main_width, side_width;
  gboolean folded = FALSE;

  if (!get_panes (self, &panes))
    {
      if (panes.main != NULL)
        gtk_widget_size_allocate (panes.main, &(GtkAllocation){ 0, 0, width, height }, -1);
    }
  else if ((folded = split (self, &panes, width, &main_width, &side_width)))
    allocate_stacked (&panes, width, height);
  else
    allocate_side_by_side (self, &panes, width, height, main_width, side_width);
  clear_panes (&panes);

  if (folded != self->folded)
    {
      self->folded = folded;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
    }
}

static void
relay_adaptive_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (relay_adaptive_box_parent_class)->dispose (object);
}

static void
relay_adaptive_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayAdaptiveBox *self = RELAY_ADAPTIVE_BOX (object);

  switch (prop_id)
    {
      case PROP_FOLD_THRESHOLD:
        g_value_set_int (value, self->fold_threshold);
        break;
      case PROP_SIDE_WIDTH:
        g_value_set_int (value, self->side_width);
        break;
      case PROP_FOLDED:
        g_value_set_boolean (value, self->folded);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_adaptive_box_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  RelayAdaptiveBox *self = RELAY_ADAPTIVE_BOX (object);

  switch (prop_id)
    {
      case PROP_FOLD_THRESHOLD:
        self->fold_threshold = g_value_get_int (value);
        break;
      case PROP_SIDE_WIDTH:
        self->side_width = g_value_get_int (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
        return;
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
relay_adaptive_box_class_init (RelayAdaptiveBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_adaptive_box_dispose;
  object_class->get_property = relay_adaptive_box_get_property;
  object_class->set_property = relay_adaptive_box_set_property;
  widget_class->measure = relay_adaptive_box_measure;
  widget_class->size_allocate = relay_adaptive_box_size_allocate;
  widget_class->get_request_mode = relay_adaptive_box_get_request_mode;

  /* Narrower than this, the panes stand one above the other. */
  properties[PROP_FOLD_THRESHOLD] = g_param_spec_int (
      "fold-threshold", NULL, NULL, 0, G_MAXINT, 720, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* The widest the side pane gets beside the main one. */
  properties[PROP_SIDE_WIDTH] = g_param_spec_int ("side-width", NULL, NULL, 0, G_MAXINT, 400,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* Whether the panes stand one above the other, as last allocated. */
  properties[PROP_FOLDED] =
      g_param_spec_boolean ("folded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "adaptivebox");
}

static void
relay_adaptive_box_init (RelayAdaptiveBox *self)
{
  self->fold_threshold = 720;
  self->side_width = 400;
}

gboolean
relay_adaptive_box_get_folded (RelayAdaptiveBox *self)
{
  g_return_val_if_fail (RELAY_IS_ADAPTIVE_BOX (self), FALSE);

  return self->folded;
}
