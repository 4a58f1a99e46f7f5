/* alpha-blend.c: what blending in AYUV, rather than I420, costs a program
 *
 * A 720p30 program (the test pattern beneath a 320x180 colour layer)
 * recorded with the default x264 settings, for SECONDS once on air; prints
 * the process's CPU seconds over that time, and per frame the compositor
 * made (an overloaded machine makes fewer). MODE is one of:
 *   i420   the compositor blends in I420, as with no layer with alpha
 *   ayuv   the same picture blended in AYUV (the stream held in alpha), and
 *          converted back to I420 for the encoder
 *   text   a text layer on top: AYUV, and the text's own slot
 *
 * Usage: alpha-blend MODE [SECONDS]   (run each mode a few times, alternating)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <sys/resource.h>

#include "core/media/relay-test-source.h"
#include "core/outputs/relay-output-factory.h"
#include "core/relay-studio.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec
         + usage.ru_stime.tv_usec / 1e6;
}

static GstPadProbeReturn
count_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

static gboolean
quit (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit, loop);
  g_main_loop_run (loop);
}

static void
on_shutdown (GObject *studio, GAsyncResult *result, gpointer loop)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (studio), result, NULL);
  g_main_loop_quit (loop);
}

int
main (int argc, char *argv[])
{
  const char *mode = argc > 1 ? argv[1] : "i420";
  guint seconds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 20;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayStudio) studio = NULL;
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (RelayScene) scene = relay_scene_new ("bench", "Bench");
  g_autoptr (RelayLayer) pip = NULL;
  g_autoptr (RelayLayer) title = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("alpha-blend-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "program.mkv", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  RelayRect pip_rect = { 880, 440, 320, 180 };
  RelayRect title_rect = { 140, 560, 640, 120 };
  RelayOutputOptions options;
  RelayStream *program;
  g_autoptr (GstPad) mixer_src = NULL;
  gint frames = 0, start_frames;
  double start, used;

  gst_init (&argc, &argv);
  if (!g_strv_contains ((const char *const[]){ "i420", "ayuv", "text", NULL }, mode))
    {
      g_printerr ("usage: alpha-blend i420|ayuv|text [SECONDS]\n");
      return 2;
    }

  studio = relay_studio_new (NULL, NULL);
  if (!relay_studio_start (studio, &error))
    g_error ("%s", error->message);
  program = relay_studio_get_program (studio);
  mixer_src =
      gst_element_get_static_pad (relay_stream_get_mixer (program, RELAY_MEDIA_VIDEO), "src");
  gst_pad_add_probe (mixer_src, GST_PAD_PROBE_TYPE_BUFFER, count_frame, &frames, NULL);
  relay_stream_set_source (program, source, NULL);
  pip = relay_layer_new (RELAY_LAYER_SOURCE_COLOR, &pip_rect);
  relay_scene_add_layer (scene, pip);
  if (g_str_equal (mode, "text"))
    {
      title = relay_layer_new (RELAY_LAYER_SOURCE_TEXT, &title_rect);
      relay_layer_set_text (title, "Relaycast");
      relay_layer_set_fit (title, RELAY_LAYER_FIT_CONTAIN);
      relay_scene_add_layer (scene, title);
    }
  else if (g_str_equal (mode, "ayuv"))
    relay_stream_hold_alpha (program);
  relay_scene_mixer_set_scene (relay_studio_get_scene_mixer (studio, program), scene);

  relay_output_options_init (&options);
  options.id = "bench";
  output = relay_output_new_for_uri (uri, &options, &error);
  if (output == NULL || !relay_studio_add_output (studio, output, &error))
    g_error ("%s", error->message);

  /* past the start: encoders made, fonts loaded */
  wait_ms (2000);
  start = cpu_seconds ();
  start_frames = g_atomic_int_get (&frames);
  wait_ms (seconds * 1000);
  used = cpu_seconds () - start;
  start_frames = g_atomic_int_get (&frames) - start_frames;
  g_print ("%s %.2f CPU s in %u s, %d frames, %.2f CPU ms a frame\n", mode, used, seconds,
           start_frames, 1000.0 * used / MAX (start_frames, 1));

  relay_studio_shutdown_async (studio, NULL, on_shutdown, loop);
  g_main_loop_run (loop);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
