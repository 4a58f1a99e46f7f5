/* test-scene-mixer.c: scenes composed live reach nginx-rtmp as pictures
 *
 * Coloured layers on the program, recorded by nginx and read back pixel by
 * pixel: a picture-in-picture, the small layer moved while live, a cut to
 * another scene. One publish throughout, and every frame there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "core/relay-gst-util.h"
#include "relay-scene-test.h"

/* frames are read back at 1/20 of 1280x720 */
#define SMALL_WIDTH  64
#define SMALL_HEIGHT 36
#define SCALE        20
#define FRAME_SIZE   (SMALL_WIDTH * SMALL_HEIGHT * 3)

#define RED   0xffff0000u
#define GREEN 0xff00ff00u
#define BLUE  0xff0000ffu

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

static void
test_pip_move_and_cut (void)
{
  g_autoptr (RelayScene) pip = relay_scene_new ("pip", "Picture in picture");
  g_autoptr (RelayScene) green = relay_scene_new ("green", "Green");
  g_autoptr (RelayLayer) background = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) small = relay_scene_test_color_layer (BLUE, 880, 440, 320, 240);
  g_autoptr (RelayLayer) all_green = relay_scene_test_color_layer (GREEN, 0, 0, 1280, 720);
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelayRect moved = { 80, 80, 320, 240 };
  RelaySceneTest fixture = { 0 };
  const char *one, *two, *three;

  relay_scene_add_layer (pip, background);
  relay_scene_add_layer (pip, small);
  relay_scene_add_layer (green, all_green);
  relay_scene_test_set_up (&fixture, pip);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 2);

  relay_scene_test_wait_frames (&fixture, 60);
  /* moved while live */
  relay_layer_set_rect (small, &moved);
  relay_scene_test_wait_frames (&fixture, 60);
  /* cut to another scene; the red and blue sources close once green plays */
  relay_scene_mixer_set_scene (fixture.mixer, green);
  relay_scene_test_wait_frames (&fixture, 60);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 1);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_pip);
  /* the three pictures in order, each held, with no black once on air and
   * at most a frame or two in between (a move lands between two frames) */
  one = strchr (phases, '1');
  two = strchr (phases, '2');
  three = strchr (phases, '3');
  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_nonnull (three);
  g_assert_true (one < two && two < three);
  g_assert_cmpuint (relay_scene_test_count_char (one, '0'), ==, 0);
  g_assert_cmpuint (relay_scene_test_count_char (one, '?'), <=, 2);
  g_assert_cmpuint (relay_scene_test_count_char (one, '1'), >=, 30);
  g_assert_cmpuint (relay_scene_test_count_char (two, '2'), >=, 45);
  g_assert_cmpuint (relay_scene_test_count_char (three, '3'), >=, 30);
  g_assert_null (strchr (two, '1'));
  g_assert_null (strchr (three, '2'));
}

/* A one-second fade from red to blue: the frames between blend the two. */
static void
test_fade (void)
{
  g_autoptr (RelayScene) red = relay_scene_new ("red", "Red");
  g_autoptr (RelayScene) blue = relay_scene_new ("blue", "Blue");
  g_autoptr (RelayLayer) all_red = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) all_blue = relay_scene_test_color_layer (BLUE, 0, 0, 1280, 720);
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelaySceneTest fixture = { 0 };
  const char *first_blend, *first_blue;

  relay_scene_add_layer (red, all_red);
  relay_scene_add_layer (blue, all_blue);
  relay_scene_test_set_up (&fixture, red);

  relay_scene_test_wait_frames (&fixture, 45);
  relay_scene_mixer_set_scene_with_fade (fixture.mixer, blue, 1000);
  relay_scene_test_wait_frames (&fixture, 90);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 1);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_fade);
  first_blend = strchr (phases, '~');
  first_blue = strchr (phases, 'b');
  g_assert_nonnull (first_blend);
  g_assert_nonnull (first_blue);
  /* red, then about a second of blends, then blue for good */
  g_assert_true (strchr (phases, 'r') < first_blend && first_blend < first_blue);
  /* of a second at 30 frames a second, those not too close to either colour */
  g_assert_cmpuint (relay_scene_test_count_char (first_blend, '~'), >=, 15);
  g_assert_null (strchr (first_blue, 'r'));
  /* nothing else once the red is on air (black may come before it) */
  g_assert_cmpuint (relay_scene_test_count_char (strchr (phases, 'r'), '?'), ==, 0);
}

/* Returns: (transfer full): a clip of blue, @size ("WxH"), @seconds long, in @dir */
static char *
make_blue_clip (const char *dir, const char *size, int seconds)
{
  char *clip = g_build_filename (dir, "blue.mp4", NULL);
  g_autofree char *input =
      g_strdup_printf ("color=c=blue:size=%s:rate=30:duration=%d", size, seconds);
  const char *argv[] = { "ffmpeg", "-v",       "error",   "-f", "lavfi", "-i",
                         input,    "-pix_fmt", "yuv420p", clip, NULL };
  g_autofree char *out = relay_test_command_output (argv);

  g_assert_nonnull (out);
  return clip;
}

/* 'r' the red background, 'b' the blue file on it, 'k' black, '?' else */
static char
classify_centre (const guchar *frame)
{
  return colour_at (frame, 640, 360);
}

/* A layer's file ends: the rest of the picture goes on, with no reconnection. */
static void
test_layer_source_ends (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relaycast-scene-XXXXXX", NULL);
  g_autofree char *clip = make_blue_clip (dir, "320x180", 1);
  g_autoptr (RelayScene) scene = relay_scene_new ("clip", "Clip");
  g_autoptr (RelayLayer) background = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) file = NULL;
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelaySceneTest fixture = { 0 };
  RelayRect half = { 320, 180, 640, 360 };
  const char *first_blue, *red_after;

  file = relay_layer_new (clip, &half);
  relay_scene_add_layer (scene, background);
  relay_scene_add_layer (scene, file);
  relay_scene_test_set_up (&fixture, scene);

  /* a second of the clip, then as long again without it */
  relay_scene_test_wait_frames (&fixture, 90);
  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_centre);
  g_test_message ("phases: %s", phases);
  first_blue = strchr (phases, 'b');
  g_assert_nonnull (first_blue);
  red_after = strchr (first_blue, 'r');
  g_assert_nonnull (red_after);
  /* the clip's second, then the background for the rest: never black */
  g_assert_cmpuint (strlen (red_after), >=, 30);
  g_assert_cmpuint (relay_scene_test_count_char (red_after, 'r'), ==, strlen (red_after));
  g_assert_null (strchr (first_blue, 'k'));
  g_unlink (clip);
  g_rmdir (dir);
}

/* 'B' the clip at both places, 'L' at the top left alone, '?' anything else */
static char
classify_twice (const guchar *frame)
{
  char top_left = colour_at (frame, 240, 200);
  char bottom_right = colour_at (frame, 1040, 560);

  if (colour_at (frame, 640, 360) != 'r')
    return '?';
  if (top_left == 'b' && bottom_right == 'b')
    return 'B';
  if (top_left == 'b' && bottom_right == 'r')
    return 'L';
  return '?';
}

static guint
count_file_readers (RelaySceneTest *fixture)
{
  RelayStream *program = relay_studio_get_program (fixture->studio);

  return relay_bin_count_factory (GST_BIN (relay_stream_get_pipeline (program)), "filesrc");
}

/* Two layers naming one file draw it at both places from one reader; one
 * of them taken out and put back while live, the other never stops. */
static void
test_same_source_twice (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relaycast-scene-XXXXXX", NULL);
  g_autofree char *clip = make_blue_clip (dir, "320x240", 10);
  g_autoptr (RelayScene) scene = relay_scene_new ("twice", "Twice");
  g_autoptr (RelayLayer) background = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  RelayRect top_left = { 80, 80, 320, 240 }, bottom_right = { 880, 440, 320, 240 };
  g_autoptr (RelayLayer) first = NULL;
  g_autoptr (RelayLayer) second = NULL;
  g_autoptr (RelayLayer) again = NULL;
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelaySceneTest fixture = { 0 };
  const char *both, *alone, *both_again;

  first = relay_layer_new (clip, &top_left);
  second = relay_layer_new (clip, &bottom_right);
  again = relay_layer_new (clip, &bottom_right);
  relay_scene_add_layer (scene, background);
  relay_scene_add_layer (scene, first);
  relay_scene_add_layer (scene, second);
  relay_scene_test_set_up (&fixture, scene);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 2);
  g_assert_cmpuint (count_file_readers (&fixture), ==, 1);

  relay_scene_test_wait_frames (&fixture, 45);
  g_assert_true (relay_scene_remove_layer (scene, relay_layer_get_id (second)));
  relay_scene_test_wait_frames (&fixture, 30);
  relay_scene_add_layer (scene, again);
  relay_scene_test_wait_frames (&fixture, 30);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 2);
  g_assert_cmpuint (count_file_readers (&fixture), ==, 1);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_twice);
  both = strchr (phases, 'B');
  g_assert_nonnull (both);
  alone = strchr (both, 'L');
  g_assert_nonnull (alone);
  both_again = strchr (alone, 'B');
  g_assert_nonnull (both_again);
  g_assert_cmpuint (alone - both, >=, 20);
  g_assert_cmpuint (both_again - alone, >=, 15);
  g_assert_cmpuint (relay_scene_test_count_char (both_again, 'B'), >=, 15);
  /* the clip never left its first place: no frame without it */
  g_assert_cmpuint (relay_scene_test_count_char (both, '?'), ==, 0);
  g_unlink (clip);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenes/pip-move-and-cut", test_pip_move_and_cut);
  g_test_add_func ("/scenes/fade", test_fade);
  g_test_add_func ("/scenes/layer-source-ends", test_layer_source_ends);
  g_test_add_func ("/scenes/same-source-twice", test_same_source_twice);

  return g_test_run ();
}
