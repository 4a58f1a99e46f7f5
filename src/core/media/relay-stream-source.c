/* relay-stream-source.c
 *
 * The other stream's raw video and audio reach this source through inter
 * elements: its tees feed an intervideosink/interaudiosink pair (a
 * RelayStreamTap), and
 * the source bin reads the same channel back. The two sides then live in
 * separate bins of the same pipeline and never block each other; while the
 * other stream has no frame, the source repeats the last one and then shows
 * black, like any live source that stalls.
 *
 *   other stream tee ─ queue ─ intervideosink ··· intervideosrc ─ caps ─ queue ─ "video"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-gst-util.h"
#include "relay-stream-source.h"
#include "relay-stream-tap.h"

#define TAP_QUEUE_TIME (200 * GST_MSECOND)

struct _RelayStreamSource
{
  RelaySource parent_instance;

  RelayStream *stream;
  char *channel;
  RelayStreamTap *tap;
};

G_DEFINE_FINAL_TYPE (RelayStreamSource, relay_stream_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const inter_sinks[] = { "intervideosink", "interaudiosink" };
static const char *const inter_sources[] = { "intervideosrc", "interaudiosrc" };

static gboolean
build_tap (RelayStreamSource *self, GError **error)
{
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));

  for (guint kind = 0; kind < 2; kind++)
    {
      GstElement *queue, *sink;
      GstPad *ghost;

      if (!(queue = relay_bin_add_new (GST_BIN (bin), "queue", error))
          || !(sink = relay_bin_add_new (GST_BIN (bin), inter_sinks[kind], error)))
        return FALSE;
      gst_util_set_object_arg (G_OBJECT (queue), "leaky", "downstream");
      g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time",
                    (guint64) TAP_QUEUE_TIME, NULL);
      /* A sink joining a playing pipeline asynchronously sends the whole
       * pipeline through a state change, which would restart elements that
       * are being taken out meanwhile (a source being replaced). */
      g_object_set (sink, "channel", self->channel, "async", FALSE, NULL);
      gst_element_link (queue, sink);
      ghost = relay_ghost_static_pad (bin, queue, "sink",
                                      kind == RELAY_MEDIA_VIDEO ? "video" : "audio");
      relay_pad_isolate_flow (ghost);
    }

  self->tap = relay_stream_tap_new (self->stream, bin);
  return TRUE;
}

static GstElement *
relay_stream_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                                GError **error)
{
  RelayStreamSource *self = RELAY_STREAM_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));

  if (self->tap == NULL && !build_tap (self, error))
    return NULL;

  for (guint kind = 0; kind < 2; kind++)
    {
      /* the other stream's picture at its own size (a relay task's canvas
       * differs from the program's): the slot scales it to where it is drawn */
      g_autoptr (GstCaps) caps =
          kind == RELAY_MEDIA_VIDEO
              ? relay_program_format_video_caps (relay_stream_get_format (self->stream))
              : relay_program_format_audio_caps (format);
      GstElement *inter, *filter, *queue;

      if (!(inter = relay_bin_add_new (GST_BIN (bin), inter_sources[kind], error))
          || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error))
          || !(queue = relay_bin_add_new (GST_BIN (bin), "queue", error)))
        return NULL;
      g_object_set (inter, "channel", self->channel, NULL);
      g_object_set (filter, "caps", caps, NULL);
      /* The inter sources report no maximum latency; the queue gives the
       * mixer the room it needs to configure one. */
      gst_element_link_many (inter, filter, queue, NULL);
      relay_ghost_static_pad (bin, queue, "src", kind == RELAY_MEDIA_VIDEO ? "video" : "audio");
    }

  return g_steal_pointer (&bin);
}

static void
relay_stream_source_dispose (GObject *object)
{
  RelayStreamSource *self = RELAY_STREAM_SOURCE (object);

  g_clear_pointer (&self->tap, relay_stream_tap_remove);
  g_clear_object (&self->stream);
  G_OBJECT_CLASS (relay_stream_source_parent_class)->dispose (object);
}

static void
relay_stream_source_finalize (GObject *object)
{
  RelayStreamSource *self = RELAY_STREAM_SOURCE (object);

  g_free (self->channel);
  G_OBJECT_CLASS (relay_stream_source_parent_class)->finalize (object);
}

static void
relay_stream_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayStreamSource *self = RELAY_STREAM_SOURCE (object);

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
relay_stream_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  RelayStreamSource *self = RELAY_STREAM_SOURCE (object);

  switch (prop_id)
    {
      case PROP_STREAM:
        self->stream = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_stream_source_class_init (RelayStreamSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->dispose = relay_stream_source_dispose;
  object_class->finalize = relay_stream_source_finalize;
  object_class->get_property = relay_stream_source_get_property;
  object_class->set_property = relay_stream_source_set_property;
  source_class->create_bin = relay_stream_source_create_bin;

  properties[PROP_STREAM] =
      g_param_spec_object ("stream", NULL, NULL, RELAY_TYPE_STREAM,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_stream_source_init (RelayStreamSource *self)
{
  g_autofree char *uuid = g_uuid_string_random ();

  self->channel = g_strconcat ("relaycast-", uuid, NULL);
}

RelaySource *
relay_stream_source_new (RelayStream *stream)
{
  g_return_val_if_fail (RELAY_IS_STREAM (stream), NULL);

  return g_object_new (RELAY_TYPE_STREAM_SOURCE, "stream", stream, "description",
                       relay_stream_get_name (stream), NULL);
}

RelayStream *
relay_stream_source_get_stream (RelayStreamSource *self)
{
  g_return_val_if_fail (RELAY_IS_STREAM_SOURCE (self), NULL);

  return self->stream;
}
