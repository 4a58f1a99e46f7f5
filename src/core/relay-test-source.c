/* relay-test-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <string.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-test-source.h"

struct _RelayTestSource
{
  RelaySource parent_instance;
};

G_DEFINE_FINAL_TYPE (RelayTestSource, relay_test_source, RELAY_TYPE_SOURCE)

#define TONE_FREQUENCY_HZ 440.0
#define TONE_VOLUME       0.25
/* pixels per frame: real motion for the encoder, as a camera would give it */
#define SCROLL_SPEED 2

/* SMPTE bars drawn once, then scrolled by copying a sliding window of the
 * drawing: the same picture and motion as videotestsrc's horizontal-speed,
 * which draws every frame anew at several times the cost. */
typedef struct
{
  GstVideoInfo info;
  GstSample *drawing;
  guint64 frame;
} ScrollingBars;

static void
scrolling_bars_free (ScrollingBars *bars)
{
  g_clear_pointer (&bars->drawing, gst_sample_unref);
  g_free (bars);
}

static GstSample *
draw_bars (GstCaps *caps, GError **error)
{
  g_autoptr (GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr (GstSample) sample = NULL;
  GstElement *pattern, *filter, *sink;

  if (!(pattern = relay_bin_add_new (GST_BIN (pipeline), "videotestsrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (pipeline), "capsfilter", error))
      || !(sink = relay_bin_add_new (GST_BIN (pipeline), "appsink", error)))
    return NULL;

  gst_util_set_object_arg (G_OBJECT (pattern), "pattern", "smpte");
  g_object_set (pattern, "num-buffers", 1, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  gst_element_link_many (pattern, filter, sink, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (sample == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("The test pattern cannot be drawn"));
      return NULL;
    }
  return g_steal_pointer (&sample);
}

static void
push_next_frame (GstAppSrc *src, guint length, gpointer user_data)
{
  ScrollingBars *bars = user_data;
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&bars->info), NULL);
  GstVideoFrame drawing, frame;
  guint fps = GST_VIDEO_INFO_FPS_N (&bars->info);

  gst_video_frame_map (&drawing, &bars->info, gst_sample_get_buffer (bars->drawing), GST_MAP_READ);
  gst_video_frame_map (&frame, &bars->info, buffer, GST_MAP_WRITE);

  for (guint plane = 0; plane < GST_VIDEO_FRAME_N_PLANES (&frame); plane++)
    {
      guint width = GST_VIDEO_FRAME_COMP_WIDTH (&frame, plane);
      guint height = GST_VIDEO_FRAME_COMP_HEIGHT (&frame, plane);
      guint shift =
          (guint) ((bars->frame * SCROLL_SPEED * width / GST_VIDEO_INFO_WIDTH (&bars->info))
                   % width);
      const guint8 *from = GST_VIDEO_FRAME_PLANE_DATA (&drawing, plane);
      guint8 *to = GST_VIDEO_FRAME_PLANE_DATA (&frame, plane);
      int from_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&drawing, plane);
      int to_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, plane);

      for (guint row = 0; row < height; row++)
        {
          memcpy (to + row * to_stride, from + row * from_stride + shift, width - shift);
          memcpy (to + row * to_stride + width - shift, from + row * from_stride, shift);
        }
    }

  gst_video_frame_unmap (&frame);
  gst_video_frame_unmap (&drawing);

  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (bars->frame, GST_SECOND, fps);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (1, GST_SECOND, fps);
  bars->frame++;
  gst_app_src_push_buffer (src, buffer);
}

static GstElement *
add_scrolling_bars (GstBin *bin, GstCaps *caps, GError **error)
{
  ScrollingBars *bars = g_new0 (ScrollingBars, 1);
  GstAppSrcCallbacks callbacks = { .need_data = push_next_frame };
  GstElement *src;

  bars->drawing = draw_bars (caps, error);
  if (bars->drawing == NULL || !(src = relay_bin_add_new (bin, "appsrc", error)))
    {
      scrolling_bars_free (bars);
      return NULL;
    }
  gst_video_info_from_caps (&bars->info, gst_sample_get_caps (bars->drawing));

  /* Paced downstream: the stream syncs every source to the clock. A frame
   * is made when asked for, so it adds no latency and can wait for ever. */
  g_object_set (src, "caps", gst_sample_get_caps (bars->drawing), "format", GST_FORMAT_TIME,
                "is-live", TRUE, "max-buffers", (guint64) 1, "min-latency", (gint64) 0,
                "max-latency", (gint64) -1, NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, bars,
                             (GDestroyNotify) scrolling_bars_free);
  return src;
}

static GstElement *
relay_test_source_create_bin (RelaySource *source, const RelayProgramFormat *format, GError **error)
{
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autoptr (GstCaps) video_caps = relay_program_format_video_caps (format);
  g_autoptr (GstCaps) audio_caps = relay_program_format_audio_caps (format);
  GstElement *pattern, *clock, *tone, *tone_caps;

  if (!(pattern = add_scrolling_bars (GST_BIN (bin), video_caps, error))
      || !(clock = relay_bin_add_new (GST_BIN (bin), "clockoverlay", error))
      || !(tone = relay_bin_add_new (GST_BIN (bin), "audiotestsrc", error))
      || !(tone_caps = relay_bin_add_new (GST_BIN (bin), "capsfilter", error)))
    return NULL;

  g_object_set (clock, "time-format", "%H:%M:%S", "font-desc", "Sans Bold 40", "shaded-background",
                TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (clock), "halignment", "center");
  gst_util_set_object_arg (G_OBJECT (clock), "valignment", "bottom");

  g_object_set (tone, "is-live", TRUE, "freq", TONE_FREQUENCY_HZ, "volume", TONE_VOLUME, NULL);
  g_object_set (tone_caps, "caps", audio_caps, NULL);

  gst_element_link (pattern, clock);
  gst_element_link (tone, tone_caps);

  relay_ghost_static_pad (bin, clock, "src", "video");
  relay_ghost_static_pad (bin, tone_caps, "src", "audio");

  return g_steal_pointer (&bin);
}

static void
relay_test_source_class_init (RelayTestSourceClass *klass)
{
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  source_class->create_bin = relay_test_source_create_bin;
}

static void
relay_test_source_init (RelayTestSource *self)
{
}

RelaySource *
relay_test_source_new (void)
{
  return g_object_new (RELAY_TYPE_TEST_SOURCE, "description", _ ("Test pattern"), NULL);
}
