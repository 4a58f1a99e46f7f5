/* relay-layer-editor.c
 *
 * Lies over the preview and outlines the layer chosen in the layer list:
 * dragging inside the outline moves the layer, dragging its bottom-right
 * handle resizes it, each step a relay_layer_set_rect() in canvas pixels that
 * the scene mixer follows live. An edge (or the middle) dragged within
 * RELAY_LAYER_EDITOR_SNAP canvas pixels of the canvas's edges or centre lines
 * snaps to them.
 *
 * The preview draws the program contained in its box, at the picture's own
 * aspect; widget and canvas pixels are converted through that rectangle.
 * With no layer chosen the editor lets every pointer event through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <math.h>

#include "relay-layer-editor.h"

/* the handle's half side, and how near it a press grabs it, in widget pixels */
#define HANDLE_SIZE  5
#define HANDLE_REACH 12
/* a layer resized smaller stays this large, in canvas pixels */
#define MIN_SIZE 16

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _RelayLayerEditor
{
  GtkWidget parent_instance;

  RelayPreview *preview;
  RelayLayer *layer;
  DragMode mode;
  RelayRect start;
};

G_DEFINE_FINAL_TYPE (RelayLayerEditor, relay_layer_editor, GTK_TYPE_WIDGET)

/* Where the preview draws the canvas, in widget pixels, and the canvas's size */
static gboolean
picture_rect (RelayLayerEditor *self, graphene_rect_t *rect, int *canvas_width, int *canvas_height)
{
  RelayStream *stream = self->preview ? relay_preview_get_stream (self->preview) : NULL;
  GdkPaintable *paintable = self->preview ? relay_preview_get_paintable (self->preview) : NULL;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  const RelayProgramFormat *format;
  double aspect;

  if (stream == NULL || width <= 0 || height <= 0)
    return FALSE;
  format = relay_stream_get_format (stream);
  *canvas_width = (int) format->width;
  *canvas_height = (int) format->height;
  aspect = paintable ? gdk_paintable_get_intrinsic_aspect_ratio (paintable) : 0;
  if (aspect <= 0)
    aspect = (double) format->width / format->height;

  if (width / height > aspect)
    graphene_rect_init (rect, (width - height * aspect) / 2, 0, height * aspect, height);
  else
    graphene_rect_init (rect, 0, (height - width / aspect) / 2, width, width / aspect);
  return TRUE;
}

/**
 * relay_layer_editor_canvas_to_widget:
 *
 * Returns: %FALSE when nothing is shown yet; else where the canvas point
 *   (@canvas_x, @canvas_y) is drawn, in the editor's coordinates
 */
gboolean
relay_layer_editor_canvas_to_widget (RelayLayerEditor *self, double canvas_x, double canvas_y,
                                     double *x, double *y)
{
  graphene_rect_t picture;
  int canvas_width, canvas_height;

  g_return_val_if_fail (RELAY_IS_LAYER_EDITOR (self), FALSE);

  if (!picture_rect (self, &picture, &canvas_width, &canvas_height))
    return FALSE;
  *x = picture.origin.x + canvas_x * picture.size.width / canvas_width;
  *y = picture.origin.y + canvas_y * picture.size.height / canvas_height;
  return TRUE;
}

static gboolean
layer_rect (RelayLayerEditor *self, graphene_rect_t *rect)
{
  RelayRect layer;
  double x0, y0, x1, y1;

  if (self->layer == NULL)
    return FALSE;
  relay_layer_get_rect (self->layer, &layer);
  if (!relay_layer_editor_canvas_to_widget (self, layer.x, layer.y, &x0, &y0)
      || !relay_layer_editor_canvas_to_widget (self, layer.x + layer.width, layer.y + layer.height,
                                               &x1, &y1))
    return FALSE;
  graphene_rect_init (rect, x0, y0, x1 - x0, y1 - y0);
  return TRUE;
}

static void
relay_layer_editor_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RelayLayerEditor *self = RELAY_LAYER_EDITOR (widget);
  const GdkRGBA blue = { 0.21f, 0.52f, 0.89f, 1.0f };
  const GdkRGBA white = { 1.0f, 1.0f, 1.0f, 1.0f };
  const float outer[4] = { 2, 2, 2, 2 };
  const float inner[4] = { 1, 1, 1, 1 };
  const GdkRGBA outer_colors[4] = { blue, blue, blue, blue };
  const GdkRGBA inner_colors[4] = { white, white, white, white };
  graphene_rect_t rect;
  GskRoundedRect border;
  graphene_point_t corner;

  if (!layer_rect (self, &rect))
    return;

  /* blue outside, white within: seen on any picture */
  gsk_rounded_rect_init_from_rect (&border, &rect, 0);
  gtk_snapshot_append_border (snapshot, &border, outer, outer_colors);
  graphene_rect_inset (&rect, 2, 2);
  gsk_rounded_rect_init_from_rect (&border, &rect, 0);
  gtk_snapshot_append_border (snapshot, &border, inner, inner_colors);

  graphene_rect_get_bottom_right (&rect, &corner);
  gtk_snapshot_append_color (snapshot, &blue,
                             &GRAPHENE_RECT_INIT (corner.x - HANDLE_SIZE, corner.y - HANDLE_SIZE,
                                                  2 * HANDLE_SIZE, 2 * HANDLE_SIZE));
}

/* What a press at (x, y) would drag */
static DragMode
mode_at (RelayLayerEditor *self, double x, double y)
{
  graphene_rect_t rect;
  graphene_point_t corner;

  if (!layer_rect (self, &rect))
    return DRAG_NONE;
  graphene_rect_get_bottom_right (&rect, &corner);
  if (fabs (x - corner.x) <= HANDLE_REACH && fabs (y - corner.y) <= HANDLE_REACH)
    return DRAG_RESIZE;
  if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
    return DRAG_MOVE;
  return DRAG_NONE;
}

/* @value moved to the nearest of @targets within the snapping distance */
static int
snap (int value, const int *targets, guint n_targets)
{
  int best = value;
  int best_distance = RELAY_LAYER_EDITOR_SNAP + 1;

  for (guint i = 0; i < n_targets; i++)
    {
      int distance = ABS (value - targets[i]);

      if (distance < best_distance)
        {
          best = targets[i];
          best_distance = distance;
        }
    }
  return best;
}

/* Where a layer of @size starts along an axis of @canvas, its start, end or
 * middle snapped to the canvas's start, end or middle, whichever is nearest */
static int
snap_position (int position, int size, int canvas)
{
  const int starts[] = { 0, canvas - size, canvas / 2 - size / 2 };
  const int ends[] = { position, position + size, position + size / 2 };
  const int targets[] = { 0, canvas, canvas / 2 };
  int best = position;
  int best_distance = RELAY_LAYER_EDITOR_SNAP + 1;

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      int distance = ABS (ends[i] - targets[i]);

      if (distance < best_distance)
        {
          best = starts[i];
          best_distance = distance;
        }
    }
  return best;
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, RelayLayerEditor *self)
{
  self->mode = mode_at (self, x, y);
  if (self->mode == DRAG_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  relay_layer_get_rect (self->layer, &self->start);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, RelayLayerEditor *self)
{
  graphene_rect_t picture;
  int canvas_width, canvas_height;
  RelayRect rect = self->start;
  int cdx, cdy;

  if (self->mode == DRAG_NONE || self->layer == NULL
      || !picture_rect (self, &picture, &canvas_width, &canvas_height))
    return;
  cdx = (int) lround (dx * canvas_width / picture.size.width);
  cdy = (int) lround (dy * canvas_height / picture.size.height);

  if (self->mode == DRAG_MOVE)
    {
      rect.x = CLAMP (snap_position (rect.x + cdx, rect.width, canvas_width),
                      -RELAY_LAYER_MAX_EXTENT, RELAY_LAYER_MAX_EXTENT);
      rect.y = CLAMP (snap_position (rect.y + cdy, rect.height, canvas_height),
                      -RELAY_LAYER_MAX_EXTENT, RELAY_LAYER_MAX_EXTENT);
    }
  else
    {
      const int right_targets[] = { canvas_width, canvas_width / 2 };
      const int bottom_targets[] = { canvas_height, canvas_height / 2 };
      int right = snap (rect.x + rect.width + cdx, right_targets, G_N_ELEMENTS (right_targets));
      int bottom = snap (rect.y + rect.height + cdy, bottom_targets, G_N_ELEMENTS (bottom_targets));

      rect.width = CLAMP (right - rect.x, MIN_SIZE, RELAY_LAYER_MAX_EXTENT);
      rect.height = CLAMP (bottom - rect.y, MIN_SIZE, RELAY_LAYER_MAX_EXTENT);
    }
  relay_layer_set_rect (self->layer, &rect);
}

static void
on_drag_end (GtkGestureDrag *gesture, double dx, double dy, RelayLayerEditor *self)
{
  self->mode = DRAG_NONE;
}

/* The pointer says what a press would do */
static void
on_motion (GtkEventControllerMotion *motion, double x, double y, RelayLayerEditor *self)
{
  static const char *const cursors[] = { NULL, "move", "se-resize" };

  if (self->mode == DRAG_NONE)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursors[mode_at (self, x, y)]);
}

static void
relay_layer_editor_dispose (GObject *object)
{
  RelayLayerEditor *self = RELAY_LAYER_EDITOR (object);

  relay_layer_editor_set_layer (self, NULL);
  g_clear_object (&self->preview);
  G_OBJECT_CLASS (relay_layer_editor_parent_class)->dispose (object);
}

static void
relay_layer_editor_class_init (RelayLayerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_layer_editor_dispose;
  widget_class->snapshot = relay_layer_editor_snapshot;
  gtk_widget_class_set_css_name (widget_class, "layereditor");
}

static void
relay_layer_editor_init (RelayLayerEditor *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GtkWidget *
relay_layer_editor_new (void)
{
  return g_object_new (RELAY_TYPE_LAYER_EDITOR, NULL);
}

/* @preview: the preview it lies over, whose picture gives the canvas's place */
void
relay_layer_editor_set_preview (RelayLayerEditor *self, RelayPreview *preview)
{
  g_return_if_fail (RELAY_IS_LAYER_EDITOR (self));

  g_set_object (&self->preview, preview);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* @layer: (nullable): the layer to outline and drag, or NULL for none */
void
relay_layer_editor_set_layer (RelayLayerEditor *self, RelayLayer *layer)
{
  g_return_if_fail (RELAY_IS_LAYER_EDITOR (self));

  if (self->layer == layer)
    return;
  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_data (self->layer, self);
  g_set_object (&self->layer, layer);
  self->mode = DRAG_NONE;
  if (layer != NULL)
    g_signal_connect_object (layer, "changed", G_CALLBACK (gtk_widget_queue_draw), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_set_can_target (GTK_WIDGET (self), layer != NULL);
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): the layer outlined */
RelayLayer *
relay_layer_editor_get_layer (RelayLayerEditor *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_EDITOR (self), NULL);

  return self->layer;
}
