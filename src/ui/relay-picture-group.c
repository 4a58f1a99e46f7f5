/* relay-picture-group.c
 *
 * The destination dialog's picture settings: a size among the platforms'
 * (landscape, vertical, square) or a custom one, the scene the destination
 * shows (the program, or a saved scene composed at that size), and, when the
 * program is cut to another shape, where the cut is centred across and down.
 * The rows that do not apply are hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-picture-group.h"

typedef struct
{
  guint width;
  guint height;
  const char *label;
} SizeChoice;

/* the last is "Custom": its size is the spin buttons' */
static const SizeChoice sizes[] = {
  { 0, 0, N_ ("Same as Program") },
  { 1280, 720, N_ ("Landscape 1280×720") },
  { 1920, 1080, N_ ("Landscape 1920×1080") },
  { 720, 1280, N_ ("Vertical 720×1280") },
  { 1080, 1920, N_ ("Vertical 1080×1920") },
  { 1080, 1080, N_ ("Square 1080×1080") },
  { 0, 0, N_ ("Custom") },
};

#define CUSTOM (G_N_ELEMENTS (sizes) - 1)

struct _RelayPictureGroup
{
  AdwPreferencesGroup parent_instance;

  AdwComboRow *size_row;
  AdwActionRow *custom_row;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  AdwComboRow *scene_row;
  AdwActionRow *crop_x_row;
  AdwActionRow *crop_y_row;
  GtkScale *crop_x_scale;
  GtkScale *crop_y_scale;

  /* the ids of the scenes the scene row offers after "Program" */
  GPtrArray *scene_ids;
};

G_DEFINE_FINAL_TYPE (RelayPictureGroup, relay_picture_group, ADW_TYPE_PREFERENCES_GROUP)

static void
update_rows (RelayPictureGroup *self)
{
  guint size = adw_combo_row_get_selected (self->size_row);
  gboolean own_scene = adw_combo_row_get_selected (self->scene_row) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_row), size == CUSTOM);
  /* a scene is composed at the size; only the program is cut */
  gtk_widget_set_visible (GTK_WIDGET (self->crop_x_row), size != 0 && !own_scene);
  gtk_widget_set_visible (GTK_WIDGET (self->crop_y_row), size != 0 && !own_scene);
}

static GtkSpinButton *
size_spin (const char *name)
{
  /* even sizes only: H.264 halves the picture for colour */
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (16, 4096, 2));

  gtk_spin_button_set_snap_to_ticks (spin, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return spin;
}

static AdwActionRow *
crop_row (RelayPictureGroup *self, const char *title, GtkScale **scale)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  *scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.0, 1.0, 0.01));
  gtk_range_set_value (GTK_RANGE (*scale), 0.5);
  gtk_scale_add_mark (*scale, 0.5, GTK_POS_BOTTOM, NULL);
  gtk_widget_set_hexpand (GTK_WIDGET (*scale), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (*scale), 160, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (row, GTK_WIDGET (*scale));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  return row;
}

static void
relay_picture_group_dispose (GObject *object)
{
  RelayPictureGroup *self = RELAY_PICTURE_GROUP (object);

  /* the rows go with the group: none is shown or hidden any more */
  if (self->scene_ids != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->size_row, self);
      g_signal_handlers_disconnect_by_data (self->scene_row, self);
    }
  g_clear_pointer (&self->scene_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (relay_picture_group_parent_class)->dispose (object);
}

static void
relay_picture_group_class_init (RelayPictureGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = relay_picture_group_dispose;
}

static void
relay_picture_group_init (RelayPictureGroup *self)
{
  g_autoptr (GtkStringList) size_names = gtk_string_list_new (NULL);
  GtkWidget *times = gtk_label_new ("×");

  self->scene_ids = g_ptr_array_new_with_free_func (g_free);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _ ("Picture"));

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    gtk_string_list_append (size_names, _ (sizes[i].label));
  self->size_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->size_row), _ ("Size"));
  adw_combo_row_set_model (self->size_row, G_LIST_MODEL (size_names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->size_row));

  self->custom_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->custom_row), _ ("Custom Size"));
  self->width_spin = size_spin (_ ("Width"));
  self->height_spin = size_spin (_ ("Height"));
  gtk_spin_button_set_value (self->width_spin, 720);
  gtk_spin_button_set_value (self->height_spin, 1280);
  adw_action_row_add_suffix (self->custom_row, GTK_WIDGET (self->width_spin));
  adw_action_row_add_suffix (self->custom_row, times);
  adw_action_row_add_suffix (self->custom_row, GTK_WIDGET (self->height_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->custom_row));

  self->scene_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scene_row), _ ("Scene"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->scene_row));
  relay_picture_group_set_scenes (self, NULL);

  self->crop_x_row = crop_row (self, _ ("Crop Center Across"), &self->crop_x_scale);
  self->crop_y_row = crop_row (self, _ ("Crop Center Down"), &self->crop_y_scale);

  g_signal_connect_swapped (self->size_row, "notify::selected", G_CALLBACK (update_rows), self);
  g_signal_connect_swapped (self->scene_row, "notify::selected", G_CALLBACK (update_rows), self);
  update_rows (self);
}

/**
 * relay_picture_group_set_scenes:
 * @scenes: (nullable) (element-type RelayScene): the saved scenes offered
 *   after the program
 */
void
relay_picture_group_set_scenes (RelayPictureGroup *self, GListModel *scenes)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint n = scenes ? g_list_model_get_n_items (scenes) : 0;

  g_return_if_fail (RELAY_IS_PICTURE_GROUP (self));

  g_ptr_array_set_size (self->scene_ids, 0);
  gtk_string_list_append (names, _ ("Program"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (scenes, i);

      gtk_string_list_append (names, relay_scene_get_name (scene));
      g_ptr_array_add (self->scene_ids, g_strdup (relay_scene_get_id (scene)));
    }
  adw_combo_row_set_model (self->scene_row, G_LIST_MODEL (names));
}

/* 0 x 0: the program's size; one of the platforms' or a custom one. */
void
relay_picture_group_set_size (RelayPictureGroup *self, guint width, guint height)
{
  guint choice = CUSTOM;

  g_return_if_fail (RELAY_IS_PICTURE_GROUP (self));

  for (guint i = 0; i < CUSTOM; i++)
    {
      if (sizes[i].width == width && sizes[i].height == height)
        choice = i;
    }
  if (choice == CUSTOM)
    {
      gtk_spin_button_set_value (self->width_spin, width);
      gtk_spin_button_set_value (self->height_spin, height);
    }
  adw_combo_row_set_selected (self->size_row, choice);
}

/* The size chosen; 0 x 0: the program's. */
void
relay_picture_group_get_size (RelayPictureGroup *self, guint *width, guint *height)
{
  guint choice = adw_combo_row_get_selected (self->size_row);

  g_return_if_fail (RELAY_IS_PICTURE_GROUP (self));

  *width = sizes[MIN (choice, CUSTOM)].width;
  *height = sizes[MIN (choice, CUSTOM)].height;
  if (choice >= CUSTOM)
    {
      *width = (guint) gtk_spin_button_get_value_as_int (self->width_spin);
      *height = (guint) gtk_spin_button_get_value_as_int (self->height_spin);
    }
}

/* Shows what @destination has saved. */
void
relay_picture_group_load (RelayPictureGroup *self, RelayDestination *destination)
{
  const char *scene = relay_destination_get_scene (destination);
  guint width, height, index = 0;
  double center_x, center_y;

  g_return_if_fail (RELAY_IS_PICTURE_GROUP (self));

  g_object_get (destination, "video-width", &width, "video-height", &height, "crop-center-x",
                &center_x, "crop-center-y", &center_y, NULL);
  relay_picture_group_set_size (self, width, height);
  gtk_range_set_value (GTK_RANGE (self->crop_x_scale), center_x);
  gtk_range_set_value (GTK_RANGE (self->crop_y_scale), center_y);
  /* a scene since removed shows as the program, which it falls back to when saved */
  if (scene != NULL
      && g_ptr_array_find_with_equal_func (self->scene_ids, scene, g_str_equal, &index))
    index++;
  adw_combo_row_set_selected (self->scene_row, index);
}

/* Gives @destination what is chosen. */
void
relay_picture_group_apply (RelayPictureGroup *self, RelayDestination *destination)
{
  guint scene = adw_combo_row_get_selected (self->scene_row);
  guint width, height;

  g_return_if_fail (RELAY_IS_PICTURE_GROUP (self));

  relay_picture_group_get_size (self, &width, &height);
  g_object_set (destination, "video-width", width, "video-height", height, "crop-center-x",
                gtk_range_get_value (GTK_RANGE (self->crop_x_scale)), "crop-center-y",
                gtk_range_get_value (GTK_RANGE (self->crop_y_scale)), "scene",
                scene > 0 && scene <= self->scene_ids->len
                    ? (const char *) g_ptr_array_index (self->scene_ids, scene - 1)
                    : NULL,
                NULL);
}
