/* relay-file-loop.c
 *
 * A looping file plays again from its start without a gap. Each decoded
 * stream goes through a queue that keeps a little decoded ahead of what
 * plays; the end of each stream is held back before that queue, and once
 * every stream has ended the decoder seeks back to zero. The seek's flushes
 * are kept inside the decoder, so what the queues hold still plays while
 * it starts again. Each new pass's segments begin where the last one ended,
 * so the running time the stream's slot retimed the source by goes on
 * without a jump and the mixers see one continuous source.
 *
 * Non-flushing segment seeks (SEGMENT_DONE), the classic gapless loop, work
 * here too, but only from the second pass: the file starts playing before
 * anyone can seek it, so its first end is an EOS, which only a flushing seek
 * clears. They then take the demuxer's idea of where a pass ended (with a
 * 2 s H.264 and AAC MP4: 1.984 s, its audio's end, so the video overlapped
 * itself by 16 ms each pass). One flushing seek for every pass is simpler and
 * measured as seamless: the decoder's next buffer came 1 to 8 ms after the
 * seek (640x360 to 1080p), far within the lookahead, and a recording showed
 * no frame lost, repeated or black where the file started again.
 *
 *   uridecodebin ─ [ends held, flushes kept, segments shifted] ─ queue ─ ghost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-file-loop.h"
#include "relay-gst-util.h"

/* Longer than a seek back to the start and the first picture's decoding
 * take, so the mixers never wait for them; bounded in bytes for large
 * pictures. */
#define LOOKAHEAD_NS    (250 * GST_MSECOND)
#define LOOKAHEAD_BYTES (64u * 1024 * 1024)

struct _RelayFileLoop
{
  RelaySource *source;
  RelayFileLoopAsk should_loop;
  /* the source's bin, which owns the loop */
  GstBin *bin;
  /* guards the fields below, touched from streaming threads */
  GMutex lock;
  /* the decoded pads, each before its queue */
  GPtrArray *pads;
  /* streams whose end was held back in this pass */
  guint ended;
  /* whether this pass decoded anything: an empty file is not sought forever */
  gboolean played;
  /* added to this pass's running time: where the passes before it ended */
  GstClockTime offset;
  /* where this pass ends so far, offset included */
  GstClockTime end;
};

static void
relay_file_loop_free (gpointer data)
{
  RelayFileLoop *loop = data;

  g_ptr_array_unref (loop->pads);
  g_mutex_clear (&loop->lock);
  g_object_unref (loop->source);
  g_free (loop);
}

static GQuark
file_loop_quark (void)
{
  return g_quark_from_static_string ("relay-file-loop");
}

/**
 * relay_file_loop_attach:
 * @bin: the bin @source made, which owns the loop from now on
 * @should_loop: whether the file plays again, asked of @source each time it ends
 *
 * Returns: (transfer none): the loop
 */
RelayFileLoop *
relay_file_loop_attach (RelaySource *source, GstBin *bin, RelayFileLoopAsk should_loop)
{
  RelayFileLoop *loop = g_new0 (RelayFileLoop, 1);

  loop->source = g_object_ref (source);
  loop->should_loop = should_loop;
  loop->bin = bin;
  g_mutex_init (&loop->lock);
  loop->pads = g_ptr_array_new_with_free_func (gst_object_unref);
  g_object_set_qdata_full (G_OBJECT (bin), file_loop_quark (), loop, relay_file_loop_free);
  return loop;
}

static const char *
describe (RelayFileLoop *loop)
{
  return relay_source_get_description (loop->source);
}

static void
note_buffer_end (RelayFileLoop *loop, GstPad *pad, GstBuffer *buffer)
{
  /* as the decoder sent it, before shift_segment() */
  g_autoptr (GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment;
  GstClockTime end;

  if (event == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return;
  gst_event_parse_segment (event, &segment);
  end = GST_BUFFER_PTS (buffer);
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    end += GST_BUFFER_DURATION (buffer);
  end = gst_segment_to_running_time (segment, GST_FORMAT_TIME, end);

  g_mutex_lock (&loop->lock);
  loop->played = TRUE;
  if (GST_CLOCK_TIME_IS_VALID (end))
    loop->end = MAX (loop->end, loop->offset + end);
  g_mutex_unlock (&loop->lock);
}

/* Each pass starts, on the running time, where the last one ended. */
static void
shift_segment (RelayFileLoop *loop, GstPadProbeInfo *info)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstEvent *shifted;
  GstSegment segment;
  GstClockTime offset;

  g_mutex_lock (&loop->lock);
  offset = loop->offset;
  g_mutex_unlock (&loop->lock);
  if (offset == 0)
    return;

  gst_event_copy_segment (event, &segment);
  gst_segment_offset_running_time (&segment, GST_FORMAT_TIME, (gint64) offset);
  shifted = gst_event_new_segment (&segment);
  gst_event_set_seqnum (shifted, gst_event_get_seqnum (event));
  gst_event_unref (event);
  GST_PAD_PROBE_INFO_DATA (info) = shifted;
}

static gboolean
can_seek (GstPad *pad)
{
  g_autoptr (GstQuery) query = gst_query_new_seeking (GST_FORMAT_TIME);
  gboolean seekable = FALSE;

  if (gst_pad_query (pad, query))
    gst_query_parse_seeking (query, NULL, &seekable, NULL, NULL);
  return seekable;
}

/* The seek failed: the ends held back go on, and the file ends. */
static void
let_ends_through (RelayFileLoop *loop)
{
  g_autoptr (GPtrArray) peers = g_ptr_array_new_with_free_func (gst_object_unref);

  g_mutex_lock (&loop->lock);
  for (guint i = 0; i < loop->pads->len; i++)
    {
      GstPad *peer = gst_pad_get_peer (g_ptr_array_index (loop->pads, i));

      if (peer != NULL)
        g_ptr_array_add (peers, peer);
    }
  g_mutex_unlock (&loop->lock);

  for (guint i = 0; i < peers->len; i++)
    gst_pad_send_event (g_ptr_array_index (peers, i), gst_event_new_eos ());
}

/* Off the streaming threads, which the seek's flushes stop and restart. */
static void
seek_to_start (GstElement *bin, gpointer user_data)
{
  RelayFileLoop *loop = g_object_get_qdata (G_OBJECT (bin), file_loop_quark ());
  GstPad *pad = user_data;

  if (!gst_pad_send_event (pad, gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
                                                    GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_NONE,
                                                    GST_CLOCK_TIME_NONE)))
    {
      g_debug ("%s: seeking back to the start failed: it ends", describe (loop));
      let_ends_through (loop);
    }
}

/* Returns: whether the end is held back, the file playing again */
static gboolean
hold_end (RelayFileLoop *loop, GstPad *pad)
{
  gboolean played, all_ended = FALSE;
  GstClockTime offset;

  if (!loop->should_loop (loop->source))
    return FALSE;
  if (!can_seek (pad))
    {
      g_debug ("%s cannot seek: it ends rather than loops", describe (loop));
      return FALSE;
    }

  g_mutex_lock (&loop->lock);
  played = loop->played;
  if (played && ++loop->ended == loop->pads->len)
    {
      all_ended = TRUE;
      loop->ended = 0;
      loop->played = FALSE;
      loop->offset = loop->end;
    }
  offset = loop->offset;
  g_mutex_unlock (&loop->lock);

  if (!played)
    {
      g_debug ("%s played nothing: it ends rather than loops", describe (loop));
      return FALSE;
    }
  if (all_ended)
    {
      g_debug ("%s ended: playing it again from %" GST_TIME_FORMAT, describe (loop),
               GST_TIME_ARGS (offset));
      gst_element_call_async (GST_ELEMENT (loop->bin), seek_to_start, gst_object_ref (pad),
                              gst_object_unref);
    }
  return TRUE;
}

static GstPadProbeReturn
on_decoded_data (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayFileLoop *loop = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      note_buffer_end (loop, pad, GST_PAD_PROBE_INFO_BUFFER (info));
      return GST_PAD_PROBE_OK;
    }

  switch (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)))
    {
      /* Only the loop's seeks flush a file: what the queue decoded ahead stays. */
      case GST_EVENT_FLUSH_START:
      case GST_EVENT_FLUSH_STOP:
        return GST_PAD_PROBE_DROP;
      case GST_EVENT_SEGMENT:
        shift_segment (loop, info);
        return GST_PAD_PROBE_OK;
      case GST_EVENT_EOS:
        return hold_end (loop, pad) ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
      default:
        return GST_PAD_PROBE_OK;
    }
}

/**
 * relay_file_loop_add_stream:
 * @decoded_pad: one of the decoder's streams, in the loop's bin
 *
 * Returns: (transfer full): the pad the stream leaves from, in place of
 *   @decoded_pad
 */
GstPad *
relay_file_loop_add_stream (RelayFileLoop *loop, GstPad *decoded_pad)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) queue_sink = NULL;
  GstElement *queue = relay_bin_add_new (loop->bin, "queue", &error);

  /* never without coreelements; the file then plays once */
  if (queue == NULL)
    {
      g_warning ("%s: %s", describe (loop), error->message);
      return gst_object_ref (decoded_pad);
    }
  g_object_set (queue, "max-size-buffers", 0u, "max-size-bytes", LOOKAHEAD_BYTES, "max-size-time",
                (guint64) LOOKAHEAD_NS, NULL);
  queue_sink = gst_element_get_static_pad (queue, "sink");

  g_mutex_lock (&loop->lock);
  g_ptr_array_add (loop->pads, gst_object_ref (decoded_pad));
  g_mutex_unlock (&loop->lock);
  gst_pad_add_probe (decoded_pad,
                     GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM
                         | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
                     on_decoded_data, loop, NULL);
  gst_pad_link (decoded_pad, queue_sink);
  gst_element_sync_state_with_parent (queue);
  return gst_element_get_static_pad (queue, "src");
}
