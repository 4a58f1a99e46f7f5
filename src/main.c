/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/relay-log.h"
#include "cli/relay-cli.h"
#include "cli/relay-destination-cli.h"
#include "cli/relay-headless.h"
#include "cli/relay-scenes-cli.h"
#if HAVE_UI
#include "ui/relay-application.h"
#endif

#ifdef __GLIBC__
#define TRIM_INTERVAL_S 30

static gboolean
trim_heap (gpointer user_data)
{
  malloc_trim (0);
  return G_SOURCE_CONTINUE;
}
#endif

int
main (int argc, char *argv[])
{
  g_auto (RelayCliOptions) options = { 0 };
  g_autoptr (GError) error = NULL;

#ifdef __GLIBC__
  /* Every reconnect starts new GStreamer streaming threads, and glibc gives a new thread its own
   * malloc arena (up to eight per core). What the arenas kept free after those threads ended read
   * as resident memory growing with each retry while the live heap stayed level (heaptrack).
   * Two arenas, and handing their free pages back every 30 s, keep it flat (bench/soak.sh and
   * the README's figures); no CPU cost was seen in a 30 s encode. */
  mallopt (M_ARENA_MAX, 2);
  g_timeout_add_seconds (TRIM_INTERVAL_S, trim_heap, NULL);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gst_init (&argc, &argv);
  relay_log_init ();

  /* subcommands with their own options */
  if (argc > 1 && g_str_equal (argv[1], "destination"))
    return relay_destination_cli_run (argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "scenes"))
    return relay_scenes_cli_run (argc - 1, argv + 1);

  if (!relay_cli_parse (&options, &argc, &argv, &error))
    {
      g_printerr ("relaycast: %s\n", error->message);
      g_printerr ("%s\n", _ ("Run “relaycast --help” to see the options."));
      return 2;
    }

  if (options.version)
    {
      g_print ("relaycast %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (options.verbose)
    g_setenv ("G_MESSAGES_DEBUG", "relaycast relaycast-core relaycast-api relaycast-ui", FALSE);

#if HAVE_UI
  if (!options.headless && relay_application_can_open_display ())
    {
      if (!relay_cli_check_window_options (&options, &error)
          || !relay_application_check_installed (&error)
          || !relay_cli_prepare_run (&options, &error))
        {
          g_printerr ("relaycast: %s\n", error->message);
          return 2;
        }
      return relay_application_run (&options.run, argv[0]);
    }
#endif

  if (!relay_cli_prepare_run (&options, &error))
    {
      g_printerr ("relaycast: %s\n", error->message);
      return 2;
    }
  return relay_headless_run (&options);
}
