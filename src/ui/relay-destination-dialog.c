/* relay-destination-dialog.c
 *
 * The dialog turns what the user typed into a RelayOutput, the way the
 * window will use it, so that every mistake (an empty key, a malformed URL,
 * an unsupported protocol) is caught here and shown next to its field. It
 * then hands the destination to relay_integration_save_destination_async()
 * and emits "saved". A saved key is never shown again: editing shows it
 * masked, and an empty key field keeps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/relay-connection-test.h"
#include "core/relay-mask.h"
#include "core/relay-output-factory.h"
#include "relay-destination-dialog.h"
#include "relay-integration.h"

struct _RelayDestinationDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  AdwToastOverlay *toast_overlay;
  AdwComboRow *provider_row;
  AdwEntryRow *name_row;
  AdwEntryRow *server_row;
  AdwActionRow *saved_key_row;
  AdwPasswordEntryRow *key_row;
  AdwComboRow *stream_row;
  GtkLabel *error_label;
  AdwActionRow *test_row;
  GtkButton *test_button;
  GtkSpinner *test_spinner;

  RelayStudio *studio;
  char *id;
  gboolean editing;
  gboolean tls_validation;
  gboolean validate_live;
  const RelayProvider *provider;
  GPtrArray *stream_names;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RelayDestinationDialog, relay_destination_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  RelayDestinationDialog *self;
  RelayDestinationDraft *draft;
  char *key;
  char *url;
  gboolean testing;
  RelayOutput *output;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  relay_destination_draft_free (pending->draft);
  if (pending->key != NULL)
    memset (pending->key, 0, strlen (pending->key));
  g_free (pending->key);
  g_free (pending->url);
  g_clear_object (&pending->output);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static GtkWidget *
field_row (RelayDestinationDialog *self, RelayDraftField field)
{
  switch (field)
    {
      case RELAY_DRAFT_FIELD_LABEL:
        return GTK_WIDGET (self->name_row);
      case RELAY_DRAFT_FIELD_SERVER_URL:
        return GTK_WIDGET (self->server_row);
      case RELAY_DRAFT_FIELD_STREAM_KEY:
        return GTK_WIDGET (self->key_row);
      case RELAY_DRAFT_FIELD_NONE:
      default:
        return NULL;
    }
}

static void
clear_errors (RelayDestinationDialog *self)
{
  for (RelayDraftField field = RELAY_DRAFT_FIELD_LABEL; field <= RELAY_DRAFT_FIELD_STREAM_KEY;
       field++)
    gtk_widget_remove_css_class (field_row (self, field), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (RelayDestinationDialog *self, RelayDraftField field, const char *message)
{
  GtkWidget *row = field_row (self, field);
  g_autofree char *shown = relay_mask_redact (message);

  clear_errors (self);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (self->error_label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
set_busy (RelayDestinationDialog *self, gboolean busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy);
  gtk_spinner_set_spinning (self->test_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), busy);
}

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static RelayDestinationDraft *
collect_draft (RelayDestinationDialog *self)
{
  RelayDestinationDraft *draft = relay_destination_draft_new ();
  guint stream = adw_combo_row_get_selected (self->stream_row);
  const char *key = editable_text (self->key_row);

  draft->id = g_strdup (self->id);
  draft->provider_id = g_strdup (self->provider->id);
  draft->label = g_strstrip (g_strdup (editable_text (self->name_row)));
  draft->server_url = g_strstrip (g_strdup (editable_text (self->server_row)));
  draft->stream_key = *key != '\0' ? g_strdup (key) : NULL;
  draft->stream_name =
      g_strdup (stream < self->stream_names->len ? g_ptr_array_index (self->stream_names, stream)
                                                 : RELAY_PROGRAM_STREAM_NAME);
  return draft;
}

static RelayOutput *
create_output (RelayDestinationDialog *self, Pending *pending, GError **error)
{
  RelayOutputOptions options;
  gboolean is_whip = self->provider->protocol == RELAY_PROVIDER_PROTOCOL_WHIP;

  relay_output_options_init (&options);
  options.id = pending->draft->id;
  options.label = pending->draft->label;
  options.stream_name = pending->draft->stream_name;
  options.tls_validation = self->tls_validation;
  options.token = is_whip ? pending->key : NULL;
  return relay_output_new_for_uri (pending->url, &options, error);
}

static void
on_tested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  RelayDestinationDialog *self = pending->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *reached = relay_connection_test_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), reached ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_row), reached ? "success" : "error");
  if (reached != NULL)
    {
      adw_action_row_set_subtitle (self->test_row, reached);
    }
  else
    {
      g_autofree char *shown = relay_mask_redact (error->message);

      adw_action_row_set_subtitle (self->test_row, shown);
    }
}

static void
on_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  RelayDestinationDialog *self = pending->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *masked_key = NULL;

  if (!relay_integration_save_destination_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  masked_key = relay_mask_secret (pending->key);
  g_clear_pointer (&pending->draft->stream_key, g_free);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, pending->output, pending->draft, masked_key);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
continue_with_key (Pending *pending)
{
  RelayDestinationDialog *self = pending->self;
  g_autoptr (GError) error = NULL;
  RelayDraftField field = RELAY_DRAFT_FIELD_NONE;
  g_autofree char *key_for_save = NULL;

  pending->url = relay_destination_draft_build_url (pending->draft, pending->key, &field, &error);
  if (pending->url == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, field, error->message);
      pending_free (pending);
      return;
    }

  pending->output = create_output (self, pending, &error);
  if (pending->output == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, RELAY_DRAFT_FIELD_SERVER_URL, error->message);
      pending_free (pending);
      return;
    }
  clear_errors (self);

  if (pending->testing)
    {
      relay_connection_test_async (pending->url, self->tls_validation, self->cancellable, on_tested,
                                   pending);
      return;
    }

  g_free (pending->draft->stream_key);
  pending->draft->stream_key = g_strdup (pending->key);
  relay_integration_save_destination_async (pending->draft, self->cancellable, on_saved, pending);
}

static void
on_key_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;

  pending->key = relay_integration_lookup_destination_key_finish (result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (pending->self, FALSE);
          show_error (pending->self, RELAY_DRAFT_FIELD_STREAM_KEY, error->message);
        }
      pending_free (pending);
      return;
    }
  continue_with_key (pending);
}

static void
start (RelayDestinationDialog *self, gboolean testing)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->draft = collect_draft (self);
  pending->key = g_strdup (pending->draft->stream_key);
  pending->testing = testing;
  self->validate_live = TRUE;
  set_busy (self, TRUE);
  if (testing)
    adw_action_row_set_subtitle (self->test_row, _ ("Connecting…"));

  if (pending->key == NULL && self->editing)
    relay_integration_lookup_destination_key_async (self->id, self->cancellable, on_key_looked_up,
                                                    pending);
  else
    continue_with_key (pending);
}

static void
on_save_clicked (RelayDestinationDialog *self)
{
  start (self, FALSE);
}

static void
on_test_clicked (RelayDestinationDialog *self)
{
  start (self, TRUE);
}

/* After a first attempt, mistakes are shown (and cleared) as the user types. */
static void
on_field_changed (RelayDestinationDialog *self)
{
  g_autoptr (RelayDestinationDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  RelayDraftField field = RELAY_DRAFT_FIELD_NONE;
  gboolean key_needed;

  adw_action_row_set_subtitle (self->test_row, _ ("Reaches the server without going live"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");

  if (!self->validate_live)
    return;

  draft = collect_draft (self);
  key_needed = self->editing && draft->stream_key == NULL;
  url = relay_destination_draft_build_url (draft, key_needed ? "saved-key" : NULL, &field, &error);
  if (url == NULL)
    show_error (self, field, error->message);
  else
    clear_errors (self);
}

static void
apply_provider (RelayDestinationDialog *self, const RelayProvider *provider)
{
  const RelayProvider *previous = self->provider;
  const char *server = editable_text (self->server_row);
  const char *name = editable_text (self->name_row);
  gboolean is_file = provider->protocol == RELAY_PROVIDER_PROTOCOL_FILE;
  gboolean is_whip = provider->protocol == RELAY_PROVIDER_PROTOCOL_WHIP;

  self->provider = provider;

  /* Preset values follow the provider until the user types their own. */
  if (*server == '\0'
      || (previous != NULL && previous->server_url != NULL
          && g_str_equal (server, previous->server_url)))
    gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                           provider->server_url ? provider->server_url : "");
  if (*name == '\0' || (previous != NULL && g_str_equal (name, relay_provider_get_name (previous))))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), relay_provider_get_name (provider));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row),
                                 is_file   ? _ ("File Path")
                                 : is_whip ? _ ("WHIP Endpoint URL")
                                           : _ ("Server URL"));
  if (self->editing)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                   is_whip ? _ ("New Bearer Token") : _ ("New Stream Key"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                   is_whip ? _ ("Bearer Token") : _ ("Stream Key"));
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), !is_file);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_key_row), self->editing && !is_file);
}

static void
on_provider_selected (RelayDestinationDialog *self)
{
  guint n_providers;
  const RelayProvider *providers = relay_providers_get_all (&n_providers);
  guint selected = adw_combo_row_get_selected (self->provider_row);

  if (selected < n_providers && &providers[selected] != self->provider)
    apply_provider (self, &providers[selected]);
}

/* The program is shown as such; other streams (WHIP publishers) by name. */
static void
fill_streams (RelayDestinationDialog *self, const char *selected_name)
{
  GListModel *streams = relay_studio_get_streams (self->studio);
  RelayStream *program = relay_studio_get_program (self->studio);
  guint n = g_list_model_get_n_items (streams);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);
      const char *name = relay_stream_get_name (stream);

      g_ptr_array_add (self->stream_names, g_strdup (name));
      gtk_string_list_append (labels, stream == program ? _ ("Program") : name);
    }
  adw_combo_row_set_model (self->stream_row, G_LIST_MODEL (labels));
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->stream_names, i), selected_name) == 0)
        adw_combo_row_set_selected (self->stream_row, i);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stream_row), n > 1);
}

static void
relay_destination_dialog_dispose (GObject *object)
{
  RelayDestinationDialog *self = RELAY_DESTINATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->studio);
  g_clear_pointer (&self->stream_names, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_DESTINATION_DIALOG);
  G_OBJECT_CLASS (relay_destination_dialog_parent_class)->dispose (object);
}

static void
relay_destination_dialog_finalize (GObject *object)
{
  RelayDestinationDialog *self = RELAY_DESTINATION_DIALOG (object);

  g_free (self->id);
  G_OBJECT_CLASS (relay_destination_dialog_parent_class)->finalize (object);
}

static void
relay_destination_dialog_class_init (RelayDestinationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_destination_dialog_dispose;
  object_class->finalize = relay_destination_dialog_finalize;

  /**
   * RelayDestinationDialog::saved:
   * @output: the destination's new, idle output
   * @draft: its settings, without the key
   * @masked_key: the key as it may be shown
   */
  signals[SIGNAL_SAVED] = g_signal_new (
      "saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
      RELAY_TYPE_OUTPUT, RELAY_TYPE_DESTINATION_DRAFT | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-destination-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, saved_key_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, stream_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_selected);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
relay_destination_dialog_init (RelayDestinationDialog *self)
{
  guint n_providers;
  const RelayProvider *providers = relay_providers_get_all (&n_providers);
  g_autoptr (GtkStringList) provider_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->stream_names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_providers; i++)
    gtk_string_list_append (provider_names, relay_provider_get_name (&providers[i]));
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (provider_names));
}

/**
 * relay_destination_dialog_new:
 * @item: (nullable): the destination to edit, or %NULL to add one
 * @tls_validation: off only for test servers with self-signed certificates
 */
GtkWidget *
relay_destination_dialog_new (GtkWindow *parent, RelayStudio *studio, RelayDestinationItem *item,
                              gboolean tls_validation)
{
  RelayDestinationDialog *self =
      g_object_new (RELAY_TYPE_DESTINATION_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  const RelayDestinationDraft *draft = item ? relay_destination_item_get_draft (item) : NULL;

  self->studio = g_object_ref (studio);
  self->tls_validation = tls_validation;
  self->editing = draft != NULL;

  if (draft != NULL)
    {
      self->id = g_strdup (draft->id);
      adw_window_title_set_title (self->window_title, _ ("Edit Destination"));
      gtk_button_set_label (self->save_button, _ ("_Save"));
      adw_action_row_set_subtitle (self->saved_key_row,
                                   relay_destination_item_get_masked_key (item));
      relay_destination_dialog_set_provider (self, draft->provider_id);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), draft->label);
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), draft->server_url);
    }
  else
    {
      self->id = g_uuid_string_random ();
      relay_destination_dialog_set_provider (self, NULL);
    }
  fill_streams (self, draft ? draft->stream_name : RELAY_PROGRAM_STREAM_NAME);

  return GTK_WIDGET (self);
}

/* Selects a preset by id; %NULL selects the first. */
void
relay_destination_dialog_set_provider (RelayDestinationDialog *self, const char *provider_id)
{
  guint n_providers;
  const RelayProvider *providers = relay_providers_get_all (&n_providers);
  const RelayProvider *provider = provider_id ? relay_providers_lookup (provider_id) : NULL;
  guint index = provider ? (guint) (provider - providers) : 0;

  g_return_if_fail (RELAY_IS_DESTINATION_DIALOG (self));

  adw_combo_row_set_selected (self->provider_row, index);
  apply_provider (self, &providers[index]);
}
