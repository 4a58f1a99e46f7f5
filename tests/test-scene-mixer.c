/* test-scene-mixer.c: scenes composed live reach nginx-rtmp as pictures
 *
 * Coloured layers on the program, recorded by nginx and read back pixel by
 * pixel: a picture-in-picture, the small layer moved while live, a cut to
 * another scene. One publish throughout, and every frame there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <string.h>

#include "core/outputs/relay-output-factory.h"
#include "core/relay-studio.h"
#include "relay-test-util.h"

/* frames are read back at 1/20 of 1280x720 */
#define SMALL_WIDTH  64
#define SMALL_HEIGHT 36
#define SCALE        20

#define RED   0xffff0000u
#define GREEN 0xff00ff00u
#define BLUE  0xff0000ffu

typedef struct
{
  gint frames;
  gint target;
} FrameCount;

static GstPadProbeReturn
count_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  FrameCount *count = user_data;

  g_atomic_int_inc (&count->frames);
  return GST_PAD_PROBE_OK;
}

static gboolean
reached_target (gpointer user_data)
{
  FrameCount *count = user_data;

  return g_atomic_int_get (&count->frames) >= count->target;
}

/* Lets @n more frames of the program go by (on air). */
static void
wait_frames (FrameCount *count, int n)
{
  count->target = g_atomic_int_get (&count->frames) + n;
  g_assert_true (relay_test_wait_until (reached_target, count, 20000));
}

static gboolean
is_live (gpointer user_data)
{
  return relay_output_get_state (user_data) == RELAY_OUTPUT_STATE_LIVE;
}

static RelayLayer *
color_layer (guint32 color, int x, int y, int width, int height)
{
  RelayRect rect = { x, y, width, height };
  RelayLayer *layer = relay_layer_new (RELAY_LAYER_SOURCE_COLOR, &rect);

  relay_layer_set_color (layer, color);
  return layer;
}

/* 'r', 'g', 'b', 'k' (black) or '?' */
static char
classify (const guchar *p)
{
  struct
  {
    char name;
    int r, g, b;
  } known[] = { { 'r', 255, 0, 0 }, { 'g', 0, 255, 0 }, { 'b', 0, 0, 255 }, { 'k', 0, 0, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (ABS (p[0] - known[i].r) < 60 && ABS (p[1] - known[i].g) < 60
        && ABS (p[2] - known[i].b) < 60)
      return known[i].name;
  return '?';
}

/* The colour at canvas point (@x, @y) of a small frame */
static char
colour_at (const guchar *frame, int x, int y)
{
  return classify (frame + ((y / SCALE) * SMALL_WIDTH + x / SCALE) * 3);
}

typedef char (*FrameClassifier) (const guchar *frame);

/* One letter per frame of the recording at @path, as @classify says. */
static char *
read_phases (const char *path, FrameClassifier classify_frame)
{
  g_autofree char *scale = g_strdup_printf ("scale=%d:%d", SMALL_WIDTH, SMALL_HEIGHT);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) ffmpeg =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "ffmpeg", "-v", "error", "-i", path,
                        "-vf", scale, "-pix_fmt", "rgb24", "-f", "rawvideo", "-", NULL);
  g_autoptr (GBytes) out = NULL;
  gsize frame_size = SMALL_WIDTH * SMALL_HEIGHT * 3;
  const guchar *data;
  gsize length;
  GString *phases = g_string_new (NULL);

  g_assert_no_error (error);
  g_subprocess_communicate (ffmpeg, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (ffmpeg));
  data = g_bytes_get_data (out, &length);
  for (gsize offset = 0; offset + frame_size <= length; offset += frame_size)
    g_string_append_c (phases, classify_frame (data + offset));
  return g_string_free (phases, FALSE);
}

/* '1' the small layer at the bottom right, '2' at the top left, '3' the
 * green scene, '0' black, '?' anything else */
static char
classify_pip (const guchar *frame)
{
  char small_bottom_right = colour_at (frame, 1040, 560);
  char small_top_left = colour_at (frame, 240, 200);
  char centre = colour_at (frame, 640, 360);

  if (centre == 'r' && small_bottom_right == 'b' && small_top_left == 'r')
    return '1';
  if (centre == 'r' && small_top_left == 'b' && small_bottom_right == 'r')
    return '2';
  if (centre == 'g' && small_top_left == 'g' && small_bottom_right == 'g')
    return '3';
  return centre == 'k' ? '0' : '?';
}

/* 'r' red, 'b' blue, '~' a blend of both (a fade), '?' anything else */
static char
classify_fade (const guchar *frame)
{
  const guchar *p = frame + ((360 / SCALE) * SMALL_WIDTH + 640 / SCALE) * 3;

  if (p[1] > 60 || p[0] + p[2] < 180)
    return '?';
  if (p[2] < 25)
    return 'r';
  if (p[0] < 25)
    return 'b';
  return '~';
}

/* How many times @c appears in @text */
static guint
count_char (const char *text, char c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;
  return n;
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

typedef struct
{
  RelayTestRtmpServer *server;
  RelayStudio *studio;
  RelaySceneMixer *mixer;
  RelayOutput *output;
  FrameCount count;
} Fixture;

/* A started studio whose program is composed by a scene mixer and sent to
 * nginx as "scene"; @first is on it before the output connects. */
static void
fixture_set_up (Fixture *fixture, RelayScene *first)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr (GstPad) mixer_src = NULL;
  RelayStream *program;
  RelayOutputOptions options;

  fixture->server = relay_test_rtmp_server_start (FALSE, NULL);
  fixture->studio = relay_studio_new (NULL, NULL);
  relay_studio_start (fixture->studio, &error);
  g_assert_no_error (error);
  program = relay_studio_get_program (fixture->studio);
  mixer_src =
      gst_element_get_static_pad (relay_stream_get_mixer (program, RELAY_MEDIA_VIDEO), "src");
  gst_pad_add_probe (mixer_src, GST_PAD_PROBE_TYPE_BUFFER, count_frame, &fixture->count, NULL);
  fixture->mixer = relay_studio_get_scene_mixer (fixture->studio, program);
  relay_scene_mixer_set_scene (fixture->mixer, first);

  url = relay_test_rtmp_server_url (fixture->server, "live", "scene");
  relay_output_options_init (&options);
  options.id = "scene";
  fixture->output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (fixture->studio, fixture->output, &error);
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (is_live, fixture->output, 20000));
}

/* Ends the broadcast; returns the recording's frames, classified. */
static char *
fixture_tear_down (Fixture *fixture, FrameClassifier classify_frame)
{
  g_autofree char *recording = g_build_filename (fixture->server->record_dir, "scene.flv", NULL);
  char *phases;

  g_assert_cmpuint (relay_output_get_reconnects (fixture->output), ==, 0);
  g_assert_true (relay_test_shutdown_studio (fixture->studio, 15000));
  phases = read_phases (recording, classify_frame);
  g_test_message ("phases: %s", phases);
  /* one publish: the picture changed, the connection did not */
  g_assert_cmpuint (count_publishes (fixture->server, "scene"), ==, 1);

  g_clear_object (&fixture->output);
  g_clear_object (&fixture->studio);
  g_clear_pointer (&fixture->server, relay_test_rtmp_server_stop);
  return phases;
}

static void
test_pip_move_and_cut (void)
{
  g_autoptr (RelayScene) pip = relay_scene_new ("pip", "Picture in picture");
  g_autoptr (RelayScene) green = relay_scene_new ("green", "Green");
  g_autoptr (RelayLayer) background = color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) small = color_layer (BLUE, 880, 440, 320, 240);
  g_autoptr (RelayLayer) all_green = color_layer (GREEN, 0, 0, 1280, 720);
  g_autofree char *phases = NULL;
  RelayRect moved = { 80, 80, 320, 240 };
  Fixture fixture = { 0 };
  const char *one, *two, *three;

  relay_scene_add_layer (pip, background);
  relay_scene_add_layer (pip, small);
  relay_scene_add_layer (green, all_green);
  fixture_set_up (&fixture, pip);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 2);

  wait_frames (&fixture.count, 60);
  /* moved while live */
  relay_layer_set_rect (small, &moved);
  wait_frames (&fixture.count, 60);
  /* cut to another scene; the red and blue sources close once green plays */
  relay_scene_mixer_set_scene (fixture.mixer, green);
  wait_frames (&fixture.count, 60);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 1);

  phases = fixture_tear_down (&fixture, classify_pip);
  /* the three pictures in order, each held, with no black once on air and
   * at most a frame or two in between (a move lands between two frames) */
  one = strchr (phases, '1');
  two = strchr (phases, '2');
  three = strchr (phases, '3');
  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_nonnull (three);
  g_assert_true (one < two && two < three);
  g_assert_cmpuint (count_char (one, '0'), ==, 0);
  g_assert_cmpuint (count_char (one, '?'), <=, 2);
  g_assert_cmpuint (count_char (one, '1'), >=, 30);
  g_assert_cmpuint (count_char (two, '2'), >=, 45);
  g_assert_cmpuint (count_char (three, '3'), >=, 30);
  g_assert_null (strchr (two, '1'));
  g_assert_null (strchr (three, '2'));
}

/* A one-second fade from red to blue: the frames between blend the two. */
static void
test_fade (void)
{
  g_autoptr (RelayScene) red = relay_scene_new ("red", "Red");
  g_autoptr (RelayScene) blue = relay_scene_new ("blue", "Blue");
  g_autoptr (RelayLayer) all_red = color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) all_blue = color_layer (BLUE, 0, 0, 1280, 720);
  g_autofree char *phases = NULL;
  Fixture fixture = { 0 };
  const char *first_blend, *first_blue;

  relay_scene_add_layer (red, all_red);
  relay_scene_add_layer (blue, all_blue);
  fixture_set_up (&fixture, red);

  wait_frames (&fixture.count, 45);
  relay_scene_mixer_set_scene_with_fade (fixture.mixer, blue, 1000);
  wait_frames (&fixture.count, 90);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 1);

  phases = fixture_tear_down (&fixture, classify_fade);
  first_blend = strchr (phases, '~');
  first_blue = strchr (phases, 'b');
  g_assert_nonnull (first_blend);
  g_assert_nonnull (first_blue);
  /* red, then about a second of blends, then blue for good */
  g_assert_true (strchr (phases, 'r') < first_blend && first_blend < first_blue);
  /* of a second at 30 frames a second, those not too close to either colour */
  g_assert_cmpuint (count_char (first_blend, '~'), >=, 15);
  g_assert_null (strchr (first_blue, 'r'));
  /* nothing else once the red is on air (black may come before it) */
  g_assert_cmpuint (count_char (strchr (phases, 'r'), '?'), ==, 0);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenes/pip-move-and-cut", test_pip_move_and_cut);
  g_test_add_func ("/scenes/fade", test_fade);

  return g_test_run ();
}
