/* relay-preferences-window.c
 *
 * Every control is bound to a GSettings key; the application applies the
 * keys (relay_studio_set_encoding_defaults(), the REST server) when they
 * change, so this window only edits them. The REST API's token comes from
 * relay_integration_api_token_async(), is shown masked until revealed, and
 * is never stored here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>

#include "core/media/relay-profile.h"
#include "core/relay-mask.h"
#include "relay-dialog-size.h"
#include "relay-integration.h"
#include "relay-preferences-window.h"

struct _RelayPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow *video_size_row;
  GtkAdjustment *framerate_adjustment;
  GtkAdjustment *video_bitrate_adjustment;
  AdwActionRow *video_bitrate_row;
  GtkAdjustment *keyframe_adjustment;
  AdwComboRow *h264_profile_row;
  GtkAdjustment *aac_bitrate_adjustment;
  GtkAdjustment *opus_bitrate_adjustment;
  GtkAdjustment *attempts_adjustment;
  GtkAdjustment *retry_delay_adjustment;
  GtkSwitch *api_switch;
  AdwEntryRow *api_address_row;
  GtkAdjustment *api_port_adjustment;
  AdwActionRow *api_token_row;
  GtkToggleButton *reveal_token_button;
  GtkButton *copy_token_button;
  GtkButton *regenerate_token_button;
  GtkLabel *api_status_label;

  GSettings *settings;
  GObject *api_status_source;
  char *token;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RelayPreferencesWindow, relay_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const video_sizes[] = { "640x360",   "854x480",   "1280x720",
                                           "1920x1080", "2560x1440", NULL };
static const char *const h264_profiles[] = { "default", "constrained-baseline", "main", "high",
                                             NULL };

/* What bitrate suits the chosen size and rate, and whether the one set does */
static void
update_bitrate_guidance (RelayPreferencesWindow *self)
{
  g_autofree char *size = g_settings_get_string (self->settings, "video-size");
  guint fps = g_settings_get_uint (self->settings, "framerate");
  guint bitrate = g_settings_get_uint (self->settings, "video-bitrate");
  guint width = 0, height = 0, low, high;
  g_autofree char *text = NULL;

  if (sscanf (size, "%ux%u", &width, &height) != 2)
    return;
  relay_video_recommended_bitrate (width, height, fps, &low, &high);
  if (bitrate < low)
    text = g_strdup_printf (_ ("%u kb/s is low for %u × %u at %u fps: %u–%u kb/s suit it"), bitrate,
                            width, height, fps, low, high);
  else if (bitrate > high)
    text = g_strdup_printf (_ ("%u kb/s is more than %u × %u at %u fps needs: %u–%u kb/s suit it"),
                            bitrate, width, height, fps, low, high);
  else
    text = g_strdup_printf (_ ("Kilobits per second: %u–%u suit %u × %u at %u fps"), low, high,
                            width, height, fps);
  adw_action_row_set_subtitle (self->video_bitrate_row, text);
  if (bitrate < low || bitrate > high)
    gtk_widget_add_css_class (GTK_WIDGET (self->video_bitrate_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->video_bitrate_row), "warning");
}

static gboolean
choice_to_index (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], choice))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
index_to_choice (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[index]);
}

static void
bind_choice (RelayPreferencesWindow *self, const char *key, AdwComboRow *row,
             const char *const *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_index, index_to_choice, (gpointer) choices, NULL);
}

static void
bind_number (RelayPreferencesWindow *self, const char *key, GtkAdjustment *adjustment)
{
  g_settings_bind (self->settings, key, adjustment, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
show_token (RelayPreferencesWindow *self)
{
  gboolean have_token = self->token != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_token_button), have_token);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_token_button), have_token);
  if (!have_token)
    return;

  if (gtk_toggle_button_get_active (self->reveal_token_button))
    {
      adw_action_row_set_subtitle (self->api_token_row, self->token);
    }
  else
    {
      g_autofree char *masked = relay_mask_secret (self->token);

      adw_action_row_set_subtitle (self->api_token_row, masked);
    }
}

static void
on_token (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayPreferencesWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *token = relay_integration_api_token_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->token, g_free);
  if (token == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->regenerate_token_button), FALSE);
      adw_action_row_set_subtitle (self->api_token_row, error->message);
    }
  else
    {
      relay_mask_register_secret (token);
      self->token = g_steal_pointer (&token);
    }
  show_token (self);
}

static void
load_token (RelayPreferencesWindow *self, gboolean regenerate)
{
  relay_integration_api_token_async (regenerate, self->cancellable, on_token, self);
}

static void
on_reveal_toggled (RelayPreferencesWindow *self)
{
  show_token (self);
}

static void
on_copy_token (RelayPreferencesWindow *self)
{
  if (self->token == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->token);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("Token copied")));
}

static void
on_regenerate_response (AdwMessageDialog *dialog, const char *response,
                        RelayPreferencesWindow *self)
{
  if (g_strcmp0 (response, "regenerate") == 0)
    load_token (self, TRUE);
}

static void
on_regenerate_token (RelayPreferencesWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (
      GTK_WINDOW (self), _ ("Regenerate the Token?"),
      _ ("Programs that use the current token lose access until they are given the new one."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                    "regenerate", _ ("_Regenerate"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "regenerate",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_regenerate_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_api_status (RelayPreferencesWindow *self)
{
  g_autofree char *status = NULL;

  g_object_get (self->api_status_source, "api-error", &status, NULL);
  gtk_label_set_label (self->api_status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->api_status_label), status != NULL);
}

static void
relay_preferences_window_dispose (GObject *object)
{
  RelayPreferencesWindow *self = RELAY_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->api_status_source != NULL)
    g_signal_handlers_disconnect_by_data (self->api_status_source, self);
  g_clear_object (&self->api_status_source);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (relay_preferences_window_parent_class)->dispose (object);
}

static void
relay_preferences_window_finalize (GObject *object)
{
  RelayPreferencesWindow *self = RELAY_PREFERENCES_WINDOW (object);

  g_free (self->token);
  G_OBJECT_CLASS (relay_preferences_window_parent_class)->finalize (object);
}

static void
relay_preferences_window_class_init (RelayPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_preferences_window_dispose;
  object_class->finalize = relay_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-preferences-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RelayPreferencesWindow, name)
  BIND (video_size_row);
  BIND (framerate_adjustment);
  BIND (video_bitrate_adjustment);
  BIND (video_bitrate_row);
  BIND (keyframe_adjustment);
  BIND (h264_profile_row);
  BIND (aac_bitrate_adjustment);
  BIND (opus_bitrate_adjustment);
  BIND (attempts_adjustment);
  BIND (retry_delay_adjustment);
  BIND (api_switch);
  BIND (api_address_row);
  BIND (api_port_adjustment);
  BIND (api_token_row);
  BIND (reveal_token_button);
  BIND (copy_token_button);
  BIND (regenerate_token_button);
  BIND (api_status_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_token);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_token);
}

static void
relay_preferences_window_init (RelayPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  relay_dialog_fit_content (GTK_WINDOW (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * relay_preferences_window_new:
 * @api_status_source: an object whose "api-error" string property says why
 *   the REST API does not run, or is %NULL when all is well
 */
GtkWidget *
relay_preferences_window_new (GtkWindow *parent, GSettings *settings, GObject *api_status_source)
{
  RelayPreferencesWindow *self =
      g_object_new (RELAY_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  self->settings = g_object_ref (settings);
  self->api_status_source = g_object_ref (api_status_source);

  bind_choice (self, "video-size", self->video_size_row, video_sizes);
  bind_number (self, "framerate", self->framerate_adjustment);
  bind_number (self, "video-bitrate", self->video_bitrate_adjustment);
  bind_number (self, "keyframe-interval", self->keyframe_adjustment);
  bind_choice (self, "h264-profile", self->h264_profile_row, h264_profiles);
  bind_number (self, "aac-bitrate", self->aac_bitrate_adjustment);
  bind_number (self, "opus-bitrate", self->opus_bitrate_adjustment);
  bind_number (self, "retry-attempts", self->attempts_adjustment);
  bind_number (self, "retry-delay", self->retry_delay_adjustment);
  g_settings_bind (settings, "api-enabled", self->api_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "api-address", self->api_address_row, "text", G_SETTINGS_BIND_DEFAULT);
  bind_number (self, "api-port", self->api_port_adjustment);

  g_signal_connect_object (settings, "changed::video-size", G_CALLBACK (update_bitrate_guidance),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::framerate", G_CALLBACK (update_bitrate_guidance),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::video-bitrate", G_CALLBACK (update_bitrate_guidance),
                           self, G_CONNECT_SWAPPED);
  update_bitrate_guidance (self);
  g_signal_connect_swapped (api_status_source, "notify::api-error", G_CALLBACK (on_api_status),
                            self);
  on_api_status (self);
  load_token (self, FALSE);

  return GTK_WIDGET (self);
}
