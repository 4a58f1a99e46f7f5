/* relay-preview.c
 *
 * Over the picture, a line says why it is black when it is: a source that
 * has not delivered yet (a network stream waiting for its first keyframe;
 * said after a moment, so a local source does not flash it), one that ended,
 * or one that failed.
 *
 * The preview taps the stream's raw video tee (a RelayStreamTap) behind a
 * one-frame leaky queue, so a busy main loop drops preview frames and never
 * slows the stream. Where gtk4paintablesink exists (the GNOME runtime) it draws the
 * frames; elsewhere (Debian 12) an appsink hands each small RGBA frame over:
 * the streaming thread only copies it, and the main loop turns the latest
 * one into a texture.
 *
 *   tee ─ queue(1, leaky) ─ videoscale ─ videoconvert ─ RGBA 640×360 ─ appsink
 *
 * (640 the longer side, in the stream's shape: a vertical canvas is 360×640)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "core/relay-gst-util.h"
#include "core/media/relay-stream-tap.h"
#include "relay-preview.h"

/* Shared by the widget and the streaming thread; freed by the last one to let go. */
typedef struct
{
  gatomicrefcount ref_count;
  GWeakRef preview;
  GMutex lock;
  GstCaps *caps;
  GstVideoInfo info;
  GBytes *frame;
  int width;
  int height;
  gsize stride;
  gboolean presenting;
} FrameSlot;

struct _RelayPreview
{
  GtkWidget parent_instance;

  GtkWidget *picture;
  GtkWidget *status;
  GtkWidget *status_spinner;
  GtkWidget *status_label;
  guint waiting_id;
  RelayStream *stream;
  RelayStreamTap *tap;
  FrameSlot *slot;
  GdkPaintable *sink_paintable;
  guint64 frames_shown;
  /* the rate said in the debug log (bench/preview_load.py reads it) */
  gint64 rate_since;
  guint64 frames_at_rate_since;
};

G_DEFINE_FINAL_TYPE (RelayPreview, relay_preview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FrameSlot *
frame_slot_ref (FrameSlot *slot)
{
  g_atomic_ref_count_inc (&slot->ref_count);
  return slot;
}

static void
frame_slot_unref (gpointer data)
{
  FrameSlot *slot = data;

  if (!g_atomic_ref_count_dec (&slot->ref_count))
    return;

  g_weak_ref_clear (&slot->preview);
  g_mutex_clear (&slot->lock);
  gst_clear_caps (&slot->caps);
  g_clear_pointer (&slot->frame, g_bytes_unref);
  g_free (slot);
}

static FrameSlot *
frame_slot_new (RelayPreview *preview)
{
  FrameSlot *slot = g_new0 (FrameSlot, 1);

  g_atomic_ref_count_init (&slot->ref_count);
  g_weak_ref_init (&slot->preview, preview);
  g_mutex_init (&slot->lock);
  return slot;
}

/* Main context, once a frame is on the picture. */
static void
count_frame (RelayPreview *self)
{
  gint64 now = g_get_monotonic_time ();

  self->frames_shown++;
  if (self->rate_since == 0)
    {
      self->rate_since = now;
      self->frames_at_rate_since = self->frames_shown;
    }
  else if (now - self->rate_since >= G_USEC_PER_SEC)
    {
      g_debug ("preview: %.1f frames a second",
               (double) (self->frames_shown - self->frames_at_rate_since) * G_USEC_PER_SEC
                   / (double) (now - self->rate_since));
      self->rate_since = now;
      self->frames_at_rate_since = self->frames_shown;
    }
}

/* Main context: shows the latest frame; frames that came in between are skipped. */
static gboolean
present_frame (gpointer user_data)
{
  FrameSlot *slot = user_data;
  g_autoptr (RelayPreview) self = g_weak_ref_get (&slot->preview);
  g_autoptr (GBytes) frame = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width, height;
  gsize stride;

  g_mutex_lock (&slot->lock);
  frame = g_steal_pointer (&slot->frame);
  width = slot->width;
  height = slot->height;
  stride = slot->stride;
  slot->presenting = FALSE;
  g_mutex_unlock (&slot->lock);

  if (self == NULL || frame == NULL || self->slot != slot)
    return G_SOURCE_REMOVE;

  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, frame, stride);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (texture));
  count_frame (self);
  return G_SOURCE_REMOVE;
}

/* Streaming thread: copy the frame, and nothing more. */
static GstFlowReturn
on_new_sample (GstAppSink *sink, gpointer user_data)
{
  FrameSlot *slot = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstCaps *caps = sample ? gst_sample_get_caps (sample) : NULL;
  GstVideoFrame video_frame;
  GBytes *copy;
  gboolean schedule;

  if (caps == NULL)
    return GST_FLOW_OK;

  g_mutex_lock (&slot->lock);
  if (slot->caps == NULL || !gst_caps_is_equal (slot->caps, caps))
    {
      gst_caps_replace (&slot->caps, caps);
      gst_video_info_from_caps (&slot->info, caps);
    }

  if (!gst_video_frame_map (&video_frame, &slot->info, gst_sample_get_buffer (sample),
                            GST_MAP_READ))
    {
      g_mutex_unlock (&slot->lock);
      return GST_FLOW_OK;
    }

  copy = g_bytes_new (GST_VIDEO_FRAME_PLANE_DATA (&video_frame, 0),
                      (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&video_frame, 0)
                          * GST_VIDEO_FRAME_HEIGHT (&video_frame));
  slot->width = GST_VIDEO_FRAME_WIDTH (&video_frame);
  slot->height = GST_VIDEO_FRAME_HEIGHT (&video_frame);
  slot->stride = GST_VIDEO_FRAME_PLANE_STRIDE (&video_frame, 0);
  gst_video_frame_unmap (&video_frame);

  g_clear_pointer (&slot->frame, g_bytes_unref);
  slot->frame = copy;
  schedule = !slot->presenting;
  slot->presenting = TRUE;
  g_mutex_unlock (&slot->lock);

  if (schedule)
    relay_defer_to_main (present_frame, frame_slot_ref (slot), frame_slot_unref);
  return GST_FLOW_OK;
}

static GstElement *
add_sink (RelayPreview *self, GstBin *bin, GError **error)
{
  GstElementFactory *paintable_sink = gst_element_factory_find ("gtk4paintablesink");
  GstElement *sink;

  if (paintable_sink != NULL)
    {
      gst_object_unref (paintable_sink);
      if (!(sink = relay_bin_add_new (bin, "gtk4paintablesink", error)))
        return NULL;
      g_object_get (sink, "paintable", &self->sink_paintable, NULL);
      g_signal_connect_swapped (self->sink_paintable, "invalidate-contents",
                                G_CALLBACK (count_frame), self);
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), self->sink_paintable);
    }
  else
    {
      GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
      const RelayProgramFormat *format = relay_stream_get_format (self->stream);
      /* the stream's shape (a vertical destination's canvas is tall), its
       * longer side RELAY_PREVIEW_WIDTH: 640×360 for the 16:9 program */
      guint longer = MAX (format->width, format->height);
      int width = (int) (format->width * RELAY_PREVIEW_WIDTH / longer) & ~1;
      int height = (int) (format->height * RELAY_PREVIEW_WIDTH / longer) & ~1;
      g_autoptr (GstCaps) caps = gst_caps_new_simple (
          "video/x-raw", "format", G_TYPE_STRING, "RGBA", "width", G_TYPE_INT, width, "height",
          G_TYPE_INT, height, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);

      if (!(sink = relay_bin_add_new (bin, "appsink", error)))
        return NULL;
      self->slot = frame_slot_new (self);
      g_object_set (sink, "caps", caps, "max-buffers", 1, "drop", TRUE, NULL);
      gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, frame_slot_ref (self->slot),
                                  frame_slot_unref);
    }

  /* Joining a playing pipeline: no preroll to wait for, no late-frame QoS upstream. */
  g_object_set (sink, "async", FALSE, "qos", FALSE, "enable-last-sample", FALSE, NULL);
  return sink;
}

static gboolean
attach (RelayPreview *self, GError **error)
{
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *queue, *scale, *convert, *sink;

  /* nothing to show before the studio starts */
  if (relay_stream_get_pipeline (self->stream) == NULL)
    return TRUE;

  if (!(queue = relay_bin_add_new (GST_BIN (bin), "queue", error))
      || !(scale = relay_bin_add_new (GST_BIN (bin), "videoscale", error))
      || !(convert = relay_bin_add_new (GST_BIN (bin), "videoconvert", error))
      || !(sink = add_sink (self, GST_BIN (bin), error)))
    return FALSE;

  gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
  g_object_set (queue, "max-size-buffers", 1, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                NULL);
  if (!gst_element_link_many (queue, scale, convert, sink, NULL))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "cannot link the preview");
      return FALSE;
    }
  relay_pad_isolate_flow (relay_ghost_static_pad (bin, queue, "sink", "video"));

  self->tap = relay_stream_tap_new (self->stream, bin);
  return TRUE;
}

#define WAITING_SAID_AFTER_MS 1000

static void
show_status (RelayPreview *self, const char *text, gboolean busy)
{
  gtk_label_set_label (GTK_LABEL (self->status_label), text);
  gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), busy);
  gtk_widget_set_visible (self->status_spinner, busy);
  gtk_widget_set_visible (self->status, TRUE);
}

static void
hide_status (RelayPreview *self)
{
  g_clear_handle_id (&self->waiting_id, g_source_remove);
  gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), FALSE);
  gtk_widget_set_visible (self->status, FALSE);
}

static const char *
source_title (RelayPreview *self)
{
  RelaySource *source = relay_stream_get_source (self->stream);

  return source != NULL ? relay_source_get_title (source) : "";
}

static gboolean
say_waiting (gpointer user_data)
{
  RelayPreview *self = user_data;
  g_autofree char *text = g_strdup_printf (_ ("Waiting for video from “%s”…"), source_title (self));

  self->waiting_id = 0;
  show_status (self, text, TRUE);
  return G_SOURCE_REMOVE;
}

/* A source chosen or opened again: said if it has not delivered soon. */
static void
on_source_changed (RelayPreview *self)
{
  hide_status (self);
  if (relay_stream_get_source (self->stream) != NULL
      && !relay_stream_is_source_flowing (self->stream))
    self->waiting_id = g_timeout_add (WAITING_SAID_AFTER_MS, say_waiting, self);
}

/* A start said late, of the source before, leaves the new one's wait said. */
static void
on_source_started (RelayStream *stream, RelayPreview *self)
{
  if (relay_stream_is_source_flowing (stream))
    hide_status (self);
}

static void
on_source_ended (RelayStream *stream, gboolean reopen, RelayPreview *self)
{
  g_autofree char *text = NULL;

  if (reopen)
    {
      on_source_changed (self);
      return;
    }
  hide_status (self);
  text = g_strdup_printf (_ ("“%s” ended"), source_title (self));
  show_status (self, text, FALSE);
}

static void
on_source_failed (RelayStream *stream, GError *error, RelayPreview *self)
{
  g_autofree char *text = g_strdup_printf (_ ("No picture: %s"), error->message);

  hide_status (self);
  show_status (self, text, FALSE);
}

static void
detach (RelayPreview *self)
{
  g_signal_handlers_disconnect_by_data (self->stream, self);
  hide_status (self);
  g_clear_pointer (&self->slot, frame_slot_unref);
  if (self->sink_paintable != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->sink_paintable, count_frame, self);
      g_clear_object (&self->sink_paintable);
    }
  g_clear_pointer (&self->tap, relay_stream_tap_remove);
}

/* The program is 16:9, so the preview asks for that shape at any width, shown
 * or not yet; it may shrink to what the line over the picture needs (the
 * picture itself shrinks to anything). */
static GtkSizeRequestMode
relay_preview_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
relay_preview_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                       int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_minimum, NULL, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = RELAY_PREVIEW_WIDTH;
  else if (for_size < 0)
    *natural = RELAY_PREVIEW_HEIGHT;
  else
    *natural = for_size * RELAY_PREVIEW_HEIGHT / RELAY_PREVIEW_WIDTH;
  *natural = MAX (*natural, *minimum);
}

/* The picture fills the preview; the line over it is centred by its own alignment. */
static void
relay_preview_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_should_layout (child))
        gtk_widget_size_allocate (child, &(GtkAllocation){ 0, 0, width, height }, baseline);
    }
}

static void
relay_preview_dispose (GObject *object)
{
  RelayPreview *self = RELAY_PREVIEW (object);

  relay_preview_set_stream (self, NULL);
  g_clear_pointer (&self->picture, gtk_widget_unparent);
  g_clear_pointer (&self->status, gtk_widget_unparent);
  G_OBJECT_CLASS (relay_preview_parent_class)->dispose (object);
}

static void
relay_preview_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayPreview *self = RELAY_PREVIEW (object);

  switch (prop_id)
    {
      case PROP_STREAM:
        g_value_set_object (value, self->stream);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_preview_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayPreview *self = RELAY_PREVIEW (object);

  switch (prop_id)
    {
      case PROP_STREAM:
        relay_preview_set_stream (self, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_preview_class_init (RelayPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_preview_dispose;
  object_class->get_property = relay_preview_get_property;
  object_class->set_property = relay_preview_set_property;

  properties[PROP_STREAM] =
      g_param_spec_object ("stream", NULL, NULL, RELAY_TYPE_STREAM,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->get_request_mode = relay_preview_get_request_mode;
  widget_class->measure = relay_preview_measure;
  widget_class->size_allocate = relay_preview_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "preview");
}

static void
relay_preview_init (RelayPreview *self)
{
  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_alternative_text (GTK_PICTURE (self->picture), _ ("Program preview"));
  gtk_widget_set_parent (self->picture, GTK_WIDGET (self));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->status, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->status, "osd");
  gtk_widget_add_css_class (self->status, "preview-status");
  self->status_spinner = gtk_spinner_new ();
  self->status_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->status_label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (self->status), self->status_spinner);
  gtk_box_append (GTK_BOX (self->status), self->status_label);
  gtk_widget_set_visible (self->status, FALSE);
  gtk_widget_set_parent (self->status, GTK_WIDGET (self));
}

GtkWidget *
relay_preview_new (void)
{
  return g_object_new (RELAY_TYPE_PREVIEW, NULL);
}

/**
 * relay_preview_set_stream:
 * @stream: (nullable): what to show, or %NULL to stop
 */
void
relay_preview_set_stream (RelayPreview *self, RelayStream *stream)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (RELAY_IS_PREVIEW (self));

  if (self->stream == stream)
    return;

  if (self->stream != NULL)
    detach (self);
  g_set_object (&self->stream, stream);
  if (stream != NULL && !attach (self, &error))
    g_warning ("No preview: %s", error->message);
  if (stream != NULL)
    {
      g_signal_connect_swapped (stream, "notify::source", G_CALLBACK (on_source_changed), self);
      g_signal_connect (stream, "source-started", G_CALLBACK (on_source_started), self);
      g_signal_connect (stream, "source-ended", G_CALLBACK (on_source_ended), self);
      g_signal_connect (stream, "source-failed", G_CALLBACK (on_source_failed), self);
      on_source_changed (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

RelayStream *
relay_preview_get_stream (RelayPreview *self)
{
  g_return_val_if_fail (RELAY_IS_PREVIEW (self), NULL);

  return self->stream;
}

/* Returns: (transfer none) (nullable): what the preview shows now */
GdkPaintable *
relay_preview_get_paintable (RelayPreview *self)
{
  g_return_val_if_fail (RELAY_IS_PREVIEW (self), NULL);

  return gtk_picture_get_paintable (GTK_PICTURE (self->picture));
}

guint64
relay_preview_get_frames_shown (RelayPreview *self)
{
  g_return_val_if_fail (RELAY_IS_PREVIEW (self), 0);

  return self->frames_shown;
}

/* Returns: (nullable): what the line over the picture says, if it shows */
const char *
relay_preview_get_status (RelayPreview *self)
{
  g_return_val_if_fail (RELAY_IS_PREVIEW (self), NULL);

  if (!gtk_widget_get_visible (self->status))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->status_label));
}
