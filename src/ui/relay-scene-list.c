/* relay-scene-list.c
 *
 * One row per saved scene, in the store's order: a click puts it on air
 * (win.activate-scene), its menu renames, duplicates or removes it, and the
 * first nine show their Ctrl+digit. The scene on air is marked with the
 * header's red dot and said in words. Scene lists are short, so the rows are
 * made again whenever the list changes, which keeps every row's shortcut
 * true to its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-scene-list.h"

/* the scenes Ctrl+1 to Ctrl+9 reach */
#define KEYED_SCENES 9

struct _RelaySceneList
{
  GtkWidget parent_instance;

  GtkListBox *list;
  RelayDirector *director;
};

G_DEFINE_FINAL_TYPE (RelaySceneList, relay_scene_list, GTK_TYPE_WIDGET)

static RelayScene *
row_scene (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "scene");
}

static void
show_name (RelayScene *scene, GParamSpec *pspec, AdwPreferencesRow *row)
{
  adw_preferences_row_set_title (row, relay_scene_get_name (scene));
}

/* Each row says whether its scene is the one on air */
static void
mark_on_air (RelaySceneList *self)
{
  RelayScene *on_air = relay_director_get_program_scene (self->director);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      gboolean shown = row_scene (GTK_WIDGET (row)) == on_air;

      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "mark"), shown);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown ? _ ("On air") : "");
    }
}

static GMenuModel *
scene_menu (RelayScene *scene)
{
  GMenu *menu = g_menu_new ();
  GVariant *id = g_variant_new_string (relay_scene_get_id (scene));
  const struct
  {
    const char *label;
    const char *action;
  } items[] = {
    { N_ ("_Rename…"), "win.rename-scene" },
    { N_ ("_Duplicate"), "win.duplicate-scene" },
    { N_ ("_Remove"), "win.remove-scene" },
  };

  g_variant_ref_sink (id);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ (items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, id);
      g_menu_append_item (menu, item);
    }
  g_variant_unref (id);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
create_row (RelayScene *scene, guint position)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = gtk_image_new_from_icon_name ("media-record-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr (GMenuModel) menu = scene_menu (scene);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  show_name (scene, NULL, ADW_PREFERENCES_ROW (row));
  g_signal_connect_object (scene, "notify::name", G_CALLBACK (show_name), row, 0);
  g_object_set_data_full (G_OBJECT (row), "scene", g_object_ref (scene), g_object_unref);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.activate-scene");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                          g_variant_new_string (relay_scene_get_id (scene)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_add_css_class (mark, "on-air-status");
  gtk_widget_add_css_class (mark, "on-air");
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("On air"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  g_object_set_data (G_OBJECT (row), "mark", mark);

  if (position < KEYED_SCENES)
    {
      g_autofree char *accel = g_strdup_printf ("<Control>%u", position + 1);
      guint key;
      GdkModifierType modifiers;
      g_autofree char *shown = NULL;
      GtkWidget *label;

      gtk_accelerator_parse (accel, &key, &modifiers);
      shown = gtk_accelerator_get_label (key, modifiers);
      label = gtk_label_new (shown);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_set_tooltip_text (menu_button, _ ("Scene Menu"));
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);
  return row;
}

static void
rebuild (RelaySceneList *self)
{
  GListModel *scenes = relay_scene_store_get_scenes (relay_director_get_store (self->director));
  GtkWidget *child;

  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < g_list_model_get_n_items (scenes); i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (scenes, i);

      gtk_list_box_append (self->list, create_row (scene, i));
    }
  mark_on_air (self);
}

static GtkWidget *
empty_scenes (void)
{
  GtkWidget *label = gtk_label_new (
      _ ("No scenes: the program shows its source. Add a scene to put several sources in one "
         "picture."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "placeholder");
  return label;
}

static void
relay_scene_list_dispose (GObject *object)
{
  RelaySceneList *self = RELAY_SCENE_LIST (object);

  relay_scene_list_set_director (self, NULL);
  if (self->list != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->list));
  self->list = NULL;
  G_OBJECT_CLASS (relay_scene_list_parent_class)->dispose (object);
}

static void
relay_scene_list_class_init (RelaySceneListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_scene_list_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
relay_scene_list_init (RelaySceneList *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (self->list, empty_scenes ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

GtkWidget *
relay_scene_list_new (void)
{
  return g_object_new (RELAY_TYPE_SCENE_LIST, NULL);
}

/* @director: (nullable): its store's scenes are listed, its program scene marked */
void
relay_scene_list_set_director (RelaySceneList *self, RelayDirector *director)
{
  g_return_if_fail (RELAY_IS_SCENE_LIST (self));

  if (self->director == director)
    return;
  if (self->director != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->director, self);
      g_signal_handlers_disconnect_by_data (
          relay_scene_store_get_scenes (relay_director_get_store (self->director)), self);
    }
  g_set_object (&self->director, director);
  if (director == NULL)
    return;

  g_signal_connect_object (relay_scene_store_get_scenes (relay_director_get_store (director)),
                           "items-changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (director, "notify::program-scene", G_CALLBACK (mark_on_air), self,
                           G_CONNECT_SWAPPED);
  rebuild (self);
}

/* Returns: (transfer none) (nullable): the AdwActionRow of the scene @scene_id */
GtkWidget *
relay_scene_list_find_row (RelaySceneList *self, const char *scene_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (RELAY_IS_SCENE_LIST (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      if (g_strcmp0 (relay_scene_get_id (row_scene (GTK_WIDGET (row))), scene_id) == 0)
        return GTK_WIDGET (row);
    }
  return NULL;
}
