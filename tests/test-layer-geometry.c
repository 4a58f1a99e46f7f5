/* test-layer-geometry.c: where a layer's source lands for each fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/scenes/relay-layer-geometry.h"

static void
assert_rect (const RelayRect *rect, int x, int y, int width, int height)
{
  g_assert_cmpint (rect->x, ==, x);
  g_assert_cmpint (rect->y, ==, y);
  g_assert_cmpint (rect->width, ==, width);
  g_assert_cmpint (rect->height, ==, height);
}

static void
assert_crop (const RelayCrop *crop, guint left, guint top, guint right, guint bottom)
{
  g_assert_cmpuint (crop->left, ==, left);
  g_assert_cmpuint (crop->top, ==, top);
  g_assert_cmpuint (crop->right, ==, right);
  g_assert_cmpuint (crop->bottom, ==, bottom);
}

/* A 4:3 camera in a 16:9 rectangle, then a 16:9 screen in a 9:16 one. */
static void
test_fits (void)
{
  RelayRect wide = { 100, 50, 640, 360 };
  RelayRect tall = { 0, 0, 720, 1280 };
  RelayCrop none = { 0 };
  RelayLayerGeometry geometry;

  g_assert_true (
      relay_layer_geometry_compute (640, 480, &wide, RELAY_LAYER_FIT_STRETCH, &none, &geometry));
  assert_rect (&geometry.rect, 100, 50, 640, 360);
  assert_crop (&geometry.crop, 0, 0, 0, 0);

  /* bars left and right */
  g_assert_true (
      relay_layer_geometry_compute (640, 480, &wide, RELAY_LAYER_FIT_CONTAIN, &none, &geometry));
  assert_rect (&geometry.rect, 100 + 80, 50, 480, 360);
  assert_crop (&geometry.crop, 0, 0, 0, 0);

  /* the top and bottom cut evenly: 480 - 360 = 120 rows */
  g_assert_true (
      relay_layer_geometry_compute (640, 480, &wide, RELAY_LAYER_FIT_COVER, &none, &geometry));
  assert_rect (&geometry.rect, 100, 50, 640, 360);
  assert_crop (&geometry.crop, 0, 60, 0, 60);

  /* a vertical crop of a landscape screen keeps its middle */
  g_assert_true (
      relay_layer_geometry_compute (1920, 1080, &tall, RELAY_LAYER_FIT_COVER, &none, &geometry));
  assert_crop (&geometry.crop, 656, 0, 656, 0);
  g_assert_true (
      relay_layer_geometry_compute (1920, 1080, &tall, RELAY_LAYER_FIT_CONTAIN, &none, &geometry));
  assert_rect (&geometry.rect, 0, 437, 720, 405);
}

/* The layer's own crop comes first; one that leaves nothing draws nothing. */
static void
test_crop (void)
{
  RelayRect rect = { 0, 0, 400, 400 };
  RelayCrop sides = { 100, 0, 100, 0 };
  RelayCrop everything = { 320, 0, 320, 0 };
  RelayRect empty = { 0, 0, 0, 10 };
  RelayLayerGeometry geometry;

  /* 640x480 cropped to 440x480, contained in a square: 367x400 */
  g_assert_true (
      relay_layer_geometry_compute (640, 480, &rect, RELAY_LAYER_FIT_CONTAIN, &sides, &geometry));
  assert_crop (&geometry.crop, 100, 0, 100, 0);
  assert_rect (&geometry.rect, 16, 0, 367, 400);

  g_assert_false (relay_layer_geometry_compute (640, 480, &rect, RELAY_LAYER_FIT_STRETCH,
                                                &everything, &geometry));
  g_assert_false (
      relay_layer_geometry_compute (640, 480, &empty, RELAY_LAYER_FIT_STRETCH, &sides, &geometry));
}

/* A vertical cut of a landscape picture follows its centre and stays inside. */
static void
test_crop_to_shape (void)
{
  RelayCrop crop;

  /* 1280x720 to 9:16: 405 columns kept */
  relay_layer_geometry_crop_to_shape (1280, 720, 720, 1280, 0.5, 0.5, &crop);
  assert_crop (&crop, 438, 0, 437, 0);
  relay_layer_geometry_crop_to_shape (1280, 720, 720, 1280, 0.25, 0.5, &crop);
  assert_crop (&crop, 118, 0, 757, 0);
  relay_layer_geometry_crop_to_shape (1280, 720, 720, 1280, 0.0, 0.5, &crop);
  assert_crop (&crop, 0, 0, 875, 0);
  relay_layer_geometry_crop_to_shape (1280, 720, 720, 1280, 1.0, 0.5, &crop);
  assert_crop (&crop, 875, 0, 0, 0);
  /* a square from a vertical picture keeps rows */
  relay_layer_geometry_crop_to_shape (720, 1280, 1, 1, 0.5, 0.5, &crop);
  assert_crop (&crop, 0, 280, 0, 280);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layer-geometry/fits", test_fits);
  g_test_add_func ("/layer-geometry/crop", test_crop);
  g_test_add_func ("/layer-geometry/crop-to-shape", test_crop_to_shape);

  return g_test_run ();
}
