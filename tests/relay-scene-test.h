/* relay-scene-test.h: a program composed by a scene, sent to nginx-rtmp and read back in pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/relay-studio.h"
#include "relay-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  RelayTestRtmpServer *server;
  RelayStudio *studio;
  RelaySceneMixer *mixer;
  RelayOutput *output;
  /* the program's frames so far, and how many a wait waits for */
  gint frames;
  gint target;
} RelaySceneTest;

/* Classifies a frame of the recording (rgb24, at the size it was read at) in one letter. */
typedef char (*RelaySceneTestClassifier) (const guchar *frame);

RelayLayer *relay_scene_test_color_layer (guint32 argb, int x, int y, int width, int height);
void relay_scene_test_set_up (RelaySceneTest *test, RelayScene *first);
void relay_scene_test_wait_frames (RelaySceneTest *test, int n);
GBytes *relay_scene_test_tear_down (RelaySceneTest *test, int width, int height);
char *relay_scene_test_classify (GBytes *frames, gsize frame_size,
                                 RelaySceneTestClassifier classify_frame);
guint relay_scene_test_count_char (const char *text, char c);

G_END_DECLS
