/* test-layer-sources.c: image, text and clock layers reach nginx-rtmp as pictures
 *
 * Layers with transparency over colour layers, recorded by nginx and read
 * back pixel by pixel: what is transparent in an image (PNG, SVG) shows the
 * colour beneath, what is half transparent a blend, a JPEG is opaque; a
 * text shows its glyphs and the colour around them, and changes live; a
 * clock ticks. An image that cannot be read fails its layer, saying which,
 * and the program goes on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "relay-scene-test.h"

/* frames are read back at 1/8 of 1280x720 */
#define SMALL_WIDTH  160
#define SMALL_HEIGHT 90
#define SCALE        8
#define FRAME_SIZE   (SMALL_WIDTH * SMALL_HEIGHT * 3)

#define RED   0xffff0000u
#define NAVY  0xff000080u
#define WHITE 0xffffffffu

/* The pixel at canvas point (@x, @y) of a small frame */
static const guchar *
pixel_at (const guchar *frame, int x, int y)
{
  return frame + ((y / SCALE) * SMALL_WIDTH + x / SCALE) * 3;
}

/* 'r' red, 'g' green, 'b' blue, 'w' white, 'n' navy, 'o' olive (half green
 * over red), 'k' black, '?' anything else */
static char
colour_at (const guchar *frame, int x, int y)
{
  const guchar *p = pixel_at (frame, x, y);
  struct
  {
    char name;
    int r, g, b;
  } known[] = { { 'r', 255, 0, 0 },     { 'g', 0, 255, 0 }, { 'b', 0, 0, 255 },
                { 'w', 255, 255, 255 }, { 'n', 0, 0, 128 }, { 'o', 128, 128, 0 },
                { 'k', 0, 0, 0 } };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (ABS (p[0] - known[i].r) < 45 && ABS (p[1] - known[i].g) < 45
        && ABS (p[2] - known[i].b) < 45)
      return known[i].name;
  return '?';
}

static char *
make_test_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("relaycast-layers-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_test_dir (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A PNG in three bands: transparent, half transparent green, opaque green. */
static char *
write_png (const char *dir)
{
  char *path = g_build_filename (dir, "bands.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 90, 30);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgba (cr, 0, 1, 0, 0.5);
  cairo_rectangle (cr, 30, 0, 30, 30);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0, 1, 0, 1);
  cairo_rectangle (cr, 60, 0, 30, 30);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* An SVG whose left half is empty and right half blue. */
static char *
write_svg (const char *dir)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "half.svg", NULL);
  const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\">"
                    "<rect x=\"100\" y=\"0\" width=\"100\" height=\"100\" fill=\"#0000ff\"/></svg>";

  g_file_set_contents (path, svg, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A white JPEG, made by ffmpeg. */
static char *
write_jpeg (const char *dir)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "white.jpg", NULL);
  g_autoptr (GSubprocess) ffmpeg =
      g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "ffmpeg", "-v", "error", "-f", "lavfi",
                        "-i", "color=c=white:s=64x64", "-frames:v", "1", "-y", path, NULL);

  g_assert_no_error (error);
  g_subprocess_wait_check (ffmpeg, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static RelayLayer *
layer_new (const char *source, int x, int y, int width, int height)
{
  RelayRect rect = { x, y, width, height };

  return relay_layer_new (source, &rect);
}

static RelayLayer *
image_layer (const char *path, int x, int y, int width, int height)
{
  g_autofree char *spec = g_strconcat (RELAY_LAYER_SOURCE_IMAGE, path, NULL);

  return layer_new (spec, x, y, width, height);
}

/* Where the image test's layers are, and what each sample shows */
#define PNG_X   80
#define PNG_Y   80
#define SVG_X   680
#define JPEG_Y  400
#define BAND    180
#define SAMPLES 6

static const struct
{
  int x, y;
  char with_images;
} image_samples[SAMPLES] = {
  { PNG_X + BAND / 2, PNG_Y + 90, 'r' },     /* the PNG's transparent band */
  { PNG_X + BAND * 3 / 2, PNG_Y + 90, 'o' }, /* its half transparent one */
  { PNG_X + BAND * 5 / 2, PNG_Y + 90, 'g' }, /* its opaque one */
  { SVG_X + 130, PNG_Y + 130, 'r' },         /* the SVG's empty half */
  { SVG_X + 390, PNG_Y + 130, 'b' },         /* its blue half */
  { PNG_X + 160, JPEG_Y + 120, 'w' },        /* the JPEG */
};

/* 'A' every image as it should be, 'R' all red (none), 'p' some images
 * (each sample red or as it should be), 'K' all black (before the red
 * layer's first frame), '?' anything else: a black box, a lost alpha */
static char
classify_images (const guchar *frame)
{
  gboolean all_images = TRUE, all_red = TRUE, all_black = TRUE, partial = TRUE;

  for (guint i = 0; i < SAMPLES; i++)
    {
      char seen = colour_at (frame, image_samples[i].x, image_samples[i].y);

      all_images &= seen == image_samples[i].with_images;
      all_red &= seen == 'r';
      all_black &= seen == 'k';
      partial &= seen == 'r' || seen == image_samples[i].with_images;
    }
  if (all_images)
    return 'A';
  if (all_red)
    return 'R';
  if (all_black)
    return 'K';
  return partial ? 'p' : '?';
}

typedef struct
{
  RelayStream *stream;
  const char *format;
} BlendWait;

static gboolean
compositor_blends_in (gpointer user_data)
{
  BlendWait *wait = user_data;
  g_autoptr (GstPad) pad =
      gst_element_get_static_pad (relay_stream_get_mixer (wait->stream, RELAY_MEDIA_VIDEO), "src");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);

  return caps != NULL
         && g_strcmp0 (gst_structure_get_string (gst_caps_get_structure (caps, 0), "format"),
                       wait->format)
                == 0;
}

static gboolean
mixer_is_flowing (gpointer mixer)
{
  return relay_scene_mixer_is_flowing (mixer);
}

/* PNG, SVG and JPEG over red; then taken away, and the compositor blends
 * without alpha again. */
static void
test_images (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *png = write_png (dir);
  g_autofree char *svg = write_svg (dir);
  g_autofree char *jpeg = write_jpeg (dir);
  g_autoptr (RelayScene) scene = relay_scene_new ("images", "Images");
  g_autoptr (RelayLayer) red = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) png_layer = image_layer (png, PNG_X, PNG_Y, 3 * BAND, BAND);
  g_autoptr (RelayLayer) svg_layer = image_layer (svg, SVG_X, PNG_Y, 520, 260);
  g_autoptr (RelayLayer) jpeg_layer = image_layer (jpeg, PNG_X, JPEG_Y, 320, 240);
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelaySceneTest fixture = { 0 };
  BlendWait wait = { 0 };
  const char *first_image, *last_image;

  relay_scene_add_layer (scene, red);
  relay_scene_add_layer (scene, png_layer);
  relay_scene_add_layer (scene, svg_layer);
  relay_scene_add_layer (scene, jpeg_layer);
  relay_scene_test_set_up (&fixture, scene);
  wait.stream = relay_studio_get_program (fixture.studio);
  wait.format = "AYUV";
  g_assert_true (relay_test_wait_until (compositor_blends_in, &wait, 20000));
  /* decoded one by one, on a busy machine some seconds apart */
  g_assert_true (relay_test_wait_until (mixer_is_flowing, fixture.mixer, 20000));

  relay_scene_test_wait_frames (&fixture, 60);
  relay_scene_remove_layer (scene, relay_layer_get_id (png_layer));
  relay_scene_remove_layer (scene, relay_layer_get_id (svg_layer));
  relay_scene_remove_layer (scene, relay_layer_get_id (jpeg_layer));
  /* the last picture with alpha gone, the compositor goes back to I420 */
  wait.format = "I420";
  g_assert_true (relay_test_wait_until (compositor_blends_in, &wait, 20000));
  relay_scene_test_wait_frames (&fixture, 90);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_images);
  first_image = strchr (phases, 'A');
  last_image = strrchr (phases, 'A');
  g_assert_nonnull (first_image);
  /* the images held, with their transparency, until taken away; red then */
  g_assert_cmpuint (relay_scene_test_count_char (first_image, 'A'), >=, 30);
  g_assert_cmpuint (last_image - first_image + 1, ==,
                    relay_scene_test_count_char (first_image, 'A'));
  g_assert_cmpuint (relay_scene_test_count_char (last_image, 'R'), >=, 30);
  /* not all decoded at once, not all gone at once; never black, never
   * without their transparency */
  g_assert_cmpuint (relay_scene_test_count_char (phases, '?'), ==, 0);
  g_assert_null (strchr (strpbrk (phases, "RpA"), 'K'));
  remove_test_dir (dir);
}

/* The text test's layer, in canvas pixels */
#define TEXT_X      160
#define TEXT_Y      180
#define TEXT_WIDTH  960
#define TEXT_HEIGHT 360

/* 'i' a few white pixels in the text's rectangle, 'W' many, 'n' none; the
 * rest must be the navy beneath, never black ('?' otherwise); 'K' all black,
 * before the navy layer's first frame */
static char
classify_text (const guchar *frame)
{
  guint white = 0, navy = 0, black = 0, total = 0;
  double white_part;

  for (int y = TEXT_Y; y < TEXT_Y + TEXT_HEIGHT; y += SCALE)
    for (int x = TEXT_X; x < TEXT_X + TEXT_WIDTH; x += SCALE)
      {
        char seen = colour_at (frame, x, y);

        white += seen == 'w';
        navy += seen == 'n';
        black += seen == 'k';
        total++;
      }
  white_part = (double) white / total;
  if (black == total)
    return 'K';
  if (black > 0 || navy < total / 2)
    return '?';
  if (white == 0)
    return 'n';
  if (white_part < 0.08)
    return 'i';
  if (white_part > 0.12)
    return 'W';
  return '?';
}

/* White text over navy: glyphs and the navy around them; the text changed live. */
static void
test_text (void)
{
  g_autoptr (RelayScene) scene = relay_scene_new ("title", "Title");
  g_autoptr (RelayLayer) navy = relay_scene_test_color_layer (NAVY, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) text =
      layer_new (RELAY_LAYER_SOURCE_TEXT, TEXT_X, TEXT_Y, TEXT_WIDTH, TEXT_HEIGHT);
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  RelaySceneTest fixture = { 0 };
  const char *first_i, *first_w;

  relay_layer_set_text (text, "I");
  relay_layer_set_color (text, WHITE);
  relay_layer_set_fit (text, RELAY_LAYER_FIT_CONTAIN);
  relay_scene_add_layer (scene, navy);
  relay_scene_add_layer (scene, text);
  relay_scene_test_set_up (&fixture, scene);

  /* a busy machine draws the new words some frames late: room for that */
  relay_scene_test_wait_frames (&fixture, 90);
  relay_layer_set_text (text, "WWWW");
  relay_scene_test_wait_frames (&fixture, 90);
  g_assert_cmpuint (relay_scene_mixer_count_open_sources (fixture.mixer), ==, 2);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_text);
  first_i = strchr (phases, 'i');
  first_w = strchr (phases, 'W');
  g_assert_nonnull (first_i);
  g_assert_nonnull (first_w);
  g_assert_true (first_i < first_w);
  g_assert_null (strchr (first_i, 'K'));
  g_assert_cmpuint (relay_scene_test_count_char (first_i, 'i'), >=, 30);
  g_assert_cmpuint (relay_scene_test_count_char (first_w, 'W'), >=, 30);
  /* the text changed from one frame to the next, and not back */
  g_assert_null (strchr (first_w, 'i'));
  g_assert_cmpuint (relay_scene_test_count_char (phases, '?'), ==, 0);
}

/* How many pixels of two frames differ in being white */
static guint
count_changed (const guchar *a, const guchar *b)
{
  guint changed = 0;

  for (gsize i = 0; i < FRAME_SIZE; i += 3)
    changed += (a[i] > 160 && a[i + 2] > 160) != (b[i] > 160 && b[i + 2] > 160);
  return changed;
}

/* A clock over the whole canvas changes from one second to the next, and
 * only then. */
static void
test_clock (void)
{
  g_autoptr (RelayScene) scene = relay_scene_new ("clock", "Clock");
  g_autoptr (RelayLayer) navy = relay_scene_test_color_layer (NAVY, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) clock = layer_new (RELAY_LAYER_SOURCE_CLOCK, 0, 0, 1280, 720);
  g_autoptr (GBytes) frames = NULL;
  RelaySceneTest fixture = { 0 };
  const guchar *data;
  gsize length, n_frames;
  guint changes = 0;

  relay_layer_set_color (clock, WHITE);
  relay_layer_set_fit (clock, RELAY_LAYER_FIT_CONTAIN);
  relay_scene_add_layer (scene, navy);
  relay_scene_add_layer (scene, clock);
  relay_scene_test_set_up (&fixture, scene);
  relay_scene_test_wait_frames (&fixture, 120);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  data = g_bytes_get_data (frames, &length);
  n_frames = length / FRAME_SIZE;
  g_assert_cmpuint (n_frames, >=, 110);
  for (gsize i = 1; i < n_frames; i++)
    {
      const guchar *frame = data + i * FRAME_SIZE;

      /* a digit or two turn: hundreds of pixels; the encoder's noise: a few */
      changes += count_changed (frame - FRAME_SIZE, frame) > 40;
    }
  g_test_message ("%u changes in %zu frames", changes, n_frames);
  /* about four seconds: a tick each second, and the clock's first picture;
   * no flicker in between */
  g_assert_cmpuint (changes, >=, 3);
  g_assert_cmpuint (changes, <=, n_frames / 30 + 2);
}

typedef struct
{
  /* layer id -> what its last failure said */
  GHashTable *messages;
  guint told;
} Failures;

static void
on_layer_failed (RelaySceneMixer *mixer, const char *layer_id, GError *error, Failures *failures)
{
  g_test_message ("layer %s failed: %s", layer_id, error->message);
  g_hash_table_insert (failures->messages, g_strdup (layer_id), g_strdup (error->message));
  failures->told++;
}

static gboolean
two_layers_failed (gpointer user_data)
{
  Failures *failures = user_data;

  return g_hash_table_size (failures->messages) == 2;
}

/* 'r' red at the images' place and around it, 'k' black (before the red
 * layer's first frame), '?' anything else */
static char
classify_red (const guchar *frame)
{
  char inside = colour_at (frame, 400, 300), outside = colour_at (frame, 100, 100);

  if (inside == outside && (inside == 'r' || inside == 'k'))
    return inside;
  return '?';
}

/* A missing image fails at once, naming the file; a file that is no image
 * fails once read. The program goes on, red, all along. */
static void
test_unreadable_images (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing-logo.png", NULL);
  g_autofree char *not_image = g_build_filename (dir, "not-an-image.png", NULL);
  g_autoptr (RelayScene) scene = relay_scene_new ("broken", "Broken");
  g_autoptr (RelayLayer) red = relay_scene_test_color_layer (RED, 0, 0, 1280, 720);
  g_autoptr (RelayLayer) missing_layer = image_layer (missing, 200, 200, 400, 200);
  g_autoptr (RelayLayer) bad_layer = image_layer (not_image, 200, 200, 400, 200);
  g_autoptr (GBytes) frames = NULL;
  g_autofree char *phases = NULL;
  g_autoptr (GError) error = NULL;
  RelaySceneTest fixture = { 0 };
  g_autoptr (GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Failures failures = { messages, 0 };
  const char *first_red;
  guint told;

  g_file_set_contents (not_image, "this is no picture\n", -1, &error);
  g_assert_no_error (error);
  relay_scene_add_layer (scene, red);
  relay_scene_test_set_up (&fixture, scene);
  g_signal_connect (fixture.mixer, "layer-failed", G_CALLBACK (on_layer_failed), &failures);

  /* the missing one at once, by name */
  relay_scene_add_layer (scene, missing_layer);
  g_assert_nonnull (
      strstr (g_hash_table_lookup (messages, relay_layer_get_id (missing_layer)), missing));
  relay_scene_add_layer (scene, bad_layer);
  g_assert_true (relay_test_wait_until (two_layers_failed, &failures, 10000));
  relay_scene_test_wait_frames (&fixture, 30);

  /* other changes to the scene (a drag) do not try the missing file again */
  told = failures.told;
  for (int x = 0; x < 5; x++)
    relay_layer_set_rect (red, &(RelayRect){ 0, 0, 1280 - x, 720 });
  relay_scene_test_wait_frames (&fixture, 30);
  g_assert_cmpuint (failures.told, ==, told);

  frames = relay_scene_test_tear_down (&fixture, SMALL_WIDTH, SMALL_HEIGHT);
  phases = relay_scene_test_classify (frames, FRAME_SIZE, classify_red);
  /* every frame red once on air: neither failure stopped or marked the program */
  first_red = strchr (phases, 'r');
  g_assert_nonnull (first_red);
  g_assert_cmpuint (strlen (first_red), >=, 60);
  g_assert_cmpuint (relay_scene_test_count_char (first_red, 'r'), ==, strlen (first_red));
  remove_test_dir (dir);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layer-sources/images", test_images);
  g_test_add_func ("/layer-sources/text", test_text);
  g_test_add_func ("/layer-sources/clock", test_clock);
  g_test_add_func ("/layer-sources/unreadable-images", test_unreadable_images);

  return g_test_run ();
}
