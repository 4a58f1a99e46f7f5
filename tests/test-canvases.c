/* test-canvases.c: a vertical destination beside the landscape program
 *
 * The program is three bands, red, green and blue, left to right. A 720x1280
 * output is cut from it around its centre and encoded once, whatever the
 * number of outputs of that size; nginx records 1280x720 and 720x1280, and
 * the vertical picture's middle is the band its centre names. Outputs showing
 * a scene of their own share a canvas per size, whatever their centre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <string.h>

#include "core/outputs/relay-output-factory.h"
#include "core/relay-gst-util.h"
#include "core/relay-studio.h"
#include "relay-test-util.h"

#define RED   0xffff0000u
#define GREEN 0xff00ff00u
#define BLUE  0xff0000ffu

static RelayOutput *
add_scene_output (RelayStudio *studio, RelayTestRtmpServer *server, const char *name, guint width,
                  guint height, double center_x, RelayScene *scene)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", name);
  RelayOutputOptions options;
  RelayOutput *output;

  relay_output_options_init (&options);
  options.id = name;
  options.video_width = width;
  options.video_height = height;
  options.crop_center_x = center_x;
  options.scene = scene;
  output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (studio, output, &error);
  g_assert_no_error (error);
  return output;
}

static RelayOutput *
add_output (RelayStudio *studio, RelayTestRtmpServer *server, const char *name, guint width,
            guint height, double center_x)
{
  return add_scene_output (studio, server, name, width, height, center_x, NULL);
}

static RelayLayer *
band (guint32 color, int index)
{
  RelayRect rect = { index * 1280 / 3, 0, 1280 / 3 + 1, 720 };
  RelayLayer *layer = relay_layer_new (RELAY_LAYER_SOURCE_COLOR, &rect);

  relay_layer_set_color (layer, color);
  return layer;
}

/* "WIDTHxHEIGHT" of a recording's video */
static char *
video_size_of (const char *path)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-select_streams",
                         "v:0",
                         "-show_entries",
                         "stream=width,height",
                         "-of",
                         "csv=p=0:s=x",
                         path,
                         NULL };

  return g_strstrip (relay_test_command_output (argv));
}

/* The colour in the middle of a recording's frame at @seek @when ("-sseof", "-1": its last
 * second): 'r', 'g', 'b' or '?' */
static char
middle_colour_at (const char *path, const char *seek, const char *when)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) ffmpeg =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "ffmpeg", "-v", "error", seek, when,
                        "-i", path, "-vf", "scale=9:16,crop=1:1:4:8", "-frames:v", "1", "-pix_fmt",
                        "rgb24", "-f", "rawvideo", "-", NULL);
  g_autoptr (GBytes) out = NULL;
  const guchar *p;
  gsize length;

  g_assert_no_error (error);
  g_subprocess_communicate (ffmpeg, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  p = g_bytes_get_data (out, &length);
  g_assert_cmpuint (length, ==, 3);
  g_test_message ("middle of %s: %u,%u,%u", path, p[0], p[1], p[2]);
  if (p[0] > 180 && p[1] < 80 && p[2] < 80)
    return 'r';
  if (p[1] > 180 && p[0] < 80 && p[2] < 80)
    return 'g';
  if (p[2] > 180 && p[0] < 80 && p[1] < 80)
    return 'b';
  return '?';
}

static char
middle_colour_of (const char *path)
{
  return middle_colour_at (path, "-sseof", "-1");
}

static char *
recording (RelayTestRtmpServer *server, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".flv", NULL);

  return g_build_filename (server->record_dir, file, NULL);
}

static void
test_vertical_beside_landscape (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelayScene) bands = relay_scene_new ("bands", "Bands");
  g_autoptr (RelayLayer) red = band (RED, 0);
  g_autoptr (RelayLayer) green = band (GREEN, 1);
  g_autoptr (RelayLayer) blue = band (BLUE, 2);
  g_autoptr (RelayOutput) wide = NULL, tall = NULL, tall_too = NULL, tall_left = NULL;
  g_autoptr (GError) error = NULL;
  GstBin *pipeline;
  const char *names[] = { "wide", "tall", "tall_too", "tall_left" };
  g_autofree char *probed[G_N_ELEMENTS (names)] = { NULL };

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  pipeline = GST_BIN (relay_studio_get_pipeline (studio));
  relay_scene_add_layer (bands, red);
  relay_scene_add_layer (bands, green);
  relay_scene_add_layer (bands, blue);
  relay_scene_mixer_set_scene (
      relay_studio_get_scene_mixer (studio, relay_studio_get_program (studio)), bands);

  wide = add_output (studio, server, "wide", 0, 0, 0.5);
  tall = add_output (studio, server, "tall", 720, 1280, 0.5);
  {
    RelayOutput *both[] = { wide, tall, NULL };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, both, 20000));
  }
  g_assert_cmpuint (relay_bin_count_factory (pipeline, "x264enc"), ==, 2);
  g_assert_cmpuint (relay_studio_count_canvases (studio), ==, 1);

  /* another of the same size and centre shares the canvas and its encoder */
  tall_too = add_output (studio, server, "tall_too", 720, 1280, 0.5);
  /* one cut further left is a canvas of its own */
  tall_left = add_output (studio, server, "tall_left", 720, 1280, 0.1);
  {
    RelayOutput *all[] = { wide, tall, tall_too, tall_left, NULL };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, all, 20000));
  }
  g_assert_cmpuint (relay_bin_count_factory (pipeline, "x264enc"), ==, 3);
  g_assert_cmpuint (relay_studio_count_canvases (studio), ==, 2);

  {
    /* colour bands: a few keyframes' worth */
    RelayTestProgress progress = { tall_left, relay_output_get_bytes_sent (tall_left), 30000 };

    g_assert_true (relay_test_wait_until (relay_test_output_progressed, &progress, 20000));
  }
  g_assert_true (relay_test_shutdown_studio (studio, 15000));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = recording (server, names[i]);
      g_autofree char *size = video_size_of (path);

      probed[i] = relay_test_probe (path);
      g_test_message ("%s: %s, %s", names[i], size, probed[i]);
      g_assert_cmpstr (size, ==, i == 0 ? "1280x720" : "720x1280");
    }
  /* every output got as many frames as the landscape one since it joined */
  g_assert_cmpuint (relay_test_frames_of (probed[1], "video"), >=,
                    relay_test_frames_of (probed[0], "video") * 9 / 10);
  g_assert_cmpuint (relay_test_frames_of (probed[1], "audio"), >, 0);

  {
    g_autofree char *wide_path = recording (server, "wide");
    g_autofree char *tall_path = recording (server, "tall");
    g_autofree char *left_path = recording (server, "tall_left");

    /* the landscape middle is green, as is the centred vertical cut's; the
     * one at a tenth across shows the red band */
    g_assert_cmpint (middle_colour_of (wide_path), ==, 'g');
    g_assert_cmpint (middle_colour_of (tall_path), ==, 'g');
    g_assert_cmpint (middle_colour_of (left_path), ==, 'r');
  }
}

static gboolean
sent_two_seconds (gpointer output)
{
  /* the default program's rate, 30 fps */
  return relay_output_get_frames_sent (output) >= 60;
}

/* Outputs naming a scene of their own share its canvas and encoder at one
 * size; at the program's size it is a canvas too, and neither shows the
 * program's bands. */
static void
test_scene_canvases (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelayScene) bands = relay_scene_new ("bands", "Bands");
  g_autoptr (RelayScene) tall = relay_scene_new ("tall", "Tall");
  g_autoptr (RelayLayer) red = band (RED, 0);
  g_autoptr (RelayLayer) green = band (GREEN, 1);
  g_autoptr (RelayLayer) blue = band (BLUE, 2);
  RelayRect whole = { 0, 0, 1280, 1280 };
  g_autoptr (RelayLayer) blue_all = relay_layer_new (RELAY_LAYER_SOURCE_COLOR, &whole);
  g_autoptr (RelayOutput) first = NULL, second = NULL, wide = NULL;
  g_autoptr (GError) error = NULL;
  const char *names[] = { "first", "second", "wide_scene" };

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_scene_add_layer (bands, red);
  relay_scene_add_layer (bands, green);
  relay_scene_add_layer (bands, blue);
  relay_scene_mixer_set_scene (
      relay_studio_get_scene_mixer (studio, relay_studio_get_program (studio)), bands);
  relay_layer_set_color (blue_all, BLUE);
  relay_scene_add_layer (tall, blue_all);

  first = add_scene_output (studio, server, "first", 720, 1280, 0.5, tall);
  second = add_scene_output (studio, server, "second", 720, 1280, 0.1, tall);
  wide = add_scene_output (studio, server, "wide_scene", 0, 0, 0.5, tall);
  {
    RelayOutput *all[] = { first, second, wide, NULL };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, all, 20000));
  }
  /* the crop centre means nothing to a scene: one canvas and encoder per size */
  g_assert_cmpuint (relay_studio_count_canvases (studio), ==, 2);
  g_assert_cmpuint (
      relay_bin_count_factory (GST_BIN (relay_studio_get_pipeline (studio)), "x264enc"), ==, 2);
  g_assert_true (relay_studio_get_output_canvas (studio, first)
                 == relay_studio_get_output_canvas (studio, second));
  g_assert_true (relay_test_wait_until (sent_two_seconds, first, 20000));
  g_assert_true (relay_test_wait_until (sent_two_seconds, second, 20000));
  g_assert_true (relay_test_wait_until (sent_two_seconds, wide, 20000));
  g_assert_true (relay_test_shutdown_studio (studio, 15000));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = recording (server, names[i]);
      g_autofree char *size = video_size_of (path);

      g_assert_cmpstr (size, ==, i < 2 ? "720x1280" : "1280x720");
      g_autofree char *probed = relay_test_probe (path);

      g_test_message ("%s: %s", names[i], probed);
      /* the program's sound goes with the scene's picture */
      g_assert_cmpuint (relay_test_frames_of (probed, "audio"), >, 0);
      /* well in: the scene's sources close before its canvas at the end */
      g_assert_cmpint (middle_colour_at (path, "-ss", "1.5"), ==, 'b');
    }
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canvases/vertical-beside-landscape", test_vertical_beside_landscape);
  g_test_add_func ("/canvases/scene-canvases", test_scene_canvases);

  return g_test_run ();
}
