/* relay-destination-cli.c
 *
 *   relaycast destination list|add|edit|remove|set-key …
 *
 * Keys are read from standard input or asked for without echo, never taken
 * from the command line (where ps and shell histories would keep them), and
 * only ever shown masked.
 *
 * The core is asynchronous; a command is a short-lived process, so each step
 * here runs the default main context until its callback has fired.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/config/relay-destination-store.h"
#include "core/outputs/relay-file-output.h"
#include "core/relay-broadcast.h"
#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/config/relay-secrets.h"
#include "relay-cli.h"
#include "relay-destination-cli.h"
#include "relay-scenes-cli.h"

#define MAX_KEY_LENGTH 4096

static gboolean
load (RelayDestinationStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_destination_store_load_async (store, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_destination_store_load_finish (store, result, error);
}

static RelayDestinationStore *
load_store (GError **error)
{
  g_autoptr (RelayDestinationStore) store = relay_destination_store_new (NULL);

  return load (store, error) ? g_steal_pointer (&store) : NULL;
}

static gboolean
save_store (RelayDestinationStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_destination_store_save_async (store, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_destination_store_save_finish (store, result, error);
}

static char *
lookup_key (RelaySecrets *secrets, const char *id, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_secrets_lookup_async (secrets, id, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_secrets_lookup_finish (secrets, result, error);
}

static gboolean
put_destination (RelayDestinationStore *store, RelayDestination *destination, const char *key,
                 RelaySecrets *secrets, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_destination_store_put_async (store, destination, key, secrets, relay_cli_waiter_ready,
                                     &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_destination_store_put_finish (store, result, NULL, error);
}

static gboolean
clear_key (RelaySecrets *secrets, const char *id, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_secrets_clear_async (secrets, id, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_secrets_clear_finish (secrets, result, error);
}

static void
wipe_and_free (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

/* Reads one key from standard input: a prompt without echo on a terminal,
 * otherwise everything until end of file, surrounding whitespace dropped. */
static char *
read_key (RelayDestination *destination, GError **error)
{
  char buffer[MAX_KEY_LENGTH + 2] = { 0 };
  gsize length = 0;
  char *key;

  if (isatty (STDIN_FILENO))
    {
      struct termios saved, quiet;
      gboolean got_line;

      /* Echo goes off (dropping what was typed ahead) before the prompt shows,
       * so nothing typed after the prompt is lost or shown. */
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
      if (relay_destination_get_kind (destination) == RELAY_DESTINATION_KIND_SRT)
        g_printerr (_ ("Key for “%s”, as passphrase=…&streamid=… (it is not shown as you "
                       "type): "),
                    relay_destination_get_name (destination));
      else
        g_printerr (_ ("Key for “%s” (it is not shown as you type): "),
                    relay_destination_get_name (destination));
      got_line = fgets (buffer, sizeof buffer, stdin) != NULL;
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
      length = got_line ? strlen (buffer) : 0;
    }
  else
    {
      ssize_t n;

      while (length < sizeof buffer - 1
             && (n = read (STDIN_FILENO, buffer + length, sizeof buffer - 1 - length)) > 0)
        length += (gsize) n;
    }

  if (length > MAX_KEY_LENGTH)
    {
      memset (buffer, 0, sizeof buffer);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The key is longer than %d characters"), MAX_KEY_LENGTH);
      return NULL;
    }

  key = g_strstrip (g_strndup (buffer, length));
  memset (buffer, 0, sizeof buffer);
  if (*key == '\0')
    {
      g_free (key);
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("No key was given: type it at the prompt or pipe it to standard "
                              "input"));
      return NULL;
    }

  relay_mask_register_secret (key);
  return key;
}

/* What add and edit can change; NULL or -1: leave as it is. */
typedef struct
{
  char *provider;
  char *kind;
  char *name;
  char *server;
  gboolean backup;
  char *stream;
  char *folder;
  char *container;
  char *enabled;
  char *audio;
  char *video;
  int video_bitrate;
  char *video_size;
  char *crop_center;
  char *scene;
  int attempts;
  int retry_delay;

  /* add */
  char *id;
  gboolean read_key;
  /* remove */
  gboolean force;
} Settings;

static void
settings_clear (Settings *settings)
{
  g_free (settings->provider);
  g_free (settings->kind);
  g_free (settings->name);
  g_free (settings->server);
  g_free (settings->stream);
  g_free (settings->folder);
  g_free (settings->container);
  g_free (settings->enabled);
  g_free (settings->audio);
  g_free (settings->video);
  g_free (settings->video_size);
  g_free (settings->crop_center);
  g_free (settings->scene);
  g_free (settings->id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static gboolean
set_switch (RelayDestination *destination, const char *property, const char *option,
            const char *value, GError **error)
{
  if (value == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (value, "yes") != 0 && g_ascii_strcasecmp (value, "no") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("--%s takes yes or no"),
                   option);
      return FALSE;
    }
  g_object_set (destination, property, g_ascii_strcasecmp (value, "yes") == 0, NULL);
  return TRUE;
}

static gboolean
set_number (RelayDestination *destination, const char *property, const char *option, int value,
            GError **error)
{
  if (value == -1)
    return TRUE;

  if (value < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("--%s cannot be negative"),
                   option);
      return FALSE;
    }
  g_object_set (destination, property, (guint) value, NULL);
  return TRUE;
}

/* "720x1280", or "program" for the program's own size. */
static gboolean
set_video_size (RelayDestination *destination, const char *value, GError **error)
{
  guint64 width = 0, height = 0;
  char *end = NULL;

  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "program") != 0)
    {
      width = g_ascii_strtoull (value, &end, 10);
      if (end == value || (*end != 'x' && *end != 'X'))
        width = 0;
      else
        height = g_ascii_strtoull (end + 1, &end, 10);
      if (width == 0 || height == 0 || *end != '\0' || width > 4096 || height > 4096)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--video-size takes WIDTHxHEIGHT, as 720x1280, or program"));
          return FALSE;
        }
    }
  g_object_set (destination, "video-width", (guint) width, "video-height", (guint) height, NULL);
  return TRUE;
}

/* A saved scene's name, kept as its id; "program" for the program's picture. */
static gboolean
set_scene (RelayDestination *destination, const char *value, GError **error)
{
  g_autofree char *id = NULL;

  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "program") != 0 && (id = relay_scenes_cli_find_id (value, error)) == NULL)
    return FALSE;
  g_object_set (destination, "scene", id, NULL);
  return TRUE;
}

/* "X" or "X,Y", each from 0 to 1 */
static gboolean
set_crop_center (RelayDestination *destination, const char *value, GError **error)
{
  g_auto (GStrv) parts = NULL;
  double center[2] = { 0.5, 0.5 };
  guint n;

  if (value == NULL)
    return TRUE;
  parts = g_strsplit (value, ",", 3);
  n = g_strv_length (parts);
  for (guint i = 0; i < n && n <= 2; i++)
    {
      char *end = NULL;

      center[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || center[i] < 0.0 || center[i] > 1.0)
        n = 0;
    }
  if (n == 0 || n > 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--crop-center takes X or X,Y, each from 0 to 1 (0.5: the middle)"));
      return FALSE;
    }
  g_object_set (destination, "crop-center-x", center[0], "crop-center-y", center[1], NULL);
  return TRUE;
}

/* Retries given here are the destination's own; without, it follows the
 * preferences or the command line of the run that starts it. */
static gboolean
set_reconnection (RelayDestination *destination, const Settings *settings, GError **error)
{
  if (!set_number (destination, "attempts", "attempts", settings->attempts, error)
      || !set_number (destination, "retry-delay", "retry-delay", settings->retry_delay, error))
    return FALSE;
  if (settings->attempts != -1 || settings->retry_delay != -1)
    g_object_set (destination, "own-reconnection", TRUE, NULL);
  return TRUE;
}

static const RelayProvider *
resolve_provider (const char *provider, const char *kind_text, GError **error)
{
  RelayDestinationKind kind;
  const RelayProvider *preset;

  if (kind_text != NULL && !relay_destination_kind_from_string (kind_text, &kind))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("--kind takes rtmp or whip"));
      return NULL;
    }

  preset = relay_provider_lookup_any (provider);
  if (preset == NULL)
    {
      g_autofree char *known = relay_provider_list_ids ();

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("Unknown provider “%s”: use one of %s"), provider, known);
      return NULL;
    }
  if (kind_text == NULL)
    return preset;

  preset = relay_provider_lookup (provider, kind);
  if (preset == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("%s has no %s destinations"),
                 relay_provider_get_display_name (relay_provider_lookup_any (provider)), kind_text);
  return preset;
}

/* A relative folder is taken from where the command runs, as shells mean it. */
static gboolean
set_recording (RelayDestination *destination, const Settings *settings, GError **error)
{
  if (settings->folder == NULL && settings->container == NULL)
    return TRUE;

  if (relay_destination_get_kind (destination) != RELAY_DESTINATION_KIND_RECORDING)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("--folder and --container are for recordings (--provider "
                              "recording)"));
      return FALSE;
    }
  if (settings->folder != NULL)
    {
      g_autofree char *folder =
          *settings->folder != '\0' ? g_canonicalize_filename (settings->folder, NULL) : NULL;

      g_object_set (destination, "folder", folder, NULL);
    }
  if (settings->container != NULL)
    g_object_set (destination, "container", settings->container, NULL);
  return TRUE;
}

static gboolean
apply_settings (RelayDestination *destination, const Settings *settings, GError **error)
{
  if (settings->provider != NULL || settings->kind != NULL)
    {
      const RelayProvider *preset = resolve_provider (
          settings->provider ? settings->provider : relay_destination_get_provider (destination),
          settings->kind, error);

      if (preset == NULL)
        return FALSE;
      g_object_set (destination, "provider", preset->id, "kind", preset->kind, NULL);
    }

  if (settings->name != NULL)
    g_object_set (destination, "name", settings->name, NULL);
  if (settings->server != NULL)
    g_object_set (destination, "server-url", settings->server, NULL);
  if (settings->stream != NULL)
    g_object_set (destination, "stream-name", settings->stream, NULL);

  if (settings->backup)
    {
      const RelayProvider *preset = relay_destination_get_preset (destination);

      if (preset == NULL || preset->backup_server == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--backup: %s has no backup ingest"),
                       relay_destination_get_provider (destination));
          return FALSE;
        }
      g_object_set (destination, "server-url", preset->backup_server, NULL);
    }

  return set_recording (destination, settings, error)
         && set_switch (destination, "enabled", "enabled", settings->enabled, error)
         && set_switch (destination, "audio", "audio", settings->audio, error)
         && set_switch (destination, "video", "video", settings->video, error)
         && set_number (destination, "video-bitrate", "video-bitrate", settings->video_bitrate,
                        error)
         && set_video_size (destination, settings->video_size, error)
         && set_crop_center (destination, settings->crop_center, error)
         && set_scene (destination, settings->scene, error)
         && set_reconnection (destination, settings, error)
         && relay_destination_validate (destination, error);
}

static void
add_setting_entries (GOptionContext *context, Settings *settings)
{
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &settings->provider,
      N_ ("The platform (see the list below)"), N_ ("PROVIDER") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &settings->kind,
      N_ ("rtmp or whip, for platforms that take both (Twitch)"), N_ ("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &settings->name, N_ ("A name for people"), N_ ("NAME") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &settings->server,
      N_ ("The server URL, without the key (empty: the platform’s default); SRT: "
          "srt://host:port or srt://:port to listen, with latency=MS and pbkeylen=16|24|32"),
      N_ ("URL") },
    { "backup", 0, 0, G_OPTION_ARG_NONE, &settings->backup,
      N_ ("Use the platform’s backup ingest (YouTube)"), NULL },
    { "stream", 0, 0, G_OPTION_ARG_STRING, &settings->stream,
      N_ ("The stream name, for platforms whose URL has one (Dolby.io, Red5 Pro, Live777)"),
      N_ ("NAME") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &settings->folder,
      N_ ("Recordings: the folder each start makes a new file in (default: the videos folder)"),
      N_ ("FOLDER") },
    { "container", 0, 0, G_OPTION_ARG_STRING, &settings->container,
      N_ ("Recordings: mkv (the default: what was recorded survives a crash), mp4 or flv"),
      N_ ("CONTAINER") },
    { "enabled", 0, 0, G_OPTION_ARG_STRING, &settings->enabled,
      N_ ("Whether it may go live (default: yes)"), N_ ("yes|no") },
    { "audio", 0, 0, G_OPTION_ARG_STRING, &settings->audio, N_ ("Send audio (default: yes)"),
      N_ ("yes|no") },
    { "video", 0, 0, G_OPTION_ARG_STRING, &settings->video, N_ ("Send video (default: yes)"),
      N_ ("yes|no") },
    { "video-bitrate", 0, 0, G_OPTION_ARG_INT, &settings->video_bitrate,
      N_ ("Video bitrate in kb/s (0: the program’s)"), N_ ("KBPS") },
    { "video-size", 0, 0, G_OPTION_ARG_STRING, &settings->video_size,
      N_ ("The picture’s size, as 720x1280 for a vertical platform (default: program, the "
          "program’s); another shape is cut from the program"),
      N_ ("WxH") },
    { "crop-center", 0, 0, G_OPTION_ARG_STRING, &settings->crop_center,
      N_ ("Where that cut is centred, across (and down), 0 to 1 (default: 0.5)"), N_ ("X[,Y]") },
    { "scene", 0, 0, G_OPTION_ARG_STRING, &settings->scene,
      N_ ("A saved scene this destination shows at its size instead of the program "
          "(default: program)"),
      N_ ("NAME") },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &settings->attempts,
      N_ ("Retries after a failure (default: 3; 0: forever)"), N_ ("N") },
    { "retry-delay", 0, 0, G_OPTION_ARG_INT, &settings->retry_delay,
      N_ ("Seconds between retries (default: 10)"), N_ ("SECONDS") },
    { NULL }
  };
  g_autofree char *providers = relay_provider_list_ids ();
  g_autofree char *description = g_strdup_printf (_ ("Providers: %s"), providers);

  settings->video_bitrate = settings->attempts = settings->retry_delay = -1;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
}

/* Parses a subcommand's options; @id receives its one ID argument when it takes one. */
static gboolean
parse_command (GOptionContext *context, int *argc, char ***argv, const char **id, GError **error)
{
  return relay_cli_parse_command (context, argc, argv, id,
                                  _ ("Give one destination ID (see “relaycast destination list”)"),
                                  error);
}

static RelayDestination *
lookup_destination (RelayDestinationStore *store, const char *id, GError **error)
{
  RelayDestination *destination = relay_destination_store_lookup (store, id);

  if (destination == NULL)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                 _ ("No saved destination has the id “%s” (see “relaycast destination list”)"), id);
  return destination;
}

/* Labels padded to one column by characters, not bytes: translations use Cyrillic. */
static void
print_field (const char *label, const char *value)
{
  glong width = g_utf8_strlen (label, -1);

  g_print ("  %s%*s %s%s", label, (int) MAX (0, 10 - width), "", value ? value : "",
           value ? "\n" : "");
}

/* A recording has a folder and a container where others have a server and a key. */
static void
print_recording (RelayDestination *destination)
{
  const char *container_id = relay_destination_get_container (destination);
  const RelayRecordingContainer *container = relay_file_output_lookup_container (container_id);
  g_autofree char *folder = NULL;

  if (relay_destination_get_folder (destination) != NULL)
    folder = g_filename_display_name (relay_destination_get_folder (destination));
  else
    {
      g_autofree char *videos = relay_file_output_get_recordings_folder ();
      g_autofree char *shown = g_filename_display_name (videos);

      folder = g_strdup_printf (_ ("%s (default)"), shown);
    }
  print_field (_ ("folder:"), folder);
  print_field (_ ("container:"), container ? container->display_name : container_id);
}

static void
print_server (RelayDestination *destination)
{
  const RelayProvider *preset = relay_destination_get_preset (destination);
  const char *server = relay_destination_get_server_url (destination);
  g_autofree char *shown_server = NULL;

  /* an RTMP server URL names no stream: its path is the application */
  if (server != NULL && relay_destination_get_kind (destination) == RELAY_DESTINATION_KIND_RTMP)
    shown_server = relay_mask_rtmp_server_url (server);
  else if (server != NULL)
    shown_server = relay_mask_url (server);
  else if (preset != NULL && preset->default_server != NULL)
    shown_server = g_strdup_printf (_ ("%s (default)"), preset->default_server);
  else
    shown_server = g_strdup ("—");

  print_field (_ ("server:"), shown_server);
  if (relay_destination_get_stream_name (destination) != NULL)
    print_field (_ ("stream:"), relay_destination_get_stream_name (destination));
}

static void
print_destination (RelayDestination *destination, const char *key_text)
{
  const RelayProvider *preset = relay_destination_get_preset (destination);
  gboolean audio, video;
  guint bitrate, attempts, retry_delay;
  gboolean own_reconnection;
  guint width, height;
  double center_x, center_y;

  g_object_get (destination, "audio", &audio, "video", &video, "video-bitrate", &bitrate,
                "attempts", &attempts, "retry-delay", &retry_delay, "own-reconnection",
                &own_reconnection, "video-width", &width, "video-height", &height, "crop-center-x",
                &center_x, "crop-center-y", &center_y, NULL);

  g_print ("%s: %s\n", relay_destination_get_id (destination),
           relay_destination_get_name (destination));
  {
    g_autofree char *provider = g_strdup_printf (
        "%s (%s)",
        preset ? relay_provider_get_display_name (preset)
               : relay_destination_get_provider (destination),
        relay_destination_kind_to_string (relay_destination_get_kind (destination)));

    print_field (_ ("provider:"), provider);
  }
  if (relay_destination_get_kind (destination) == RELAY_DESTINATION_KIND_RECORDING)
    print_recording (destination);
  else
    {
      print_server (destination);
      print_field (_ ("key:"), key_text);
    }
  print_field (_ ("enabled:"), relay_destination_get_enabled (destination) ? _ ("yes") : _ ("no"));
  print_field (_ ("options:"), NULL);
  g_print (_ ("audio %s, video %s, "), audio ? _ ("yes") : _ ("no"), video ? _ ("yes") : _ ("no"));
  if (bitrate > 0)
    g_print (_ ("%u kb/s, "), bitrate);
  if (relay_destination_get_scene (destination) != NULL)
    {
      g_autofree char *scene = relay_scenes_cli_name_of (relay_destination_get_scene (destination));

      if (width > 0)
        g_print (_ ("%u×%u, "), width, height);
      g_print (_ ("scene “%s”, "), scene);
    }
  else if (width > 0)
    g_print (_ ("%u×%u cut around %.0f%%, %.0f%%, "), width, height, center_x * 100,
             center_y * 100);
  if (own_reconnection)
    g_print (_ ("%u retries %u s apart\n"), attempts, retry_delay);
  else
    g_print (_ ("retries as the preferences or --attempts say\n"));
}

static int
command_list (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (RelayDestinationStore) store = NULL;
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) keyring_error = NULL;
  guint n_items;

  g_option_context_set_summary (context, _ ("Shows the saved destinations, keys masked."));
  if (!parse_command (context, &argc, &argv, NULL, &error) || !(store = load_store (&error)))
    return relay_cli_fail (error);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  if (n_items == 0)
    g_print ("%s\n", _ ("No saved destinations. Add one with “relaycast destination add "
                        "--provider PROVIDER”."));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (RelayDestination) destination = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *key = NULL;
      g_autofree char *masked = NULL;

      /* a recording has no key to show */
      if (keyring_error == NULL
          && relay_destination_get_kind (destination) != RELAY_DESTINATION_KIND_RECORDING)
        key = lookup_key (secrets, relay_destination_get_id (destination), &keyring_error);
      masked =
          key ? relay_provider_mask_key (relay_destination_get_preset (destination), key) : NULL;
      print_destination (destination, keyring_error ? _ ("unknown (no keyring)")
                                      : masked      ? masked
                                                    : _ ("not set"));
      wipe_and_free (g_steal_pointer (&key));
    }

  return keyring_error ? relay_cli_fail (keyring_error) : EXIT_SUCCESS;
}

static int
command_add (int argc, char **argv)
{
  g_auto (Settings) settings = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (RelayDestinationStore) store = NULL;
  g_autoptr (RelayDestination) destination = NULL;
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  const RelayProvider *preset;
  char *key = NULL;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &settings.id,
      N_ ("The id to save it under (default: PROVIDER-xxxxxx)"), N_ ("ID") },
    { "read-key", 0, 0, G_OPTION_ARG_NONE, &settings.read_key,
      N_ ("Also read its key from standard input (or ask for it without echo)"), NULL },
    { NULL }
  };
  int status = EXIT_SUCCESS;

  g_option_context_set_summary (context, _ ("Saves a destination and prints its id."));
  add_setting_entries (context, &settings);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, &argc, &argv, NULL, &error))
    return relay_cli_fail (error);

  if (settings.provider == NULL)
    {
      g_autofree char *known = relay_provider_list_ids ();

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--provider is required: one of %s"), known);
      return relay_cli_fail (error);
    }
  if (settings.id != NULL && !relay_destination_id_is_valid (settings.id))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--id takes letters, digits, “-”, “_” and “.” (at most 64)"));
      return relay_cli_fail (error);
    }
  if (!(preset = resolve_provider (settings.provider, settings.kind, &error))
      || !(store = load_store (&error)))
    return relay_cli_fail (error);

  id = settings.id ? g_strdup (settings.id) : relay_destination_store_make_id (store, preset->id);
  destination = relay_destination_new (id, preset->id, preset->kind);
  if (!apply_settings (destination, &settings, &error))
    return relay_cli_fail (error);
  if (relay_destination_store_lookup (store, id) != NULL)
    {
      g_set_error (&error, RELAY_ERROR, RELAY_ERROR_EXISTS,
                   _ ("A destination with the id “%s” already exists"), id);
      return relay_cli_fail (error);
    }

  if ((settings.read_key
       && (!(key = read_key (destination, &error))
           || !relay_provider_check_key (preset, key, &error)))
      || !put_destination (store, destination, key, secrets, &error))
    status = relay_cli_fail (error);
  else
    {
      g_print ("%s\n", id);
      if (key == NULL && preset->key_required)
        g_printerr (_ ("Set its key with: relaycast destination set-key %s\n"), id);
    }

  wipe_and_free (key);
  return status;
}

static int
command_edit (int argc, char **argv)
{
  g_auto (Settings) settings = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("ID"));
  g_autoptr (RelayDestinationStore) store = NULL;
  g_autoptr (GError) error = NULL;
  RelayDestination *destination;
  const char *id = NULL;

  g_option_context_set_summary (context, _ ("Changes a saved destination."));
  add_setting_entries (context, &settings);
  if (!parse_command (context, &argc, &argv, &id, &error) || !(store = load_store (&error))
      || !(destination = lookup_destination (store, id, &error))
      || !apply_settings (destination, &settings, &error) || !save_store (store, &error))
    return relay_cli_fail (error);

  return EXIT_SUCCESS;
}

static int
command_remove (int argc, char **argv)
{
  g_auto (Settings) settings = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("ID"));
  g_autoptr (RelayDestinationStore) store = NULL;
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GError) error = NULL;
  RelayDestination *destination;
  const char *id = NULL;
  const GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &settings.force,
      N_ ("Remove it even when its key cannot be deleted (no keyring)"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _ ("Removes a saved destination and deletes its key."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command (context, &argc, &argv, &id, &error) || !(store = load_store (&error))
      || !(destination = lookup_destination (store, id, &error)))
    return relay_cli_fail (error);

  /* a recording has no key: removing it needs no keyring */
  if (relay_destination_get_kind (destination) != RELAY_DESTINATION_KIND_RECORDING
      && !clear_key (secrets, id, &error))
    {
      if (!settings.force)
        {
          g_prefix_error (&error, _ ("Nothing was removed, as the key could not be deleted "
                                     "(--force removes the destination anyway): "));
          return relay_cli_fail (error);
        }
      relay_cli_fail (error);
      g_clear_error (&error);
    }

  if (!relay_destination_store_remove (store, id, &error) || !save_store (store, &error))
    return relay_cli_fail (error);
  return EXIT_SUCCESS;
}

static int
command_set_key (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("ID"));
  g_autoptr (RelayDestinationStore) store = NULL;
  g_autoptr (RelaySecrets) secrets = relay_secrets_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *masked = NULL;
  RelayDestination *destination;
  const RelayProvider *preset;
  const char *id = NULL;
  char *key = NULL;
  int status = EXIT_SUCCESS;

  g_option_context_set_summary (
      context, _ ("Stores or replaces a destination’s key in the keyring. The key is read from "
                  "standard input, or asked for without echo on a terminal."));
  if (!parse_command (context, &argc, &argv, &id, &error) || !(store = load_store (&error))
      || !(destination = lookup_destination (store, id, &error))
      || !relay_destination_validate (destination, &error))
    return relay_cli_fail (error);

  preset = relay_destination_get_preset (destination);
  if (!(key = read_key (destination, &error)) || !relay_provider_check_key (preset, key, &error)
      || !put_destination (store, destination, key, secrets, &error))
    status = relay_cli_fail (error);
  else
    {
      masked = relay_provider_mask_key (preset, key);
      g_print (_ ("Stored the key of “%s” (%s) in the keyring: %s\n"),
               relay_destination_get_name (destination), id, masked);
    }

  wipe_and_free (key);
  return status;
}

static void
print_usage (void)
{
  g_autofree char *providers = relay_provider_list_ids ();

  g_print ("%s\n", _ ("Usage:\n"
                      "  relaycast destination list\n"
                      "  relaycast destination add --provider PROVIDER [--read-key] [OPTION…]\n"
                      "  relaycast destination edit ID [OPTION…]\n"
                      "  relaycast destination remove ID\n"
                      "  relaycast destination set-key ID\n"
                      "\n"
                      "Destinations are saved in $XDG_CONFIG_HOME/relaycast/destinations.json;\n"
                      "their keys stay in the keyring. Keys are read from standard input or\n"
                      "asked for without echo, never taken from the command line.\n"
                      "Go live with: relaycast --headless --source test --destination ID\n"
                      "Run “relaycast destination add --help” for the options."));
  g_print (_ ("Providers: %s\n"), providers);
}

int
relay_destination_cli_run (int argc, char **argv)
{
  static const RelayCliCommand commands[] = {
    { "list", command_list },     { "add", command_add },         { "edit", command_edit },
    { "remove", command_remove }, { "set-key", command_set_key },
  };

  return relay_cli_run_command ("destination", commands, G_N_ELEMENTS (commands), print_usage, argc,
                                argv);
}

/**
 * relay_destination_cli_create_outputs:
 * @broadcast: its store is loaded here, its secrets give the keys
 *
 * For `relaycast --destination ID`: loads the saved destinations, looks up
 * their keys and creates their outputs, before anything starts.
 *
 * Returns: (transfer container): the outputs, or %NULL with @error set
 */
GPtrArray *
relay_destination_cli_create_outputs (RelayBroadcast *broadcast, const char *const *ids,
                                      GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  if (!load (relay_broadcast_get_store (broadcast), error))
    return NULL;

  relay_broadcast_create_saved_outputs_async (broadcast, RELAY_OUTPUT_OWNER_COMMAND_LINE, ids, NULL,
                                              relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_broadcast_create_saved_outputs_finish (broadcast, result, error);
}
