/* relay-flv-gate.c
 *
 * What stands between the FLV mux an RTMP destination shares with the
 * others of its encoders (see relay-flv-fanout.c) and its rtmp2sink: one
 * queue, and before it a gate in the mux's thread that
 *
 * - bounds the queue: a tag that finds it full is dropped whole (flvmux
 *   pushes one tag per buffer), and the destination then waits for the next
 *   keyframe, its sound going on meanwhile (so too after a gap in the mux's
 *   pictures, which the mux marks DISCONT);
 * - starts the destination at a keyframe, with its clock at 0 however late it
 *   joined: the tags' timestamps are rewritten by the offset of the first,
 *   in a header of their own before the payload they share with the others;
 * - keeps the first caps: rtmp2sink sends their streamheader (the FLV header,
 *   the metadata, the codec headers) on connecting, and would send them again
 *   on new caps, which come when the destination moves to another mux (its
 *   sound changed encoder).
 *
 *   shared mux ─ tee ─ [gate ─ queue] ─ rtmp2sink
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-flv-gate.h"
#include "relay-gst-util.h"

#define QUEUE_MAX_TIME  (3 * GST_SECOND)
#define TAG_HEADER_SIZE 11
#define TAG_VIDEO       9
#define FRAME_KEY       1
#define CODEC_AVC       7
#define AVC_NALU        1

struct _RelayFlvGate
{
  GstElement *queue;
  gboolean video_enabled;

  /* the mux's thread (or that of the mux it moved to, one after the other:
   * the queue's stream lock orders them) */
  gboolean started;
  gboolean has_caps;
  GstClockTime base;
  /* of the sound and of the pictures */
  GstClockTime last[2];

  /* atomic */
  gint need_keyframe;
  gint frames_sent;
  gint frames_dropped;
  gsize bytes_offered;
  gsize bytes_in;
};

static GQuark
gate_quark (void)
{
  return g_quark_from_static_string ("relay-flv-gate");
}

static void
request_keyframe (GstPad *pad)
{
  gst_pad_push_event (pad,
                      gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM,
                                            gst_structure_new ("GstForceKeyUnit", "all-headers",
                                                               G_TYPE_BOOLEAN, TRUE, NULL)));
}

/* The same tag, its timestamp @ms: a header of its own, the payload shared. */
static GstBuffer *
retime_tag (GstBuffer *tag, const guint8 *header, guint32 ms)
{
  GstBuffer *retimed = gst_buffer_new_memdup (header, TAG_HEADER_SIZE);
  GstMapInfo map;

  gst_buffer_map (retimed, &map, GST_MAP_WRITE);
  GST_WRITE_UINT24_BE (map.data + 4, ms & 0xffffff);
  map.data[7] = (ms >> 24) & 0xff;
  gst_buffer_unmap (retimed, &map);

  gst_buffer_copy_into (retimed, tag, GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  return gst_buffer_append (
      retimed, gst_buffer_copy_region (tag, GST_BUFFER_COPY_MEMORY, TAG_HEADER_SIZE, -1));
}

static GstPadProbeReturn
gate_tag (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayFlvGate *self = user_data;
  GstBuffer *tag = GST_PAD_PROBE_INFO_BUFFER (info);
  guint8 header[TAG_HEADER_SIZE + 2];
  gsize size = gst_buffer_get_size (tag);
  GstClockTime time = GST_BUFFER_DTS_OR_PTS (tag);
  gboolean video, keyframe;
  guint64 level = 0;
  guint32 ms;

  /* the FLV header and the codec headers: rtmp2sink has them from the caps */
  if (GST_BUFFER_FLAG_IS_SET (tag, GST_BUFFER_FLAG_HEADER)
      || gst_buffer_extract (tag, 0, header, sizeof header) < sizeof header)
    return GST_PAD_PROBE_DROP;

  video = (header[0] & 0x1f) == TAG_VIDEO;
  /* a picture, not the codec's headers that may come again mid-stream */
  keyframe =
      video && header[TAG_HEADER_SIZE] >> 4 == FRAME_KEY
      && ((header[TAG_HEADER_SIZE] & 0x0f) != CODEC_AVC || header[TAG_HEADER_SIZE + 1] == AVC_NALU);
  g_atomic_pointer_add (&self->bytes_offered, size);

  g_object_get (self->queue, "current-level-time", &level, NULL);
  if (level >= QUEUE_MAX_TIME)
    {
      if (video && self->started)
        g_atomic_int_inc (&self->frames_dropped);
      if (g_atomic_int_compare_and_exchange (&self->need_keyframe, FALSE, TRUE))
        {
          GST_INFO_OBJECT (self->queue, "destination too slow: tags dropped, waiting for a "
                                        "keyframe");
          request_keyframe (pad);
        }
      return GST_PAD_PROBE_DROP;
    }

  if (GST_BUFFER_FLAG_IS_SET (tag, GST_BUFFER_FLAG_DISCONT) && self->video_enabled && !keyframe
      && g_atomic_int_compare_and_exchange (&self->need_keyframe, FALSE, TRUE))
    request_keyframe (pad);

  if (video && g_atomic_int_get (&self->need_keyframe))
    {
      if (!keyframe)
        {
          if (self->started)
            g_atomic_int_inc (&self->frames_dropped);
          return GST_PAD_PROBE_DROP;
        }
      g_atomic_int_set (&self->need_keyframe, FALSE);
    }

  /* Sound starts with the first picture, so a recording does not open on a
   * black, silent second. */
  if (!self->started)
    {
      if ((self->video_enabled && !keyframe) || !GST_CLOCK_TIME_IS_VALID (time))
        return GST_PAD_PROBE_DROP;
      self->started = TRUE;
      self->base = time;
    }

  /* before the start, and after a move to another mux what the destination
   * already has */
  if (!GST_CLOCK_TIME_IS_VALID (time) || time < self->base
      || (GST_CLOCK_TIME_IS_VALID (self->last[video]) && time < self->last[video]))
    return GST_PAD_PROBE_DROP;
  self->last[video] = time;

  if (video)
    g_atomic_int_inc (&self->frames_sent);
  g_atomic_pointer_add (&self->bytes_in, size);

  ms = (guint32) ((time - self->base) / GST_MSECOND);
  if (ms != (GST_READ_UINT24_BE (header + 4) | (guint32) header[7] << 24))
    {
      GST_PAD_PROBE_INFO_DATA (info) = retime_tag (tag, header, ms);
      gst_buffer_unref (tag);
    }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
keep_first_caps (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayFlvGate *self = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  if (self->has_caps)
    return GST_PAD_PROBE_DROP;
  self->has_caps = TRUE;
  return GST_PAD_PROBE_OK;
}

/* Adds the queue and its gate to @bin, before @inner's "flv" pad.
 * Returns: (transfer none) (nullable): the bin's new "flv" sink pad, which
 * holds the gate */
GstPad *
relay_flv_gate_add (GstBin *bin, GstElement *inner, gboolean video_enabled, GError **error)
{
  g_autoptr (GstPad) inner_pad = gst_element_get_static_pad (inner, "flv");
  g_autoptr (GstPad) queue_src = NULL;
  g_autoptr (GstPad) queue_sink = NULL;
  RelayFlvGate *self;
  GstElement *queue;
  GstPad *ghost;

  if (!(queue = relay_bin_add_new (bin, "queue", error)))
    return NULL;

  /* the gate bounds it, so that it never blocks the mux the others share */
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time", (guint64) 0,
                NULL);
  queue_src = gst_element_get_static_pad (queue, "src");
  queue_sink = gst_element_get_static_pad (queue, "sink");
  gst_pad_link (queue_src, inner_pad);

  self = g_new0 (RelayFlvGate, 1);
  self->queue = queue;
  self->video_enabled = video_enabled;
  self->need_keyframe = video_enabled;
  self->last[0] = self->last[1] = GST_CLOCK_TIME_NONE;
  gst_pad_add_probe (queue_sink, GST_PAD_PROBE_TYPE_BUFFER, gate_tag, self, NULL);
  gst_pad_add_probe (queue_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, keep_first_caps, self, NULL);

  ghost = relay_ghost_static_pad (GST_ELEMENT (bin), queue, "sink", "flv");
  relay_pad_isolate_flow (ghost);
  g_object_set_qdata_full (G_OBJECT (ghost), gate_quark (), self, g_free);
  return ghost;
}

/* Returns: (nullable): the gate behind @sink_pad */
RelayFlvGate *
relay_flv_gate_from_pad (GstPad *sink_pad)
{
  return g_object_get_qdata (G_OBJECT (sink_pad), gate_quark ());
}

/* The destination's pictures start again at the next keyframe. */
void
relay_flv_gate_restart (RelayFlvGate *self)
{
  if (self->video_enabled)
    g_atomic_int_set (&self->need_keyframe, TRUE);
}

/* Frames dropped: those the full queue refused and the pictures after them
 * until a keyframe, once the destination had its first picture. */
void
relay_flv_gate_count_frames (RelayFlvGate *self, guint64 *sent, guint64 *dropped)
{
  *sent = (guint64) g_atomic_int_get (&self->frames_sent);
  *dropped = (guint64) g_atomic_int_get (&self->frames_dropped);
}

guint64
relay_flv_gate_get_bytes_offered (RelayFlvGate *self)
{
  return g_atomic_pointer_get (&self->bytes_offered);
}

guint64
relay_flv_gate_get_bytes_in (RelayFlvGate *self)
{
  return g_atomic_pointer_get (&self->bytes_in);
}

guint64
relay_flv_gate_get_queued_ns (RelayFlvGate *self)
{
  guint64 level = 0;

  g_object_get (self->queue, "current-level-time", &level, NULL);
  return level;
}
