/* relay-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relay-cli.h"
#include "core/relay-mask.h"
#include "relay-retry-policy.h"

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
    { "source", 's', 0, G_OPTION_ARG_STRING, &options->source,
      N_ ("What to broadcast: test, camera, a file or a file://, rtsp://, rtmp:// or srt:// URI"),
      N_ ("SOURCE") },
    { "output", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options->outputs,
      N_ ("A destination: rtmp://, rtmps://, whip+http(s):// or file:///path.mkv (repeatable)"),
      N_ ("URL") },
    { "destination", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->destinations,
      N_ ("A saved destination, its key from the keyring (repeatable)"), N_ ("ID") },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &options->key_file,
      N_ ("Read the saved destinations’ keys from this file (mode 0600) instead of the keyring"),
      N_ ("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->token_file,
      N_ ("Read the bearer token of whip+http(s):// destinations from FILE"), N_ ("FILE") },
    { "ice-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->ice_servers,
      N_ ("A STUN or TURN server for WHIP destinations: stun:host:port or "
          "turn://user:password@host:port (repeatable)"),
      N_ ("URL") },
    { "stream-name", 0, 0, G_OPTION_ARG_STRING, &options->stream_name,
      N_ ("The program stream's name (default: program)"), N_ ("NAME") },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &options->duration_s,
      N_ ("Stop cleanly after this many seconds"), N_ ("SECONDS") },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &options->attempts,
      N_ ("Retries per destination after a failure (default: 3; 0: forever)"), N_ ("N") },
    { "retry-delay", 0, 0, G_OPTION_ARG_INT, &options->retry_delay_s,
      N_ ("Seconds between retries (default: 10)"), N_ ("SECONDS") },
    { "video-bitrate", 0, 0, G_OPTION_ARG_INT, &options->video_bitrate_kbps,
      N_ ("Video bitrate in kb/s (default: 2500)"), N_ ("KBPS") },
    { "insecure-tls", 0, 0, G_OPTION_ARG_NONE, &options->insecure_tls,
      N_ ("Accept any TLS certificate (test servers only)"), NULL },
    { "api-listen", 0, 0, G_OPTION_ARG_STRING, &options->api_listen,
      N_ ("Serve the REST API on ADDRESS:PORT (127.0.0.1 unless given; port 0 picks one)"),
      N_ ("ADDRESS:PORT") },
    { "api-token-file", 0, 0, G_OPTION_ARG_FILENAME, &options->api_token_file,
      N_ ("Read the API token from FILE (mode 600); default: the keyring's, made at the first "
          "start, also written to $XDG_RUNTIME_DIR/relaycast/api-token"),
      N_ ("FILE") },
    { "api-callback-url", 0, 0, G_OPTION_ARG_STRING, &options->api_callback_url,
      N_ ("POST every destination state change to this URL as JSON"), N_ ("URL") },
    { "wcs-stream-prefix", 0, 0, G_OPTION_ARG_STRING, &options->wcs_stream_prefix,
      N_ ("Prefix of the stream names /rest-api/push/startup publishes (default: rtmp_)"),
      N_ ("PREFIX") },
    { "wcs-full-url", 0, 0, G_OPTION_ARG_NONE, &options->wcs_full_url,
      N_ ("/rest-api/push/startup's rtmpUrl names the stream too"), NULL },
    { "wcs-auto-push", 0, 0, G_OPTION_ARG_STRING, &options->wcs_auto_push,
      N_ ("Push every stream to this RTMP server"), N_ ("URL") },
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

  options->attempts = RELAY_RETRY_DEFAULT_ATTEMPTS;
  options->auto_create_whip = TRUE;
  options->retry_delay_s = RELAY_RETRY_DEFAULT_DELAY_MS / 1000;

  context = g_option_context_new (_ ("— broadcast to many platforms at once"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context, _ ("Relaycast encodes one source once and pushes it to every destination.\n"
                  "Saved destinations: relaycast destination --help"));

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

  if (*argc > 1)
    {
      /* often a URL given without --output */
      g_autofree char *shown = relay_mask_url ((*argv)[1]);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("Unexpected argument “%s”"),
                   shown);
      return FALSE;
    }
  if (options->duration_s < 0 || options->attempts < 0 || options->retry_delay_s < 0
      || options->video_bitrate_kbps < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("Durations, attempts, delays and bitrates cannot be negative"));
      return FALSE;
    }

  if (options->key_file != NULL && options->destinations == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("--key-file is only used with --destination"));
      return FALSE;
    }

  return TRUE;
}

void
relay_cli_options_clear (RelayCliOptions *options)
{
  g_clear_pointer (&options->source, g_free);
  g_clear_pointer (&options->stream_name, g_free);
  g_clear_pointer (&options->outputs, g_strfreev);
  g_clear_pointer (&options->destinations, g_strfreev);
  g_clear_pointer (&options->key_file, g_free);
  g_clear_pointer (&options->token_file, g_free);
  g_clear_pointer (&options->ice_servers, g_strfreev);
  g_clear_pointer (&options->api_listen, g_free);
  g_clear_pointer (&options->api_token_file, g_free);
  g_clear_pointer (&options->api_callback_url, g_free);
  g_clear_pointer (&options->wcs_stream_prefix, g_free);
  g_clear_pointer (&options->wcs_auto_push, g_free);
  g_clear_pointer (&options->api_allowed_origins, g_strfreev);
  g_clear_pointer (&options->media_dir, g_free);
}
