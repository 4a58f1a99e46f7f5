/* relay-application.c
 *
 * The application owns the studio for as long as it runs and applies the
 * preferences to it: the program format when it starts, the encoding
 * defaults (relay_studio_set_encoding_defaults()) and the REST API whenever
 * they change. It also owns the saved destinations (loaded when it starts)
 * and the keyring they take their keys from, and the saved scenes with the
 * director that puts them on air (made once they are loaded, saved at quit).
 * Command-line options apply on
 * top: --source picks the program source, each --output becomes a
 * destination for this run (with --token-file's token, --ice-server's servers,
 * --attempts and --retry-delay), each --destination is switched on,
 * --video-bitrate overrides the preference for this run, --key-file replaces
 * the keyring, and --duration ends the broadcast that long after Go Live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "core/media/relay-profile.h"
#include "core/relay-stop-guard.h"
#include "relay-application.h"
#include "relay-integration.h"
#include "relay-preferences-window.h"
#include "relay-window.h"

#define SHUTDOWN_TIMEOUT_MS 10000

struct _RelayApplication
{
  AdwApplication parent_instance;

  RelayRunOptions options;
  GSettings *settings;
  RelayStudio *studio;
  RelayBroadcast *broadcast;
  RelayDestinationStore *destination_store;
  RelaySecrets *secrets;
  RelaySceneStore *scene_store;
  /* NULL until the saved scenes are loaded */
  RelayDirector *director;
  /* why the saved scenes could not be loaded */
  char *scenes_error;
  gboolean destinations_loaded;
  /* why the saved destinations could not be loaded */
  char *destinations_error;
  char *api_error;
  guint duration_id;
  guint signal_ids[2];
};

G_DEFINE_FINAL_TYPE (RelayApplication, relay_application, ADW_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_API_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  RelayH264Profile profile;
} h264_profiles[] = {
  { "constrained-baseline", RELAY_H264_PROFILE_CONSTRAINED_BASELINE },
  { "main", RELAY_H264_PROFILE_MAIN },
  { "high", RELAY_H264_PROFILE_HIGH },
};

gboolean
relay_application_can_open_display (void)
{
  return gtk_init_check ();
}

/* The window keeps its preferences in GSettings, whose schema only an install
 * (or meson devenv) provides; GLib would abort without it. */
gboolean
relay_application_check_installed (GError **error)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _ ("the settings schema %s is not installed: start Relaycast with "
                  "tools/quickstart.sh, or from a build folder with “meson devenv -C build "
                  "relaycast”, or add --headless"),
               APP_ID);
  return FALSE;
}

static void
read_video_size (GSettings *settings, guint *width, guint *height)
{
  g_autofree char *size = g_settings_get_string (settings, "video-size");

  if (sscanf (size, "%ux%u", width, height) != 2)
    {
      *width = RELAY_PROGRAM_FORMAT_DEFAULT.width;
      *height = RELAY_PROGRAM_FORMAT_DEFAULT.height;
    }
}

static void
apply_encoding (RelayApplication *self)
{
  RelayEncodingDefaults defaults;
  g_autofree char *profile = g_settings_get_string (self->settings, "h264-profile");

  relay_encoding_defaults_init (&defaults, relay_studio_get_format (self->studio));
  read_video_size (self->settings, &defaults.video.width, &defaults.video.height);
  defaults.video.bitrate_kbps = self->options.video_bitrate_kbps > 0
                                    ? (guint) self->options.video_bitrate_kbps
                                    : g_settings_get_uint (self->settings, "video-bitrate");
  defaults.video.keyframe_interval_s = g_settings_get_uint (self->settings, "keyframe-interval");
  for (guint i = 0; i < G_N_ELEMENTS (h264_profiles); i++)
    {
      if (g_str_equal (profile, h264_profiles[i].name))
        defaults.video.h264_profile = h264_profiles[i].profile;
    }
  defaults.aac_bitrate_kbps = g_settings_get_uint (self->settings, "aac-bitrate");
  defaults.opus_bitrate_kbps = g_settings_get_uint (self->settings, "opus-bitrate");

  relay_studio_set_encoding_defaults (self->studio, &defaults);
}

static gboolean
switch_api_off (gpointer user_data)
{
  RelayApplication *self = user_data;

  g_settings_set_boolean (self->settings, "api-enabled", FALSE);
  return G_SOURCE_REMOVE;
}

/* The API could not start (its port taken, say): the switch turns itself off
 * (once the switch that turned it on is done) and the reason stays shown until
 * the API is switched on again. */
static void
on_api_failed (const GError *error, gpointer user_data)
{
  RelayApplication *self = user_data;

  g_free (self->api_error);
  self->api_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_ERROR]);
  g_idle_add_full (G_PRIORITY_DEFAULT, switch_api_off, g_object_ref (self), g_object_unref);
}

static void
apply_api (RelayApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *address = g_settings_get_string (self->settings, "api-address");
  gboolean enabled = g_settings_get_boolean (self->settings, "api-enabled");

  /* a reason the API stopped stays until it is switched on again */
  if (enabled)
    g_clear_pointer (&self->api_error, g_free);
  if (!relay_integration_api_configure (self->broadcast, enabled, address,
                                        g_settings_get_uint (self->settings, "api-port"),
                                        on_api_failed, self, &error))
    {
      on_api_failed (error, self);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_ERROR]);
}

static void set_run_options (RelayApplication *self);
static RelayWindow *get_window (RelayApplication *self);

/* The picture's size and frame rate: at once between broadcasts, else when
 * the broadcast ends, which the window says. */
static void
apply_video_format (RelayApplication *self)
{
  RelayProgramFormat format = *relay_studio_get_format (self->studio);
  g_autoptr (GError) error = NULL;
  RelayWindow *window;

  read_video_size (self->settings, &format.width, &format.height);
  format.fps = g_settings_get_uint (self->settings, "framerate");
  if (relay_studio_set_video_format (self->studio, &format, &error))
    return;
  if ((window = get_window (self)) != NULL)
    relay_window_show_toast (window, error->message);
  else
    g_message ("%s", error->message);
}

static void
on_settings_changed (GSettings *settings, const char *key, RelayApplication *self)
{
  if (g_str_equal (key, "video-size") || g_str_equal (key, "framerate"))
    apply_video_format (self);
  if (g_str_has_prefix (key, "api-"))
    apply_api (self);
  else if (g_str_has_prefix (key, "retry-"))
    set_run_options (self);
  else if (!g_str_has_prefix (key, "window-") && !g_str_has_prefix (key, "program-"))
    apply_encoding (self);
}

static RelayWindow *
get_window (RelayApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return RELAY_IS_WINDOW (window) ? RELAY_WINDOW (window) : NULL;
}

/* Once the window shows the saved destinations: each --destination is
 * switched on, so that Go Live starts it with the rest. */
static void
destinations_ready (RelayApplication *self, RelayWindow *window)
{
  relay_window_destinations_loaded (window, self->destinations_error);

  for (guint i = 0; self->options.destinations != NULL && self->options.destinations[i] != NULL;
       i++)
    {
      const char *id = self->options.destinations[i];
      g_autoptr (RelayDestinationItem) item = relay_window_lookup_destination (window, id);

      if (item != NULL && relay_destination_item_get_kind (item) == RELAY_DESTINATION_ITEM_SAVED)
        relay_destination_item_set_enabled (item, TRUE);
      else
        {
          g_autofree char *message = g_strdup_printf (
              _ ("No saved destination “%s”: “relaycast destination list” shows them"), id);

          relay_window_show_toast (window, message);
        }
    }
}

/* Ends the broadcast and quits; shutdown finalises the recordings. */
static void
end_and_quit (RelayApplication *self)
{
  RelayWindow *window = get_window (self);

  if (window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  g_application_quit (G_APPLICATION (self));
}

/* --duration: the broadcast ends that long after Go Live, and Relaycast quits. */
static gboolean
on_duration_elapsed (gpointer user_data)
{
  RelayApplication *self = user_data;

  self->duration_id = 0;
  end_and_quit (self);
  return G_SOURCE_REMOVE;
}

/* Ctrl+C in the terminal it was started from stops it as cleanly as the
 * window's Quit, and a second one at once. */
static gboolean
on_quit_signal (gpointer user_data)
{
  relay_stop_guard_arm ();
  end_and_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_live_changed (RelayWindow *window, GParamSpec *pspec, RelayApplication *self)
{
  g_clear_handle_id (&self->duration_id, g_source_remove);
  if (self->options.duration_s > 0 && relay_window_get_live (window))
    self->duration_id =
        g_timeout_add ((guint) self->options.duration_s * 1000, on_duration_elapsed, self);
}

static void
on_destinations_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  RelayWindow *window;

  /* Relaycast goes on without them; the window says why. */
  if (!relay_destination_store_load_finish (RELAY_DESTINATION_STORE (source), result, &error))
    {
      g_message ("%s", error->message);
      self->destinations_error = g_strdup (error->message);
    }
  self->destinations_loaded = TRUE;
  if ((window = get_window (self)) != NULL)
    destinations_ready (self, window);
}

/* The director is made from what was loaded, even from nothing (a damaged
 * file was moved aside): a program with no scene on air shows its source. */
static void
on_scenes_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  RelayWindow *window;

  if (!relay_scene_store_load_finish (self->scene_store, result, &error))
    {
      g_message ("%s", error->message);
      self->scenes_error = g_strdup (error->message);
    }
  /* shut down before the scenes came */
  if (self->studio == NULL)
    return;
  self->director = relay_director_new (self->studio, self->scene_store);
  relay_broadcast_set_director (self->broadcast, self->director);
  if ((window = get_window (self)) != NULL)
    relay_window_scenes_loaded (window, self->director, self->scenes_error);
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayWindow *window = get_window (user_data);

  /* Closing asks first when live; the studio stops cleanly in shutdown. */
  if (window != NULL)
    gtk_window_close (GTK_WINDOW (window));
  else
    g_application_quit (user_data);
}

static void
preferences_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RelayApplication *self = user_data;
  GtkWidget *preferences = relay_preferences_window_new (GTK_WINDOW (get_window (self)),
                                                         self->settings, G_OBJECT (self));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource ("/io/github/relaycast/Relaycast/ui/relay-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (get_window (user_data)));
  gtk_window_present (shortcuts);
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  const char *developers[] = { _ ("The Relaycast developers"), NULL };
  GtkWidget *about = g_object_new (
      ADW_TYPE_ABOUT_WINDOW, "transient-for", get_window (user_data), "application-name",
      "Relaycast", "application-icon", APP_ID, "version", PACKAGE_VERSION, "developer-name",
      _ ("The Relaycast developers"), "developers", developers, "comments",
      _ ("Go live on several platforms at once"), "website",
      "https://github.com/relaycast/relaycast", "issue-url",
      "https://github.com/relaycast/relaycast/issues", "license-type", GTK_LICENSE_GPL_3_0,
      /* Translators: your names, one per line */
      "translator-credits", _ ("translator-credits"), NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "shortcuts", shortcuts_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
};

/* What the command line asks of every output this run makes. */
static void
set_run_options (RelayApplication *self)
{
  RelayOutputOptions run;

  relay_run_options_get_output_options (&self->options, &run);
  /* the preferences' reconnection, for every destination without its own,
   * unless the command line asked for one */
  if (!self->options.retry_given)
    {
      run.attempts = g_settings_get_uint (self->settings, "retry-attempts");
      run.retry_delay_ms = g_settings_get_uint (self->settings, "retry-delay") * 1000;
    }
  relay_broadcast_set_run_options (self->broadcast, &run);
}

/* The program's stream is the truth: the window's controls follow it, and
 * the settings remember it for the next start. */
static void
bind_program_sound (RelayApplication *self)
{
  RelayStream *program = relay_studio_get_program (self->studio);

  g_settings_bind (self->settings, "program-volume", program, "volume", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "program-muted", program, "muted", G_SETTINGS_BIND_DEFAULT);
}

static void
relay_application_startup (GApplication *application)
{
  RelayApplication *self = RELAY_APPLICATION (application);
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *go_live_accels[] = { "<Control>Return", "<Control>KP_Enter", NULL };
  static const char *end_accels[] = { "<Control><Shift>Return", NULL };
  static const char *add_accels[] = { "<Control>n", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *add_scene_accels[] = { "<Control><Shift>n", NULL };
  g_autoptr (GError) error = NULL;

  G_APPLICATION_CLASS (relay_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.go-live", go_live_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.end", end_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-destination", add_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-scene", add_scene_accels);
  /* Ctrl+1 to Ctrl+9 put the scenes listed first on air: plain digits would
   * be taken from whoever types a name or a URL */
  for (int i = 1; i <= 9; i++)
    {
      g_autofree char *action = g_strdup_printf ("win.switch-scene(%d)", i);
      g_autofree char *accel = g_strdup_printf ("<Control>%d", i);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), action, accels);
    }

  self->settings = g_settings_new (APP_ID);
  read_video_size (self->settings, &format.width, &format.height);
  format.fps = g_settings_get_uint (self->settings, "framerate");

  self->destination_store = relay_destination_store_new (NULL);
  self->secrets = self->options.key_file ? relay_secrets_new_for_key_file (self->options.key_file)
                                         : relay_secrets_new ();
  relay_destination_store_load_async (self->destination_store, NULL, on_destinations_loaded,
                                      g_object_ref (self));

  self->studio = relay_studio_new (&format, self->options.stream_name);
  self->scene_store = relay_scene_store_new (NULL);
  relay_scene_store_load_async (self->scene_store, NULL, on_scenes_loaded, g_object_ref (self));
  self->broadcast = relay_broadcast_new (self->studio, self->destination_store, self->secrets);
  set_run_options (self);
  apply_encoding (self);
  if (!relay_studio_start (self->studio, &error))
    g_critical ("%s", error->message);
  else
    bind_program_sound (self);
  apply_api (self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
  self->signal_ids[0] = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->signal_ids[1] = g_unix_signal_add (SIGTERM, on_quit_signal, self);
}

static void
add_command_line_destinations (RelayApplication *self, RelayWindow *window)
{
  for (guint i = 0; self->options.outputs != NULL && self->options.outputs[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("out%u", i + 1);
      g_autoptr (GError) error = NULL;

      if (!relay_window_add_destination_for_url (window, self->options.outputs[i], id, &error))
        relay_window_show_toast (window, error->message);
    }
}

static void
relay_application_activate (GApplication *application)
{
  RelayApplication *self = RELAY_APPLICATION (application);
  RelayWindow *window = get_window (self);
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = relay_window_new (GTK_APPLICATION (self), self->broadcast, self->settings);
  g_signal_connect_object (window, "notify::live", G_CALLBACK (on_live_changed), self, 0);
  if (self->destinations_loaded)
    destinations_ready (self, window);
  if (self->director != NULL)
    relay_window_scenes_loaded (window, self->director, self->scenes_error);
  add_command_line_destinations (self, window);

  source = relay_run_options_create_source (&self->options, &error);
  if (source == NULL || !relay_window_set_source (window, source, &error))
    relay_window_show_toast (window, error->message);

  gtk_window_present (GTK_WINDOW (window));
}

static void
on_studio_shut_down (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
on_scenes_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!relay_scene_store_save_finish (RELAY_SCENE_STORE (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    g_warning ("%s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
on_shutdown_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Every destination is ended properly and recordings are finalised before
 * the process exits, as in headless mode. */
static void
relay_application_shutdown (GApplication *application)
{
  RelayApplication *self = RELAY_APPLICATION (application);
  gboolean done = FALSE, saved = FALSE, timed_out = FALSE;
  guint timeout_id;

  if (self->studio != NULL)
    {
      /* the scenes as they are now, not as they were at the last autosave;
       * nothing over the file before it was read, nor when nothing changed */
      if (self->director != NULL && relay_scene_store_is_changed (self->scene_store))
        relay_scene_store_save_async (self->scene_store, NULL, on_scenes_saved, &saved);
      else
        saved = TRUE;
      relay_integration_api_configure (self->broadcast, FALSE, NULL, 0, NULL, NULL, NULL);
      relay_studio_shutdown_async (self->studio, NULL, on_studio_shut_down, &done);
      timeout_id = g_timeout_add (SHUTDOWN_TIMEOUT_MS, on_shutdown_timeout, &timed_out);
      while ((!done || !saved) && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (timeout_id);
    }

  G_APPLICATION_CLASS (relay_application_parent_class)->shutdown (application);
}

static void
relay_application_dispose (GObject *object)
{
  RelayApplication *self = RELAY_APPLICATION (object);

  g_clear_handle_id (&self->duration_id, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  g_clear_object (&self->broadcast);
  g_clear_object (&self->director);
  g_clear_object (&self->scene_store);
  g_clear_object (&self->studio);
  g_clear_object (&self->destination_store);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (relay_application_parent_class)->dispose (object);
}

static void
relay_application_finalize (GObject *object)
{
  RelayApplication *self = RELAY_APPLICATION (object);

  relay_run_options_clear (&self->options);
  g_free (self->destinations_error);
  g_free (self->scenes_error);
  g_free (self->api_error);
  G_OBJECT_CLASS (relay_application_parent_class)->finalize (object);
}

static void
relay_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayApplication *self = RELAY_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_API_ERROR:
        g_value_set_string (value, self->api_error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_application_class_init (RelayApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = relay_application_dispose;
  object_class->finalize = relay_application_finalize;
  object_class->get_property = relay_application_get_property;
  application_class->startup = relay_application_startup;
  application_class->activate = relay_application_activate;
  application_class->shutdown = relay_application_shutdown;

  /* Why the REST API does not run as the preferences ask, or NULL. */
  properties[PROP_API_ERROR] = g_param_spec_string ("api-error", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_application_init (RelayApplication *self)
{
}

RelayApplication *
relay_application_new (const RelayRunOptions *options)
{
  RelayApplication *self = g_object_new (RELAY_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                                         G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
                                         "/io/github/relaycast/Relaycast", NULL);

  relay_run_options_copy (&self->options, options);
  return self;
}

/* Runs the window until it closes; @options were parsed already. */
int
relay_application_run (const RelayRunOptions *options, const char *program_name)
{
  g_autoptr (RelayApplication) application = relay_application_new (options);
  char *argv[] = { (char *) program_name, NULL };

  return g_application_run (G_APPLICATION (application), 1, argv);
}

RelayStudio *
relay_application_get_studio (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->studio;
}

RelayDestinationStore *
relay_application_get_destination_store (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->destination_store;
}

/* Returns: (transfer none) (nullable): what puts the saved scenes on air, once
 * they are loaded */
RelayDirector *
relay_application_get_director (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->director;
}

RelaySecrets *
relay_application_get_secrets (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->secrets;
}

GSettings *
relay_application_get_settings (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
relay_application_get_api_error (RelayApplication *self)
{
  g_return_val_if_fail (RELAY_IS_APPLICATION (self), NULL);

  return self->api_error;
}
