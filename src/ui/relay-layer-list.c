/* relay-layer-list.c
 *
 * The layers of the scene on air, the front one first (the scene lists them
 * bottom first): each row shows or hides its layer (the eye), brings it
 * forward or sends it backward (buttons, or a drag of its handle onto
 * another row; the handle alone, so that a touch scrolling the list moves
 * nothing), or removes it. The row chosen is the
 * layer the preview lets you move and resize ("selected-layer").
 *
 * Rows are made again whenever the scene's list changes (lists of a few
 * layers); the layer chosen stays chosen while it is in the scene.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relay-layer-list.h"

struct _RelayLayerList
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkLabel *placeholder;
  RelayScene *scene;
  RelayLayer *selected;
  /* while the rows are made again: a selection then is no choice of the user's */
  gboolean rebuilding;
};

G_DEFINE_FINAL_TYPE (RelayLayerList, relay_layer_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SELECTED_LAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * relay_layer_list_describe:
 *
 * Returns: (transfer full): what a person calls the layer: its name, else
 *   what it shows
 */
char *
relay_layer_list_describe (RelayLayer *layer)
{
  const char *source = relay_layer_get_source (layer);
  g_autofree char *path = NULL;

  if (relay_layer_get_name (layer) != NULL)
    return g_strdup (relay_layer_get_name (layer));
  if (g_str_equal (source, "test"))
    return g_strdup (_ ("Test Pattern"));
  if (g_str_equal (source, "camera"))
    return g_strdup (_ ("Camera"));
  if (g_str_equal (source, RELAY_LAYER_SOURCE_COLOR))
    return g_strdup (_ ("Color"));
  if (g_str_equal (source, RELAY_LAYER_SOURCE_CLOCK))
    return g_strdup (_ ("Clock"));
  if (g_str_equal (source, RELAY_LAYER_SOURCE_TEXT))
    return g_strdup_printf (_ ("Text “%s”"),
                            relay_layer_get_text (layer) ? relay_layer_get_text (layer) : "");
  if (g_str_has_prefix (source, RELAY_LAYER_SOURCE_IMAGE))
    source += strlen (RELAY_LAYER_SOURCE_IMAGE);
  if (g_str_has_prefix (source, "stream:"))
    return g_strdup (source + strlen ("stream:"));
  if (g_str_has_prefix (source, "file:"))
    path = g_filename_from_uri (source, NULL, NULL);
  else if (g_path_is_absolute (source))
    path = g_strdup (source);
  return path != NULL ? g_filename_display_basename (path) : g_strdup (source);
}

static RelayLayer *
row_layer (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "layer");
}

static void
show_layer (RelayLayer *layer, GParamSpec *pspec, GtkWidget *row)
{
  g_autofree char *title = relay_layer_list_describe (layer);
  g_autofree char *where = NULL;
  RelayRect rect;
  GtkWidget *eye = g_object_get_data (G_OBJECT (row), "eye");
  gboolean visible = relay_layer_get_visible (layer);

  relay_layer_get_rect (layer, &rect);
  /* Translators: a layer's size and place on the picture, in pixels */
  where = g_strdup_printf (_ ("%d×%d at %d, %d"), rect.width, rect.height, rect.x, rect.y);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (eye), visible);
  gtk_button_set_icon_name (GTK_BUTTON (eye),
                            visible ? "view-reveal-symbolic" : "view-conceal-symbolic");
  gtk_widget_set_tooltip_text (eye, visible ? _ ("Hide") : _ ("Show"));
}

static void
on_eye_toggled (GtkToggleButton *eye, RelayLayer *layer)
{
  relay_layer_set_visible (layer, gtk_toggle_button_get_active (eye));
}

static GtkWidget *
action_button (const char *icon, const char *tooltip, const char *action, RelayLayer *layer)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (relay_layer_get_id (layer)));
  return button;
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source, double x, double y, GtkWidget *row)
{
  return gdk_content_provider_new_typed (RELAY_TYPE_LAYER, row_layer (GTK_LIST_BOX_ROW (row)));
}

static void
on_drag_begin (GtkDragSource *source, GdkDrag *drag, GtkWidget *row)
{
  g_autoptr (GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* The layer dropped on a row takes that row's place in the scene. */
static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, RelayLayerList *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  RelayLayer *dropped = g_value_get_object (value);
  guint position;

  if (self->scene == NULL
      || !g_list_store_find (G_LIST_STORE (relay_scene_get_layers (self->scene)),
                             row_layer (GTK_LIST_BOX_ROW (row)), &position))
    return FALSE;
  return relay_scene_move_layer (self->scene, relay_layer_get_id (dropped), position);
}

static GtkWidget *
create_row (RelayLayerList *self, RelayLayer *layer)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *eye = gtk_toggle_button_new ();
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (RELAY_TYPE_LAYER, GDK_ACTION_MOVE);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "layer", g_object_ref (layer), g_object_unref);
  g_object_set_data (G_OBJECT (row), "eye", eye);

  gtk_widget_set_tooltip_text (handle, _ ("Drag to Reorder"));
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), row);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), row);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), handle);
  g_object_set_data (G_OBJECT (row), "handle", handle);

  gtk_widget_set_valign (eye, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (eye, "flat");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), eye);
  adw_action_row_add_suffix (
      ADW_ACTION_ROW (row),
      action_button ("go-up-symbolic", _ ("Bring Forward"), "win.raise-layer", layer));
  adw_action_row_add_suffix (
      ADW_ACTION_ROW (row),
      action_button ("go-down-symbolic", _ ("Send Backward"), "win.lower-layer", layer));
  adw_action_row_add_suffix (
      ADW_ACTION_ROW (row),
      action_button ("user-trash-symbolic", _ ("Remove Layer"), "win.remove-layer", layer));

  show_layer (layer, NULL, row);
  g_signal_connect (eye, "toggled", G_CALLBACK (on_eye_toggled), layer);
  g_signal_connect_object (layer, "notify", G_CALLBACK (show_layer), row, 0);
  return row;
}

static void
set_selected (RelayLayerList *self, RelayLayer *layer)
{
  if (g_set_object (&self->selected, layer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LAYER]);
}

static void
on_row_selected (GtkListBox *list, GtkListBoxRow *row, RelayLayerList *self)
{
  if (!self->rebuilding)
    set_selected (self, row != NULL ? row_layer (row) : NULL);
}

static void
rebuild (RelayLayerList *self)
{
  GListModel *layers = self->scene ? relay_scene_get_layers (self->scene) : NULL;
  guint n = layers ? g_list_model_get_n_items (layers) : 0;
  g_autofree char *selected_id =
      self->selected ? g_strdup (relay_layer_get_id (self->selected)) : NULL;
  GtkListBoxRow *row;

  self->rebuilding = TRUE;
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i - 1);

      gtk_list_box_append (self->list, create_row (self, layer));
    }
  gtk_label_set_label (self->placeholder,
                       self->scene ? _ ("No layers: add one to show a source over the program’s")
                                   : _ ("Put a scene on air to change its layers"));
  self->rebuilding = FALSE;
  /* the same layer chosen again is no change */
  relay_layer_list_select (self, selected_id);
  if (selected_id == NULL || relay_layer_list_find_row (self, selected_id) == NULL)
    set_selected (self, NULL);
}

static void
relay_layer_list_dispose (GObject *object)
{
  RelayLayerList *self = RELAY_LAYER_LIST (object);

  relay_layer_list_set_scene (self, NULL);
  if (self->list != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->list));
  self->list = NULL;
  G_OBJECT_CLASS (relay_layer_list_parent_class)->dispose (object);
}

static void
relay_layer_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayLayerList *self = RELAY_LAYER_LIST (object);

  switch (prop_id)
    {
      case PROP_SELECTED_LAYER:
        g_value_set_object (value, self->selected);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_layer_list_class_init (RelayLayerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_layer_list_dispose;
  object_class->get_property = relay_layer_list_get_property;

  /* The layer chosen in the list, or NULL. */
  properties[PROP_SELECTED_LAYER] =
      g_param_spec_object ("selected-layer", NULL, NULL, RELAY_TYPE_LAYER,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
relay_layer_list_init (RelayLayerList *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  self->placeholder = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->placeholder, TRUE);
  gtk_label_set_justify (self->placeholder, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "placeholder");
  gtk_list_box_set_placeholder (self->list, GTK_WIDGET (self->placeholder));
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect (self->list, "row-selected", G_CALLBACK (on_row_selected), self);
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  rebuild (self);
}

GtkWidget *
relay_layer_list_new (void)
{
  return g_object_new (RELAY_TYPE_LAYER_LIST, NULL);
}

/* @scene: (nullable): whose layers are listed */
void
relay_layer_list_set_scene (RelayLayerList *self, RelayScene *scene)
{
  g_return_if_fail (RELAY_IS_LAYER_LIST (self));

  if (self->scene == scene)
    return;
  if (self->scene != NULL)
    g_signal_handlers_disconnect_by_data (relay_scene_get_layers (self->scene), self);
  g_set_object (&self->scene, scene);
  if (scene != NULL)
    g_signal_connect_object (relay_scene_get_layers (scene), "items-changed", G_CALLBACK (rebuild),
                             self, G_CONNECT_SWAPPED);
  if (self->list != NULL)
    rebuild (self);
}

/* Returns: (transfer none) (nullable): the scene listed */
RelayScene *
relay_layer_list_get_scene (RelayLayerList *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_LIST (self), NULL);

  return self->scene;
}

/* Returns: (transfer none) (nullable): the layer chosen */
RelayLayer *
relay_layer_list_get_selected (RelayLayerList *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER_LIST (self), NULL);

  return self->selected;
}

/* @layer_id: (nullable): a layer of the scene to choose, or NULL for none */
void
relay_layer_list_select (RelayLayerList *self, const char *layer_id)
{
  GtkWidget *row;

  g_return_if_fail (RELAY_IS_LAYER_LIST (self));

  row = layer_id ? relay_layer_list_find_row (self, layer_id) : NULL;
  if (row != NULL)
    gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->list);
}

/* Returns: (transfer none) (nullable): the AdwActionRow of the layer @layer_id */
GtkWidget *
relay_layer_list_find_row (RelayLayerList *self, const char *layer_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (RELAY_IS_LAYER_LIST (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      if (g_strcmp0 (relay_layer_get_id (row_layer (row)), layer_id) == 0)
        return GTK_WIDGET (row);
    }
  return NULL;
}
