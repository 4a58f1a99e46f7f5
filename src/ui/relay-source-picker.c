/* relay-source-picker.c
 *
 * The list is rebuilt whenever a camera comes or goes or a stream is
 * published or ends, and each time it opens (for the X11 windows), so it
 * always shows what can be picked right now. Picking emits "source-chosen"
 * with a new RelaySource; the window decides what to do with it and calls
 * relay_source_picker_show_source() once it is on air.
 *
 * The camera and the microphone chosen are kept as devices, not positions, so
 * that they stay chosen while others come and go before them in the lists.
 *
 * A file on air has a Loop switch beside it; the next file chosen loops as
 * the last one did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "core/media/relay-camera-source.h"
#include "core/media/relay-stream-source.h"
#include "core/media/relay-uri-source.h"
#include "core/media/relay-source-factory.h"
#include "core/media/relay-x11-window.h"
#include "relay-device-monitor.h"
#include "relay-source-item.h"
#include "relay-source-picker.h"

struct _RelaySourcePicker
{
  GtkWidget parent_instance;

  GtkMenuButton *source_button;
  GtkImage *source_icon;
  GtkLabel *source_label;
  GtkPopover *source_popover;
  GtkListBox *source_list;
  GtkDropDown *microphone_dropdown;
  GtkToggleButton *loop_button;

  RelayStudio *studio;
  RelayDeviceMonitor *devices;
  GListStore *items;
  GtkStringList *microphone_names;
  /* the camera on air, whose microphone the drop-down changes */
  RelaySourceItem *camera_item;
  /* NULL for the default microphone */
  GstDevice *microphone;
  /* the source on air, marked in the list */
  RelaySource *current;
  /* whether files chosen loop */
  gboolean loop;
};

G_DEFINE_FINAL_TYPE (RelaySourcePicker, relay_source_picker, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SOURCE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The camera on air as listed now: gone if it was unplugged. */
static void
refresh_camera_item (RelaySourcePicker *self)
{
  GstDevice *camera = self->camera_item ? relay_source_item_get_camera (self->camera_item) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  if (camera == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      GstDevice *listed = relay_source_item_get_camera (item);

      if (listed != NULL && relay_device_monitor_is_same_device (listed, camera))
        {
          g_set_object (&self->camera_item, item);
          return;
        }
    }
  g_clear_object (&self->camera_item);
}

static void
rebuild_items (RelaySourcePicker *self)
{
  GListModel *cameras = relay_device_monitor_get_cameras (self->devices);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (items, relay_source_item_new (RELAY_SOURCE_KIND_TEST, _ ("Test Pattern"),
                                                 "video-display-symbolic"));
  /* ximagesrc sees only X11 windows: on Wayland (XWayland too) the portal
   * will have to ask */
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_auto (GStrv) windows =
          relay_x11_list_windows (gdk_display_get_name (gdk_display_get_default ()));

      g_ptr_array_add (items, relay_source_item_new (RELAY_SOURCE_KIND_SCREEN, _ ("Screen"),
                                                     "screen-shared-symbolic"));
      for (guint i = 0; windows[i] != NULL; i++)
        g_ptr_array_add (items, relay_source_item_new_for_window (windows[i]));
    }
#endif
  for (guint i = 0; i < g_list_model_get_n_items (cameras); i++)
    {
      g_autoptr (GstDevice) camera = g_list_model_get_item (cameras, i);

      g_ptr_array_add (items, relay_source_item_new_for_camera (camera));
    }

  if (self->studio != NULL)
    {
      GListModel *streams = relay_studio_get_streams (self->studio);
      RelayStream *program = relay_studio_get_program (self->studio);

      for (guint i = 0; i < g_list_model_get_n_items (streams); i++)
        {
          g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);

          if (stream != program)
            g_ptr_array_add (items, relay_source_item_new_for_stream (stream));
        }
    }

  g_ptr_array_add (items, relay_source_item_new (RELAY_SOURCE_KIND_FILE, _ ("Video File…"),
                                                 "video-x-generic-symbolic"));
  g_ptr_array_add (items, relay_source_item_new (RELAY_SOURCE_KIND_URL, _ ("Network Stream…"),
                                                 "insert-link-symbolic"));

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  refresh_camera_item (self);
}

static void on_microphone_selected (RelaySourcePicker *self);

static void
rebuild_microphones (RelaySourcePicker *self)
{
  GListModel *microphones = relay_device_monitor_get_microphones (self->devices);
  guint n = g_list_model_get_n_items (microphones);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GstDevice) chosen = NULL;
  guint position = 0;

  g_ptr_array_add (names, g_strdup (_ ("Default Microphone")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GstDevice) microphone = g_list_model_get_item (microphones, i);

      g_ptr_array_add (names, gst_device_get_display_name (microphone));
    }
  g_ptr_array_add (names, NULL);

  /* an unplugged microphone leaves the default chosen */
  if (self->microphone != NULL)
    chosen = relay_device_monitor_find (microphones, self->microphone, &position);
  gst_object_replace ((GstObject **) &self->microphone, GST_OBJECT (chosen));

  /* Only a choice of the user's picks the camera's sound again. */
  g_signal_handlers_block_by_func (self->microphone_dropdown, on_microphone_selected, self);
  gtk_string_list_splice (self->microphone_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->microphone_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->microphone_dropdown, chosen != NULL ? position + 1 : 0);
  g_signal_handlers_unblock_by_func (self->microphone_dropdown, on_microphone_selected, self);
}

static void
emit_source (RelaySourcePicker *self, RelaySource *source)
{
  g_signal_emit (self, signals[SIGNAL_SOURCE_CHOSEN], 0, source);
}

static void
on_file_chosen (GtkNativeDialog *dialog, int response, RelaySourcePicker *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr (RelaySource) source = relay_source_new_for_spec (uri, NULL);

      if (RELAY_IS_URI_SOURCE (source))
        relay_uri_source_set_loop (RELAY_URI_SOURCE (source), self->loop);
      if (source != NULL)
        emit_source (self, source);
    }
  g_object_unref (dialog);
}

static void
choose_file (RelaySourcePicker *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new (_ ("Choose a Video File"), GTK_WINDOW (root),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Video files"));
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_url_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (entry);
  g_autofree char *scheme = g_uri_parse_scheme (text);
  g_autoptr (RelaySource) source = scheme ? relay_source_new_for_spec (text, &error) : NULL;

  adw_message_dialog_set_response_enabled (dialog, "open", source != NULL);
  if (source != NULL || *text == '\0')
    adw_message_dialog_set_body (dialog, _ ("An rtsp://, rtmp://, srt:// or http(s):// address"));
  else
    adw_message_dialog_set_body (dialog, error ? error->message : _ ("Enter a full address"));
}

static void
on_url_response (AdwMessageDialog *dialog, const char *response, RelaySourcePicker *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr (RelaySource) source = NULL;

  if (g_strcmp0 (response, "open") != 0)
    return;
  source = relay_source_new_for_spec (gtk_editable_get_text (entry), NULL);
  if (source != NULL)
    emit_source (self, source);
}

static void
choose_url (RelaySourcePicker *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _ ("Open a Network Stream"), NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "open",
                                    _ ("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_url_changed), dialog);
  on_url_changed (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (on_url_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choose_item (RelaySourcePicker *self, RelaySourceItem *item)
{
  g_autoptr (RelaySource) source = NULL;

  gtk_popover_popdown (self->source_popover);

  switch (relay_source_item_get_kind (item))
    {
      case RELAY_SOURCE_KIND_FILE:
        choose_file (self);
        return;
      case RELAY_SOURCE_KIND_URL:
        choose_url (self);
        return;
      case RELAY_SOURCE_KIND_CAMERA:
        g_set_object (&self->camera_item, item);
        break;
      case RELAY_SOURCE_KIND_TEST:
      case RELAY_SOURCE_KIND_STREAM:
      case RELAY_SOURCE_KIND_SCREEN:
      case RELAY_SOURCE_KIND_WINDOW:
      default:
        g_clear_object (&self->camera_item);
        break;
    }

  source = relay_source_item_create_source (item, self->microphone);
  emit_source (self, source);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, RelaySourcePicker *self)
{
  g_autoptr (RelaySourceItem) item =
      g_list_model_get_item (G_LIST_MODEL (self->items), gtk_list_box_row_get_index (row));

  choose_item (self, item);
}

static void
on_microphone_selected (RelaySourcePicker *self)
{
  guint selected = gtk_drop_down_get_selected (self->microphone_dropdown);
  g_autoptr (GstDevice) microphone = NULL;

  if (selected != 0 && selected != GTK_INVALID_LIST_POSITION)
    microphone =
        g_list_model_get_item (relay_device_monitor_get_microphones (self->devices), selected - 1);
  gst_object_replace ((GstObject **) &self->microphone, GST_OBJECT (microphone));

  if (self->camera_item != NULL)
    choose_item (self, self->camera_item);
}

static RelayUriSource *
current_file (RelaySourcePicker *self)
{
  if (!RELAY_IS_URI_SOURCE (self->current)
      || !relay_uri_source_is_file (RELAY_URI_SOURCE (self->current)))
    return NULL;
  return RELAY_URI_SOURCE (self->current);
}

static void
on_loop_toggled (RelaySourcePicker *self)
{
  RelayUriSource *file = current_file (self);

  self->loop = gtk_toggle_button_get_active (self->loop_button);
  if (file != NULL)
    relay_uri_source_set_loop (file, self->loop);
}

/* The switch shows the file's loop, whoever changed it. */
static void
show_loop (RelaySourcePicker *self)
{
  RelayUriSource *file = current_file (self);

  gtk_widget_set_visible (GTK_WIDGET (self->loop_button), file != NULL);
  if (file != NULL)
    gtk_toggle_button_set_active (self->loop_button, relay_uri_source_get_loop (file));
}

static void
setup_microphone_label (GtkSignalListItemFactory *factory, GtkListItem *list_item,
                        gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_microphone_label (GtkSignalListItemFactory *factory, GtkListItem *list_item,
                       gpointer user_data)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

/* A long microphone name shortens on the drop-down's button, so the source's
 * row (with the sound's buttons) still fits a phone; its list, the drop-down's
 * own, shows names whole and marks the chosen one. */
static void
ellipsize_microphone_names (GtkDropDown *dropdown)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_microphone_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_microphone_label), NULL);
  gtk_drop_down_set_list_factory (dropdown, gtk_drop_down_get_factory (dropdown));
  gtk_drop_down_set_factory (dropdown, factory);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  RelaySourcePicker *self = user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (relay_source_item_get_title (item));

  gtk_widget_add_css_class (box, "source-row");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  GtkWidget *current = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_box_append (GTK_BOX (box),
                  gtk_image_new_from_icon_name (relay_source_item_get_icon_name (item)));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  /* the last child: marks the source on air (see mark_current) */
  gtk_widget_set_visible (current, relay_source_item_is_for (item, self->current));
  gtk_accessible_update_property (GTK_ACCESSIBLE (current), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("On air"), -1);
  gtk_box_append (GTK_BOX (box), current);
  return box;
}

/* Each row's mark follows the source on air. */
static void
mark_current (RelaySourcePicker *self)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->source_list, (int) i)); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      GtkWidget *box = gtk_list_box_row_get_child (row);

      gtk_widget_set_visible (gtk_widget_get_last_child (box),
                              relay_source_item_is_for (item, self->current));
    }
}

static const char *
group_title (RelaySourceKind kind)
{
  switch (kind)
    {
      case RELAY_SOURCE_KIND_CAMERA:
        return _ ("Cameras");
      case RELAY_SOURCE_KIND_STREAM:
        return _ ("Published to Relaycast");
      case RELAY_SOURCE_KIND_WINDOW:
        return _ ("Windows");
      case RELAY_SOURCE_KIND_TEST:
      case RELAY_SOURCE_KIND_SCREEN:
      case RELAY_SOURCE_KIND_FILE:
      case RELAY_SOURCE_KIND_URL:
      default:
        return NULL;
    }
}

static void
update_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  RelaySourcePicker *self = user_data;
  g_autoptr (RelaySourceItem) item =
      g_list_model_get_item (G_LIST_MODEL (self->items), gtk_list_box_row_get_index (row));
  g_autoptr (RelaySourceItem) previous =
      before
          ? g_list_model_get_item (G_LIST_MODEL (self->items), gtk_list_box_row_get_index (before))
          : NULL;
  RelaySourceKind kind = relay_source_item_get_kind (item);
  const char *title = group_title (kind);
  GtkWidget *header = NULL;

  if (previous != NULL && relay_source_item_get_kind (previous) == kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (title != NULL)
    {
      header = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "source-group");
    }
  else if (previous != NULL && kind == RELAY_SOURCE_KIND_FILE)
    {
      header = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
    }
  gtk_list_box_row_set_header (row, header);
}

static void
relay_source_picker_dispose (GObject *object)
{
  RelaySourcePicker *self = RELAY_SOURCE_PICKER (object);

  relay_source_picker_set_studio (self, NULL);
  if (self->current != NULL)
    g_signal_handlers_disconnect_by_func (self->current, show_loop, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_SOURCE_PICKER);
  g_clear_object (&self->devices);
  g_clear_object (&self->items);
  g_clear_object (&self->microphone_names);
  g_clear_object (&self->current);
  g_clear_object (&self->camera_item);
  gst_clear_object (&self->microphone);
  G_OBJECT_CLASS (relay_source_picker_parent_class)->dispose (object);
}

static void
relay_source_picker_class_init (RelaySourcePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_source_picker_dispose;

  /**
   * RelaySourcePicker::source-chosen:
   * @source: the new source, not yet on air
   */
  signals[SIGNAL_SOURCE_CHOSEN] =
      g_signal_new ("source-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, RELAY_TYPE_SOURCE);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-source-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, source_button);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, source_icon);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, source_label);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, source_popover);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, source_list);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, microphone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RelaySourcePicker, loop_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_microphone_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_loop_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sourcepicker");
}

static void
relay_source_picker_init (RelaySourcePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (
      GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
      GTK_ORIENTATION_HORIZONTAL);

  self->devices = relay_device_monitor_new ();
  self->items = g_list_store_new (RELAY_TYPE_SOURCE_ITEM);
  self->microphone_names = gtk_string_list_new (NULL);

  gtk_list_box_bind_model (self->source_list, G_LIST_MODEL (self->items), create_row, self, NULL);
  gtk_list_box_set_header_func (self->source_list, update_header, self, NULL);
  gtk_drop_down_set_model (self->microphone_dropdown, G_LIST_MODEL (self->microphone_names));
  ellipsize_microphone_names (self->microphone_dropdown);

  g_signal_connect_object (relay_device_monitor_get_cameras (self->devices), "items-changed",
                           G_CALLBACK (rebuild_items), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (relay_device_monitor_get_microphones (self->devices), "items-changed",
                           G_CALLBACK (rebuild_microphones), self, G_CONNECT_SWAPPED);
  /* windows come and go unannounced: listed afresh each time the list opens */
  g_signal_connect_object (self->source_popover, "show", G_CALLBACK (rebuild_items), self,
                           G_CONNECT_SWAPPED);
  rebuild_items (self);
  rebuild_microphones (self);
}

GtkWidget *
relay_source_picker_new (void)
{
  return g_object_new (RELAY_TYPE_SOURCE_PICKER, NULL);
}

/* The published streams it offers are @studio's, besides the program. */
void
relay_source_picker_set_studio (RelaySourcePicker *self, RelayStudio *studio)
{
  g_return_if_fail (RELAY_IS_SOURCE_PICKER (self));

  if (self->studio == studio)
    return;

  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_func (relay_studio_get_streams (self->studio), rebuild_items,
                                          self);
  g_set_object (&self->studio, studio);
  if (studio != NULL)
    {
      g_signal_connect_object (relay_studio_get_streams (studio), "items-changed",
                               G_CALLBACK (rebuild_items), self, G_CONNECT_SWAPPED);
      rebuild_items (self);
    }
}

static const char *
icon_for_source (RelaySource *source)
{
  if (RELAY_IS_CAMERA_SOURCE (source))
    return "camera-web-symbolic";
  if (RELAY_IS_STREAM_SOURCE (source))
    return "network-receive-symbolic";
  if (RELAY_IS_URI_SOURCE (source))
    return "video-x-generic-symbolic";
  return "video-display-symbolic";
}

/**
 * relay_source_picker_show_source:
 * @source: (nullable): the source on air, if any
 *
 * The microphone choice is for cameras only, the loop switch for files.
 */
void
relay_source_picker_show_source (RelaySourcePicker *self, RelaySource *source)
{
  gboolean camera;

  g_return_if_fail (RELAY_IS_SOURCE_PICKER (self));
  g_return_if_fail (source == NULL || RELAY_IS_SOURCE (source));

  if (self->current != NULL)
    g_signal_handlers_disconnect_by_func (self->current, show_loop, self);
  g_set_object (&self->current, source);
  if (current_file (self) != NULL)
    g_signal_connect_swapped (source, "notify::loop", G_CALLBACK (show_loop), self);
  show_loop (self);
  mark_current (self);
  camera = RELAY_IS_CAMERA_SOURCE (source);
  if (!camera)
    g_clear_object (&self->camera_item);
  gtk_label_set_label (self->source_label,
                       source ? relay_source_get_title (source) : _ ("No Source"));
  gtk_image_set_from_icon_name (self->source_icon,
                                source ? icon_for_source (source) : "video-display-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->microphone_dropdown), camera);
}

/* Returns: (transfer none): the cameras and microphones it offers */
RelayDeviceMonitor *
relay_source_picker_get_devices (RelaySourcePicker *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_PICKER (self), NULL);

  return self->devices;
}

/* Returns: (transfer none): the RelaySourceItem choices offered now */
GListModel *
relay_source_picker_get_items (RelaySourcePicker *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_PICKER (self), NULL);

  return G_LIST_MODEL (self->items);
}

/* Picks the choice at @position, as a click on it would. */
void
relay_source_picker_choose (RelaySourcePicker *self, guint position)
{
  g_autoptr (RelaySourceItem) item = NULL;

  g_return_if_fail (RELAY_IS_SOURCE_PICKER (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  g_return_if_fail (item != NULL);
  choose_item (self, item);
}
