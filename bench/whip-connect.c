/* whip-connect.c: how long a WHIP output takes from its start to ICE
 * connected and to its first RTP packet on the wire, with trickle ICE and
 * without (the offer waits for gathering to complete), alternating.
 *
 * Start is relay_studio_add_output() on a live program whose H.264 encoder
 * already runs for another destination (a recording), as when a destination
 * is added to a show; the Opus encoder is made for each WHIP run.
 *
 * Usage: whip-connect URL TOKEN [RUNS]     (run by bench/whip-connect.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "core/outputs/relay-output-factory.h"
#include "core/relay-studio.h"
#include "core/media/relay-test-source.h"
#include "core/outputs/relay-whip-output.h"

#define RUN_TIMEOUT_MS 20000

/* the times are set from webrtcbin's threads */
typedef struct
{
  GMutex lock;
  gint64 start;
  gint64 ice_connected;
  gint64 first_rtp;
} Run;

static void
mark (Run *run, gint64 *when)
{
  g_mutex_lock (&run->lock);
  if (*when == 0)
    *when = g_get_monotonic_time ();
  g_mutex_unlock (&run->lock);
}

static gboolean
flag_set (gpointer user_data)
{
  return g_atomic_int_get ((gint *) user_data);
}

static gboolean
run_done (gpointer user_data)
{
  Run *run = user_data;
  gboolean done;

  g_mutex_lock (&run->lock);
  done = run->ice_connected != 0 && run->first_rtp != 0;
  g_mutex_unlock (&run->lock);
  return done;
}

static gboolean
on_deadline (gpointer user_data)
{
  g_atomic_int_set ((gint *) user_data, TRUE);
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @done holds; FALSE after @timeout_ms. */
static gboolean
wait_until (GSourceFunc done, gpointer data, guint timeout_ms)
{
  gint expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, on_deadline, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  return done (data);
}

static void
on_ice_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  Run *run = user_data;
  GstWebRTCICEConnectionState state;

  g_object_get (webrtc, "ice-connection-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED
      || state == GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED)
    mark (run, &run->ice_connected);
}

/* An SRTP packet: version 2, and not RTCP (payload types 200 to 204);
 * before it only DTLS and STUN go out. */
static gboolean
is_rtp (GstBuffer *buffer)
{
  guint8 head[2];

  return gst_buffer_extract (buffer, 0, head, 2) == 2 && (head[0] & 0xc0) == 0x80
         && (head[1] < 200 || head[1] > 204);
}

static gboolean
check_buffer (GstBuffer **buffer, guint index, gpointer user_data)
{
  Run *run = user_data;

  if (is_rtp (*buffer))
    mark (run, &run->first_rtp);
  return TRUE;
}

static GstPadProbeReturn
on_sent (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Run *run = user_data;
  GstBuffer *buffer;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info), check_buffer, run);
    }
  else
    {
      buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      check_buffer (&buffer, 0, run);
    }
  return run_done (run) ? GST_PAD_PROBE_REMOVE : GST_PAD_PROBE_OK;
}

static void
watch_sink (GstElement *element, Run *run)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  g_autoptr (GstPad) pad = NULL;

  if (factory == NULL
      || !g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "nicesink"))
    return;
  pad = gst_element_get_static_pad (element, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_sent, run,
                     NULL);
}

static void
on_element_added (GstBin *bin, GstBin *sub_bin, GstElement *element, gpointer user_data)
{
  watch_sink (element, user_data);
}

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL);
  g_atomic_int_set ((gint *) user_data, TRUE);
}

static void
on_shut_down (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  g_atomic_int_set ((gint *) user_data, TRUE);
}

static gboolean
one_run (RelayStudio *studio, const char *url, const char *token, gboolean trickle, Run *run)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GstElement) webrtc = NULL;
  RelayOutputOptions options;
  gboolean ok;
  gint removed = FALSE;

  relay_output_options_init (&options);
  options.token = token;
  options.attempts = 1;
  output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_whip_output_set_trickle (RELAY_WHIP_OUTPUT (output), trickle);

  g_mutex_lock (&run->lock);
  run->start = g_get_monotonic_time ();
  run->ice_connected = run->first_rtp = 0;
  g_mutex_unlock (&run->lock);
  relay_studio_add_output (studio, output, &error);
  g_assert_no_error (error);

  /* the attempt has started: webrtcbin exists, its transports not yet */
  webrtc = relay_whip_output_dup_webrtcbin (RELAY_WHIP_OUTPUT (output));
  g_signal_connect (webrtc, "deep-element-added", G_CALLBACK (on_element_added), run);
  g_signal_connect (webrtc, "notify::ice-connection-state", G_CALLBACK (on_ice_state), run);

  ok = wait_until (run_done, run, RUN_TIMEOUT_MS);
  if (!ok)
    g_printerr ("run failed: %s\n", relay_output_get_last_error (output));

  g_signal_handlers_disconnect_by_data (webrtc, run);
  relay_studio_remove_output_async (studio, output, NULL, on_removed, &removed);
  wait_until (flag_set, &removed, 10000);
  return ok;
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *values)
{
  g_array_sort (values, compare_int64);
  if (values->len == 0)
    return -1;
  if (values->len % 2 == 1)
    return g_array_index (values, gint64, values->len / 2) / 1000.0;
  return (g_array_index (values, gint64, values->len / 2 - 1)
          + g_array_index (values, gint64, values->len / 2))
         / 2000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr (RelayStudio) studio = NULL;
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (RelayOutput) recording = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *recording_path = NULL;
  g_autofree char *recording_uri = NULL;
  GArray *connected[2], *first_rtp[2];
  guint runs;

  gst_init (&argc, &argv);
  if (argc < 3)
    {
      g_printerr ("usage: %s WHIP-URL TOKEN [RUNS]\n", argv[0]);
      return 2;
    }
  runs = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 10;

  studio = relay_studio_new (NULL, NULL);
  source = relay_test_source_new ();
  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);

  /* the show is on: a recording keeps the H.264 encoder running */
  folder = g_dir_make_tmp ("relaycast-bench-XXXXXX", &error);
  g_assert_no_error (error);
  recording_path = g_build_filename (folder, "show.mkv", NULL);
  recording_uri = g_filename_to_uri (recording_path, NULL, NULL);
  recording = relay_output_new_for_uri (recording_uri, NULL, &error);
  g_assert_no_error (error);
  relay_studio_add_output (studio, recording, &error);
  g_assert_no_error (error);

  for (guint mode = 0; mode < 2; mode++)
    {
      connected[mode] = g_array_new (FALSE, FALSE, sizeof (gint64));
      first_rtp[mode] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  /* one warm-up run of each (the DTLS certificate, first connections),
   * then trickle and gathering alternate */
  for (guint i = 0; i < 2 * (runs + 1); i++)
    {
      guint mode = i % 2;
      Run run = { 0 };

      g_mutex_init (&run.lock);
      if (one_run (studio, argv[1], argv[2], mode == 0, &run) && i >= 2)
        {
          g_array_append_val (connected[mode], (gint64){ run.ice_connected - run.start });
          g_array_append_val (first_rtp[mode], (gint64){ run.first_rtp - run.start });
        }
      g_mutex_clear (&run.lock);
    }

  g_print ("WHIP output start -> ICE connected, -> first RTP packet sent; median of %u "
           "(ms)\n",
           runs);
  g_print ("%-36s %14s %16s %6s\n", "", "ICE connected", "first RTP sent", "runs");
  for (guint mode = 0; mode < 2; mode++)
    {
      guint done = connected[mode]->len;

      g_print ("%-36s %14.0f %16.0f %6u\n",
               mode == 0 ? "trickle ICE (PATCH)" : "no trickle (offer after gathering)",
               median_ms (connected[mode]), median_ms (first_rtp[mode]), done);
      g_array_unref (connected[mode]);
      g_array_unref (first_rtp[mode]);
    }

  {
    gint shut = FALSE;

    relay_studio_shutdown_async (studio, NULL, on_shut_down, &shut);
    wait_until (flag_set, &shut, 10000);
  }
  g_unlink (recording_path);
  g_rmdir (folder);
  return 0;
}
