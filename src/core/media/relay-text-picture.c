/* relay-text-picture.c
 *
 * A text drawn once with Pango, at its own size and transparent around the
 * glyphs, then sent again at every frame until it changes: its text, font or
 * colour set live, or, for a clock, the second. Drawing happens in the
 * streaming thread, so neither a font's loading nor a redraw holds up the
 * main context. The picture's size follows the text's: the slot scales it
 * to the layer's.
 *
 * Cairo draws with premultiplied alpha; the picture is made straight (as
 * GStreamer's BGRA is) once per drawing, not per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gst/video/video.h>
#include <pango/pangocairo.h>

#include "relay-layer.h"
#include "relay-text-picture.h"

/* room for antialiasing and for glyphs that reach past their box */
#define PADDING 4
/* a huge font draws a clipped picture, not one the size of a wall */
#define MAX_SIZE 4096

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define PICTURE_FORMAT "BGRA"
#else
#define PICTURE_FORMAT "ARGB"
#endif

struct _RelayTextPicture
{
  GstPushSrc parent_instance;

  guint fps;
  gboolean clock;

  /* set from any thread, under the object lock */
  char *text;
  char *font;
  guint32 color;
  gboolean changed;

  /* streaming thread only */
  PangoLayout *layout;
  GstBuffer *picture;
  int width;
  int height;
  gint64 drawn_second;
  guint64 n_frames;
};

G_DEFINE_FINAL_TYPE (RelayTextPicture, relay_text_picture, GST_TYPE_PUSH_SRC)

enum
{
  PROP_0,
  PROP_TEXT,
  PROP_FONT,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (PICTURE_FORMAT)));

static GstClockTime
frame_time (RelayTextPicture *self, guint64 n)
{
  return gst_util_uint64_scale (n, GST_SECOND, self->fps);
}

static PangoLayout *
layout_new (gboolean tabular_digits)
{
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoLayout *layout = pango_layout_new (context);

  g_object_unref (context);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  if (tabular_digits)
    {
      /* every second the same width: the clock does not shift as it ticks */
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

static void
unpremultiply (guint32 *pixels, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 a = pixels[i] >> 24;
      guint32 r, g, b;

      if (a == 0 || a == 0xff)
        continue;
      r = (((pixels[i] >> 16) & 0xff) * 0xff + a / 2) / a;
      g = (((pixels[i] >> 8) & 0xff) * 0xff + a / 2) / a;
      b = ((pixels[i] & 0xff) * 0xff + a / 2) / a;
      pixels[i] = (a << 24) | (MIN (r, 0xff) << 16) | (MIN (g, 0xff) << 8) | MIN (b, 0xff);
    }
}

/* Replaces the picture with @text in @font and @color (0xAARRGGBB). */
static void
draw (RelayTextPicture *self, const char *text, const char *font, guint32 color)
{
  PangoFontDescription *description = pango_font_description_from_string (font);
  PangoRectangle ink, logical, box;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->layout == NULL)
    self->layout = layout_new (self->clock);
  pango_layout_set_font_description (self->layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_extents (self->layout, &ink, &logical);
  /* the logical box keeps the line's height whatever the letters; ink past it is kept too */
  box.x = MIN (ink.x, logical.x);
  box.y = MIN (ink.y, logical.y);
  box.width = MAX (ink.x + ink.width, logical.x + logical.width) - box.x;
  box.height = MAX (ink.y + ink.height, logical.y + logical.height) - box.y;

  self->width = MIN (box.width + 2 * PADDING, MAX_SIZE);
  self->height = MIN (box.height + 2 * PADDING, MAX_SIZE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
  cr = cairo_create (surface);
  cairo_set_source_rgba (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                         (color & 0xff) / 255.0, (color >> 24) / 255.0);
  cairo_move_to (cr, PADDING - box.x, PADDING - box.y);
  pango_cairo_show_layout (cr, self->layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* ARGB32's stride is 4 × width, as the caps' default */
  unpremultiply ((guint32 *) cairo_image_surface_get_data (surface),
                 (gsize) self->width * self->height);

  gst_clear_buffer (&self->picture);
  self->picture = gst_buffer_new_wrapped_full (
      GST_MEMORY_FLAG_READONLY, cairo_image_surface_get_data (surface),
      (gsize) self->width * self->height * 4, 0, (gsize) self->width * self->height * 4, surface,
      (GDestroyNotify) cairo_surface_destroy);
}

/* Draws the picture again if what it shows changed. Returns: whether it did */
static gboolean
update (RelayTextPicture *self)
{
  g_autofree char *text = NULL;
  g_autofree char *font = NULL;
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  gboolean changed;
  guint32 color;

  GST_OBJECT_LOCK (self);
  changed = self->changed || self->picture == NULL || (self->clock && second != self->drawn_second);
  self->changed = FALSE;
  text = g_strdup (self->text ? self->text : "");
  font = g_strdup (self->font ? self->font : RELAY_LAYER_DEFAULT_FONT);
  color = self->color;
  GST_OBJECT_UNLOCK (self);

  if (!changed)
    return FALSE;
  if (self->clock)
    {
      g_autoptr (GDateTime) now = g_date_time_new_from_unix_local (second);

      g_free (text);
      text = g_date_time_format (now, "%H:%M:%S");
      self->drawn_second = second;
    }
  draw (self, text, font, color);
  return TRUE;
}

static gboolean
set_picture_caps (RelayTextPicture *self)
{
  g_autoptr (GstCaps) caps = gst_caps_new_simple (
      "video/x-raw", "format", G_TYPE_STRING, PICTURE_FORMAT, "width", G_TYPE_INT, self->width,
      "height", G_TYPE_INT, self->height, "framerate", GST_TYPE_FRACTION, (int) self->fps, 1,
      "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);

  return gst_base_src_set_caps (GST_BASE_SRC (self), caps);
}

/* In the streaming thread, before the first frame: the caps are the picture's. */
static gboolean
relay_text_picture_negotiate (GstBaseSrc *src)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (src);

  update (self);
  return set_picture_caps (self);
}

static GstFlowReturn
relay_text_picture_create (GstPushSrc *src, GstBuffer **out)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (src);
  int width = self->width, height = self->height;
  GstBuffer *buffer;

  if (update (self) && (self->width != width || self->height != height) && !set_picture_caps (self))
    return GST_FLOW_NOT_NEGOTIATED;

  /* the pixels are shared, only the times are the frame's own */
  buffer = gst_buffer_copy (self->picture);
  GST_BUFFER_PTS (buffer) = frame_time (self, self->n_frames);
  GST_BUFFER_DURATION (buffer) = frame_time (self, self->n_frames + 1) - GST_BUFFER_PTS (buffer);
  GST_BUFFER_OFFSET (buffer) = self->n_frames;
  GST_BUFFER_OFFSET_END (buffer) = ++self->n_frames;
  *out = buffer;
  return GST_FLOW_OK;
}

/* Live: GstBaseSrc waits on the clock until each frame's time has come. */
static void
relay_text_picture_get_times (GstBaseSrc *src, GstBuffer *buffer, GstClockTime *start,
                              GstClockTime *end)
{
  *start = GST_BUFFER_PTS (buffer);
  *end = GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer);
}

static gboolean
relay_text_picture_start (GstBaseSrc *src)
{
  RELAY_TEXT_PICTURE (src)->n_frames = 0;
  return TRUE;
}

static gboolean
relay_text_picture_query (GstBaseSrc *src, GstQuery *query)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (src);

  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return GST_BASE_SRC_CLASS (relay_text_picture_parent_class)->query (src, query);

  /* as a live videotestsrc: a frame is out one frame after its time */
  gst_query_set_latency (query, gst_base_src_is_live (src), frame_time (self, 1),
                         GST_CLOCK_TIME_NONE);
  return TRUE;
}

static void
relay_text_picture_finalize (GObject *object)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (object);

  g_free (self->text);
  g_free (self->font);
  g_clear_object (&self->layout);
  gst_clear_buffer (&self->picture);

  G_OBJECT_CLASS (relay_text_picture_parent_class)->finalize (object);
}

static void
relay_text_picture_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
      case PROP_TEXT:
        g_value_set_string (value, self->text);
        break;
      case PROP_FONT:
        g_value_set_string (value, self->font);
        break;
      case PROP_COLOR:
        g_value_set_uint (value, self->color);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  GST_OBJECT_UNLOCK (self);
}

static void
relay_text_picture_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  RelayTextPicture *self = RELAY_TEXT_PICTURE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id)
    {
      case PROP_TEXT:
        g_free (self->text);
        self->text = g_value_dup_string (value);
        break;
      case PROP_FONT:
        g_free (self->font);
        self->font = g_value_dup_string (value);
        break;
      case PROP_COLOR:
        self->color = g_value_get_uint (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  self->changed = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
relay_text_picture_class_init (RelayTextPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_src_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_src_class = GST_PUSH_SRC_CLASS (klass);

  object_class->finalize = relay_text_picture_finalize;
  object_class->get_property = relay_text_picture_get_property;
  object_class->set_property = relay_text_picture_set_property;

  /* Each takes effect at the next frame. A clock ignores the text. */
  properties[PROP_TEXT] =
      g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* a Pango font description; NULL: RELAY_LAYER_DEFAULT_FONT */
  properties[PROP_FONT] =
      g_param_spec_string ("font", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* 0xAARRGGBB */
  properties[PROP_COLOR] = g_param_spec_uint ("color", NULL, NULL, 0, G_MAXUINT32, 0xffffffff,
                                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Relaycast text picture", "Source/Video",
                                         "A text or the time, on transparency", "Relaycast");

  base_src_class->negotiate = relay_text_picture_negotiate;
  base_src_class->start = relay_text_picture_start;
  base_src_class->get_times = relay_text_picture_get_times;
  base_src_class->query = relay_text_picture_query;

  push_src_class->create = relay_text_picture_create;
}

static void
relay_text_picture_init (RelayTextPicture *self)
{
  self->color = 0xffffffff;
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
}

/**
 * relay_text_picture_new:
 * @fps: frames a second
 * @clock: show the time of day (HH:MM:SS) rather than the text
 *
 * Returns: (transfer floating): a live source of the text's picture
 */
GstElement *
relay_text_picture_new (guint fps, gboolean clock)
{
  RelayTextPicture *self;

  g_return_val_if_fail (fps > 0, NULL);

  self = g_object_new (RELAY_TYPE_TEXT_PICTURE, NULL);
  self->fps = fps;
  self->clock = clock;
  return GST_ELEMENT (self);
}
