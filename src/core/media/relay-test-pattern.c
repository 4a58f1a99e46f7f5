/* relay-test-pattern.c
 *
 * videotestsrc draws its scrolling SMPTE bars afresh for every frame through
 * a generic line packer, which at 720p costs about a tenth of the whole
 * process. This source has videotestsrc draw the picture once, keeps it twice
 * side by side, and makes each frame by copying a window of that strip row by
 * row: frame n shows the picture moved 2n pixels to the left, columns wrapping
 * round, as videotestsrc horizontal-speed=2 does. Its timing is that of
 * videotestsrc is-live=TRUE. One difference: the patch of noise in the
 * bottom right corner is frozen and scrolls with the rest, where
 * videotestsrc makes fresh noise for every frame.
 *
 * With "clock" set, the wall-clock time is shown in an opaque box at the
 * bottom: the box is drawn once a second and copied into each frame, where
 * clockoverlay blended its translucent text into every frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gst/video/video.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "relay-gst-util.h"
#include "relay-test-pattern.h"

/* Even, so that the half-width chroma planes move by whole samples. */
#define SCROLL_PIXELS_PER_FRAME 2
#define DRAW_TIMEOUT            (10 * GST_SECOND)
#define CLOCK_FONT              "Sans Bold 40"
#define CLOCK_PADDING           8
#define CLOCK_BOTTOM_MARGIN     24

struct _RelayTestPattern
{
  GstPushSrc parent_instance;

  GstCaps *caps;
  GstVideoInfo info;
  /* Per plane, rows of the picture followed by themselves; drawn before the
   * first frame, in the streaming thread, so no state change waits for it. */
  guint8 *strip[GST_VIDEO_MAX_PLANES];
  gsize strip_stride[GST_VIDEO_MAX_PLANES];
  guint64 n_frames;

  gboolean clock;
  /* the box showing clock_second, in the frames' format; streaming thread only */
  PangoLayout *clock_layout;
  GstBuffer *clock_box;
  GstVideoInfo clock_info;
  gint64 clock_second;
};

G_DEFINE_FINAL_TYPE (RelayTestPattern, relay_test_pattern, GST_TYPE_PUSH_SRC)

enum
{
  PROP_0,
  PROP_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("I420")));

static GstClockTime
frame_time (RelayTestPattern *self, guint64 n)
{
  return gst_util_uint64_scale (n, self->info.fps_d * GST_SECOND, self->info.fps_n);
}

/* Returns: (transfer full) (nullable): one picture of videotestsrc's SMPTE
 * pattern in @caps */
static GstBuffer *
draw_smpte (GstCaps *caps, GError **error)
{
  g_autoptr (GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr (GstMessage) message = NULL;
  g_autoptr (GstSample) sample = NULL;
  GstElement *bars, *filter, *sink;

  if (!(bars = relay_bin_add_new (GST_BIN (pipeline), "videotestsrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (pipeline), "capsfilter", error))
      || !(sink = relay_bin_add_new (GST_BIN (pipeline), "fakesink", error)))
    return NULL;

  gst_util_set_object_arg (G_OBJECT (bars), "pattern", "smpte");
  g_object_set (bars, "num-buffers", 1, NULL);
  g_object_set (filter, "caps", caps, NULL);
  gst_element_link_many (bars, filter, sink, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, DRAW_TIMEOUT, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    g_object_get (sink, "last-sample", &sample, NULL);
  else if (message != NULL)
    gst_message_parse_error (message, error, NULL);
  else
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED, "videotestsrc drew nothing in %u s",
                 (guint) (DRAW_TIMEOUT / GST_SECOND));
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return sample != NULL ? gst_buffer_ref (gst_sample_get_buffer (sample)) : NULL;
}

static gboolean
draw_strip (RelayTestPattern *self, GError **error)
{
  g_autoptr (GstBuffer) picture = draw_smpte (self->caps, error);
  GstVideoFrame frame;

  if (picture == NULL)
    return FALSE;
  if (!gst_video_frame_map (&frame, &self->info, picture, GST_MAP_READ))
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
                   "videotestsrc drew a picture of an unexpected size");
      return FALSE;
    }

  /* One byte a sample in every plane of I420 */
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++)
    {
      const guint8 *source = GST_VIDEO_FRAME_PLANE_DATA (&frame, p);
      gint source_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p);
      guint width = GST_VIDEO_FRAME_COMP_WIDTH (&frame, p);
      guint height = GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p);
      guint8 *row;

      self->strip_stride[p] = 2 * width;
      self->strip[p] = row = g_malloc (self->strip_stride[p] * height);
      for (guint y = 0; y < height; y++, row += self->strip_stride[p])
        {
          memcpy (row, source + y * source_stride, width);
          memcpy (row + width, source + y * source_stride, width);
        }
    }
  gst_video_frame_unmap (&frame);

  g_debug ("test pattern drawn at %dx%d", self->info.width, self->info.height);
  return TRUE;
}

static PangoLayout *
clock_layout_new (void)
{
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoFontDescription *font = pango_font_description_from_string (CLOCK_FONT);
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  g_object_unref (context);
  return layout;
}

/* Draws @text, white on dark grey, and converts it to the frames' format:
 * opaque, so that each frame only has it copied in. */
static GstBuffer *
draw_clock_box (RelayTestPattern *self, const char *text)
{
  GstVideoFormat cairo_format =
      G_BYTE_ORDER == G_LITTLE_ENDIAN ? GST_VIDEO_FORMAT_BGRA : GST_VIDEO_FORMAT_ARGB;
  g_autoptr (GstBuffer) drawn = NULL;
  GstVideoConverter *converter;
  GstVideoFrame in_frame, out_frame;
  GstVideoInfo in_info;
  GstBuffer *box;
  cairo_surface_t *surface;
  PangoRectangle extents;
  cairo_t *cr;
  gint width, height;

  pango_layout_set_text (self->clock_layout, text, -1);
  pango_layout_get_pixel_extents (self->clock_layout, NULL, &extents);
  /* even, so that the box covers whole chroma samples */
  width = GST_ROUND_UP_2 (extents.width + 2 * CLOCK_PADDING);
  height = GST_ROUND_UP_2 (extents.height + 2 * CLOCK_PADDING);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, CLOCK_PADDING - extents.x, CLOCK_PADDING - extents.y);
  pango_cairo_show_layout (cr, self->clock_layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  gst_video_info_set_format (&in_info, cairo_format, width, height);
  in_info.stride[0] = cairo_image_surface_get_stride (surface);
  in_info.size = (gsize) in_info.stride[0] * height;
  drawn = gst_buffer_new_wrapped_full (
      GST_MEMORY_FLAG_READONLY, cairo_image_surface_get_data (surface), in_info.size, 0,
      in_info.size, surface, (GDestroyNotify) cairo_surface_destroy);

  gst_video_info_set_format (&self->clock_info, GST_VIDEO_FORMAT_I420, width, height);
  self->clock_info.colorimetry = self->info.colorimetry;
  self->clock_info.chroma_site = self->info.chroma_site;
  box = gst_buffer_new_allocate (NULL, self->clock_info.size, NULL);

  converter = gst_video_converter_new (&in_info, &self->clock_info, NULL);
  gst_video_frame_map (&in_frame, &in_info, drawn, GST_MAP_READ);
  gst_video_frame_map (&out_frame, &self->clock_info, box, GST_MAP_WRITE);
  gst_video_converter_frame (converter, &in_frame, &out_frame);
  gst_video_frame_unmap (&out_frame);
  gst_video_frame_unmap (&in_frame);
  gst_video_converter_free (converter);

  return box;
}

static void
update_clock_box (RelayTestPattern *self)
{
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (self->clock_box != NULL && second == self->clock_second)
    return;

  if (self->clock_layout == NULL)
    self->clock_layout = clock_layout_new ();
  now = g_date_time_new_from_unix_local (second);
  text = g_date_time_format (now, "%H:%M:%S");
  gst_clear_buffer (&self->clock_box);
  self->clock_box = draw_clock_box (self, text);
  self->clock_second = second;
}

/* Copies the clock's box into @frame, centred at the bottom, clipped to it. */
static void
put_clock (RelayTestPattern *self, GstVideoFrame *frame)
{
  GstVideoFrame box;
  gint left, top;

  update_clock_box (self);
  left = GST_ROUND_DOWN_2 (MAX (0, (self->info.width - self->clock_info.width) / 2));
  top =
      GST_ROUND_DOWN_2 (MAX (0, self->info.height - self->clock_info.height - CLOCK_BOTTOM_MARGIN));
  if (!gst_video_frame_map (&box, &self->clock_info, self->clock_box, GST_MAP_READ))
    return;

  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (frame); p++)
    {
      gint x = left >> GST_VIDEO_FORMAT_INFO_W_SUB (self->info.finfo, p);
      gint y = top >> GST_VIDEO_FORMAT_INFO_H_SUB (self->info.finfo, p);
      gint width =
          MIN (GST_VIDEO_FRAME_COMP_WIDTH (&box, p), GST_VIDEO_FRAME_COMP_WIDTH (frame, p) - x);
      gint height =
          MIN (GST_VIDEO_FRAME_COMP_HEIGHT (&box, p), GST_VIDEO_FRAME_COMP_HEIGHT (frame, p) - y);
      const guint8 *source = GST_VIDEO_FRAME_PLANE_DATA (&box, p);
      guint8 *dest = GST_VIDEO_FRAME_PLANE_DATA (frame, p);
      gint source_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&box, p);
      gint dest_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, p);

      for (gint row = 0; row < height; row++)
        memcpy (dest + (y + row) * dest_stride + x, source + row * source_stride, width);
    }
  gst_video_frame_unmap (&box);
}

static GstFlowReturn
relay_test_pattern_fill (GstPushSrc *src, GstBuffer *buffer)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (src);
  g_autoptr (GError) error = NULL;
  GstVideoFrame frame;
  guint x;

  if (self->strip[0] == NULL && !draw_strip (self, &error))
    {
      GST_ELEMENT_ERROR (self, CORE, FAILED, (NULL),
                         ("cannot draw the test pattern: %s", error->message));
      return GST_FLOW_ERROR;
    }
  if (!gst_video_frame_map (&frame, &self->info, buffer, GST_MAP_WRITE))
    {
      GST_ELEMENT_ERROR (self, CORE, FAILED, (NULL), ("cannot map an output buffer"));
      return GST_FLOW_ERROR;
    }

  /* For an odd width the offset can be odd: chroma then lags by half a sample. */
  x = (SCROLL_PIXELS_PER_FRAME * self->n_frames) % (guint64) self->info.width;
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++)
    {
      const guint8 *source =
          self->strip[p] + (x >> GST_VIDEO_FORMAT_INFO_W_SUB (self->info.finfo, p));
      guint8 *dest = GST_VIDEO_FRAME_PLANE_DATA (&frame, p);
      gint dest_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p);
      guint width = GST_VIDEO_FRAME_COMP_WIDTH (&frame, p);
      guint height = GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p);

      for (guint y = 0; y < height; y++)
        memcpy (dest + y * dest_stride, source + y * self->strip_stride[p], width);
    }
  if (self->clock)
    put_clock (self, &frame);
  gst_video_frame_unmap (&frame);

  GST_BUFFER_PTS (buffer) = frame_time (self, self->n_frames);
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = frame_time (self, self->n_frames + 1) - GST_BUFFER_PTS (buffer);
  GST_BUFFER_OFFSET (buffer) = self->n_frames;
  GST_BUFFER_OFFSET_END (buffer) = ++self->n_frames;

  return GST_FLOW_OK;
}

/* Live: GstBaseSrc waits on the clock until each frame's time has come. */
static void
relay_test_pattern_get_times (GstBaseSrc *src, GstBuffer *buffer, GstClockTime *start,
                              GstClockTime *end)
{
  *start = GST_BUFFER_PTS (buffer);
  *end = GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer);
}

static gboolean
relay_test_pattern_start (GstBaseSrc *src)
{
  RELAY_TEST_PATTERN (src)->n_frames = 0;
  return TRUE;
}

static GstCaps *
relay_test_pattern_get_caps (GstBaseSrc *src, GstCaps *filter)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (src);

  return filter != NULL ? gst_caps_intersect_full (filter, self->caps, GST_CAPS_INTERSECT_FIRST)
                        : gst_caps_ref (self->caps);
}

/* Frames come from a pool (downstream's, or a video pool of our own), so
 * that their memory is reused rather than allocated for each one. */
static gboolean
relay_test_pattern_decide_allocation (GstBaseSrc *src, GstQuery *query)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (src);
  g_autoptr (GstBufferPool) pool = NULL;
  gboolean offered = gst_query_get_n_allocation_pools (query) > 0;
  guint size = self->info.size, min = 0, max = 0;
  GstStructure *config;

  if (offered)
    {
      gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
      size = MAX (size, self->info.size);
    }
  if (pool == NULL)
    pool = gst_video_buffer_pool_new ();

  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, self->caps, size, min, max);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  /* The base class sets the final settings again and checks them. */
  gst_buffer_pool_set_config (pool, config);

  if (offered)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);

  return GST_BASE_SRC_CLASS (relay_test_pattern_parent_class)->decide_allocation (src, query);
}

static gboolean
relay_test_pattern_query (GstBaseSrc *src, GstQuery *query)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (src);

  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return GST_BASE_SRC_CLASS (relay_test_pattern_parent_class)->query (src, query);

  /* As videotestsrc answers: a frame is out one frame after its time, and
   * since frames are made on demand there is no upper bound. */
  gst_query_set_latency (query, gst_base_src_is_live (src), frame_time (self, 1),
                         GST_CLOCK_TIME_NONE);
  return TRUE;
}

static void
relay_test_pattern_finalize (GObject *object)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (object);

  for (guint p = 0; p < GST_VIDEO_MAX_PLANES; p++)
    g_free (self->strip[p]);
  gst_clear_caps (&self->caps);
  gst_clear_buffer (&self->clock_box);
  g_clear_object (&self->clock_layout);

  G_OBJECT_CLASS (relay_test_pattern_parent_class)->finalize (object);
}

static void
relay_test_pattern_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (object);

  switch (prop_id)
    {
      case PROP_CLOCK:
        g_value_set_boolean (value, self->clock);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_test_pattern_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  RelayTestPattern *self = RELAY_TEST_PATTERN (object);

  switch (prop_id)
    {
      case PROP_CLOCK:
        self->clock = g_value_get_boolean (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_test_pattern_class_init (RelayTestPatternClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  object_class->finalize = relay_test_pattern_finalize;
  object_class->get_property = relay_test_pattern_get_property;
  object_class->set_property = relay_test_pattern_set_property;

  /* Set before the source starts. */
  properties[PROP_CLOCK] =
      g_param_spec_boolean ("clock", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Relaycast test pattern", "Source/Video",
                                         "Scrolling SMPTE bars, drawn once", "Relaycast");

  base_src_class->get_caps = relay_test_pattern_get_caps;
  base_src_class->decide_allocation = relay_test_pattern_decide_allocation;
  base_src_class->start = relay_test_pattern_start;
  base_src_class->get_times = relay_test_pattern_get_times;
  base_src_class->query = relay_test_pattern_query;

  push_src_class->fill = relay_test_pattern_fill;
}

static void
relay_test_pattern_init (RelayTestPattern *self)
{
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
}

/**
 * relay_test_pattern_new:
 *
 * Returns: (transfer floating): a live source of I420 frames in @format, with
 *   the caps videotestsrc would give them
 */
GstElement *
relay_test_pattern_new (const RelayProgramFormat *format)
{
  RelayTestPattern *self;

  g_return_val_if_fail (format->width > 0 && format->height > 0 && format->fps > 0, NULL);

  self = g_object_new (RELAY_TYPE_TEST_PATTERN, NULL);
  self->caps = relay_program_format_video_caps (format);
  gst_caps_set_simple (self->caps, "interlace-mode", G_TYPE_STRING, "progressive", "multiview-mode",
                       G_TYPE_STRING, "mono", NULL);
  gst_video_info_from_caps (&self->info, self->caps);

  return GST_ELEMENT (self);
}
