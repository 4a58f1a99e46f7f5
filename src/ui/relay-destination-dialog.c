/* relay-destination-dialog.c
 *
 * Adds or edits a saved destination. What the user types is checked with the
 * platform's own rules (relay_provider_check_*() and the URL builders of
 * relay-provider.c), and each mistake is shown next to its field. Saving
 * stores the key in the keyring first (RelaySecrets), then the destination in
 * destinations.json (RelayDestinationStore): when the keyring cannot take the
 * key, nothing is saved anywhere. A saved key is never shown again: editing
 * shows it masked, and an empty key field keeps it.
 *
 * A recording has a folder and a container instead of a server and a key;
 * its test checks that the folder can be written to. An SRT receiver has a
 * passphrase and a stream ID, saved together as its key, and a latency,
 * saved in its server URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/outputs/relay-connection-test.h"
#include "core/outputs/relay-file-output.h"
#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "relay-destination-dialog.h"
#include "relay-dialog-size.h"
#include "relay-folder-row.h"
#include "relay-picture-group.h"
#include "relay-provider-factory.h"

struct _RelayDestinationDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *save_button;
  AdwComboRow *provider_row;
  AdwEntryRow *name_row;
  AdwEntryRow *server_row;
  AdwEntryRow *stream_name_row;
  AdwActionRow *saved_key_row;
  AdwPasswordEntryRow *key_row;
  AdwPasswordEntryRow *streamid_row;
  AdwEntryRow *latency_row;
  GtkLabel *key_hint_label;
  GtkLabel *srt_hint_label;
  RelayFolderRow *folder_row;
  AdwComboRow *container_row;
  GtkLabel *container_hint_label;
  GtkLabel *error_label;
  AdwActionRow *test_row;
  GtkButton *test_button;
  GtkSpinner *test_spinner;
  RelayPictureGroup *picture_group;

  RelayDestinationStore *store;
  RelaySecrets *secrets;
  /* NULL when adding */
  RelayDestination *destination;
  gboolean tls_validation;
  /* editing: whether a key is stored (assumed until the keyring answers) */
  gboolean has_saved_key;
  gboolean validate_live;
  const RelayProvider *provider;
  /* NULL once the dialog is closed: nothing is shown any more */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RelayDestinationDialog, relay_destination_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  FIELD_NONE,
  FIELD_NAME,
  FIELD_SERVER,
  FIELD_STREAM_NAME,
  FIELD_KEY,
  FIELD_FOLDER,
  FIELD_LATENCY,
} Field;

/* What the user typed, and where a save or a test has got to. */
typedef struct
{
  RelayDestinationDialog *self;
  const RelayProvider *provider;
  char *id;
  char *name;
  char *server;
  char *stream_name;
  /* empty: keep the saved one; SRT: the passphrase and the stream ID */
  char *key;
  /* SRT: milliseconds, put in the server URL */
  char *latency;
  /* recordings */
  char *folder;
  const RelayRecordingContainer *container;
} Pending;

static void
wipe_and_free (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->id);
  g_free (pending->name);
  g_free (pending->server);
  g_free (pending->stream_name);
  wipe_and_free (pending->key);
  g_free (pending->latency);
  g_free (pending->folder);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gboolean
is_recording (const RelayProvider *provider)
{
  return provider->kind == RELAY_DESTINATION_KIND_RECORDING;
}

static gboolean
is_srt (const RelayProvider *provider)
{
  return provider->kind == RELAY_DESTINATION_KIND_SRT;
}

/* The two password rows as one key: "" when both are empty. */
static char *
collect_srt_key (RelayDestinationDialog *self)
{
  const char *passphrase = editable_text (self->key_row);
  const char *streamid = editable_text (self->streamid_row);
  RelaySrtUrl secrets = {
    .passphrase = *passphrase != '\0' ? (char *) passphrase : NULL,
    .streamid = *streamid != '\0' ? (char *) streamid : NULL,
  };
  char *key = relay_srt_url_dup_secret (&secrets);

  return key ? key : g_strdup ("");
}

/* A checked SRT destination's server, as it is saved and tested. */
static void
take_srt_latency (Pending *pending)
{
  if (is_srt (pending->provider))
    {
      char *server = relay_srt_url_join_latency (pending->server, pending->latency, NULL);

      g_free (pending->server);
      pending->server = server;
    }
}

/* A saved SRT server URL: its latency in its own row. */
static void
show_srt_server (RelayDestinationDialog *self, const char *server)
{
  g_autofree char *latency = NULL;
  g_autofree char *rest = relay_srt_url_split_latency (server, &latency);

  if (rest == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), rest);
  gtk_editable_set_text (GTK_EDITABLE (self->latency_row), latency);
}

static Pending *
collect (RelayDestinationDialog *self)
{
  Pending *pending = g_new0 (Pending, 1);
  guint n_containers;
  const RelayRecordingContainer *containers = relay_file_output_get_containers (&n_containers);

  pending->self = g_object_ref (self);
  pending->provider = self->provider;
  pending->name = g_strstrip (g_strdup (editable_text (self->name_row)));
  /* what other services' fields still hold is not a recording's */
  if (is_recording (self->provider))
    {
      pending->server = g_strdup ("");
      pending->stream_name = g_strdup ("");
      pending->key = g_strdup ("");
    }
  else
    {
      pending->server = g_strstrip (g_strdup (editable_text (self->server_row)));
      pending->stream_name = g_strstrip (g_strdup (editable_text (self->stream_name_row)));
      pending->key = is_srt (self->provider) ? collect_srt_key (self)
                                             : g_strdup (editable_text (self->key_row));
    }
  pending->latency = g_strstrip (g_strdup (editable_text (self->latency_row)));
  pending->folder = g_strdup (relay_folder_row_get_folder (self->folder_row));
  pending->container =
      &containers[MIN (adw_combo_row_get_selected (self->container_row), n_containers - 1)];
  return pending;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The platform's rules, field by field, in the order the fields show. */
static gboolean
check_fields (RelayDestinationDialog *self, const Pending *pending, Field *field, GError **error)
{
  const RelayProvider *provider = pending->provider;
  const char *key = nonempty (pending->key);
  const char *stream_name = nonempty (pending->stream_name);
  gboolean key_kept = key == NULL && self->has_saved_key;

  *field = FIELD_NAME;
  if (*pending->name == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("Enter a name"));
      return FALSE;
    }

  if (is_recording (provider))
    {
      *field = FIELD_FOLDER;
      if (pending->folder != NULL && g_path_is_absolute (pending->folder))
        return TRUE;
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("Choose a folder for the recordings"));
      return FALSE;
    }

  *field = FIELD_SERVER;
  if (!relay_provider_check_server (provider, pending->server, error))
    return FALSE;

  if (is_srt (provider))
    {
      g_autofree char *server = NULL;

      *field = FIELD_LATENCY;
      server = relay_srt_url_join_latency (pending->server, pending->latency, error);
      *field = FIELD_KEY;
      return server != NULL && (key == NULL || relay_provider_check_key (provider, key, error));
    }

  *field = FIELD_STREAM_NAME;
  if (!relay_provider_check_stream_name (provider, stream_name, error))
    return FALSE;

  *field = FIELD_KEY;
  if (key != NULL && !relay_provider_check_key (provider, key, error))
    return FALSE;

  if (provider->kind == RELAY_DESTINATION_KIND_RTMP)
    {
      g_autoptr (RelayRtmpUrl) url = NULL;

      /* what is left to check is that a key or a stream name ends the URL */
      if (key_kept)
        return TRUE;
      url = relay_provider_build_rtmp_url (provider, pending->server, stream_name, key, error);
      return url != NULL;
    }

  if (!key_kept || provider->key_use != RELAY_KEY_USE_URL)
    {
      g_autofree char *url =
          relay_provider_build_whip_url (provider, pending->server, stream_name, key, error);

      if (url == NULL)
        {
          *field = provider->key_use == RELAY_KEY_USE_URL ? FIELD_KEY : FIELD_STREAM_NAME;
          return FALSE;
        }
    }
  if (provider->key_required && key == NULL && !key_kept)
    return relay_provider_check_key (provider, "", error);
  return TRUE;
}

static GtkWidget *
field_row (RelayDestinationDialog *self, Field field)
{
  switch (field)
    {
      case FIELD_NAME:
        return GTK_WIDGET (self->name_row);
      case FIELD_SERVER:
        return GTK_WIDGET (self->server_row);
      case FIELD_STREAM_NAME:
        return GTK_WIDGET (self->stream_name_row);
      case FIELD_KEY:
        return GTK_WIDGET (self->key_row);
      case FIELD_FOLDER:
        return GTK_WIDGET (self->folder_row);
      case FIELD_LATENCY:
        return GTK_WIDGET (self->latency_row);
      case FIELD_NONE:
      default:
        return NULL;
    }
}

static void
clear_errors (RelayDestinationDialog *self)
{
  for (Field field = FIELD_NAME; field <= FIELD_LATENCY; field++)
    gtk_widget_remove_css_class (field_row (self, field), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
show_error (RelayDestinationDialog *self, Field field, const char *message)
{
  GtkWidget *row = field_row (self, field);
  g_autofree char *shown = relay_mask_redact (message);

  clear_errors (self);
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (self->error_label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* Shows the first mistake, if any. */
static gboolean
validate (RelayDestinationDialog *self, const Pending *pending)
{
  g_autoptr (GError) error = NULL;
  Field field;

  if (!check_fields (self, pending, &field, &error))
    {
      show_error (self, field, error->message);
      return FALSE;
    }
  clear_errors (self);
  return TRUE;
}

static void
set_busy (RelayDestinationDialog *self, gboolean busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy);
  gtk_spinner_set_spinning (self->test_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), busy);
}

/* Saving */

static void
on_destination_put (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  RelayDestinationDialog *self = pending->self;
  g_autoptr (GError) error = NULL;
  gboolean key_failed = FALSE;

  if (!relay_destination_store_put_finish (self->store, result, &key_failed, &error))
    {
      if (self->cancellable != NULL)
        {
          set_busy (self, FALSE);
          show_error (self, key_failed ? FIELD_KEY : FIELD_NONE, error->message);
        }
      return;
    }

  g_debug ("destination %s saved", pending->id);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0,
                 relay_destination_store_lookup (self->store, pending->id));
  if (self->cancellable != NULL)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_clicked (RelayDestinationDialog *self)
{
  Pending *pending = collect (self);
  const RelayProvider *provider;
  g_autoptr (RelayDestination) destination = NULL;
  const char *server;

  self->validate_live = TRUE;
  if (!validate (self, pending))
    {
      pending_free (pending);
      return;
    }

  take_srt_latency (pending);
  provider = pending->provider;
  if (self->destination != NULL)
    destination = g_object_ref (self->destination);
  else
    {
      g_autofree char *id = relay_destination_store_make_id (self->store, provider->id);

      destination = relay_destination_new (id, provider->id, provider->kind);
    }
  pending->id = g_strdup (relay_destination_get_id (destination));

  /* The platform's default server is not saved, so a corrected ingest reaches it. */
  server = nonempty (pending->server);
  if (g_strcmp0 (server, provider->default_server) == 0)
    server = NULL;
  g_object_set (destination, "name", pending->name, "provider", provider->id, "kind",
                provider->kind, "server-url", server, "stream-name",
                nonempty (pending->stream_name), NULL);
  if (is_recording (provider))
    {
      g_autofree char *videos = relay_file_output_get_recordings_folder ();

      /* like a platform's server: the videos folder is not saved, so the
       * recordings follow it if it moves */
      g_object_set (destination, "folder",
                    g_strcmp0 (pending->folder, videos) == 0 ? NULL : pending->folder, "container",
                    pending->container->id, NULL);
    }
  relay_picture_group_apply (self->picture_group, destination);

  set_busy (self, TRUE);
  /* not cancelled with the dialog: the key may be in the keyring already */
  relay_destination_store_put_async (self->store, destination, pending->key, self->secrets,
                                     on_destination_put, pending);
}

/* Testing */

static char *
build_url (const Pending *pending, const char *key, GError **error)
{
  const RelayProvider *provider = pending->provider;
  const char *stream_name = nonempty (pending->stream_name);

  /* the connection test checks the folder of the file a URI names */
  if (is_recording (provider))
    {
      g_autofree char *name = g_strconcat ("relaycast", pending->container->extension, NULL);
      g_autofree char *path = g_build_filename (pending->folder, name, NULL);

      return g_filename_to_uri (path, NULL, error);
    }
  if (provider->kind == RELAY_DESTINATION_KIND_RTMP)
    {
      g_autoptr (RelayRtmpUrl) url =
          relay_provider_build_rtmp_url (provider, pending->server, stream_name, key, error);

      return url ? relay_rtmp_url_to_string (url) : NULL;
    }
  if (is_srt (provider))
    {
      g_autoptr (RelaySrtUrl) url =
          relay_provider_build_srt_url (provider, pending->server, key, error);

      return url ? relay_srt_url_to_string (url) : NULL;
    }
  return relay_provider_build_whip_url (provider, pending->server, stream_name, key, error);
}

static void
show_test_result (RelayDestinationDialog *self, const char *reached, const GError *error)
{
  g_autofree char *shown = reached ? g_strdup (reached) : relay_mask_redact (error->message);

  set_busy (self, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), reached ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_row), reached ? "success" : "error");
  adw_action_row_set_subtitle (self->test_row, shown);
}

static void
on_tested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Pending) pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *reached = relay_connection_test_finish (result, &error);

  if (pending->self->cancellable != NULL)
    show_test_result (pending->self, reached, error);
}

static void
test_with_key (Pending *pending, const char *key)
{
  RelayDestinationDialog *self = pending->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  /* before anything can show it */
  relay_mask_register_secret (key);
  url = build_url (pending, key, &error);

  if (url == NULL)
    {
      show_test_result (self, NULL, error);
      pending_free (pending);
      return;
    }

  relay_connection_test_async (url, pending->provider->key_use == RELAY_KEY_USE_BEARER ? key : NULL,
                               self->tls_validation, self->cancellable, on_tested, pending);
  memset (url, 0, strlen (url));
}

static void
on_key_for_test (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  char *key = relay_secrets_lookup_finish (RELAY_SECRETS (source), result, &error);

  if (pending->self->cancellable == NULL)
    pending_free (pending);
  else if (error != NULL)
    {
      show_test_result (pending->self, NULL, error);
      pending_free (pending);
    }
  else
    test_with_key (pending, key);
  wipe_and_free (key);
}

static void
on_test_clicked (RelayDestinationDialog *self)
{
  Pending *pending = collect (self);

  self->validate_live = TRUE;
  if (!validate (self, pending))
    {
      pending_free (pending);
      return;
    }

  take_srt_latency (pending);
  set_busy (self, TRUE);
  adw_action_row_set_subtitle (
      self->test_row, is_recording (pending->provider) ? _ ("Checking…") : _ ("Connecting…"));
  if (*pending->key == '\0' && self->destination != NULL
      && pending->provider->key_use != RELAY_KEY_USE_NONE)
    relay_secrets_lookup_async (self->secrets, relay_destination_get_id (self->destination),
                                self->cancellable, on_key_for_test, pending);
  else
    test_with_key (pending, nonempty (pending->key));
}

/* After a first attempt, mistakes are shown (and cleared) as the user types. */
static void
on_field_changed (RelayDestinationDialog *self)
{
  adw_action_row_set_subtitle (self->test_row, is_recording (self->provider)
                                                   ? _ ("Checks that the folder can be written to")
                                                   : _ ("Reaches the server without going live"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");

  if (self->validate_live)
    {
      g_autoptr (Pending) pending = collect (self);

      validate (self, pending);
    }
}

/* The saved key, masked */

static void
on_saved_key_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayDestinationDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  char *key = relay_secrets_lookup_finish (RELAY_SECRETS (source), result, &error);

  if (self->cancellable != NULL)
    {
      g_autofree char *shown = NULL;

      if (error != NULL)
        shown = relay_mask_redact (error->message);
      else if (key == NULL)
        shown = g_strdup (_ ("No key is saved"));
      else
        shown = relay_provider_mask_key (relay_destination_get_preset (self->destination), key);

      self->has_saved_key = key != NULL;
      adw_action_row_set_subtitle (self->saved_key_row, shown);
      on_field_changed (self);
    }
  wipe_and_free (key);
}

/* Presets */

static void
apply_provider (RelayDestinationDialog *self, const RelayProvider *provider)
{
  const RelayProvider *previous = self->provider;
  const char *server = editable_text (self->server_row);
  const char *name = editable_text (self->name_row);
  gboolean editing = self->destination != NULL;
  gboolean recording = is_recording (provider);
  gboolean has_stream_name =
      provider->kind == RELAY_DESTINATION_KIND_RTMP
          ? !provider->key_required
          : provider->url_template != NULL && strstr (provider->url_template, "{stream}") != NULL;
  const char *key_title;

  self->provider = provider;

  /* Preset values follow the provider until the user types their own. */
  if (!editing)
    relay_picture_group_set_size (self->picture_group, provider->default_video_width,
                                  provider->default_video_height);
  if (*server == '\0' || (previous != NULL && g_strcmp0 (server, previous->default_server) == 0))
    gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                           provider->default_server ? provider->default_server : "");
  if (*name == '\0'
      || (previous != NULL && g_str_equal (name, relay_provider_get_display_name (previous))))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                           relay_provider_get_display_name (provider));

  switch (provider->key_use)
    {
      case RELAY_KEY_USE_BEARER:
        key_title = editing ? _ ("New Bearer Token") : _ ("Bearer Token");
        break;
      case RELAY_KEY_USE_URL:
        key_title = editing ? _ ("New WHIP URL") : _ ("WHIP URL");
        break;
      case RELAY_KEY_USE_SRT_OPTIONS:
        key_title = editing ? _ ("New Passphrase") : _ ("Passphrase");
        break;
      case RELAY_KEY_USE_STREAM_NAME:
      default:
        key_title = editing ? _ ("New Stream Key") : _ ("Stream Key");
        break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), key_title);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row),
                          !recording && provider->key_use != RELAY_KEY_USE_URL);
  gtk_widget_set_visible (GTK_WIDGET (self->stream_name_row), has_stream_name);
  /* both fields fill the same place in an RTMP URL: which one wins is said */
  gtk_widget_set_visible (GTK_WIDGET (self->key_hint_label),
                          has_stream_name && provider->kind == RELAY_DESTINATION_KIND_RTMP);
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), !recording);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->streamid_row),
                                 editing ? _ ("New Stream ID") : _ ("Stream ID"));
  gtk_widget_set_visible (GTK_WIDGET (self->streamid_row), is_srt (provider));
  gtk_widget_set_visible (GTK_WIDGET (self->latency_row), is_srt (provider));
  gtk_widget_set_visible (GTK_WIDGET (self->srt_hint_label), is_srt (provider));
  if (is_srt (provider) && *editable_text (self->latency_row) == '\0')
    {
      g_autofree char *latency = g_strdup_printf ("%u", RELAY_SRT_DEFAULT_LATENCY_MS);

      gtk_editable_set_text (GTK_EDITABLE (self->latency_row), latency);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->saved_key_row), editing && !recording);
  gtk_widget_set_visible (GTK_WIDGET (self->folder_row), recording);
  gtk_widget_set_visible (GTK_WIDGET (self->container_row), recording);
  gtk_widget_set_visible (GTK_WIDGET (self->container_hint_label), recording);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->test_row),
                                 recording ? _ ("Folder Test") : _ ("Connection Test"));
  if (recording && relay_folder_row_get_folder (self->folder_row) == NULL)
    {
      g_autofree char *videos = relay_file_output_get_recordings_folder ();

      relay_folder_row_set_folder (self->folder_row, videos);
    }

  on_field_changed (self);
}

static void
on_provider_selected (RelayDestinationDialog *self)
{
  guint n_providers;
  const RelayProvider *providers = relay_provider_get_all (&n_providers);
  guint selected = adw_combo_row_get_selected (self->provider_row);

  if (selected < n_providers && &providers[selected] != self->provider)
    apply_provider (self, &providers[selected]);
}

/* GObject */

static void
relay_destination_dialog_dispose (GObject *object)
{
  RelayDestinationDialog *self = RELAY_DESTINATION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_DESTINATION_DIALOG);
  G_OBJECT_CLASS (relay_destination_dialog_parent_class)->dispose (object);
}

/* A save under way keeps the dialog, and what it saves to, alive. */
static void
relay_destination_dialog_finalize (GObject *object)
{
  RelayDestinationDialog *self = RELAY_DESTINATION_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->destination);
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
   * @destination: the saved destination, as the store holds it
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, RELAY_TYPE_DESTINATION);

  g_type_ensure (RELAY_TYPE_FOLDER_ROW);
  g_type_ensure (RELAY_TYPE_PICTURE_GROUP);
  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-destination-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, stream_name_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, saved_key_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, streamid_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, latency_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, key_hint_label);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, srt_hint_label);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, container_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, container_hint_label);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_row);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, RelayDestinationDialog, picture_group);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_provider_selected);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
relay_destination_dialog_init (RelayDestinationDialog *self)
{
  guint n_providers, n_containers;
  const RelayProvider *providers = relay_provider_get_all (&n_providers);
  const RelayRecordingContainer *containers = relay_file_output_get_containers (&n_containers);
  g_autoptr (GtkStringList) provider_names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) container_names = gtk_string_list_new (NULL);
  g_autoptr (GtkListItemFactory) row_factory = NULL;
  g_autoptr (GtkListItemFactory) list_factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  relay_dialog_fit_content (GTK_WINDOW (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < n_providers; i++)
    {
      g_autoptr (GObject) name = NULL;

      gtk_string_list_append (provider_names, relay_provider_get_display_name (&providers[i]));
      name = g_list_model_get_item (G_LIST_MODEL (provider_names), i);
      g_object_set_data (name, "provider", (gpointer) &providers[i]);
    }
  row_factory = relay_provider_factory_new (NULL);
  list_factory = relay_provider_factory_new (self->provider_row);
  adw_combo_row_set_factory (self->provider_row, row_factory);
  adw_combo_row_set_list_factory (self->provider_row, list_factory);
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (provider_names));

  for (guint i = 0; i < n_containers; i++)
    gtk_string_list_append (container_names, containers[i].display_name);
  adw_combo_row_set_model (self->container_row, G_LIST_MODEL (container_names));
}

/* A saved recording's folder (the videos folder when none is saved) and container. */
static void
set_recording (RelayDestinationDialog *self, RelayDestination *destination)
{
  guint n_containers;
  const RelayRecordingContainer *containers = relay_file_output_get_containers (&n_containers);
  const RelayRecordingContainer *container =
      relay_file_output_lookup_container (relay_destination_get_container (destination));
  g_autofree char *videos = relay_file_output_get_recordings_folder ();
  const char *folder = relay_destination_get_folder (destination);

  relay_folder_row_set_folder (self->folder_row, folder ? folder : videos);
  if (container != NULL)
    adw_combo_row_set_selected (self->container_row, (guint) (container - containers));
}

/**
 * relay_destination_dialog_new:
 * @scenes: (nullable) (element-type RelayScene): the saved scenes a destination may show
 * @destination: (nullable): the saved destination to edit, or %NULL to add one
 * @tls_validation: off only for test servers with self-signed certificates
 */
GtkWidget *
relay_destination_dialog_new (GtkWindow *parent, RelayDestinationStore *store,
                              RelaySecrets *secrets, GListModel *scenes,
                              RelayDestination *destination, gboolean tls_validation)
{
  RelayDestinationDialog *self =
      g_object_new (RELAY_TYPE_DESTINATION_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  const RelayProvider *provider = NULL;

  self->store = g_object_ref (store);
  self->secrets = g_object_ref (secrets);
  self->tls_validation = tls_validation;
  relay_picture_group_set_scenes (self->picture_group, scenes);

  if (destination != NULL)
    {
      self->destination = g_object_ref (destination);
      self->has_saved_key = TRUE;
      adw_window_title_set_title (self->window_title, _ ("Edit Destination"));
      gtk_button_set_label (self->save_button, _ ("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                             relay_destination_get_name (destination));
      gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                             nonempty (relay_destination_get_server_url (destination))
                                 ? relay_destination_get_server_url (destination)
                                 : "");
      gtk_editable_set_text (GTK_EDITABLE (self->stream_name_row),
                             nonempty (relay_destination_get_stream_name (destination))
                                 ? relay_destination_get_stream_name (destination)
                                 : "");
      provider = relay_destination_get_preset (destination);
      relay_picture_group_load (self->picture_group, destination);
      if (provider != NULL && is_srt (provider))
        show_srt_server (self, relay_destination_get_server_url (destination));
      if (provider != NULL && is_recording (provider))
        set_recording (self, destination);
      else
        {
          adw_action_row_set_subtitle (self->saved_key_row, "…");
          relay_secrets_lookup_async (secrets, relay_destination_get_id (destination),
                                      self->cancellable, on_saved_key_looked_up,
                                      g_object_ref (self));
        }
    }

  relay_destination_dialog_set_provider (self, provider);
  return GTK_WIDGET (self);
}

/* Selects a preset; %NULL selects the first. */
void
relay_destination_dialog_set_provider (RelayDestinationDialog *self, const RelayProvider *provider)
{
  guint n_providers;
  const RelayProvider *providers = relay_provider_get_all (&n_providers);

  g_return_if_fail (RELAY_IS_DESTINATION_DIALOG (self));
  g_return_if_fail (provider == NULL
                    || (provider >= providers && provider < providers + n_providers));

  if (provider == NULL)
    provider = providers;
  adw_combo_row_set_selected (self->provider_row, (guint) (provider - providers));
  if (self->provider != provider)
    apply_provider (self, provider);
}
