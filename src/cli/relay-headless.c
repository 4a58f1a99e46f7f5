/* relay-headless.c
 *
 * Logs one line per state change on stdout, and exits 0 after a clean
 * teardown: on --duration, SIGINT or SIGTERM, or when a file source ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <string.h>

#include "relay-destination-cli.h"
#include "relay-headless.h"
#include "relay-scenes-cli.h"
#include "api/relay-api-metrics.h"
#include "api/relay-api-server.h"
#include "api/relay-api-token.h"
#include "api/relay-api-wcs.h"
#include "core/relay-mask.h"
#include "core/outputs/relay-output-factory.h"
#include "core/outputs/relay-rtmp-url.h"
#include "core/relay-stop-guard.h"
#include "core/relay-studio.h"

typedef struct
{
  GMainLoop *loop;
  RelayStudio *studio;
  RelayBroadcast *broadcast;
  /* the outputs of --output, whose failure ends the run */
  GPtrArray *outputs;
  RelayApiServer *api;
  const struct _ApiConfig *api_config;
  gboolean stopping;
  int exit_code;
  /* --metrics-listen */
  RelayApiMetrics *metrics;
} Headless;

/* What --api-* and --wcs-* ask for, checked before anything starts. */
typedef struct _ApiConfig
{
  char *address;
  guint port;
  char *token;
  char *token_path;
  RelayApiSettings settings;
} ApiConfig;

static void
api_config_clear (ApiConfig *config)
{
  g_clear_pointer (&config->address, g_free);
  g_clear_pointer (&config->token, g_free);
  g_clear_pointer (&config->token_path, g_free);
  relay_api_settings_clear (&config->settings);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApiConfig, api_config_clear)

static void log_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
log_line (const char *format, ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_print ("%s %s\n", stamp, text);
}

static void
on_shutdown_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Headless *headless = user_data;

  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  log_line ("%s", _ ("stopped"));
  g_main_loop_quit (headless->loop);
}

static void
stop (Headless *headless, const char *reason, int exit_code)
{
  if (headless->stopping)
    return;

  headless->stopping = TRUE;
  relay_stop_guard_arm ();
  headless->exit_code = exit_code;
  log_line (_ ("stopping: %s"), reason);
  if (headless->api != NULL)
    relay_api_server_disconnect (headless->api);
  relay_studio_shutdown_async (headless->studio, NULL, on_shutdown_done, headless);
}

static gboolean
on_signal (gpointer user_data)
{
  stop (user_data, _ ("signal received"), 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_duration_elapsed (gpointer user_data)
{
  stop (user_data, _ ("duration reached"), 0);
  return G_SOURCE_REMOVE;
}

static void
on_output_state_changed (RelayOutput *output, RelayOutputState old_state, Headless *headless)
{
  g_autofree char *description = relay_output_describe_state (output);
  gboolean all_failed = headless->outputs->len > 0;

  log_line ("%s %s: %s", relay_output_get_id (output), relay_output_get_display_url (output),
            description);

  /* With the REST API up, Relaycast serves its clients whatever its own
   * destinations do; without it, nothing is left to do once they all failed. */
  if (headless->api != NULL || !g_ptr_array_find (headless->outputs, output, NULL))
    return;
  for (guint i = 0; i < headless->outputs->len; i++)
    all_failed &= relay_output_get_state (g_ptr_array_index (headless->outputs, i))
                  == RELAY_OUTPUT_STATE_FAILED;
  if (all_failed)
    stop (headless, _ ("every destination failed"), 1);
}

static void
on_source_ended (RelayStream *stream, gboolean reopen, Headless *headless)
{
  if (reopen)
    log_line (_ ("source ended, opening it again"));
  else
    stop (headless, _ ("the source ended"), 0);
}

static void
on_source_started (RelayStream *stream, Headless *headless)
{
  log_line (_ ("source playing: %s"),
            relay_source_get_description (relay_stream_get_source (stream)));
}

/* GStreamer's errors may repeat the source's URI as given */
static void
on_source_failed (RelayStream *stream, GError *error, Headless *headless)
{
  g_autofree char *shown = relay_mask_redact (error->message);

  log_line (_ ("source failed: %s"), shown);
}

/* Streams besides the program: published, pulled or made through the API. */
static void
on_stream_source_started (RelayStream *stream, Headless *headless)
{
  log_line (_ ("stream “%s”: source playing: %s"), relay_stream_get_name (stream),
            relay_source_get_description (relay_stream_get_source (stream)));
}

static void
on_stream_source_failed (RelayStream *stream, GError *error, Headless *headless)
{
  g_autofree char *shown = relay_mask_redact (error->message);

  log_line (_ ("stream “%s”: source failed: %s"), relay_stream_get_name (stream), shown);
}

static void
on_streams_changed (GListModel *streams, guint position, guint removed, guint added,
                    Headless *headless)
{
  RelayStream *program = relay_studio_get_program (headless->studio);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayStream) stream = g_list_model_get_item (streams, i);

      if (stream == program)
        continue;
      g_signal_connect (stream, "source-started", G_CALLBACK (on_stream_source_started), headless);
      g_signal_connect (stream, "source-failed", G_CALLBACK (on_stream_source_failed), headless);
    }
}

static void
on_program_scene (RelayDirector *director, GParamSpec *pspec, Headless *headless)
{
  RelayScene *scene = relay_director_get_program_scene (director);

  if (scene != NULL)
    log_line (_ ("scene on air: %s"), relay_scene_get_name (scene));
  else
    log_line ("%s", _ ("no scene on air"));
}

static void
on_layer_failed (RelaySceneMixer *mixer, const char *layer_id, GError *error, Headless *headless)
{
  g_autofree char *shown = relay_mask_redact (error->message);

  log_line (_ ("layer %s: source failed: %s"), layer_id, shown);
}

/* The saved scenes, read before anything starts: --scene names one of them.
 * A damaged file was moved aside, and the run goes on without it. */
static gboolean
load_scenes (RelaySceneStore *store, const char *name, RelayScene **scene, GError **error)
{
  g_autoptr (GError) load_error = NULL;

  if (!relay_scenes_cli_load (store, &load_error))
    g_printerr ("relaycast: %s\n", load_error->message);
  if (name == NULL)
    return TRUE;
  *scene = relay_scenes_cli_lookup (store, name, error);
  return *scene != NULL;
}

/* The director puts the saved program scene on air (or --scene's), for this
 * run and for every client of the REST API. */
static RelayDirector *
start_director (Headless *headless, RelaySceneStore *store, RelayScene *scene)
{
  RelayStream *program = relay_studio_get_program (headless->studio);
  RelayDirector *director;

  g_signal_connect (relay_studio_get_scene_mixer (headless->studio, program), "layer-failed",
                    G_CALLBACK (on_layer_failed), headless);
  director = relay_director_new (headless->studio, store);
  if (scene != NULL)
    relay_director_activate (director, relay_scene_get_id (scene), 0, NULL);
  if (relay_director_get_program_scene (director) != NULL)
    on_program_scene (director, NULL, headless);
  g_signal_connect (director, "notify::program-scene", G_CALLBACK (on_program_scene), headless);
  relay_broadcast_set_director (headless->broadcast, director);
  return director;
}

/* Every URL is checked, and every saved destination's key found, before
 * anything starts, so a typo or a missing key costs nothing. */
static gboolean
create_outputs (Headless *headless, const RelayCliOptions *options, const char *stream_name,
                GError **error)
{
  RelayBroadcast *broadcast = headless->broadcast;
  RelayOutputOptions run;

  relay_run_options_get_output_options (&options->run, &run);
  run.stream_name = stream_name;
  relay_broadcast_set_run_options (broadcast, &run);

  for (guint i = 0; options->run.outputs != NULL && options->run.outputs[i] != NULL; i++)
    {
      g_autofree char *id = g_strdup_printf ("out%u", i + 1);
      RelayOutput *output = relay_broadcast_create_output (
          broadcast, RELAY_OUTPUT_OWNER_COMMAND_LINE, options->run.outputs[i], id, NULL, error);

      if (output == NULL)
        return FALSE;
      g_ptr_array_add (headless->outputs, output);
    }

  if (options->run.destinations != NULL)
    {
      g_autoptr (GPtrArray) saved = relay_destination_cli_create_outputs (
          broadcast, (const char *const *) options->run.destinations, error);

      if (saved == NULL)
        return FALSE;
      g_ptr_array_extend_and_steal (headless->outputs, g_steal_pointer (&saved));
    }

  return TRUE;
}

/* Every output is logged, whoever added it (--output or the REST API). */
static void
on_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                    Headless *headless)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      g_signal_connect (output, "state-changed", G_CALLBACK (on_output_state_changed), headless);
    }
}

static gboolean
add_outputs (Headless *headless, GError **error)
{
  g_signal_connect (relay_studio_get_outputs (headless->studio), "items-changed",
                    G_CALLBACK (on_outputs_changed), headless);

  for (guint i = 0; i < headless->outputs->len; i++)
    {
      if (!relay_studio_add_output (headless->studio, g_ptr_array_index (headless->outputs, i),
                                    error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL
         && (g_str_equal (g_uri_get_scheme (uri), "http")
             || g_str_equal (g_uri_get_scheme (uri), "https"));
}

static gboolean
prepare_api (ApiConfig *config, const RelayCliOptions *options, GError **error)
{
  RelayApiSettings *settings = &config->settings;

  relay_api_settings_init (settings);
  if (options->api_listen == NULL)
    return TRUE;

  if (!relay_api_parse_listen_address (options->api_listen, &config->address, &config->port, error))
    return FALSE;

  if (options->wcs_stream_prefix != NULL)
    {
      g_free (settings->wcs_stream_prefix);
      settings->wcs_stream_prefix = g_strdup (options->wcs_stream_prefix);
    }
  if (options->media_dir != NULL)
    {
      g_free (settings->media_dir);
      settings->media_dir = g_strdup (options->media_dir);
    }
  if (options->api_auth != NULL && !g_str_equal (options->api_auth, "token"))
    {
      if (!g_str_equal (options->api_auth, "none"))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--api-auth must be “token” or “none”"));
          return FALSE;
        }
      if (options->api_token_file != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--api-auth none takes no --api-token-file"));
          return FALSE;
        }
      if (!relay_api_check_without_token (config->address, error))
        return FALSE;
      settings->without_token = TRUE;
    }
  settings->wcs_full_url = options->wcs_full_url;
  settings->auto_create_whip = options->auto_create_whip;
  settings->auto_create_whep = options->auto_create_whep;
  settings->allowed_origins = g_strdupv (options->api_allowed_origins);
  settings->attempts = (guint) options->run.attempts;
  settings->retry_delay_ms = (guint) options->run.retry_delay_s * 1000;
  settings->stall_timeout_ms = (guint) options->run.stall_timeout_s * 1000;

  if (options->wcs_auto_push != NULL)
    {
      g_autoptr (RelayRtmpUrl) url =
          relay_api_wcs_split_url (options->wcs_auto_push, "stream", NULL, error);

      if (url == NULL)
        return FALSE;
      settings->wcs_auto_push_url = g_strdup (options->wcs_auto_push);
    }
  if (options->api_callback_url != NULL)
    {
      if (!is_http_url (options->api_callback_url))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("The callback URL must be an http:// or https:// URL"));
          return FALSE;
        }
      settings->status_callback_url = g_strdup (options->api_callback_url);
    }

  /* Without a file, the token comes from the keyring once the studio runs. */
  if (options->api_token_file == NULL)
    return TRUE;
  config->token = relay_api_token_read_file (options->api_token_file, error);
  return config->token != NULL;
}

static gboolean
listen_api (Headless *headless, const char *token, const char *token_note, GError **error)
{
  const ApiConfig *config = headless->api_config;
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autofree char *url = NULL;

  headless->api = relay_api_server_new (headless->broadcast, token, secrets, &config->settings);
  if (!relay_api_server_listen (headless->api, config->address, config->port, error))
    return FALSE;

  url = relay_api_server_get_url (headless->api);
  if (token_note != NULL)
    log_line (_ ("REST API on %s (%s)"), url, token_note);
  else
    log_line (_ ("REST API on %s"), url);
  return TRUE;
}

static void
on_api_token (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Headless *headless = user_data;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *note = NULL;
  g_autoptr (GError) error = NULL;
  RelayApiTokenOrigin origin;

  token = relay_api_token_obtain_finish (result, &path, &origin, &error);
  if (headless->stopping)
    return;
  if (token != NULL)
    {
      switch (origin)
        {
          case RELAY_API_TOKEN_KEPT:
            note = g_strdup_printf (_ ("token in %s, kept in the keyring"), path);
            break;
          case RELAY_API_TOKEN_NEW:
            note = g_strdup_printf (_ ("token in %s, new, kept in the keyring for the next runs"),
                                    path);
            break;
          case RELAY_API_TOKEN_THIS_RUN:
          default:
            note = g_strdup_printf (_ ("token in %s, for this run: no keyring to keep it"), path);
            break;
        }
      if (listen_api (headless, token, note, &error))
        return;
    }
  g_printerr ("relaycast: %s\n", error->message);
  stop (headless, _ ("the REST API cannot start"), 1);
}

static gboolean
start_metrics (Headless *headless, const char *address, guint port, GError **error)
{
  g_autofree char *url = NULL;

  headless->metrics = relay_api_metrics_new (headless->studio);
  if (!relay_api_metrics_listen (headless->metrics, address, port, error))
    return FALSE;
  url = relay_api_metrics_get_url (headless->metrics);
  log_line (_ ("metrics on %s"), url);
  return TRUE;
}

static gboolean
start_api (Headless *headless, const ApiConfig *config, GError **error)
{
  g_autoptr (RelaySecrets) secrets = NULL;

  headless->api_config = config;
  if (config->address == NULL)
    return TRUE;
  if (config->token != NULL)
    return listen_api (headless, config->token, NULL, error);
  if (config->settings.without_token)
    return listen_api (headless, NULL, _ ("no token: --api-auth none"), error);

  secrets = relay_secrets_new ();
  relay_api_token_obtain_async (secrets, FALSE, NULL, on_api_token, headless);
  return TRUE;
}

int
relay_headless_run (const RelayCliOptions *options)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (RelayStudio) studio = NULL;
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (NULL);
  g_autoptr (RelaySceneStore) scenes = relay_scene_store_new (NULL);
  g_autoptr (RelayDirector) director = NULL;
  g_autoptr (GError) save_error = NULL;
  RelayScene *scene = NULL;
  g_autoptr (RelaySecrets) secrets = NULL;
  g_autoptr (RelayBroadcast) broadcast = NULL;
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (ApiConfig) api_config = { 0 };
  g_autofree char *metrics_address = NULL;
  guint metrics_port = 0;
  g_autoptr (GError) error = NULL;
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  RelayStream *program;
  Headless headless = { .loop = loop, .outputs = outputs };

  /* the window reads every saved destination's key from it; here only --destination's */
  if (options->run.key_file != NULL && options->run.destinations == NULL)
    {
      g_printerr ("relaycast: %s\n", _ ("--key-file is only used with --destination"));
      return 2;
    }
  studio = relay_studio_new (&format, options->run.stream_name);
  headless.studio = studio;
  secrets = options->run.key_file ? relay_secrets_new_for_key_file (options->run.key_file)
                                  : relay_secrets_new ();
  broadcast = relay_broadcast_new (studio, store, secrets);
  headless.broadcast = broadcast;
  relay_broadcast_set_scenes (broadcast, scenes);
  /* --scene alone: the scene is the whole picture */
  if (options->run.scene == NULL || options->run.source != NULL || options->run.loop)
    source = relay_run_options_create_source (&options->run, &error);
  if (error != NULL || !load_scenes (scenes, options->run.scene, &scene, &error)
      || !create_outputs (
          &headless, options,
          options->run.stream_name ? options->run.stream_name : RELAY_PROGRAM_STREAM_NAME, &error)
      || !prepare_api (&api_config, options, &error)
      || (options->metrics_listen != NULL
          && !relay_api_parse_listen_address (options->metrics_listen, &metrics_address,
                                              &metrics_port, &error)))
    {
      g_printerr ("relaycast: %s\n", error->message);
      return 2;
    }

  if (options->run.video_bitrate_kbps > 0)
    {
      RelayEncodingDefaults defaults;

      relay_encoding_defaults_init (&defaults, &format);
      defaults.video.bitrate_kbps = (guint) options->run.video_bitrate_kbps;
      relay_studio_set_encoding_defaults (studio, &defaults);
    }

  if (!relay_studio_start (studio, &error))
    {
      g_printerr ("relaycast: %s\n", error->message);
      return 1;
    }

  program = relay_studio_get_program (studio);
  g_signal_connect (program, "source-started", G_CALLBACK (on_source_started), &headless);
  g_signal_connect (program, "source-ended", G_CALLBACK (on_source_ended), &headless);
  g_signal_connect (program, "source-failed", G_CALLBACK (on_source_failed), &headless);
  g_signal_connect (relay_studio_get_streams (studio), "items-changed",
                    G_CALLBACK (on_streams_changed), &headless);
  if (!relay_stream_set_source (program, source, &error))
    {
      g_printerr ("relaycast: %s\n", error->message);
      return 1;
    }
  if (source != NULL)
    log_line (_ ("program “%s”: %s"), relay_stream_get_name (program),
              relay_source_get_description (source));
  else
    log_line (_ ("program “%s”: no source of its own"), relay_stream_get_name (program));
  director = start_director (&headless, scenes, scene);

  if (!add_outputs (&headless, &error) || !start_api (&headless, &api_config, &error)
      || (options->metrics_listen != NULL
          && !start_metrics (&headless, metrics_address, metrics_port, &error)))
    {
      g_printerr ("relaycast: %s\n", error->message);
      return 1;
    }

  g_unix_signal_add (SIGINT, on_signal, &headless);
  g_unix_signal_add (SIGTERM, on_signal, &headless);
  if (options->run.duration_s > 0)
    g_timeout_add ((guint) options->run.duration_s * 1000, on_duration_elapsed, &headless);

  g_main_loop_run (loop);

  {
    GListModel *all = relay_studio_get_outputs (studio);

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr (RelayOutput) output = g_list_model_get_item (all, i);

        g_signal_handlers_disconnect_by_data (output, &headless);
      }
    g_signal_handlers_disconnect_by_data (all, &headless);
  }
  g_signal_handlers_disconnect_by_data (program, &headless);
  g_signal_handlers_disconnect_by_data (director, &headless);
  g_signal_handlers_disconnect_by_data (relay_studio_get_scene_mixer (studio, program), &headless);
  /* before the studio they serve */
  g_clear_object (&headless.api);
  g_clear_object (&headless.metrics);

  /* what the API changed, saved now rather than a moment later; a file
   * Relaycast must not write over was said so at the start */
  if (relay_scene_store_is_changed (scenes) && !relay_scenes_cli_save (scenes, &save_error)
      && !g_error_matches (save_error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    g_printerr ("relaycast: %s\n", save_error->message);

  return headless.exit_code;
}
