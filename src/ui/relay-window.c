/* relay-window.c
 *
 * The window is a client of the studio and of the saved destinations, like
 * the REST API. Its list shows the saved destinations (RelayDestinationStore,
 * position for position), then the destinations given on the command line
 * for this run, then the outputs others add to the studio (restreams created
 * through the API) for as long as they exist:
 *
 *   list = saved ++ session ++ map(filter(studio outputs, neither), item)
 *
 * A saved destination's output has the destination's id. It is made when the
 * destination starts, by the RelayBroadcast, with the key the keyring holds
 * then (never blocking); so are the command line's, from their URLs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/media/relay-camera-source.h"
#include "core/relay-mask.h"
#include "core/outputs/relay-output-factory.h"
#include "relay-adaptive-box.h"
#include "relay-destination-dialog.h"
#include "relay-format.h"
#include "relay-level-meter.h"
#include "relay-output-row.h"
#include "relay-source-picker.h"
#include "relay-stats-window.h"
#include "relay-window-private.h"

G_DEFINE_FINAL_TYPE (RelayWindow, relay_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
relay_window_show_toast (RelayWindow *self, const char *message)
{
  g_autofree char *shown = relay_mask_redact (message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (shown));
}

void
_relay_window_set_action_enabled (RelayWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/**
 * relay_window_destinations_loaded:
 * @problem: (nullable): why the saved destinations could not be loaded
 *
 * Adding destinations waits for the saved ones, so that none is lost. A
 * problem with the file is kept in sight above the list.
 */
void
relay_window_destinations_loaded (RelayWindow *self, const char *problem)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (RELAY_IS_WINDOW (self));

  _relay_window_set_action_enabled (self, "add-destination", TRUE);
  if (problem == NULL)
    return;

  shown = relay_mask_redact (problem);
  gtk_label_set_label (self->destinations_banner_label, shown);
  gtk_revealer_set_reveal_child (self->destinations_banner, TRUE);
  relay_event_log_add_for (self->event_log, RELAY_EVENT_WARNING, NULL, NULL, "%s", shown);
}

static void
on_banner_closed (RelayWindow *self)
{
  gtk_revealer_set_reveal_child (self->destinations_banner, FALSE);
}

/* Lookups */

/* Returns: (transfer full) (nullable): the item of @items with this id */
RelayDestinationItem *
_relay_window_find_item (GListModel *items, const char *id, guint *position)
{
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (relay_destination_item_get_id (item), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&item);
        }
    }
  return NULL;
}

gboolean
_relay_window_in_studio (RelayWindow *self, RelayOutput *output)
{
  return relay_studio_lookup_output (self->studio, relay_output_get_id (output)) == output;
}

gboolean
_relay_window_is_removing (RelayWindow *self, RelayOutput *output)
{
  return g_hash_table_contains (self->removing, output);
}

/* Events and toasts for every output the studio runs */

/* With a Retry button when @id is a destination of the window's that
 * failed (not one that could not start). */
void
_relay_window_report_failure (RelayWindow *self, const char *id, const char *label,
                              const char *reason)
{
  g_autofree char *message = g_strdup_printf (_ ("“%s” failed: %s"), label, reason);
  g_autofree char *shown = relay_mask_redact (message);
  AdwToast *toast = adw_toast_new (shown);

  if (id != NULL)
    {
      adw_toast_set_button_label (toast, _ ("_Retry"));
      adw_toast_set_action_name (toast, "win.retry-destination");
      adw_toast_set_action_target_value (toast, g_variant_new_string (id));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
output_label (RelayOutput *output)
{
  const char *label = relay_output_get_label (output);

  return label != NULL && *label != '\0' ? label : relay_output_get_display_url (output);
}

/* How an output's new state shows in the log: live, trying again, or given up. */
static RelayEventSeverity
state_severity (RelayOutputState state)
{
  switch (state)
    {
      case RELAY_OUTPUT_STATE_LIVE:
        return RELAY_EVENT_SUCCESS;
      case RELAY_OUTPUT_STATE_RETRYING:
      case RELAY_OUTPUT_STATE_STALLED:
        return RELAY_EVENT_WARNING;
      case RELAY_OUTPUT_STATE_FAILED:
        return RELAY_EVENT_ERROR;
      case RELAY_OUTPUT_STATE_IDLE:
      case RELAY_OUTPUT_STATE_WAITING:
      case RELAY_OUTPUT_STATE_CONNECTING:
      case RELAY_OUTPUT_STATE_STOPPED:
      default:
        return RELAY_EVENT_INFO;
    }
}

static void
on_output_state_changed (RelayOutput *output, RelayOutputState old_state, RelayWindow *self)
{
  g_autofree char *description = relay_output_describe_state (output);
  RelayOutputState state = relay_output_get_state (output);
  const char *label = output_label (output);

  relay_event_log_add_for (self->event_log, state_severity (state), relay_output_get_id (output),
                           label, "%s", description);
  if (state == RELAY_OUTPUT_STATE_FAILED)
    {
      g_autoptr (RelayDestinationItem) item =
          _relay_window_find_item (self->destinations, relay_output_get_id (output), NULL);

      _relay_window_report_failure (self, item != NULL ? relay_output_get_id (output) : NULL, label,
                                    relay_output_get_last_error (output));
    }
}

void
_relay_window_watch_output (RelayWindow *self, RelayOutput *output)
{
  if (g_signal_handler_find (output, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             on_output_state_changed, self)
      != 0)
    return;

  g_signal_connect_object (output, "state-changed", G_CALLBACK (on_output_state_changed), self, 0);
}

/* Starting and stopping destinations */

/* Saving the destinations */

static void
on_store_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_destination_store_save_finish (RELAY_DESTINATION_STORE (source), result, &error))
    relay_window_show_toast (self, error->message);
}

void
_relay_window_save_store (RelayWindow *self)
{
  relay_destination_store_save_async (self->store, NULL, on_store_saved, g_object_ref (self));
}

/* The switch of a row: which destinations Go Live starts (saved with the
 * destination), and while live, which ones run. An API restream switched off
 * is stopped and removed. */
static void
on_item_enabled (RelayDestinationItem *item, GParamSpec *pspec, RelayWindow *self)
{
  gboolean enabled = relay_destination_item_get_enabled (item);

  switch (relay_destination_item_get_kind (item))
    {
      case RELAY_DESTINATION_ITEM_FOREIGN:
        if (!enabled)
          _relay_window_stop_output (self, relay_destination_item_get_output (item));
        return;
      case RELAY_DESTINATION_ITEM_SAVED:
        _relay_window_save_store (self);
        break;
      case RELAY_DESTINATION_ITEM_SESSION:
      default:
        break;
    }

  if (self->live && enabled)
    _relay_window_start_item (self, item);
  else if (self->live)
    _relay_window_stop_item (self, item);
  _relay_window_update_live_ui (self);
}

/* The destinations list */

static gboolean
is_foreign_output (gpointer output, gpointer user_data)
{
  RelayWindow *self = user_data;

  return !relay_output_is_owned_by (output, RELAY_OUTPUT_OWNER_WINDOW)
         && relay_destination_store_lookup (self->store, relay_output_get_id (output)) == NULL;
}

static gpointer
map_foreign_output (gpointer output, gpointer user_data)
{
  RelayWindow *self = user_data;
  RelayDestinationItem *item =
      relay_destination_item_new_for_output (output, RELAY_DESTINATION_ITEM_FOREIGN);

  g_signal_connect_object (item, "notify::enabled", G_CALLBACK (on_item_enabled), self, 0);
  g_object_unref (output);
  return item;
}

static void
on_studio_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                           RelayWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);
      g_autoptr (RelayDestinationItem) saved = _relay_window_find_item (
          G_LIST_MODEL (self->saved_items), relay_output_get_id (output), NULL);

      _relay_window_watch_output (self, output);
      /* a saved destination started by another program is shown on its row */
      if (saved != NULL)
        relay_destination_item_set_output (saved, output);
      else if (is_foreign_output (output, self))
        relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, relay_output_get_id (output),
                                 output_label (output), _ ("added by another program"));
    }
}

/* The saved items follow the store, position for position. */
static void
on_store_items_changed (GListModel *store, guint position, guint removed, guint added,
                        RelayWindow *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < removed; i++)
    {
      g_autoptr (RelayDestinationItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->saved_items), position + i);

      _relay_window_stop_item (self, item);
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (RelayDestination) destination = g_list_model_get_item (store, position + i);
      RelayDestinationItem *item = relay_destination_item_new_saved (destination);
      RelayOutput *running =
          relay_studio_lookup_output (self->studio, relay_destination_get_id (destination));

      if (running != NULL)
        relay_destination_item_set_output (item, running);
      g_signal_connect_object (item, "notify::enabled", G_CALLBACK (on_item_enabled), self, 0);
      g_ptr_array_add (items, item);
    }

  g_list_store_splice (self->saved_items, position, removed, items->pdata, items->len);
  gtk_filter_changed (self->foreign_filter, GTK_FILTER_CHANGE_DIFFERENT);
  _relay_window_update_live_ui (self);
}

static GtkWidget *
create_destination_row (gpointer item, gpointer user_data)
{
  return relay_output_row_new (item);
}

/* What a first run shows where the destinations go: what they are, and the
 * button that adds one. */
static GtkWidget *
empty_destinations (void)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Add Destination"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "network-transmit-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _ ("No Destinations"));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (page),
      _ ("Add the platforms and servers to stream to: YouTube, Twitch, any RTMP or WHIP server"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.add-destination");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  gtk_widget_add_css_class (page, "compact");
  return page;
}

static void
build_destination_list (RelayWindow *self)
{
  GListModel *studio_outputs = relay_studio_get_outputs (self->studio);
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkFilterListModel *foreign;
  GtkMapListModel *foreign_items;

  self->foreign_filter = GTK_FILTER (gtk_custom_filter_new (is_foreign_output, self, NULL));
  foreign = gtk_filter_list_model_new (g_object_ref (studio_outputs),
                                       g_object_ref (self->foreign_filter));
  foreign_items = gtk_map_list_model_new (G_LIST_MODEL (foreign), map_foreign_output, self, NULL);
  g_list_store_append (parts, self->saved_items);
  g_list_store_append (parts, self->session_items);
  g_list_store_append (parts, foreign_items);
  g_object_unref (foreign_items);
  self->destinations = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));

  gtk_list_box_bind_model (self->destination_list, self->destinations, create_destination_row, NULL,
                           NULL);
  gtk_list_box_set_placeholder (self->destination_list, empty_destinations ());

  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_items_changed), self,
                           0);
  on_store_items_changed (G_LIST_MODEL (self->store), 0, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->store)), self);
  g_signal_connect_object (studio_outputs, "items-changed", G_CALLBACK (on_studio_outputs_changed),
                           self, 0);
  on_studio_outputs_changed (studio_outputs, 0, 0, g_list_model_get_n_items (studio_outputs), self);
}

/* Destinations given on the command line, for this run only */

/**
 * relay_window_add_destination_for_url:
 * @url: a destination as the command line takes it, secrets included
 * @id: its id
 *
 * The destination is made with the broadcast's options for this run.
 */
gboolean
relay_window_add_destination_for_url (RelayWindow *self, const char *url, const char *id,
                                      GError **error)
{
  g_autofree char *label = relay_mask_url (url);
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (RelayDestinationItem) item = NULL;

  g_return_val_if_fail (RELAY_IS_WINDOW (self), FALSE);

  output = relay_broadcast_create_output (self->broadcast, RELAY_OUTPUT_OWNER_WINDOW, url, id,
                                          label, error);
  if (output == NULL)
    return FALSE;

  item = relay_destination_item_new_for_output (output, RELAY_DESTINATION_ITEM_SESSION);
  g_signal_connect_object (item, "notify::enabled", G_CALLBACK (on_item_enabled), self, 0);
  g_list_store_append (self->session_items, item);
  relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, id,
                           relay_destination_item_get_label (item), _ ("added"));

  if (self->live)
    _relay_window_start_item (self, item);
  _relay_window_update_live_ui (self);
  return TRUE;
}

/* The program source */

/**
 * relay_window_set_source:
 * @source: (nullable): what the program shows; %NULL leaves black and silence
 */
gboolean
relay_window_set_source (RelayWindow *self, RelaySource *source, GError **error)
{
  RelayStream *program;

  g_return_val_if_fail (RELAY_IS_WINDOW (self), FALSE);

  program = relay_studio_get_program (self->studio);
  if (!relay_stream_set_source (program, source, error))
    return FALSE;

  relay_source_picker_show_source (self->source_picker, source);
  adw_window_title_set_subtitle (self->window_title, source ? relay_source_get_title (source) : "");
  if (source != NULL)
    relay_event_log_add (self->event_log, _ ("Source: %s"), relay_source_get_title (source));
  return TRUE;
}

static void
report_unusable_source (RelayWindow *self, const GError *error)
{
  relay_window_show_toast (self, error->message);
  relay_event_log_add_for (self->event_log, RELAY_EVENT_ERROR, NULL, NULL,
                           _ ("The source cannot be used: %s"), error->message);
}

/* An unplugged camera takes the program to black and silence rather than to
 * a picture nobody chose; the destinations stay connected. A camera that
 * loses its microphone goes on with the default one. */
static void
on_device_removed (RelayWindow *self, GstDevice *device)
{
  RelaySource *source = relay_stream_get_source (relay_studio_get_program (self->studio));
  g_autoptr (GstDevice) camera = NULL;
  g_autoptr (GstDevice) microphone = NULL;
  g_autoptr (RelaySource) replacement = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!RELAY_IS_CAMERA_SOURCE (source))
    return;

  g_object_get (source, "camera", &camera, "microphone", &microphone, NULL);
  name = gst_device_get_display_name (device);
  if (camera != NULL && relay_device_monitor_is_same_device (device, camera))
    message = g_strdup_printf (_ ("The camera “%s” was disconnected"), name);
  else if (microphone != NULL && relay_device_monitor_is_same_device (device, microphone))
    {
      message = g_strdup_printf (
          _ ("The microphone “%s” was disconnected; the camera goes on with the default one"),
          name);
      replacement = relay_camera_source_new (camera, NULL);
    }
  else
    return;

  relay_event_log_add_for (self->event_log, RELAY_EVENT_WARNING, NULL, NULL, "%s", message);
  relay_window_show_toast (self, message);
  if (!relay_window_set_source (self, replacement, &error))
    report_unusable_source (self, error);
}

static void
on_source_chosen (RelayWindow *self, RelaySource *source)
{
  g_autoptr (GError) error = NULL;

  if (!relay_window_set_source (self, source, &error))
    report_unusable_source (self, error);
}

static void
on_source_failed (RelayStream *program, GError *error, RelayWindow *self)
{
  g_autofree char *message = g_strdup_printf (_ ("The source failed: %s"), error->message);

  relay_event_log_add_for (self->event_log, RELAY_EVENT_ERROR, NULL, NULL, "%s", message);
  relay_window_show_toast (self, message);
}

/* A file that ends leaves the program black and silent: said, with what to do;
 * a network stream that drops is opened again on its own. */
static void
on_source_ended (RelayStream *program, gboolean reopen, RelayWindow *self)
{
  RelaySource *source = relay_stream_get_source (program);
  const char *title = source ? relay_source_get_title (source) : "";
  g_autofree char *message =
      reopen ? g_strdup_printf (_ ("“%s” stopped: opening it again"), title)
             : g_strdup_printf (_ ("“%s” ended: the program is black until you choose a source"),
                                title);

  relay_event_log_add_for (self->event_log, RELAY_EVENT_WARNING, NULL, NULL, "%s", message);
  if (!reopen)
    relay_window_show_toast (self, message);
}

static void
on_audio_level (RelayStream *program, double rms_db, double peak_db, RelayWindow *self)
{
  relay_level_meter_set_level (self->level_meter, rms_db, peak_db);
}

/* Closing */

static void
on_close_response (AdwMessageDialog *dialog, const char *response, RelayWindow *self)
{
  if (g_strcmp0 (response, "end") != 0)
    return;
  self->close_confirmed = TRUE;
  _relay_window_end_broadcast (self);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
relay_window_close_request (GtkWindow *window)
{
  RelayWindow *self = RELAY_WINDOW (window);
  GtkWidget *dialog;

  if (!self->live || self->close_confirmed)
    return GTK_WINDOW_CLASS (relay_window_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("End the Broadcast?"),
                                   _ ("Every destination stops when Relaycast closes."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "end",
                                    _ ("_End and Quit"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject */

static void
relay_window_dispose (GObject *object)
{
  RelayWindow *self = RELAY_WINDOW (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->studio != NULL)
    {
      g_signal_handlers_disconnect_by_data (relay_studio_get_program (self->studio), self);
      g_signal_handlers_disconnect_by_data (relay_studio_get_outputs (self->studio), self);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->pictured != NULL)
    g_signal_handlers_disconnect_by_data (self->pictured, self);
  g_clear_object (&self->pictured);
  if (self->preview != NULL)
    relay_preview_set_stream (self->preview, NULL);
  _relay_window_forget_removed (self);
  g_clear_pointer (&self->removed_scenes, g_hash_table_unref);
  /* the director and the mixer outlive the window's widgets */
  if (self->director != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->director, self);
      g_signal_handlers_disconnect_by_data (
          relay_studio_get_scene_mixer (self->studio, relay_studio_get_program (self->studio)),
          self);
    }
  g_clear_object (&self->director);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_WINDOW);
  if (self->starting != NULL)
    {
      GHashTableIter iter;
      gpointer cancellable;

      g_hash_table_iter_init (&iter, self->starting);
      while (g_hash_table_iter_next (&iter, NULL, &cancellable))
        g_cancellable_cancel (cancellable);
      g_clear_pointer (&self->starting, g_hash_table_unref);
      g_clear_pointer (&self->removing, g_hash_table_unref);
    }
  g_clear_object (&self->destinations);
  g_clear_object (&self->foreign_filter);
  g_clear_object (&self->saved_items);
  g_clear_object (&self->session_items);
  g_clear_object (&self->event_log);
  g_clear_object (&self->settings);
  g_clear_object (&self->secrets);
  g_clear_object (&self->store);
  g_clear_object (&self->studio);
  g_clear_object (&self->broadcast);
  g_clear_object (&self->on_air);
  G_OBJECT_CLASS (relay_window_parent_class)->dispose (object);
}

static void
relay_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWindow *self = RELAY_WINDOW (object);

  switch (prop_id)
    {
      case PROP_LIVE:
        g_value_set_boolean (value, self->live);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_window_class_init (RelayWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = relay_window_dispose;
  object_class->get_property = relay_window_get_property;
  window_class->close_request = relay_window_close_request;

  /* Between Go Live and End. */
  properties[PROP_LIVE] =
      g_param_spec_boolean ("live", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RELAY_TYPE_ADAPTIVE_BOX);
  g_type_ensure (RELAY_TYPE_PREVIEW);
  g_type_ensure (RELAY_TYPE_LEVEL_METER);
  g_type_ensure (RELAY_TYPE_AUDIO_CONTROLS);
  g_type_ensure (RELAY_TYPE_SOURCE_PICKER);
  g_type_ensure (RELAY_TYPE_EVENT_VIEW);
  g_type_ensure (RELAY_TYPE_LAYER_EDITOR);
  g_type_ensure (RELAY_TYPE_SCENE_LIST);
  g_type_ensure (RELAY_TYPE_LAYER_LIST);
  g_type_ensure (RELAY_TYPE_LAYER_PROPERTIES);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaycast/Relaycast/ui/relay-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, go_live_button);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, on_air_label);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, level_meter);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, audio_controls);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, source_picker);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, destinations_banner);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, destinations_banner_label);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, destination_list);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, event_view);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, layer_editor);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, scene_list);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, layer_list);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, add_layer_button);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, layer_properties_button);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, layer_properties);
  gtk_widget_class_bind_template_callback (widget_class, on_source_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_closed);
}

static void
relay_window_init (RelayWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _relay_window_add_actions (self);
  _relay_window_add_scene_actions (self);
  _relay_window_set_action_enabled (self, "add-destination", FALSE);

  self->event_log = relay_event_log_new ();
  self->saved_items = g_list_store_new (RELAY_TYPE_DESTINATION_ITEM);
  self->session_items = g_list_store_new (RELAY_TYPE_DESTINATION_ITEM);
  self->starting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->removing = g_hash_table_new (NULL, NULL);
  self->removed =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, relay_removed_destination_free);
  self->on_air = relay_on_air_new ();
  g_signal_connect_object (self->on_air, "notify", G_CALLBACK (_relay_window_update_on_air), self,
                           G_CONNECT_SWAPPED);
  relay_event_view_set_log (self->event_view, self->event_log);
}

/**
 * relay_window_new:
 * @broadcast: makes the outputs; its store and secrets hold the saved
 *   destinations, which the list shows as they load and change
 */
RelayWindow *
relay_window_new (GtkApplication *application, RelayBroadcast *broadcast, GSettings *settings)
{
  RelayWindow *self = g_object_new (RELAY_TYPE_WINDOW, "application", application, NULL);
  RelayStudio *studio = relay_broadcast_get_studio (broadcast);
  RelayStream *program = relay_studio_get_program (studio);

  self->broadcast = g_object_ref (broadcast);
  self->studio = g_object_ref (studio);
  self->store = g_object_ref (relay_broadcast_get_store (broadcast));
  self->secrets = g_object_ref (relay_broadcast_get_secrets (broadcast));
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  relay_preview_set_stream (self->preview, program);
  relay_audio_controls_set_stream (self->audio_controls, program);
  relay_source_picker_set_studio (self->source_picker, studio);
  /* the program outlives the window */
  g_signal_connect_object (program, "audio-level", G_CALLBACK (on_audio_level), self, 0);
  relay_stream_watch_audio_level (program);
  g_signal_connect_object (program, "source-failed", G_CALLBACK (on_source_failed), self, 0);
  g_signal_connect_object (program, "source-ended", G_CALLBACK (on_source_ended), self, 0);
  g_signal_connect_object (relay_source_picker_get_devices (self->source_picker), "device-removed",
                           G_CALLBACK (on_device_removed), self, G_CONNECT_SWAPPED);
  if (relay_stream_get_source (program) != NULL)
    relay_source_picker_show_source (self->source_picker, relay_stream_get_source (program));

  build_destination_list (self);
  _relay_window_update_live_ui (self);
  return self;
}

RelayStudio *
relay_window_get_studio (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->studio;
}

/* Returns: (transfer none): the RelayDestinationItems the list shows */
GListModel *
relay_window_get_destinations (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->destinations;
}

/**
 * relay_window_lookup_destination:
 * @id: a saved destination's id, or an output's
 *
 * Returns: (transfer full) (nullable): the item the list shows for it
 */
RelayDestinationItem *
relay_window_lookup_destination (RelayWindow *self, const char *id)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return _relay_window_find_item (self->destinations, id, NULL);
}

/* Returns: (transfer none) (nullable): the RelayOutputRow of the destination @id */
GtkWidget *
relay_window_find_row (RelayWindow *self, const char *id)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->destination_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (RELAY_IS_OUTPUT_ROW (child)
          && g_strcmp0 (relay_destination_item_get_id (
                            relay_output_row_get_item (RELAY_OUTPUT_ROW (child))),
                        id)
                 == 0)
        return child;
    }
  return NULL;
}

/* Returns: (transfer none): whether the window's broadcast reaches anyone */
RelayOnAir *
relay_window_get_on_air (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->on_air;
}

gboolean
relay_window_get_live (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), FALSE);

  return self->live;
}

RelayPreview *
relay_window_get_preview (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->preview;
}

RelayEventLog *
relay_window_get_event_log (RelayWindow *self)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  return self->event_log;
}
