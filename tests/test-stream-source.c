/* test-stream-source.c: a stream of the studio as the program's source,
 * switched back and forth with another source while everything plays, and
 * as the source of a stream with a canvas of its own size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>

#include "core/relay-gst-util.h"
#include "core/media/relay-stream-source.h"
#include "core/relay-studio.h"
#include "core/media/relay-test-source.h"
#include "relay-test-util.h"

#define TIMEOUT_MS 20000

typedef struct
{
  gint frames;
  gint target;
} FrameCount;

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer user_data)
{
  FrameCount *count = user_data;

  g_atomic_int_inc (&count->frames);
}

static gboolean
reached (gpointer user_data)
{
  FrameCount *count = user_data;

  return g_atomic_int_get (&count->frames) >= count->target;
}

static void
wait_for_frames (FrameCount *count, gint more)
{
  count->target = g_atomic_int_get (&count->frames) + more;
  g_assert_true (relay_test_wait_until (reached, count, TIMEOUT_MS));
}

static void
test_switching (void)
{
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) guest_source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) tap_sink = NULL;
  g_autoptr (GstPad) raw_pad = NULL;
  FrameCount count = { 0, 0 };
  RelayStream *program, *guest;
  GstElement *sink;

  g_assert_true (relay_studio_start (studio, &error));
  program = relay_studio_get_program (studio);
  guest = relay_studio_add_stream (studio, "guest", guest_source, &error);
  g_assert_no_error (error);

  /* Counts the program's frames, as the preview would see them. */
  sink = relay_bin_add_new (GST_BIN (relay_studio_get_pipeline (studio)), "fakesink", &error);
  g_assert_no_error (error);
  g_object_set (sink, "signal-handoffs", TRUE, "sync", FALSE, "async", FALSE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &count);
  gst_element_sync_state_with_parent (sink);
  tap_sink = gst_element_get_static_pad (sink, "sink");
  raw_pad = relay_stream_link_raw_pad (program, RELAY_MEDIA_VIDEO, tap_sink);
  g_assert_true (gst_pad_is_linked (tap_sink));

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr (RelaySource) source =
          i % 2 ? relay_stream_source_new (guest) : relay_test_source_new ();

      g_assert_true (relay_stream_set_source (program, source, &error));
      g_assert_no_error (error);
      wait_for_frames (&count, 4);
    }
  g_assert_true (RELAY_IS_STREAM_SOURCE (relay_stream_get_source (program)));

  /* The program goes on when the stream it shows ends. */
  g_assert_true (relay_studio_remove_stream (studio, "guest", &error));
  wait_for_frames (&count, 15);

  g_assert_true (relay_test_shutdown_studio (studio, TIMEOUT_MS));
}

static gboolean
is_flowing (gpointer user_data)
{
  return relay_stream_is_source_flowing (user_data);
}

/* A relay task's canvas: its own size, whatever the program's. */
static void
test_other_size (void)
{
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) guest_source = relay_test_source_new ();
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GError) error = NULL;
  const RelayProgramFormat smaller = { 640, 360, 30, 48000, 2 };
  RelayStream *guest, *small;

  g_assert_true (relay_studio_start (studio, &error));
  guest = relay_studio_add_stream (studio, "guest", guest_source, &error);
  g_assert_no_error (error);
  small = relay_studio_add_sized_stream (studio, "small", 320, 180, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relay_stream_get_format (small)->width, ==, 320);
  g_assert_cmpuint (relay_stream_get_format (small)->height, ==, 180);
  /* its destinations are sent its size */
  g_assert_cmpuint (relay_stream_get_encoding_defaults (small)->video.width, ==, 320);

  /* the guest's 1280x720 picture, scaled into the small canvas */
  source = relay_stream_source_new (guest);
  g_assert_true (relay_stream_set_source (small, source, &error));
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (is_flowing, small, TIMEOUT_MS));

  /* the program's size changes, the small canvas keeps its own */
  g_assert_true (relay_studio_set_video_format (studio, &smaller, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay_stream_get_format (guest)->width, ==, 640);
  g_assert_cmpuint (relay_stream_get_format (small)->width, ==, 320);
  g_assert_cmpuint (relay_stream_get_encoding_defaults (small)->video.height, ==, 180);

  g_assert_true (relay_test_shutdown_studio (studio, TIMEOUT_MS));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/stream-source/switching", test_switching);
  g_test_add_func ("/stream-source/other-size", test_other_size);

  return g_test_run ();
}
