/* test-window-srt.c: an SRT destination listening on loopback goes live from
 * the window; ffmpeg calls in, and the statistics window shows what srtsink
 * measures of it (round trip, packets lost and retransmitted) under a title
 * that masks the passphrase.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "core/outputs/relay-srt-output.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-stats-window.h"

#define TIMEOUT_MS 30000
#define PASSPHRASE "window-passphrase-77"

static gpointer
stats_child (gpointer stats, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (stats), RELAY_TYPE_STATS_WINDOW, name);
}

static gboolean
has_receiver (gpointer output)
{
  RelaySrtStats stats;

  relay_srt_output_get_stats (output, &stats);
  return stats.receivers == 1 && stats.rtt_ms >= 0;
}

static void
test_srt_statistics (void)
{
  guint port = relay_test_free_port ();
  g_autofree char *url =
      g_strdup_printf ("srt://127.0.0.1:%u?mode=listener&passphrase=" PASSPHRASE, port);
  g_autofree char *caller = g_strdup_printf (
      "srt://127.0.0.1:%u?mode=caller&passphrase=" PASSPHRASE "&pbkeylen=16", port);
  const char *argv[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-i", caller,
                         "-t",     "20",       "-f",        "null",  "-",  NULL };
  char *outputs[] = { url, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayTestStateWait wait;
  RelayApplication *application;
  RelayWindow *window;
  RelayOutput *output;
  RelayStatsWindow *stats;
  g_autoptr (GSubprocess) receiver = NULL;
  g_autoptr (GError) error = NULL;

  options.outputs = outputs;
  application = relay_ui_test_start (&options, &window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  output = relay_studio_lookup_output (relay_window_get_studio (window), "out1");
  g_assert_true (RELAY_IS_SRT_OUTPUT (output));
  /* a listener is live as soon as it listens */
  wait = (RelayTestStateWait){ output, RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &wait, TIMEOUT_MS));

  receiver = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (has_receiver, output, TIMEOUT_MS));
  g_assert_true (relay_test_wait_until (relay_test_output_sent_enough, output, TIMEOUT_MS));

  g_action_group_activate_action (G_ACTION_GROUP (window), "destination-stats",
                                  g_variant_new_string (relay_output_get_id (output)));
  stats = relay_ui_test_find_toplevel (RELAY_TYPE_STATS_WINDOW);
  g_assert_nonnull (stats);
  g_assert_null (
      strstr (adw_window_title_get_subtitle (stats_child (stats, "window_title")), PASSPHRASE));
  for (guint i = 0; i < 3; i++)
    {
      const char *rows[] = { "rtt_row", "lost_row", "retransmitted_row" };

      g_assert_true (gtk_widget_get_visible (stats_child (stats, rows[i])));
    }
  /* loopback loses nothing */
  g_assert_cmpstr (gtk_label_get_label (stats_child (stats, "lost_value")), ==, "0");
  g_assert_cmpstr (gtk_label_get_label (stats_child (stats, "retransmitted_value")), ==, "0");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (stats_child (stats, "rtt_value")), "ms"));
  g_assert_false (gtk_widget_get_visible (stats_child (stats, "loss_row")));

  gtk_window_destroy (GTK_WINDOW (stats));
  g_subprocess_force_exit (receiver);
  relay_ui_test_stop (application);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);
  g_test_add_func ("/window/srt-statistics", test_srt_statistics);
  return g_test_run ();
}
