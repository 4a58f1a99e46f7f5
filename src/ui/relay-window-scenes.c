/* relay-window-scenes.c
 *
 * The window's scenes: the list of saved scenes (a click or Ctrl+digit puts
 * one on air through the director; added, renamed, duplicated, removed with
 * Undo), the layers of the scene on air (added from the sources the picker
 * offers, placed as a picture-in-picture; hidden, reordered, removed), and
 * the layer chosen there outlined on the preview to be dragged, its exact
 * values in a popover.
 *
 * The layers listed are those of the scene on air: the preview shows the
 * program, so what is dragged on it is what goes out. With no scene on air
 * the program is its source alone, as it was before scenes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/media/relay-screen-source.h"
#include "core/relay-mask.h"
#include "relay-window-private.h"

/* a new layer's colour when it is a colour: GNOME's blue */
#define NEW_COLOR_LAYER 0xFF3584E4u

typedef struct
{
  RelayScene *scene;
  guint position;
  gboolean on_air;
  AdwToast *toast;
} RelayRemovedScene;

static void
relay_removed_scene_free (gpointer data)
{
  RelayRemovedScene *removed = data;

  g_object_unref (removed->scene);
  g_object_unref (removed->toast);
  g_free (removed);
}

static RelaySceneStore *
store_of (RelayWindow *self)
{
  return relay_director_get_store (self->director);
}

static RelayScene *
program_scene (RelayWindow *self)
{
  return self->director ? relay_director_get_program_scene (self->director) : NULL;
}

static void
put_on_air (RelayWindow *self, RelayScene *scene)
{
  g_autoptr (GError) error = NULL;

  if (!relay_director_activate (self->director, scene ? relay_scene_get_id (scene) : NULL, 0,
                                &error))
    relay_window_show_toast (self, error->message);
}

/* The layer list, the layer actions and the preview's outline follow the
 * scene on air. */
static void
on_program_scene (RelayWindow *self)
{
  RelayScene *scene = program_scene (self);

  relay_layer_list_set_scene (self->layer_list, scene);
  _relay_window_set_action_enabled (self, "add-layer", scene != NULL);
  _relay_window_set_action_enabled (self, "add-layer-file", scene != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_layer_button), scene != NULL);
}

static void
on_layer_selected (RelayWindow *self)
{
  RelayLayer *layer = relay_layer_list_get_selected (self->layer_list);

  relay_layer_editor_set_layer (self->layer_editor, layer);
  relay_layer_properties_set_layer (self->layer_properties, layer);
  gtk_widget_set_sensitive (GTK_WIDGET (self->layer_properties_button), layer != NULL);
}

static void
on_layer_failed (RelaySceneMixer *mixer, const char *layer_id, GError *error, RelayWindow *self)
{
  RelayScene *scene = relay_scene_mixer_get_scene (mixer);
  RelayLayer *layer = scene ? relay_scene_find_layer (scene, layer_id) : NULL;
  g_autofree char *title = layer ? relay_layer_list_describe (layer) : g_strdup (layer_id);
  g_autofree char *message =
      g_strdup_printf (_ ("The layer “%s” cannot be shown: %s"), title, error->message);

  relay_event_log_add_for (self->event_log, RELAY_EVENT_ERROR, NULL, NULL, "%s", message);
  relay_window_show_toast (self, message);
}

/**
 * relay_window_scenes_loaded:
 * @director: puts the saved scenes on the program
 * @problem: (nullable): why the saved scenes could not be loaded
 */
void
relay_window_scenes_loaded (RelayWindow *self, RelayDirector *director, const char *problem)
{
  g_return_if_fail (RELAY_IS_WINDOW (self));
  g_return_if_fail (RELAY_IS_DIRECTOR (director));

  if (self->director == director)
    return;
  g_set_object (&self->director, director);
  relay_scene_list_set_director (self->scene_list, director);
  g_signal_connect_object (director, "notify::program-scene", G_CALLBACK (on_program_scene), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (
      relay_studio_get_scene_mixer (self->studio, relay_studio_get_program (self->studio)),
      "layer-failed", G_CALLBACK (on_layer_failed), self, 0);
  _relay_window_set_action_enabled (self, "add-scene", TRUE);
  on_program_scene (self);
  if (problem != NULL)
    {
      g_autofree char *shown = relay_mask_redact (problem);

      relay_event_log_add_for (self->event_log, RELAY_EVENT_WARNING, NULL, NULL, "%s", shown);
      relay_window_show_toast (self, shown);
    }
}

/* Returns: (transfer none) (nullable): what puts the scenes on air, once loaded */
RelayDirector *
relay_window_get_director (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->director;
}

/* Scenes */

static RelayScene *
scene_for (RelayWindow *self, GVariant *parameter)
{
  return self->director
             ? relay_scene_store_lookup (store_of (self), g_variant_get_string (parameter, NULL))
             : NULL;
}

static void
add_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelaySceneStore *store = store_of (self);
  g_autofree char *id = relay_scene_store_make_id (store, "scene");
  g_autofree char *name = NULL;
  g_autoptr (RelayScene) scene = NULL;
  g_autoptr (GError) error = NULL;

  for (guint n = g_list_model_get_n_items (relay_scene_store_get_scenes (store)) + 1;; n++)
    {
      g_free (name);
      name = g_strdup_printf (_ ("Scene %u"), n);
      if (relay_scene_store_lookup_by_name (store, name) == NULL)
        break;
    }
  scene = relay_scene_new (id, name);
  if (!relay_scene_store_add (store, scene, &error))
    {
      relay_window_show_toast (self, error->message);
      return;
    }
  /* a new scene shows the program's source as before, until layers come */
  put_on_air (self, scene);
}

static void
activate_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayScene *scene = scene_for (self, parameter);

  if (scene != NULL)
    put_on_air (self, scene);
}

/* Ctrl+1 to Ctrl+9: the scene listed at that place */
static void
switch_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  int number = g_variant_get_int32 (parameter);
  g_autoptr (RelayScene) scene = NULL;

  if (self->director == NULL || number < 1)
    return;
  scene = g_list_model_get_item (relay_scene_store_get_scenes (store_of (self)), number - 1);
  if (scene != NULL)
    put_on_air (self, scene);
}

/* Why @name cannot be @scene's, or NULL */
static const char *
why_not_name (RelayWindow *self, RelayScene *scene, const char *name)
{
  RelayScene *other;

  if (*name == '\0')
    return _ ("Enter a name");
  other = relay_scene_store_lookup_by_name (store_of (self), name);
  if (other != NULL && other != scene)
    return _ ("Another scene has this name");
  return NULL;
}

static void
on_name_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  RelayWindow *self = RELAY_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  RelayScene *scene = g_object_get_data (G_OBJECT (dialog), "scene");
  const char *why_not = why_not_name (self, scene, gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "rename", why_not == NULL);
  adw_message_dialog_set_body (dialog, why_not ? why_not : "");
}

static void
on_rename_response (AdwMessageDialog *dialog, const char *response, RelayWindow *self)
{
  RelayScene *scene = g_object_get_data (G_OBJECT (dialog), "scene");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *name = gtk_editable_get_text (entry);

  if (g_strcmp0 (response, "rename") == 0 && why_not_name (self, scene, name) == NULL)
    relay_scene_set_name (scene, name);
}

static void
rename_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayScene *scene = scene_for (self, parameter);
  GtkWidget *dialog, *entry;

  if (scene == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Rename Scene"), NULL);
  entry = gtk_entry_new ();
  g_object_set_data_full (G_OBJECT (dialog), "scene", g_object_ref (scene), g_object_unref);
  gtk_editable_set_text (GTK_EDITABLE (entry), relay_scene_get_name (scene));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "rename",
                                    _ ("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_rename_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicate_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayScene *scene = scene_for (self, parameter);
  RelaySceneStore *store;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr (RelayScene) copy = NULL;
  g_autoptr (GError) error = NULL;

  if (scene == NULL)
    return;
  store = store_of (self);
  id = relay_scene_store_make_id (store, "scene");
  name = g_strdup_printf (_ ("%s (copy)"), relay_scene_get_name (scene));
  for (guint n = 2; relay_scene_store_lookup_by_name (store, name) != NULL; n++)
    {
      g_free (name);
      name = g_strdup_printf (_ ("%s (copy %u)"), relay_scene_get_name (scene), n);
    }
  copy = relay_scene_duplicate (scene, id, name);
  if (!relay_scene_store_add (store, copy, &error))
    relay_window_show_toast (self, error->message);
}

static void
on_removed_scene_dismissed (AdwToast *toast, RelayWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "scene-id");
  RelayRemovedScene *removed;

  if (self->removed_scenes == NULL)
    return;
  removed = g_hash_table_lookup (self->removed_scenes, id);
  if (removed != NULL && removed->toast == toast)
    g_hash_table_remove (self->removed_scenes, id);
}

static void
remove_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayScene *scene = scene_for (self, parameter);
  GListModel *scenes;
  RelayRemovedScene *removed;
  g_autofree char *title = NULL;
  g_autoptr (GError) error = NULL;
  const char *id;

  if (scene == NULL)
    return;
  id = relay_scene_get_id (scene);
  scenes = relay_scene_store_get_scenes (store_of (self));
  removed = g_new0 (RelayRemovedScene, 1);
  removed->scene = g_object_ref (scene);
  removed->on_air = scene == program_scene (self);
  g_list_store_find (G_LIST_STORE (scenes), scene, &removed->position);
  if (!relay_scene_store_remove (store_of (self), id, &error))
    {
      relay_removed_scene_free (removed);
      relay_window_show_toast (self, error->message);
      return;
    }

  title = g_strdup_printf (_ ("“%s” removed"), relay_scene_get_name (scene));
  removed->toast = g_object_ref_sink (adw_toast_new (title));
  adw_toast_set_button_label (removed->toast, _ ("_Undo"));
  adw_toast_set_action_name (removed->toast, "win.undo-remove-scene");
  adw_toast_set_action_target_value (removed->toast, g_variant_new_string (id));
  g_object_set_data_full (G_OBJECT (removed->toast), "scene-id", g_strdup (id), g_free);
  g_signal_connect_object (removed->toast, "dismissed", G_CALLBACK (on_removed_scene_dismissed),
                           self, 0);
  g_hash_table_replace (self->removed_scenes, g_strdup (id), removed);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (removed->toast));
}

/* Back where it was, and on air again if it was. */
static void
undo_remove_scene_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  RelayRemovedScene *removed = g_hash_table_lookup (self->removed_scenes, id);
  g_autoptr (GError) error = NULL;

  /* the toast dismisses itself (see undo_remove_action) */
  if (removed == NULL)
    return;
  if (!relay_scene_store_insert (store_of (self), removed->scene, removed->position, &error))
    {
      relay_window_show_toast (self, error->message);
      return;
    }
  if (removed->on_air)
    put_on_air (self, removed->scene);
  g_hash_table_remove (self->removed_scenes, id);
}

/* Layers */

static RelayLayer *
layer_for (RelayWindow *self, GVariant *parameter)
{
  RelayScene *scene = program_scene (self);

  return scene ? relay_scene_find_layer (scene, g_variant_get_string (parameter, NULL)) : NULL;
}

/* A new layer is a picture-in-picture: a quarter of the canvas, in its
 * bottom-right corner, over the others; chosen, so it can be dragged at once. */
static void
add_layer (RelayWindow *self, const char *spec)
{
  RelayScene *scene = program_scene (self);
  const RelayProgramFormat *format =
      relay_stream_get_format (relay_studio_get_program (self->studio));
  RelayRect rect = { (int) format->width / 2, (int) format->height / 2, (int) format->width / 2,
                     (int) format->height / 2 };
  g_autoptr (RelayLayer) layer = NULL;

  if (scene == NULL)
    return;
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_TEXT))
    /* a lower third */
    rect = (RelayRect){ (int) format->width / 16, (int) format->height * 3 / 4,
                        (int) format->width * 7 / 8, (int) format->height / 8 };
  else if (g_str_equal (spec, RELAY_LAYER_SOURCE_CLOCK))
    rect = (RelayRect){ (int) format->width * 3 / 4, (int) format->height / 32,
                        (int) format->width / 5, (int) format->height / 12 };
  layer = relay_layer_new (spec, &rect);
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_COLOR))
    relay_layer_set_color (layer, NEW_COLOR_LAYER);
  /* words and pictures keep their shape */
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_TEXT) || g_str_equal (spec, RELAY_LAYER_SOURCE_CLOCK)
      || g_str_has_prefix (spec, RELAY_LAYER_SOURCE_IMAGE))
    relay_layer_set_fit (layer, RELAY_LAYER_FIT_CONTAIN);
  if (g_str_equal (spec, RELAY_LAYER_SOURCE_TEXT))
    relay_layer_set_text (layer, _ ("Title"));
  relay_scene_add_layer (scene, layer);
  relay_layer_list_select (self->layer_list, relay_layer_get_id (layer));
}

static void
add_layer_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  add_layer (RELAY_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
on_layer_file_chosen (GtkNativeDialog *dialog, int response, RelayWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *uri = g_file_get_uri (file);

      add_layer (self, uri);
    }
  g_object_unref (dialog);
}

static void
on_layer_image_chosen (GtkNativeDialog *dialog, int response, RelayWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *spec = g_strconcat (RELAY_LAYER_SOURCE_IMAGE, uri, NULL);

      add_layer (self, spec);
    }
  g_object_unref (dialog);
}

static void
add_layer_image_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new (_ ("Choose an Image"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_layer_image_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
add_layer_file_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new (_ ("Choose a Video File"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Video files"));
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_layer_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_layer_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayLayer *layer = layer_for (self, parameter);

  if (layer != NULL)
    relay_scene_remove_layer (program_scene (self), relay_layer_get_id (layer));
}

/* One step up (@step 1, towards the front) or down (-1) */
static void
move_layer (RelayWindow *self, GVariant *parameter, int step)
{
  RelayScene *scene = program_scene (self);
  RelayLayer *layer = layer_for (self, parameter);
  guint position;
  guint n;

  if (layer == NULL)
    return;
  n = g_list_model_get_n_items (relay_scene_get_layers (scene));
  g_list_store_find (G_LIST_STORE (relay_scene_get_layers (scene)), layer, &position);
  if ((step < 0 && position == 0) || (step > 0 && position + 1 >= n))
    return;
  relay_scene_move_layer (scene, relay_layer_get_id (layer), position + step);
}

static void
raise_layer_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  move_layer (RELAY_WINDOW (user_data), parameter, 1);
}

static void
lower_layer_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  move_layer (RELAY_WINDOW (user_data), parameter, -1);
}

/* The sources the picker offers that a layer can name, and a colour; made
 * each time the menu opens, so it lists the streams published now. */
static void
fill_layer_menu (GtkMenuButton *button, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  GListModel *items = relay_source_picker_get_items (self->source_picker);
  g_autoptr (GMenu) menu = g_menu_new ();
  gboolean camera_listed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);
      g_autofree char *spec = NULL;
      g_autoptr (GMenuItem) entry = NULL;

      switch (relay_source_item_get_kind (item))
        {
          case RELAY_SOURCE_KIND_TEST:
            spec = g_strdup ("test");
            break;
          case RELAY_SOURCE_KIND_CAMERA:
            /* a layer names the camera, not one of several */
            if (camera_listed)
              continue;
            camera_listed = TRUE;
            spec = g_strdup ("camera");
            break;
          case RELAY_SOURCE_KIND_STREAM:
            spec = g_strconcat ("stream:", relay_source_item_get_title (item), NULL);
            break;
          case RELAY_SOURCE_KIND_SCREEN:
            spec = g_strdup (RELAY_SCREEN_SOURCE_SPEC);
            break;
          case RELAY_SOURCE_KIND_WINDOW:
            spec = g_strconcat (RELAY_SCREEN_SOURCE_SPEC ":", relay_source_item_get_title (item),
                                NULL);
            break;
          case RELAY_SOURCE_KIND_FILE:
            g_menu_append (menu, relay_source_item_get_title (item), "win.add-layer-file");
            continue;
          case RELAY_SOURCE_KIND_URL:
          default:
            continue;
        }
      entry = g_menu_item_new (
          spec && g_str_equal (spec, "camera") ? _ ("Camera") : relay_source_item_get_title (item),
          NULL);
      g_menu_item_set_action_and_target_value (entry, "win.add-layer", g_variant_new_string (spec));
      g_menu_append_item (menu, entry);
      if (g_str_equal (spec, "test"))
        {
          /* what a scene draws itself, beside what the picker offers */
          const struct
          {
            const char *label;
            const char *spec;
          } drawn[] = { { N_ ("Color"), RELAY_LAYER_SOURCE_COLOR },
                        { N_ ("Text"), RELAY_LAYER_SOURCE_TEXT },
                        { N_ ("Clock"), RELAY_LAYER_SOURCE_CLOCK } };

          for (guint j = 0; j < G_N_ELEMENTS (drawn); j++)
            {
              g_autoptr (GMenuItem) drawn_item = g_menu_item_new (_ (drawn[j].label), NULL);

              g_menu_item_set_action_and_target_value (drawn_item, "win.add-layer",
                                                       g_variant_new_string (drawn[j].spec));
              g_menu_append_item (menu, drawn_item);
            }
          g_menu_append (menu, _ ("Image…"), "win.add-layer-image");
        }
    }
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static const GActionEntry scene_actions[] = {
  { "add-scene", add_scene_action, NULL, NULL, NULL, { 0 } },
  { "activate-scene", activate_scene_action, "s", NULL, NULL, { 0 } },
  { "switch-scene", switch_scene_action, "i", NULL, NULL, { 0 } },
  { "rename-scene", rename_scene_action, "s", NULL, NULL, { 0 } },
  { "duplicate-scene", duplicate_scene_action, "s", NULL, NULL, { 0 } },
  { "remove-scene", remove_scene_action, "s", NULL, NULL, { 0 } },
  { "undo-remove-scene", undo_remove_scene_action, "s", NULL, NULL, { 0 } },
  { "add-layer", add_layer_action, "s", NULL, NULL, { 0 } },
  { "add-layer-file", add_layer_file_action, NULL, NULL, NULL, { 0 } },
  { "add-layer-image", add_layer_image_action, NULL, NULL, NULL, { 0 } },
  { "remove-layer", remove_layer_action, "s", NULL, NULL, { 0 } },
  { "raise-layer", raise_layer_action, "s", NULL, NULL, { 0 } },
  { "lower-layer", lower_layer_action, "s", NULL, NULL, { 0 } },
};

/* Until the saved scenes are loaded, there is nothing to act on. */
void
_relay_window_add_scene_actions (RelayWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), scene_actions, G_N_ELEMENTS (scene_actions),
                                   self);
  _relay_window_set_action_enabled (self, "add-scene", FALSE);
  _relay_window_set_action_enabled (self, "add-layer", FALSE);
  _relay_window_set_action_enabled (self, "add-layer-file", FALSE);
  self->removed_scenes =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, relay_removed_scene_free);
  relay_layer_editor_set_preview (self->layer_editor, self->preview);
  g_signal_connect_object (self->layer_list, "notify::selected-layer",
                           G_CALLBACK (on_layer_selected), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_create_popup_func (self->add_layer_button, fill_layer_menu, self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_layer_button), FALSE);
}
