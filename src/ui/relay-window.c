/* relay-window.c
 *
 * The window is a client of the studio, like the REST API. Destinations made
 * here are outputs it keeps while idle and adds to the studio on Go Live;
 * outputs that others add to the studio (restreams created through the API)
 * are listed after them for as long as they exist:
 *
 *   list = own destinations ++ map(filter(studio outputs, not own), item)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/relay-mask.h"
#include "core/relay-output-factory.h"
#include "relay-destination-dialog.h"
#include "relay-format.h"
#include "relay-integration.h"
#include "relay-level-meter.h"
#include "relay-output-row.h"
#include "relay-source-picker.h"
#include "relay-stats-window.h"
#include "relay-window.h"

struct _RelayWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkButton *go_live_button;
  GtkLabel *timer_label;
  RelayPreview *preview;
  RelayLevelMeter *level_meter;
  RelaySourcePicker *source_picker;
  GtkListBox *destination_list;
  GtkListBox *event_list;

  RelayStudio *studio;
  GSettings *settings;
  gboolean tls_validation;
  RelayEventLog *event_log;
  GListStore *own_items;
  GListModel *destinations;

  gboolean live;
  gint64 live_since_us;
  guint timer_id;
  gboolean close_confirmed;
};

G_DEFINE_FINAL_TYPE (RelayWindow, relay_window, ADW_TYPE_APPLICATION_WINDOW)

#define WATCHED_KEY "relay-ui-watched"

void
relay_window_show_toast (RelayWindow *self, const char *message)
{
  g_autofree char *shown = relay_mask_redact (message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (shown));
}

/* Lookups */

static RelayDestinationItem *
find_own_item (RelayWindow *self, const char *id, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->own_items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->own_items), i);

      if (g_strcmp0 (relay_output_get_id (relay_destination_item_get_output (item)), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static gboolean
in_studio (RelayWindow *self, RelayOutput *output)
{
  return relay_studio_lookup_output (self->studio, relay_output_get_id (output)) == output;
}

/* Starting and stopping destinations */

#define REMOVING_KEY "relay-ui-removing"

static void
start_output (RelayWindow *self, RelayOutput *output)
{
  g_autoptr (GError) error = NULL;

  /* A destination switched off and on again quickly starts once its removal is done. */
  if (g_object_get_data (G_OBJECT (output), REMOVING_KEY) != NULL)
    return;

  if (in_studio (self, output))
    relay_studio_restart_output (self->studio, output);
  else if (!relay_studio_add_output (self->studio, output, &error))
    relay_window_show_toast (self, error->message);
}

typedef struct
{
  RelayWindow *window;
  RelayOutput *output;
} Removal;

static void
on_output_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Removal *removal = user_data;
  g_autoptr (RelayWindow) self = removal->window;
  g_autoptr (RelayOutput) output = removal->output;
  RelayDestinationItem *item;

  g_free (removal);
  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  g_object_set_data (G_OBJECT (output), REMOVING_KEY, NULL);

  item = find_own_item (self, relay_output_get_id (output), NULL);
  if (self->live && item != NULL && relay_destination_item_get_output (item) == output
      && relay_destination_item_get_enabled (item))
    start_output (self, output);
}

static void
stop_output (RelayWindow *self, RelayOutput *output)
{
  Removal *removal;

  if (!in_studio (self, output) || g_object_get_data (G_OBJECT (output), REMOVING_KEY) != NULL)
    return;

  removal = g_new0 (Removal, 1);
  removal->window = g_object_ref (self);
  removal->output = g_object_ref (output);
  g_object_set_data (G_OBJECT (output), REMOVING_KEY, GINT_TO_POINTER (TRUE));
  relay_studio_remove_output_async (self->studio, output, NULL, on_output_removed, removal);
}

static gboolean
has_enabled_destination (RelayWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->own_items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->own_items), i);

      if (relay_destination_item_get_enabled (item))
        return TRUE;
    }
  return FALSE;
}

static gboolean
tick_timer (gpointer user_data)
{
  RelayWindow *self = user_data;
  g_autofree char *elapsed = relay_format_duration (g_get_monotonic_time () - self->live_since_us);

  gtk_label_set_label (self->timer_label, elapsed);
  return G_SOURCE_CONTINUE;
}

static void
set_action_enabled (RelayWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_live_ui (RelayWindow *self)
{
  GtkWidget *button = GTK_WIDGET (self->go_live_button);

  set_action_enabled (self, "go-live", !self->live && has_enabled_destination (self));
  set_action_enabled (self, "end", self->live);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), self->live ? "win.end" : "win.go-live");
  gtk_button_set_label (self->go_live_button, self->live ? _ ("_End") : _ ("_Go Live"));
  gtk_widget_set_tooltip_text (button, self->live ? _ ("End the broadcast")
                                                  : _ ("Go live on every enabled destination"));
  if (self->live)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->timer_label), self->live);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->live)
    {
      tick_timer (self);
      self->timer_id = g_timeout_add_seconds (1, tick_timer, self);
    }
}

static void
go_live (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->own_items));
  guint started = 0;

  if (self->live)
    return;

  self->live = TRUE;
  self->live_since_us = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->own_items), i);

      if (relay_destination_item_get_enabled (item))
        {
          start_output (self, relay_destination_item_get_output (item));
          started++;
        }
    }

  relay_event_log_add (self->event_log,
                       g_dngettext (GETTEXT_PACKAGE, "Going live on %u destination",
                                    "Going live on %u destinations", started),
                       started);
  update_live_ui (self);
}

static void
end_broadcast (RelayWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->own_items));

  if (!self->live)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->own_items), i);

      stop_output (self, relay_destination_item_get_output (item));
    }
  self->live = FALSE;
  relay_event_log_add (self->event_log, _ ("The broadcast ended"));
  update_live_ui (self);
}

static void
end_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  end_broadcast (RELAY_WINDOW (user_data));
}

/* The switch of a row: which destinations Go Live starts, and while live,
 * which ones run. An API restream switched off is stopped and removed. */
static void
on_item_enabled (RelayDestinationItem *item, GParamSpec *pspec, RelayWindow *self)
{
  RelayOutput *output = relay_destination_item_get_output (item);
  gboolean enabled = relay_destination_item_get_enabled (item);

  if (!relay_destination_item_get_own (item))
    {
      if (!enabled)
        stop_output (self, output);
      return;
    }

  if (self->live && enabled)
    start_output (self, output);
  else if (self->live)
    stop_output (self, output);
  update_live_ui (self);
}

/* Events and toasts for every output the studio runs */

static void
on_output_state_changed (RelayOutput *output, RelayOutputState old_state, RelayWindow *self)
{
  g_autofree char *description = relay_output_describe_state (output);
  const char *label = relay_output_get_label (output);

  if (label == NULL || *label == '\0')
    label = relay_output_get_display_url (output);

  relay_event_log_add (self->event_log, "%s: %s", label, description);
  if (relay_output_get_state (output) == RELAY_OUTPUT_STATE_FAILED)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("“%s” failed: %s"), label, relay_output_get_last_error (output));

      relay_window_show_toast (self, message);
    }
}

static void
watch_output (RelayWindow *self, RelayOutput *output)
{
  if (g_object_get_data (G_OBJECT (output), WATCHED_KEY) == self)
    return;

  g_object_set_data (G_OBJECT (output), WATCHED_KEY, self);
  g_signal_connect_object (output, "state-changed", G_CALLBACK (on_output_state_changed), self, 0);
}

static void
on_studio_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                           RelayWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      watch_output (self, output);
      if (!relay_destination_item_is_own_output (output))
        relay_event_log_add (self->event_log, _ ("%s: added by another program"),
                             relay_output_get_display_url (output));
    }
}

/* The destinations list */

static gboolean
is_foreign_output (gpointer item, gpointer user_data)
{
  return !relay_destination_item_is_own_output (item);
}

static gpointer
map_foreign_output (gpointer output, gpointer user_data)
{
  RelayWindow *self = user_data;
  RelayDestinationItem *item = relay_destination_item_new_foreign (output);

  g_signal_connect_object (item, "notify::enabled", G_CALLBACK (on_item_enabled), self, 0);
  g_object_unref (output);
  return item;
}

static GtkWidget *
create_destination_row (gpointer item, gpointer user_data)
{
  return relay_output_row_new (item);
}

static GtkWidget *
create_event_row (gpointer item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "event");
  return label;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "placeholder");
  return label;
}

static void
build_destination_list (RelayWindow *self)
{
  GListModel *studio_outputs = relay_studio_get_outputs (self->studio);
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkFilterListModel *foreign;
  GtkMapListModel *foreign_items;

  foreign = gtk_filter_list_model_new (
      g_object_ref (studio_outputs),
      GTK_FILTER (gtk_custom_filter_new (is_foreign_output, NULL, NULL)));
  foreign_items = gtk_map_list_model_new (G_LIST_MODEL (foreign), map_foreign_output, self, NULL);
  g_list_store_append (parts, self->own_items);
  g_list_store_append (parts, foreign_items);
  g_object_unref (foreign_items);
  self->destinations = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));

  gtk_list_box_bind_model (self->destination_list, self->destinations, create_destination_row, NULL,
                           NULL);
  gtk_list_box_set_placeholder (
      self->destination_list,
      placeholder (_ ("No destinations yet. Add one with the “+” button.")));

  g_signal_connect_object (studio_outputs, "items-changed", G_CALLBACK (on_studio_outputs_changed),
                           self, 0);
  on_studio_outputs_changed (studio_outputs, 0, 0, g_list_model_get_n_items (studio_outputs), self);
}

/* Destinations made here */

void
relay_window_add_destination (RelayWindow *self, RelayOutput *output,
                              const RelayDestinationDraft *draft, const char *masked_key)
{
  guint position;
  RelayDestinationItem *item;

  g_return_if_fail (RELAY_IS_WINDOW (self));

  item = find_own_item (self, relay_output_get_id (output), &position);
  if (item != NULL)
    {
      relay_destination_item_replace (item, output, draft, masked_key);
      relay_event_log_add (self->event_log, _ ("%s: changed"), draft->label);
    }
  else
    {
      g_autoptr (RelayDestinationItem) new_item =
          relay_destination_item_new_own (output, draft, masked_key);

      g_signal_connect_object (new_item, "notify::enabled", G_CALLBACK (on_item_enabled), self, 0);
      g_list_store_append (self->own_items, new_item);
      relay_event_log_add (self->event_log, _ ("%s: added"), draft->label);
    }
  watch_output (self, output);
  if (self->live)
    start_output (self, output);
  update_live_ui (self);
}

/**
 * relay_window_add_destination_for_url:
 * @url: a destination as the command line takes it, secrets included
 * @options: its id, retries and other settings
 */
gboolean
relay_window_add_destination_for_url (RelayWindow *self, const char *url,
                                      const RelayOutputOptions *options, GError **error)
{
  g_autoptr (RelayDestinationDraft) draft = relay_destination_draft_new_for_url (url);
  RelayOutputOptions with_label = *options;
  g_autoptr (RelayOutput) output = NULL;
  g_autofree char *masked_key = NULL;

  with_label.label = draft->label;
  output = relay_output_new_for_uri (url, &with_label, error);
  if (output == NULL)
    return FALSE;

  draft->id = g_strdup (relay_output_get_id (output));
  relay_integration_save_destination_async (draft, NULL, NULL, NULL);
  masked_key = relay_mask_secret (draft->stream_key);
  relay_window_add_destination (self, output, draft, masked_key);
  return TRUE;
}

static void
on_destination_saved (RelayDestinationDialog *dialog, RelayOutput *output,
                      const RelayDestinationDraft *draft, const char *masked_key, RelayWindow *self)
{
  relay_output_set_attempts (output, g_settings_get_uint (self->settings, "retry-attempts"));
  relay_output_set_retry_delay_ms (output,
                                   g_settings_get_uint (self->settings, "retry-delay") * 1000);
  relay_window_add_destination (self, output, draft, masked_key);
}

static void
open_destination_dialog (RelayWindow *self, RelayDestinationItem *item)
{
  GtkWidget *dialog =
      relay_destination_dialog_new (GTK_WINDOW (self), self->studio, item, self->tls_validation);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_destination_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_destination_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  open_destination_dialog (RELAY_WINDOW (user_data), NULL);
}

static void
edit_destination_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  RelayDestinationItem *item = find_own_item (self, g_variant_get_string (parameter, NULL), NULL);

  if (item == NULL)
    return;
  if (relay_output_is_active (relay_destination_item_get_output (item)))
    {
      relay_window_show_toast (self, _ ("Switch the destination off before editing it"));
      return;
    }
  open_destination_dialog (self, item);
}

static void
remove_destination_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  guint position;
  RelayDestinationItem *item =
      find_own_item (self, g_variant_get_string (parameter, NULL), &position);
  RelayOutput *output;

  if (item == NULL)
    return;

  output = relay_destination_item_get_output (item);
  stop_output (self, output);
  relay_integration_forget_destination (relay_output_get_id (output));
  relay_event_log_add (self->event_log, _ ("%s: removed"), relay_destination_item_get_label (item));
  g_list_store_remove (self->own_items, position);
  update_live_ui (self);
}

static void
destination_stats_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  guint n = g_list_model_get_n_items (self->destinations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (self->destinations, i);
      RelayOutput *output = relay_destination_item_get_output (item);

      if (g_strcmp0 (relay_output_get_id (output), id) == 0)
        {
          gtk_window_present (GTK_WINDOW (relay_stats_window_new (
              GTK_WINDOW (self), output, relay_destination_item_get_label (item))));
          return;
        }
    }
}

/* The program source */

gboolean
relay_window_set_source (RelayWindow *self, RelaySource *source, GError **error)
{
  RelayStream *program;

  g_return_val_if_fail (RELAY_IS_WINDOW (self), FALSE);

  program = relay_studio_get_program (self->studio);
  if (!relay_stream_set_source (program, source, error))
    return FALSE;

  relay_source_picker_show_source (self->source_picker, source);
  adw_window_title_set_subtitle (self->window_title, relay_source_get_description (source));
  relay_event_log_add (self->event_log, _ ("Source: %s"), relay_source_get_description (source));
  return TRUE;
}

static void
on_source_chosen (RelayWindow *self, RelaySource *source)
{
  g_autoptr (GError) error = NULL;

  if (!relay_window_set_source (self, source, &error))
    {
      relay_window_show_toast (self, error->message);
      relay_event_log_add (self->event_log, _ ("The source cannot be used: %s"), error->message);
    }
}

static void
on_source_failed (RelayStream *program, GError *error, RelayWindow *self)
{
  g_autofree char *message = g_strdup_printf (_ ("The source failed: %s"), error->message);

  relay_event_log_add (self->event_log, "%s", message);
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
  end_broadcast (self);
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
    g_signal_handlers_disconnect_by_data (relay_studio_get_program (self->studio), self);
  if (self->preview != NULL)
    relay_preview_set_stream (self->preview, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_WINDOW);
  g_clear_object (&self->destinations);
  g_clear_object (&self->own_items);
  g_clear_object (&self->event_log);
  g_clear_object (&self->settings);
  g_clear_object (&self->studio);
  G_OBJECT_CLASS (relay_window_parent_class)->dispose (object);
}

static const GActionEntry window_actions[] = {
  { "go-live", go_live, NULL, NULL, NULL, { 0 } },
  { "end", end_action, NULL, NULL, NULL, { 0 } },
  { "add-destination", add_destination_action, NULL, NULL, NULL, { 0 } },
  { "edit-destination", edit_destination_action, "s", NULL, NULL, { 0 } },
  { "remove-destination", remove_destination_action, "s", NULL, NULL, { 0 } },
  { "destination-stats", destination_stats_action, "s", NULL, NULL, { 0 } },
};

static void
relay_window_class_init (RelayWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = relay_window_dispose;
  window_class->close_request = relay_window_close_request;

  g_type_ensure (RELAY_TYPE_PREVIEW);
  g_type_ensure (RELAY_TYPE_LEVEL_METER);
  g_type_ensure (RELAY_TYPE_SOURCE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/relaycast/Relaycast/ui/relay-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, go_live_button);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, level_meter);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, source_picker);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, destination_list);
  gtk_widget_class_bind_template_child (widget_class, RelayWindow, event_list);
  gtk_widget_class_bind_template_callback (widget_class, on_source_chosen);
}

static void
relay_window_init (RelayWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);

  self->event_log = relay_event_log_new ();
  self->own_items = g_list_store_new (RELAY_TYPE_DESTINATION_ITEM);
  gtk_list_box_bind_model (self->event_list, relay_event_log_get_model (self->event_log),
                           create_event_row, NULL, NULL);
  gtk_list_box_set_placeholder (self->event_list, placeholder (_ ("Nothing has happened yet")));
}

/**
 * relay_window_new:
 * @tls_validation: off only for test servers with self-signed certificates
 */
RelayWindow *
relay_window_new (GtkApplication *application, RelayStudio *studio, GSettings *settings,
                  gboolean tls_validation)
{
  RelayWindow *self = g_object_new (RELAY_TYPE_WINDOW, "application", application, NULL);
  RelayStream *program = relay_studio_get_program (studio);

  self->studio = g_object_ref (studio);
  self->settings = g_object_ref (settings);
  self->tls_validation = tls_validation;

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  relay_preview_set_stream (self->preview, program);
  relay_source_picker_set_studio (self->source_picker, studio);
  g_signal_connect (program, "audio-level", G_CALLBACK (on_audio_level), self);
  g_signal_connect (program, "source-failed", G_CALLBACK (on_source_failed), self);
  if (relay_stream_get_source (program) != NULL)
    relay_source_picker_show_source (self->source_picker, relay_stream_get_source (program));

  build_destination_list (self);
  update_live_ui (self);
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

/* Returns: (transfer none) (nullable): the RelayOutputRow of @output */
GtkWidget *
relay_window_find_row (RelayWindow *self, RelayOutput *output)
{
  g_return_val_if_fail (RELAY_IS_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->destination_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (RELAY_IS_OUTPUT_ROW (child)
          && relay_destination_item_get_output (
                 relay_output_row_get_item (RELAY_OUTPUT_ROW (child)))
                 == output)
        return child;
    }
  return NULL;
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
