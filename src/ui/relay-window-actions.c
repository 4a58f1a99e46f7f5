/* relay-window-actions.c
 *
 * The window's actions: Go Live and End (starting and stopping each
 * destination, the on-air timer), and adding, editing, removing and
 * inspecting destinations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/relay-mask.h"
#include "relay-destination-dialog.h"
#include "relay-format.h"
#include "relay-stats-window.h"
#include "relay-window-private.h"

static void
start_output (RelayWindow *self, RelayOutput *output)
{
  g_autoptr (GError) error = NULL;

  /* A destination switched off and on again quickly starts once its removal is done. */
  if (_relay_window_is_removing (self, output))
    return;

  _relay_window_watch_output (self, output);
  if (self->live)
    relay_on_air_add_output (self->on_air, output);
  if (!_relay_window_in_studio (self, output))
    {
      if (!relay_studio_add_output (self->studio, output, &error))
        relay_window_show_toast (self, error->message);
    }
  else if (!relay_output_is_active (output))
    relay_studio_restart_output (self->studio, output);
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
  g_autoptr (RelayDestinationItem) item = NULL;

  g_free (removal);
  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  if (self->removing != NULL)
    g_hash_table_remove (self->removing, output);

  item = _relay_window_find_item (self->destinations, relay_output_get_id (output), NULL);
  if (self->live && item != NULL
      && relay_destination_item_get_kind (item) != RELAY_DESTINATION_ITEM_FOREIGN
      && relay_destination_item_get_enabled (item))
    _relay_window_start_item (self, item);
}

void
_relay_window_stop_output (RelayWindow *self, RelayOutput *output)
{
  Removal *removal;

  if (!_relay_window_in_studio (self, output) || _relay_window_is_removing (self, output))
    return;

  relay_on_air_remove_output (self->on_air, output);
  removal = g_new0 (Removal, 1);
  removal->window = g_object_ref (self);
  removal->output = g_object_ref (output);
  g_hash_table_add (self->removing, output);
  relay_studio_remove_output_async (self->studio, output, NULL, on_output_removed, removal);
}

/* A step on a destination that ends in a callback. */
typedef struct
{
  RelayWindow *window;
  RelayDestinationItem *item;
} ItemJob;

static ItemJob *
item_job_new (RelayWindow *window, RelayDestinationItem *item)
{
  ItemJob *job = g_new0 (ItemJob, 1);

  job->window = g_object_ref (window);
  job->item = g_object_ref (item);
  return job;
}

static void
item_job_free (ItemJob *job)
{
  g_object_unref (job->window);
  g_object_unref (job->item);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ItemJob, item_job_free)

/* Why a saved destination could not start, on its row and in a toast. */
static void
fail_item (RelayWindow *self, RelayDestinationItem *item, const char *reason)
{
  g_autofree char *shown = relay_mask_redact (reason);

  relay_destination_item_set_error (item, shown);
  relay_event_log_add_for (self->event_log, RELAY_EVENT_ERROR, relay_destination_item_get_id (item),
                           relay_destination_item_get_label (item), _ ("cannot start: %s"), shown);
  _relay_window_report_failure (self, NULL, relay_destination_item_get_label (item), shown);
}

static void
on_saved_output (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ItemJob) start = user_data;
  RelayWindow *self = start->window;
  RelayDestinationItem *item = start->item;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) outputs =
      relay_broadcast_create_saved_outputs_finish (RELAY_BROADCAST (source), result, &error);
  RelayOutput *output;
  guint position;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->starting, relay_destination_item_get_id (item));
  relay_on_air_set_pending (self->on_air, g_hash_table_size (self->starting));

  /* ended, switched off or removed while the keyring answered */
  if (!self->live || !relay_destination_item_get_enabled (item)
      || !g_list_store_find (self->saved_items, item, &position))
    return;
  if (outputs == NULL)
    {
      fail_item (self, item, error->message);
      return;
    }

  output = g_ptr_array_index (outputs, 0);
  relay_destination_item_set_output (item, output);
  start_output (self, output);
}

/* A saved destination starts with a new output, made with the key the
 * keyring holds now; one that is still in the studio (failed, or started
 * through the REST API) is restarted instead. */
static void
start_saved (RelayWindow *self, RelayDestinationItem *item)
{
  const char *id = relay_destination_item_get_id (item);
  const char *ids[] = { id, NULL };
  RelayOutput *running = relay_studio_lookup_output (self->studio, id);
  GCancellable *cancellable;

  /* one being removed starts again once it is gone (on_output_removed) */
  if (running != NULL && _relay_window_is_removing (self, running))
    return;
  if (running != NULL)
    {
      relay_destination_item_set_output (item, running);
      start_output (self, running);
      return;
    }
  if (g_hash_table_contains (self->starting, id))
    return;

  cancellable = g_cancellable_new ();
  g_hash_table_insert (self->starting, g_strdup (id), cancellable);
  relay_on_air_set_pending (self->on_air, g_hash_table_size (self->starting));
  relay_broadcast_create_saved_outputs_async (self->broadcast, RELAY_OUTPUT_OWNER_WINDOW, ids,
                                              cancellable, on_saved_output,
                                              item_job_new (self, item));
}

void
_relay_window_start_item (RelayWindow *self, RelayDestinationItem *item)
{
  if (relay_destination_item_get_kind (item) == RELAY_DESTINATION_ITEM_SAVED)
    start_saved (self, item);
  else
    start_output (self, relay_destination_item_get_output (item));
}

void
_relay_window_stop_item (RelayWindow *self, RelayDestinationItem *item)
{
  const char *id = relay_destination_item_get_id (item);
  GCancellable *starting = g_hash_table_lookup (self->starting, id);
  RelayOutput *output = relay_destination_item_get_output (item);

  if (starting != NULL)
    {
      g_cancellable_cancel (starting);
      g_hash_table_remove (self->starting, id);
      relay_on_air_set_pending (self->on_air, g_hash_table_size (self->starting));
    }
  relay_destination_item_set_error (item, NULL);
  if (output != NULL)
    _relay_window_stop_output (self, output);
}

/* What Go Live starts: the saved destinations, then the command line's. */
static GPtrArray *
own_items (RelayWindow *self)
{
  GListModel *lists[] = { G_LIST_MODEL (self->saved_items), G_LIST_MODEL (self->session_items) };
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      g_ptr_array_add (items, g_list_model_get_item (lists[l], i));
  return items;
}

/* Why Go Live cannot start now, or NULL when it can. */
static const char *
why_not_go_live (RelayWindow *self)
{
  g_autoptr (GPtrArray) items = own_items (self);

  if (items->len == 0)
    return _ ("Add a destination to go live");
  for (guint i = 0; i < items->len; i++)
    {
      if (relay_destination_item_get_enabled (g_ptr_array_index (items, i)))
        return NULL;
    }
  return _ ("Switch a destination on to go live");
}

/* The timer counts the time on air: while the broadcast reaches someone. */
static gboolean
tick_timer (gpointer user_data)
{
  RelayWindow *self = user_data;
  g_autofree char *elapsed = relay_format_duration (relay_on_air_get_time_on_air_us (self->on_air));

  gtk_label_set_label (self->timer_label, elapsed);
  return G_SOURCE_CONTINUE;
}

/* The header says whether the broadcast reaches anyone, in words and colour. */
void
_relay_window_update_on_air (RelayWindow *self)
{
  static const char *const classes[] = { "on-air", "warning", "error" };
  RelayOnAirState state = relay_on_air_get_state (self->on_air);
  g_autofree char *words = relay_on_air_describe (self->on_air);
  GtkWidget *label = GTK_WIDGET (self->on_air_label);

  gtk_label_set_label (self->on_air_label, words);
  gtk_widget_set_visible (label, state != RELAY_ON_AIR_OFF);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (label, classes[i]);
  if (state == RELAY_ON_AIR_LIVE)
    gtk_widget_add_css_class (label, "on-air");
  else if (state == RELAY_ON_AIR_CONNECTING)
    gtk_widget_add_css_class (label, "warning");
  else if (state == RELAY_ON_AIR_DOWN)
    gtk_widget_add_css_class (label, "error");
  gtk_widget_set_opacity (GTK_WIDGET (self->timer_label), state == RELAY_ON_AIR_LIVE ? 1.0 : 0.5);
}

void
_relay_window_update_live_ui (RelayWindow *self)
{
  GtkWidget *button = GTK_WIDGET (self->go_live_button);
  const char *why_not = why_not_go_live (self);

  _relay_window_set_action_enabled (self, "go-live", !self->live && why_not == NULL);
  _relay_window_set_action_enabled (self, "end", self->live);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), self->live ? "win.end" : "win.go-live");
  gtk_button_set_label (self->go_live_button, self->live ? _ ("_End") : _ ("_Go Live"));
  gtk_widget_set_tooltip_text (button, self->live ? _ ("End the broadcast")
                                       : why_not != NULL
                                           ? why_not
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
  g_autoptr (GPtrArray) items = own_items (self);
  guint started = 0;

  if (self->live)
    return;

  self->live = TRUE;
  relay_on_air_begin (self->on_air);
  for (guint i = 0; i < items->len; i++)
    {
      RelayDestinationItem *item = g_ptr_array_index (items, i);

      if (relay_destination_item_get_enabled (item))
        {
          _relay_window_start_item (self, item);
          started++;
        }
    }

  relay_event_log_add (self->event_log,
                       g_dngettext (GETTEXT_PACKAGE, "Going live on %u destination",
                                    "Going live on %u destinations", started),
                       started);
  _relay_window_update_live_ui (self);
  g_object_notify (G_OBJECT (self), "live");
}

void
_relay_window_end_broadcast (RelayWindow *self)
{
  g_autoptr (GPtrArray) items = own_items (self);

  if (!self->live)
    return;

  for (guint i = 0; i < items->len; i++)
    _relay_window_stop_item (self, g_ptr_array_index (items, i));
  self->live = FALSE;
  relay_on_air_end (self->on_air);
  relay_event_log_add (self->event_log, _ ("The broadcast ended"));
  _relay_window_update_live_ui (self);
  g_object_notify (G_OBJECT (self), "live");
}

static void
end_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  _relay_window_end_broadcast (RELAY_WINDOW (user_data));
}

/* Saved destinations */

static void
after_save (RelayWindow *self, RelayDestination *destination, gboolean added)
{
  g_autoptr (RelayDestinationItem) item = _relay_window_find_item (
      G_LIST_MODEL (self->saved_items), relay_destination_get_id (destination), NULL);
  RelayOutput *output;

  if (item == NULL)
    return;

  relay_event_log_add_for (
      self->event_log, RELAY_EVENT_INFO, relay_destination_get_id (destination),
      relay_destination_get_name (destination), added ? _ ("added") : _ ("changed"));
  /* The next start makes an output with the new settings. */
  output = relay_destination_item_get_output (item);
  if (output != NULL && !relay_output_is_active (output))
    {
      _relay_window_stop_output (self, output);
      relay_destination_item_set_output (item, NULL);
    }
  if (self->live && relay_destination_item_get_enabled (item))
    _relay_window_start_item (self, item);
  _relay_window_update_live_ui (self);
}

static void
on_destination_added (RelayDestinationDialog *dialog, RelayDestination *destination,
                      RelayWindow *self)
{
  after_save (self, destination, TRUE);
}

static void
on_destination_changed (RelayDestinationDialog *dialog, RelayDestination *destination,
                        RelayWindow *self)
{
  after_save (self, destination, FALSE);
}

static void
open_destination_dialog (RelayWindow *self, RelayDestination *destination)
{
  /* the saved scenes, once loaded, which a destination may show instead of the program */
  GListModel *scenes =
      self->director ? relay_scene_store_get_scenes (relay_director_get_store (self->director))
                     : NULL;
  GtkWidget *dialog = relay_destination_dialog_new (
      GTK_WINDOW (self), self->store, self->secrets, scenes, destination,
      relay_broadcast_get_run_options (self->broadcast)->tls_validation);

  g_signal_connect_object (dialog, "saved",
                           destination ? G_CALLBACK (on_destination_changed)
                                       : G_CALLBACK (on_destination_added),
                           self, 0);
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
  g_autoptr (RelayDestinationItem) item = _relay_window_find_item (
      G_LIST_MODEL (self->saved_items), g_variant_get_string (parameter, NULL), NULL);
  RelayOutput *output;

  if (item == NULL)
    return;
  output = relay_destination_item_get_output (item);
  if (output != NULL && relay_output_is_active (output))
    {
      relay_window_show_toast (self, _ ("Switch the destination off before editing it"));
      return;
    }
  open_destination_dialog (self, relay_destination_item_get_destination (item));
}

/* A removed saved destination keeps its key in the keyring while its toast
 * offers Undo; the key goes when the toast does. */
typedef struct
{
  RelayDestination *destination;
  char *label;
  guint position;
  AdwToast *toast;
} RelayRemovedDestination;

void
relay_removed_destination_free (gpointer data)
{
  RelayRemovedDestination *removed = data;

  g_object_unref (removed->destination);
  g_free (removed->label);
  g_object_unref (removed->toast);
  g_free (removed);
}

static void
on_key_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *label = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_secrets_clear_finish (RELAY_SECRETS (source), result, &error))
    g_warning (_ ("“%s” was removed, but its key could not be deleted from the keyring: %s"), label,
               error->message);
  g_application_release (g_application_get_default ());
}

/* Deletes the key of a removal that can no longer be undone; the application
 * lasts until the keyring has done it. */
static void
clear_removed_key (RelayWindow *self, RelayRemovedDestination *removed)
{
  /* a recording has none, and may live where no keyring is */
  if (relay_destination_get_kind (removed->destination) == RELAY_DESTINATION_KIND_RECORDING)
    return;
  g_application_hold (g_application_get_default ());
  relay_secrets_clear_async (self->secrets, relay_destination_get_id (removed->destination), NULL,
                             on_key_cleared, g_strdup (removed->label));
}

static void
on_removed_toast_dismissed (AdwToast *toast, RelayWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "destination-id");
  RelayRemovedDestination *removed;

  /* a window going away has made its removals final already */
  if (self->removed == NULL)
    return;
  removed = g_hash_table_lookup (self->removed, id);
  if (removed == NULL || removed->toast != toast)
    return;
  clear_removed_key (self, removed);
  g_hash_table_remove (self->removed, id);
}

/* The window is going: removals still showing their toast are final. */
void
_relay_window_forget_removed (RelayWindow *self)
{
  GHashTableIter iter;
  gpointer removed;

  if (self->removed == NULL)
    return;
  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, NULL, &removed))
    clear_removed_key (self, removed);
  g_clear_pointer (&self->removed, g_hash_table_unref);
}

static void
offer_undo (RelayWindow *self, RelayDestination *destination, const char *label, guint position)
{
  const char *id = relay_destination_get_id (destination);
  g_autofree char *title = g_strdup_printf (_ ("“%s” removed"), label);
  RelayRemovedDestination *removed = g_new0 (RelayRemovedDestination, 1);

  removed->destination = g_object_ref (destination);
  removed->label = g_strdup (label);
  removed->position = position;
  removed->toast = adw_toast_new (title);
  g_object_ref_sink (removed->toast);
  adw_toast_set_button_label (removed->toast, _ ("_Undo"));
  adw_toast_set_action_name (removed->toast, "win.undo-remove");
  adw_toast_set_action_target_value (removed->toast, g_variant_new_string (id));
  g_object_set_data_full (G_OBJECT (removed->toast), "destination-id", g_strdup (id), g_free);
  g_signal_connect_object (removed->toast, "dismissed", G_CALLBACK (on_removed_toast_dismissed),
                           self, 0);

  /* a second removal of the same id (undone, removed again) replaces the first */
  g_hash_table_replace (self->removed, g_strdup (id), removed);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (removed->toast));
}

static void
remove_destination_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayDestinationItem) session = NULL;
  g_autoptr (RelayDestinationItem) item = NULL;
  g_autoptr (RelayDestination) destination = NULL;
  guint position;

  session = _relay_window_find_item (G_LIST_MODEL (self->session_items), id, &position);
  if (session != NULL)
    {
      _relay_window_stop_item (self, session);
      relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, id,
                               relay_destination_item_get_label (session), _ ("removed"));
      g_list_store_remove (self->session_items, position);
      _relay_window_update_live_ui (self);
      return;
    }

  item = _relay_window_find_item (G_LIST_MODEL (self->saved_items), id, NULL);
  destination = relay_destination_store_lookup (self->store, id);
  if (item == NULL || destination == NULL)
    return;
  g_object_ref (destination);
  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (self->store)); position++)
    {
      g_autoptr (RelayDestination) other =
          g_list_model_get_item (G_LIST_MODEL (self->store), position);

      if (other == destination)
        break;
    }

  relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, id,
                           relay_destination_item_get_label (item), _ ("removed"));
  /* stops it, through on_store_items_changed */
  if (!relay_destination_store_remove (self->store, id, &error))
    {
      relay_window_show_toast (self, error->message);
      return;
    }
  _relay_window_save_store (self);
  offer_undo (self, destination, relay_destination_item_get_label (item), position);
}

static void
undo_remove_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);
  RelayRemovedDestination *removed = g_hash_table_lookup (self->removed, id);
  g_autoptr (GError) error = NULL;

  /* The toast's own button dismisses it; dismissing it here as well crashes
   * libadwaita 1.2 when its animations overlap. */
  if (removed == NULL)
    return;
  if (!relay_destination_store_insert (self->store, removed->destination, removed->position,
                                       &error))
    {
      relay_window_show_toast (self, error->message);
      return;
    }
  relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, id, removed->label, _ ("restored"));
  g_hash_table_remove (self->removed, id);
  _relay_window_save_store (self);
}

/* A destination that gave up goes again, as the same output: its counters and
 * graph go on. */
static void
retry_destination_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  g_autoptr (RelayDestinationItem) item =
      _relay_window_find_item (self->destinations, g_variant_get_string (parameter, NULL), NULL);
  RelayOutput *output = item ? relay_destination_item_get_output (item) : NULL;

  if (output == NULL || relay_output_get_state (output) != RELAY_OUTPUT_STATE_FAILED
      || !_relay_window_in_studio (self, output))
    return;
  relay_event_log_add_for (self->event_log, RELAY_EVENT_INFO, relay_destination_item_get_id (item),
                           relay_destination_item_get_label (item), _ ("trying again"));
  relay_studio_restart_output (self->studio, output);
}

static void
destination_stats_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  g_autoptr (RelayDestinationItem) item =
      _relay_window_find_item (self->destinations, g_variant_get_string (parameter, NULL), NULL);

  if (item != NULL && relay_destination_item_get_output (item) != NULL)
    gtk_window_present (GTK_WINDOW (
        relay_stats_window_new (GTK_WINDOW (self), relay_destination_item_get_output (item),
                                relay_destination_item_get_label (item))));
}

/* The preview shows the program again. */
static void
show_program (RelayWindow *self)
{
  if (self->pictured != NULL)
    g_signal_handlers_disconnect_by_data (self->pictured, self);
  g_clear_object (&self->pictured);
  relay_preview_set_stream (self->preview, relay_studio_get_program (self->studio));
}

/* Its canvas closes once it stops: the preview leaves it before. */
static void
on_pictured_state (RelayOutput *output, RelayOutputState old_state, RelayWindow *self)
{
  if (relay_output_get_state (output) != RELAY_OUTPUT_STATE_LIVE)
    show_program (self);
}

/* The preview shows a live destination's own picture (its vertical cut or
 * its scene), or the program again when it shows that one already. */
static void
show_picture_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *self = RELAY_WINDOW (user_data);
  g_autoptr (RelayDestinationItem) item =
      _relay_window_find_item (self->destinations, g_variant_get_string (parameter, NULL), NULL);
  RelayOutput *output = item ? relay_destination_item_get_output (item) : NULL;
  RelayStream *canvas = output ? relay_studio_get_output_canvas (self->studio, output) : NULL;
  gboolean shown = output != NULL && output == self->pictured;

  show_program (self);
  if (shown || canvas == NULL || relay_output_get_state (output) != RELAY_OUTPUT_STATE_LIVE)
    return;
  self->pictured = g_object_ref (output);
  g_signal_connect (output, "state-changed", G_CALLBACK (on_pictured_state), self);
  relay_preview_set_stream (self->preview, canvas);
}

static const GActionEntry window_actions[] = {
  { "go-live", go_live, NULL, NULL, NULL, { 0 } },
  { "end", end_action, NULL, NULL, NULL, { 0 } },
  { "add-destination", add_destination_action, NULL, NULL, NULL, { 0 } },
  { "edit-destination", edit_destination_action, "s", NULL, NULL, { 0 } },
  { "remove-destination", remove_destination_action, "s", NULL, NULL, { 0 } },
  { "undo-remove", undo_remove_action, "s", NULL, NULL, { 0 } },
  { "retry-destination", retry_destination_action, "s", NULL, NULL, { 0 } },
  { "destination-stats", destination_stats_action, "s", NULL, NULL, { 0 } },
  { "show-picture", show_picture_action, "s", NULL, NULL, { 0 } },
};

void
_relay_window_add_actions (RelayWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
}
