/* test-test-pattern.c: the test pattern is videotestsrc's, scrolling the same
 * way, with the same caps and live timing, and can show a running clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/video/video.h>
#include <string.h>

#include "core/media/relay-test-pattern.h"

#define FRAME_TIMEOUT_US (5 * G_USEC_PER_SEC)

typedef struct
{
  GstBuffer *buffer;
  gint64 arrived_us;
} Frame;

static void
frame_free (Frame *frame)
{
  gst_buffer_unref (frame->buffer);
  g_free (frame);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Frame, frame_free)

/* A source feeding a fakesink that neither waits nor keeps anything: frames
 * arrive when the source lets them go. */
typedef struct
{
  GstElement *pipeline;
  GstElement *source;
  GAsyncQueue *frames;
} Run;

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer user_data)
{
  Frame *frame = g_new0 (Frame, 1);

  frame->buffer = gst_buffer_ref (buffer);
  frame->arrived_us = g_get_monotonic_time ();
  g_async_queue_push (user_data, frame);
}

static Run *
run_start (GstElement *source, const RelayProgramFormat *format)
{
  g_autoptr (GstCaps) caps = relay_program_format_video_caps (format);
  g_autoptr (GstClock) clock = gst_system_clock_obtain ();
  Run *run = g_new0 (Run, 1);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);

  run->pipeline = gst_pipeline_new (NULL);
  run->source = source;
  run->frames = g_async_queue_new_full ((GDestroyNotify) frame_free);
  gst_pipeline_use_clock (GST_PIPELINE (run->pipeline), clock);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), run->frames);
  gst_bin_add_many (GST_BIN (run->pipeline), source, filter, sink, NULL);
  g_assert_true (gst_element_link_many (source, filter, sink, NULL));
  g_assert_cmpint (gst_element_set_state (run->pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  return run;
}

static void
run_stop (Run *run)
{
  gst_element_set_state (run->pipeline, GST_STATE_NULL);
  gst_object_unref (run->pipeline);
  g_async_queue_unref (run->frames);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_stop)

/* Stops and starts again, dropping what came before */
static void
run_restart (Run *run)
{
  gst_element_set_state (run->pipeline, GST_STATE_NULL);
  while (g_async_queue_length (run->frames) > 0)
    frame_free (g_async_queue_pop (run->frames));
  gst_element_set_state (run->pipeline, GST_STATE_PLAYING);
}

static Frame *
next_frame (Run *run)
{
  Frame *frame = g_async_queue_timeout_pop (run->frames, FRAME_TIMEOUT_US);

  g_assert_nonnull (frame);
  return frame;
}

static GstCaps *
current_caps (Run *run)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (run->source, "src");

  return gst_pad_get_current_caps (pad);
}

/* What Relaycast used before: videotestsrc, live and scrolling */
static GstElement *
make_videotestsrc (void)
{
  GstElement *source = gst_element_factory_make ("videotestsrc", NULL);

  g_object_set (source, "is-live", TRUE, "horizontal-speed", 2, NULL);
  gst_util_set_object_arg (G_OBJECT (source), "pattern", "smpte");
  return source;
}

static void
query_latency (GstElement *source, gboolean *live, GstClockTime *min, GstClockTime *max)
{
  g_autoptr (GstQuery) query = gst_query_new_latency ();

  g_assert_true (gst_element_query (source, query));
  gst_query_parse_latency (query, live, min, max);
}

static void
test_caps_and_timing (void)
{
  RelayProgramFormat format = { 320, 240, 30, 48000, 2 };
  g_autoptr (Run) run = run_start (relay_test_pattern_new (&format), &format);
  g_autoptr (Run) reference = run_start (make_videotestsrc (), &format);
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (GstCaps) reference_caps = NULL;
  GstClockTime frame_duration = gst_util_uint64_scale (GST_SECOND, 1, format.fps);
  GstClockTime first_pts = 0, min, max, reference_min, reference_max;
  gboolean live, reference_live;
  GstVideoInfo info;

  /* GstBaseSrc moves every time by when the first frame went out (as for
   * any live source): the steps are the source's own. */
  for (guint64 n = 0; n < 10; n++)
    {
      g_autoptr (Frame) frame = next_frame (run);

      if (n == 0)
        first_pts = GST_BUFFER_PTS (frame->buffer);
      g_assert_cmpuint (GST_BUFFER_PTS (frame->buffer) - first_pts, ==,
                        gst_util_uint64_scale (n, GST_SECOND, format.fps));
      g_assert_cmpuint (GST_BUFFER_DURATION (frame->buffer), ==,
                        gst_util_uint64_scale (n + 1, GST_SECOND, format.fps)
                            - gst_util_uint64_scale (n, GST_SECOND, format.fps));
      g_assert_cmpuint (GST_BUFFER_OFFSET (frame->buffer), ==, n);
      /* From a buffer pool, to be used again */
      g_assert_nonnull (frame->buffer->pool);
    }
  g_assert_cmpuint (first_pts, <, GST_SECOND);

  /* Exactly the caps videotestsrc gives the same request, so nothing downstream converts */
  caps = current_caps (run);
  g_assert_nonnull (caps);
  g_assert_true (gst_video_info_from_caps (&info, caps));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_I420);
  g_assert_cmpint (info.width, ==, 320);
  g_assert_cmpint (info.height, ==, 240);
  g_assert_cmpint (info.fps_n, ==, 30);
  g_assert_cmpint (info.fps_d, ==, 1);
  g_assert_cmpint (info.par_n, ==, 1);
  g_assert_cmpint (info.par_d, ==, 1);
  frame_free (next_frame (reference));
  reference_caps = current_caps (reference);
  g_assert_true (gst_caps_is_equal (caps, reference_caps));

  /* Live, one frame of latency: the answer videotestsrc gives */
  query_latency (run->source, &live, &min, &max);
  query_latency (reference->source, &reference_live, &reference_min, &reference_max);
  g_assert_true (live);
  g_assert_cmpuint (min, ==, frame_duration);
  g_assert_true (live == reference_live);
  g_assert_cmpuint (min, ==, reference_min);
  g_assert_cmpuint (max, ==, reference_max);

  /* Started again, it counts from 0 again */
  run_restart (run);
  {
    g_autoptr (Frame) frame = next_frame (run);

    g_assert_cmpuint (GST_BUFFER_OFFSET (frame->buffer), ==, 0);
  }
}

typedef struct
{
  GstVideoFrame frame;
  GstVideoInfo info;
} Picture;

static void
picture_map (Picture *picture, GstCaps *caps, GstBuffer *buffer)
{
  g_assert_true (gst_video_info_from_caps (&picture->info, caps));
  g_assert_true (gst_video_frame_map (&picture->frame, &picture->info, buffer, GST_MAP_READ));
}

static guint8
sample_at (Picture *picture, guint plane, guint x, guint y)
{
  const guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (&picture->frame, plane);

  return data[y * GST_VIDEO_FRAME_PLANE_STRIDE (&picture->frame, plane) + x];
}

/* @later's plane equals @earlier's moved @shift samples to the left,
 * columns wrapping round. */
static void
assert_shifted (Picture *earlier, Picture *later, guint plane, guint shift)
{
  guint width = GST_VIDEO_FRAME_COMP_WIDTH (&earlier->frame, plane);
  guint height = GST_VIDEO_FRAME_COMP_HEIGHT (&earlier->frame, plane);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      g_assert_cmpuint (sample_at (later, plane, x, y), ==,
                        sample_at (earlier, plane, (x + shift) % width, y));
}

static void
assert_same_plane (Picture *a, Picture *b, guint plane)
{
  assert_shifted (a, b, plane, 0);
}

/* Frames scroll 2 pixels left each, past the point where the window over
 * the doubled picture wraps back to its start (width / 2 frames). */
static void
check_scrolling (gconstpointer data)
{
  const RelayProgramFormat *format = data;
  guint n_frames = MIN (format->width / 2 + 3, 30);
  gboolean even_width = format->width % 2 == 0;
  g_autoptr (Run) run = run_start (relay_test_pattern_new (format), format);
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  Picture previous, current, reference;

  for (guint n = 0; n < n_frames; n++)
    g_ptr_array_add (frames, next_frame (run));
  caps = current_caps (run);

  /* Frame 0 is videotestsrc's picture */
  {
    g_autoptr (Run) reference_run = run_start (make_videotestsrc (), format);
    g_autoptr (Frame) frame = next_frame (reference_run);
    g_autoptr (GstCaps) reference_caps = current_caps (reference_run);

    picture_map (&reference, reference_caps, frame->buffer);
    picture_map (&current, caps, ((Frame *) frames->pdata[0])->buffer);
    for (guint plane = 0; plane < 3; plane++)
      assert_same_plane (&reference, &current, plane);
    gst_video_frame_unmap (&current.frame);
    gst_video_frame_unmap (&reference.frame);
  }

  for (guint n = 1; n < n_frames; n++)
    {
      picture_map (&previous, caps, ((Frame *) frames->pdata[n - 1])->buffer);
      picture_map (&current, caps, ((Frame *) frames->pdata[n])->buffer);
      assert_shifted (&previous, &current, 0, 2);
      /* With an odd width, chroma moves by a whole sample every other frame only. */
      if (even_width)
        {
          assert_shifted (&previous, &current, 1, 1);
          assert_shifted (&previous, &current, 2, 1);
        }
      gst_video_frame_unmap (&current.frame);
      gst_video_frame_unmap (&previous.frame);
    }
}

/* Counts the luma samples of a region that are at least @min and at most @max. */
static guint
count_luma_between (Picture *picture, guint left, guint top, guint right, guint bottom, guint8 min,
                    guint8 max)
{
  guint count = 0;

  for (guint y = top; y < bottom; y++)
    for (guint x = left; x < right; x++)
      count += sample_at (picture, 0, x, y) >= min && sample_at (picture, 0, x, y) <= max;
  return count;
}

static gboolean
same_luma (Picture *a, Picture *b, guint left, guint top, guint right, guint bottom)
{
  for (guint y = top; y < bottom; y++)
    for (guint x = left; x < right; x++)
      if (sample_at (a, 0, x, y) != sample_at (b, 0, x, y))
        return FALSE;
  return TRUE;
}

/* The clock sits still in its opaque box at the bottom while the bars
 * scroll behind it, and its digits change as time goes by. */
static void
test_clock (void)
{
  RelayProgramFormat format = { 1280, 720, 30, 48000, 2 };
  GstElement *source = relay_test_pattern_new (&format);
  g_autoptr (Run) run = NULL;
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (Frame) first = NULL;
  g_autoptr (Frame) second = NULL;
  g_autoptr (Frame) later = NULL;
  Picture first_picture, second_picture, later_picture;
  /* inside the box whatever the time: its middle, above the bottom margin */
  const guint left = 516, right = 772, top = 720 - 24 - 56, bottom = 720 - 24 - 4;

  g_object_set (source, "clock", TRUE, NULL);
  run = run_start (source, &format);
  first = next_frame (run);
  second = next_frame (run);
  /* Well over a second later, the seconds have changed. Frames come out as
   * they are made (late ones at once), so go by when they came. */
  do
    {
      g_clear_pointer (&later, frame_free);
      later = next_frame (run);
    }
  while (later->arrived_us - first->arrived_us < 1200 * 1000);
  caps = current_caps (run);
  picture_map (&first_picture, caps, first->buffer);
  picture_map (&second_picture, caps, second->buffer);
  picture_map (&later_picture, caps, later->buffer);

  /* white digits on a dark box, nothing of the bars */
  g_assert_cmpuint (count_luma_between (&first_picture, left, top, right, bottom, 200, 255), >,
                    500);
  g_assert_cmpuint (count_luma_between (&first_picture, left, top, right, bottom, 30, 55), >, 2000);
  g_assert_cmpuint (count_luma_between (&first_picture, left, top, right, bottom, 56, 199), <,
                    (right - left) * (bottom - top) / 4);
  /* the box's bottom padding stays put while the bars move by */
  g_assert_true (same_luma (&first_picture, &second_picture, left, bottom, right, bottom + 2));
  g_assert_false (same_luma (&first_picture, &second_picture, 0, 0, 1280, 480));
  g_assert_false (same_luma (&first_picture, &later_picture, left, top, right, bottom));

  gst_video_frame_unmap (&later_picture.frame);
  gst_video_frame_unmap (&second_picture.frame);
  gst_video_frame_unmap (&first_picture.frame);
}

static gboolean
is_still_running (GstElement *pipeline)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) error = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  return error == NULL;
}

/* Frames come at the frame rate, as a camera's would, not as fast as they
 * can be made. */
static void
test_live_pacing (void)
{
  RelayProgramFormat format = { 1280, 720, 30, 48000, 2 };
  g_autoptr (Run) run = run_start (relay_test_pattern_new (&format), &format);
  gint64 first_us = 0, last_us = 0;

  /* The picture is drawn before the first frame, once: measure afterwards. */
  frame_free (next_frame (run));
  run_restart (run);
  for (guint n = 0; n < 30; n++)
    {
      g_autoptr (Frame) frame = next_frame (run);

      if (n == 0)
        first_us = frame->arrived_us;
      last_us = frame->arrived_us;
    }
  g_assert_cmpint (last_us - first_us, >=, 900 * 1000);
  g_assert_true (is_still_running (run->pipeline));
}

int
main (int argc, char *argv[])
{
  static const RelayProgramFormat even = { 20, 12, 30, 48000, 2 };
  static const RelayProgramFormat odd = { 21, 13, 30, 48000, 2 };
  static const RelayProgramFormat hd = { 1280, 720, 30, 48000, 2 };

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-pattern/caps-and-timing", test_caps_and_timing);
  g_test_add_data_func ("/test-pattern/scrolling/even-width", &even, check_scrolling);
  g_test_add_data_func ("/test-pattern/scrolling/odd-width", &odd, check_scrolling);
  g_test_add_data_func ("/test-pattern/scrolling/720p", &hd, check_scrolling);
  g_test_add_func ("/test-pattern/live-pacing", test_live_pacing);
  g_test_add_func ("/test-pattern/clock", test_clock);

  return g_test_run ();
}
