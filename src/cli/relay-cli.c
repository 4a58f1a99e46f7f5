/* relay-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relay-cli.h"
#include "core/outputs/relay-file-output.h"
#include "core/outputs/relay-retry-policy.h"
#include "core/relay-mask.h"

void
relay_cli_waiter_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayCliWaiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

/* Returns: (transfer full): the result of the call started with @waiter */
GAsyncResult *
relay_cli_waiter_await (RelayCliWaiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&waiter->result);
}

/**
 * relay_cli_run_command:
 * @group: the subcommand's first word: "destination"
 * @argc: counted from @group
 *
 * Runs the command of @group that the next word names.
 *
 * Returns: the exit status
 */
int
relay_cli_run_command (const char *group, const RelayCliCommand *commands, guint n_commands,
                       void (*print_usage) (void), int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL || g_str_equal (name, "--help") || g_str_equal (name, "-h")
      || g_str_equal (name, "help"))
    {
      print_usage ();
      return name == NULL ? RELAY_CLI_EXIT_BAD_USAGE : EXIT_SUCCESS;
    }

  for (guint i = 0; i < n_commands; i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *usage_name = g_strconcat ("relaycast ", group, " ", name, NULL);

          /* "Usage: relaycast destination add [OPTION…]" */
          g_set_prgname (usage_name);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr (_ ("relaycast: unknown command “%s %s”; run “relaycast %s --help”\n"), group, name,
              group);
  return RELAY_CLI_EXIT_BAD_USAGE;
}

/**
 * relay_cli_parse_command:
 * @argument: (out) (optional): the command's one argument, for commands that
 *   take one (NULL: it takes none)
 * @wrong_count: the error when that argument is missing or not alone
 *
 * Parses a subcommand's options and arguments.
 */
gboolean
relay_cli_parse_command (GOptionContext *context, int *argc, char ***argv, const char **argument,
                         const char *wrong_count, GError **error)
{
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (argument != NULL && *argc != 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, wrong_count);
      return FALSE;
    }
  if (argument == NULL && *argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("Unexpected argument “%s”"),
                   (*argv)[1]);
      return FALSE;
    }
  if (argument != NULL)
    *argument = (*argv)[1];
  return TRUE;
}

/* Says what went wrong; returns the exit status it calls for. */
int
relay_cli_fail (GError *error)
{
  g_autofree char *message = relay_mask_redact (error->message);

  g_printerr ("relaycast: %s\n", message);
  return error->domain == G_OPTION_ERROR ? RELAY_CLI_EXIT_BAD_USAGE : RELAY_CLI_EXIT_FAILED;
}

/* A URL on the command line is secret-bearing until parsed: whatever message
 * repeats it (an option error, GStreamer's) shows it masked. */
static void
register_urls (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *value = argv[i];

      if (g_str_has_prefix (value, "--") && strchr (value, '=') != NULL)
        value = strchr (value, '=') + 1;
      if (strstr (value, ":/") != NULL)
        relay_mask_register_url (value);
    }
}

gboolean
relay_cli_parse (RelayCliOptions *options, int *argc, char ***argv, GError **error)
{
  g_autoptr (GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &options->headless, N_ ("Run without a window"), NULL },
    { "source", 's', 0, G_OPTION_ARG_STRING, &options->run.source,
      N_ ("What to broadcast: test (the default; none with --scene), camera, screen (through "
          "the desktop portal, or X11 without one), screen:portal, screen:WINDOW TITLE (X11), a "
          "file or a file://, rtsp://, rtmp:// or srt:// URI"),
      N_ ("SOURCE") },
    { "scene", 0, 0, G_OPTION_ARG_STRING, &options->run.scene,
      N_ ("Put this saved scene on air (see “relaycast scenes list”); without --source the "
          "program has no source of its own: black beneath the scene’s layers"),
      N_ ("NAME") },
    { "loop", 0, 0, G_OPTION_ARG_NONE, &options->run.loop,
      N_ ("Play a file source again from its start whenever it ends, without a gap"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options->run.outputs,
      N_ ("A destination: rtmp://, rtmps://, whip+http(s):// or file:///path.mkv (repeatable)"),
      N_ ("URL") },
    { "record", 'r', 0, G_OPTION_ARG_NONE, &options->run.record,
      N_ ("Record the program too, to a new file in the Videos folder"), NULL },
    { "destination", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->run.destinations,
      N_ ("A saved destination, its key from the keyring (repeatable)"), N_ ("ID") },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &options->run.key_file,
      N_ ("Read the saved destinations’ keys from this file (mode 0600) instead of the keyring"),
      N_ ("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->run.token_file,
      N_ ("Read the bearer token of whip+http(s):// destinations from FILE"), N_ ("FILE") },
    { "ice-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->run.ice_servers,
      N_ ("A STUN or TURN server for WHIP destinations: stun:host:port or "
          "turn://user:password@host:port (repeatable)"),
      N_ ("URL") },
    { "stream-name", 0, 0, G_OPTION_ARG_STRING, &options->run.stream_name,
      N_ ("The program stream's name (default: program)"), N_ ("NAME") },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &options->run.duration_s,
      N_ ("Stop cleanly after this many seconds"), N_ ("SECONDS") },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &options->run.attempts,
      N_ ("Retries per destination after a failure (default: 3; 0: forever)"), N_ ("N") },
    { "retry-delay", 0, 0, G_OPTION_ARG_INT, &options->run.retry_delay_s,
      N_ ("Seconds between retries (default: 10)"), N_ ("SECONDS") },
    { "stall-timeout", 0, 0, G_OPTION_ARG_INT, &options->run.stall_timeout_s,
      N_ ("Seconds a live destination may take nothing before it counts as stalled and "
          "connects again (default: 10; 0: never)"),
      N_ ("SECONDS") },
    { "video-bitrate", 0, 0, G_OPTION_ARG_INT, &options->run.video_bitrate_kbps,
      N_ ("Video bitrate in kb/s (default: 2500)"), N_ ("KBPS") },
    { "insecure-tls", 0, 0, G_OPTION_ARG_NONE, &options->run.insecure_tls,
      N_ ("Accept any TLS certificate (test servers only)"), NULL },
    { "api-listen", 0, 0, G_OPTION_ARG_STRING, &options->api_listen,
      N_ ("Serve the REST API on ADDRESS:PORT (127.0.0.1 unless given; port 0 picks one)"),
      N_ ("ADDRESS:PORT") },
    { "api-auth", 0, 0, G_OPTION_ARG_STRING, &options->api_auth,
      N_ ("“token” (the default) or “none”: requests need no token, for scripts written "
          "without one; only with a loopback --api-listen"),
      N_ ("MODE") },
    { "api-token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->api_token_file,
      N_ ("Read the API token from FILE (mode 600); default: the keyring's, made at the first "
          "start, also written to $XDG_RUNTIME_DIR/relaycast/api-token"),
      N_ ("FILE") },
    { "metrics-listen", 0, 0, G_OPTION_ARG_STRING, &options->metrics_listen,
      N_ ("Serve GET /metrics (Prometheus) without a token on this loopback ADDRESS:PORT"),
      N_ ("ADDRESS:PORT") },
    { "api-callback-url", 0, 0, G_OPTION_ARG_STRING, &options->api_callback_url,
      N_ ("POST every destination state change to this URL as JSON"), N_ ("URL") },
    { "wcs-stream-prefix", 0, 0, G_OPTION_ARG_STRING, &options->wcs_stream_prefix,
      N_ ("Prefix of the stream names /rest-api/push/startup publishes (default: rtmp_)"),
      N_ ("PREFIX") },
    { "wcs-full-url", 0, 0, G_OPTION_ARG_NONE, &options->wcs_full_url,
      N_ ("/rest-api/push/startup's rtmpUrl names the stream too"), NULL },
    { "wcs-auto-push", 0, 0, G_OPTION_ARG_STRING, &options->wcs_auto_push,
      N_ ("Push every stream to this RTMP server URL (rtmp://host:port/app/?query; without an "
          "application, to “live”)"),
      N_ ("URL") },
    { "api-allow-origin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->api_allowed_origins,
      N_ ("Let the web page at ORIGIN (http://host:port) call the API, e.g. to publish over "
          "WHIP (repeatable)"),
      N_ ("ORIGIN") },
    { "no-auto-create-whip", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE,
      &options->auto_create_whip, N_ ("A WHIP publish to an unknown stream gets 404"), NULL },
    { "auto-create-whep", 0, 0, G_OPTION_ARG_NONE, &options->auto_create_whep,
      N_ ("A WHEP play of an unknown stream makes it and waits for its publisher"), NULL },
    { "media-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->media_dir,
      N_ ("Folder of the WAV files /rest-api/push/sound_on plays (default: "
          "~/.local/share/relaycast/media)"),
      N_ ("DIR") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose, N_ ("Log debug messages"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, N_ ("Show the version"), NULL },
    { NULL }
  };

  relay_run_options_init (&options->run);
  options->auto_create_whip = TRUE;
  /* to tell given from default */
  options->run.attempts = options->run.retry_delay_s = G_MININT;

  context = g_option_context_new (_ ("— broadcast to many platforms at once"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context, _ ("Relaycast encodes one source once and pushes it to every destination.\n"
                  "Saved destinations: relaycast destination --help\n"
                  "Saved scenes: relaycast scenes --help"));

  register_urls (*argc, *argv);
  if (!g_option_context_parse (context, argc, argv, error))
    {
      /* an option's error repeats its value */
      if (error != NULL && *error != NULL)
        {
          g_autofree char *shown = relay_mask_redact ((*error)->message);

          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&shown);
        }
      return FALSE;
    }

  options->run.retry_given =
      options->run.attempts != G_MININT || options->run.retry_delay_s != G_MININT;
  if (options->run.attempts == G_MININT)
    options->run.attempts = RELAY_RETRY_DEFAULT_ATTEMPTS;
  if (options->run.retry_delay_s == G_MININT)
    options->run.retry_delay_s = RELAY_RETRY_DEFAULT_DELAY_MS / 1000;

  if (*argc > 1)
    {
      /* often a URL given without --output */
      g_autofree char *shown = relay_mask_url ((*argv)[1]);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("Unexpected argument “%s”"),
                   shown);
      return FALSE;
    }
  if (options->run.duration_s < 0 || options->run.attempts < 0 || options->run.retry_delay_s < 0
      || options->run.stall_timeout_s < 0 || options->run.video_bitrate_kbps < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("Durations, attempts, delays and bitrates cannot be negative"));
      return FALSE;
    }

  return TRUE;
}

/* The first line of the file, without surrounding blanks. */
static char *
read_token_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *shown = g_filename_display_name (path);
  char *token;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  token = g_strstrip (g_strndup (contents, strcspn (contents, "\r\n")));
  if (*token == '\0')
    {
      g_free (token);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _ ("The token file “%s” is empty"),
                   shown);
      return NULL;
    }
  relay_mask_register_secret (token);
  return token;
}

/* --record becomes one more --output: a new file in the recordings folder. */
static gboolean
add_recording (RelayCliOptions *options, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (GStrvBuilder) outputs = NULL;
  if ((path = relay_file_output_new_recording_path (error)) == NULL)
    return FALSE;
  if ((uri = g_filename_to_uri (path, NULL, error)) == NULL)
    return FALSE;

  outputs = g_strv_builder_new ();
  if (options->run.outputs != NULL)
    g_strv_builder_addv (outputs, (const char **) options->run.outputs);
  g_strv_builder_add (outputs, uri);
  g_strfreev (options->run.outputs);
  options->run.outputs = g_strv_builder_end (outputs);

  g_print (_ ("Recording to %s\n"), path);
  return TRUE;
}

/**
 * relay_cli_prepare_run:
 *
 * What the options ask for before anything starts, in the window as headless:
 * the WHIP token is read from --token-file, and --record's file is named.
 */
gboolean
relay_cli_prepare_run (RelayCliOptions *options, GError **error)
{
  if (options->run.token_file != NULL
      && !(options->run.token = read_token_file (options->run.token_file, error)))
    return FALSE;
  return !options->run.record || add_recording (options, error);
}

/* The window takes its REST API from the preferences: the options that set
 * up the headless one are refused rather than silently ignored. */
gboolean
relay_cli_check_window_options (const RelayCliOptions *options, GError **error)
{
  const struct
  {
    gboolean given;
    const char *name;
  } headless_only[] = {
    { options->api_listen != NULL, "--api-listen" },
    { options->api_token_file != NULL, "--api-token-file" },
    { options->api_auth != NULL, "--api-auth" },
    { options->api_callback_url != NULL, "--api-callback-url" },
    { options->wcs_stream_prefix != NULL, "--wcs-stream-prefix" },
    { options->wcs_full_url, "--wcs-full-url" },
    { options->wcs_auto_push != NULL, "--wcs-auto-push" },
    { options->api_allowed_origins != NULL, "--api-allow-origin" },
    { !options->auto_create_whip, "--no-auto-create-whip" },
    { options->auto_create_whep, "--auto-create-whep" },
    { options->media_dir != NULL, "--media-dir" },
    { options->metrics_listen != NULL, "--metrics-listen" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (headless_only); i++)
    {
      if (headless_only[i].given)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("%s sets up the REST API of --headless; with a window, switch the API "
                          "on in Preferences, or add --headless"),
                       headless_only[i].name);
          return FALSE;
        }
    }
  return TRUE;
}

/* A deep copy of @src into @dest, for whoever keeps the options beyond main(). */
void
relay_cli_options_clear (RelayCliOptions *options)
{
  relay_run_options_clear (&options->run);
  g_clear_pointer (&options->api_listen, g_free);
  g_clear_pointer (&options->metrics_listen, g_free);
  g_clear_pointer (&options->api_token_file, g_free);
  g_clear_pointer (&options->api_auth, g_free);
  g_clear_pointer (&options->api_callback_url, g_free);
  g_clear_pointer (&options->wcs_stream_prefix, g_free);
  g_clear_pointer (&options->wcs_auto_push, g_free);
  g_clear_pointer (&options->api_allowed_origins, g_strfreev);
  g_clear_pointer (&options->media_dir, g_free);
}
