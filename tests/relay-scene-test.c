/* relay-scene-test.c
 *
 * The studio's program, composed by a scene mixer, goes to nginx as "scene";
 * the recording nginx made is read back, each frame scaled down to a few
 * pixels a layer, for the test to sample. One publish throughout, and no
 * reconnection: the picture changed, the connection did not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <string.h>

#include "core/outputs/relay-output-factory.h"
#include "relay-scene-test.h"

static GstPadProbeReturn
count_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelaySceneTest *test = user_data;

  g_atomic_int_inc (&test->frames);
  return GST_PAD_PROBE_OK;
}

static gboolean
reached_target (gpointer user_data)
{
  RelaySceneTest *test = user_data;

  return g_atomic_int_get (&test->frames) >= test->target;
}

/* Lets @n more frames of the program go by (on air). */
void
relay_scene_test_wait_frames (RelaySceneTest *test, int n)
{
  test->target = g_atomic_int_get (&test->frames) + n;
  g_assert_true (relay_test_wait_until (reached_target, test, 20000));
}

static gboolean
is_live (gpointer user_data)
{
  return relay_output_get_state (user_data) == RELAY_OUTPUT_STATE_LIVE;
}

RelayLayer *
relay_scene_test_color_layer (guint32 argb, int x, int y, int width, int height)
{
  RelayRect rect = { x, y, width, height };
  RelayLayer *layer = relay_layer_new (RELAY_LAYER_SOURCE_COLOR, &rect);

  relay_layer_set_color (layer, argb);
  return layer;
}

static guint
count_publishes (RelayTestRtmpServer *server, const char *name)
{
  g_autofree char *log = NULL;
  g_autofree char *needle = g_strdup_printf ("publish: name='%s'", name);
  guint n = 0;

  g_assert_true (g_file_get_contents (server->error_log, &log, NULL, NULL));
  for (const char *p = strstr (log, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* 0 for an element made by @factory_name, as gst_iterator_find_custom() asks */
static int
compare_factory (gconstpointer item, gconstpointer factory_name)
{
  GstElementFactory *factory = gst_element_get_factory (g_value_get_object (item));

  return factory == NULL || !g_str_equal (GST_OBJECT_NAME (factory), factory_name);
}

/* Returns: (transfer full): the source pad of the program's one video encoder */
static GstPad *
find_encoder_src (GstElement *pipeline)
{
  g_autoptr (GstIterator) elements = gst_bin_iterate_recurse (GST_BIN (pipeline));
  GValue item = G_VALUE_INIT;
  GstPad *pad;

  g_assert_true (gst_iterator_find_custom (elements, compare_factory, &item, "x264enc"));
  pad = gst_element_get_static_pad (g_value_get_object (&item), "src");
  g_value_unset (&item);
  return pad;
}

/* A started studio whose program is composed by a scene mixer and sent to
 * nginx as "scene"; @first is on it before the output connects. */
void
relay_scene_test_set_up (RelaySceneTest *test, RelayScene *first)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GstPad) encoded = NULL;
  RelayStream *program;
  RelayOutputOptions options;

  test->server = relay_test_rtmp_server_start (FALSE, NULL);
  test->studio = relay_studio_new (NULL, NULL);
  relay_studio_start (test->studio, &error);
  g_assert_no_error (error);
  program = relay_studio_get_program (test->studio);
  test->mixer = relay_studio_get_scene_mixer (test->studio, program);
  relay_scene_mixer_set_scene (test->mixer, first);

  url = relay_test_rtmp_server_url (test->server, "live", "scene");
  relay_output_options_init (&options);
  options.id = "scene";
  test->output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (test->studio, test->output, &error);
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (is_live, test->output, 20000));

  /* Frames are counted once encoded: a busy machine's encoder lags behind
   * the compositor, and what waits for it at the end never reaches nginx. */
  encoded = find_encoder_src (relay_stream_get_pipeline (program));
  gst_pad_add_probe (encoded, GST_PAD_PROBE_TYPE_BUFFER, count_frame, test, NULL);
}

/* The frames of the recording at @path, scaled to @width x @height, rgb24. */
static GBytes *
read_frames (const char *path, int width, int height)
{
  g_autofree char *scale = g_strdup_printf ("scale=%d:%d", width, height);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) ffmpeg =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "ffmpeg", "-v", "error", "-i", path,
                        "-vf", scale, "-pix_fmt", "rgb24", "-f", "rawvideo", "-", NULL);
  GBytes *out = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate (ffmpeg, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (ffmpeg));
  return out;
}

/* Ends the broadcast; returns the recording's frames at @width x @height, rgb24. */
GBytes *
relay_scene_test_tear_down (RelaySceneTest *test, int width, int height)
{
  g_autofree char *recording = g_build_filename (test->server->record_dir, "scene.flv", NULL);
  GBytes *frames;

  g_assert_cmpuint (relay_output_get_reconnects (test->output), ==, 0);
  g_assert_true (relay_test_shutdown_studio (test->studio, 15000));
  frames = read_frames (recording, width, height);
  /* one publish: the picture changed, the connection did not */
  g_assert_cmpuint (count_publishes (test->server, "scene"), ==, 1);

  g_clear_object (&test->output);
  g_clear_object (&test->studio);
  g_clear_pointer (&test->server, relay_test_rtmp_server_stop);
  return frames;
}

/* One letter per frame, as @classify_frame says. */
char *
relay_scene_test_classify (GBytes *frames, gsize frame_size,
                           RelaySceneTestClassifier classify_frame)
{
  gsize length;
  const guchar *data = g_bytes_get_data (frames, &length);
  GString *phases = g_string_new (NULL);

  for (gsize offset = 0; offset + frame_size <= length; offset += frame_size)
    g_string_append_c (phases, classify_frame (data + offset));
  g_test_message ("phases: %s", phases->str);
  return g_string_free (phases, FALSE);
}

/* How many times @c appears in @text */
guint
relay_scene_test_count_char (const char *text, char c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;
  return n;
}
