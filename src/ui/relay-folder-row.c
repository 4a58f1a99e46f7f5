/* relay-folder-row.c
 *
 * The folder is shown as its path, the way a file manager's location bar
 * would show it; the button (or the row itself) opens the desktop's folder
 * chooser, through the portal inside a sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-folder-row.h"

struct _RelayFolderRow
{
  AdwActionRow parent_instance;

  char *folder;
  /* while it shows */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RelayFolderRow, relay_folder_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_FOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
close_chooser (RelayFolderRow *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, RelayFolderRow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  /* a folder the chooser cannot give as a path (a network share) is not one
   * a recording can be written to */
  if (file != NULL)
    path = g_file_get_path (file);
  close_chooser (self);
  if (path != NULL)
    relay_folder_row_set_folder (self, path);
}

static void
choose_folder (RelayFolderRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  close_chooser (self);
  self->chooser = gtk_file_chooser_native_new (
      _ ("Choose a Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL && g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
relay_folder_row_dispose (GObject *object)
{
  close_chooser (RELAY_FOLDER_ROW (object));
  G_OBJECT_CLASS (relay_folder_row_parent_class)->dispose (object);
}

static void
relay_folder_row_finalize (GObject *object)
{
  g_free (RELAY_FOLDER_ROW (object)->folder);
  G_OBJECT_CLASS (relay_folder_row_parent_class)->finalize (object);
}

static void
relay_folder_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayFolderRow *self = RELAY_FOLDER_ROW (object);

  switch (prop_id)
    {
      case PROP_FOLDER:
        g_value_set_string (value, self->folder);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_folder_row_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RelayFolderRow *self = RELAY_FOLDER_ROW (object);

  switch (prop_id)
    {
      case PROP_FOLDER:
        relay_folder_row_set_folder (self, g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_folder_row_class_init (RelayFolderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_folder_row_dispose;
  object_class->finalize = relay_folder_row_finalize;
  object_class->get_property = relay_folder_row_get_property;
  object_class->set_property = relay_folder_row_set_property;

  /* An absolute path; NULL: none. */
  properties[PROP_FOLDER] =
      g_param_spec_string ("folder", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_folder_row_init (RelayFolderRow *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("folder-open-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _ ("Choose a Folder"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (choose_folder), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), button);
  /* a path is text, not markup: "Tom & Jerry" shows as it is */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

/* Returns: (nullable): the folder shown */
const char *
relay_folder_row_get_folder (RelayFolderRow *self)
{
  g_return_val_if_fail (RELAY_IS_FOLDER_ROW (self), NULL);
  return self->folder;
}

void
relay_folder_row_set_folder (RelayFolderRow *self, const char *folder)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (RELAY_IS_FOLDER_ROW (self));

  if (g_strcmp0 (self->folder, folder) == 0)
    return;
  g_free (self->folder);
  self->folder = g_strdup (folder);
  shown = folder ? g_filename_display_name (folder) : NULL;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), shown ? shown : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}
