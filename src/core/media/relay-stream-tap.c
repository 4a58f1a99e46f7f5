/* relay-stream-tap.c
 *
 * What the preview and a stream used as another's source share: a bin of
 * theirs joins the running pipeline beside a stream, and its "video" and
 * "audio" sink pads (whichever it has) are fed from the stream's raw tees.
 * Taking it out waits for each tee pad to be idle, so no buffer is cut in
 * half, then gives the pads back and stops the bin.
 *
 *   stream raw tee ─ [bin "video"/"audio" ─ … ]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-gst-util.h"
#include "relay-stream-tap.h"

static const char *const pad_names[] = {
  [RELAY_MEDIA_VIDEO] = "video", [RELAY_MEDIA_AUDIO] = "audio"
};

struct _RelayStreamTap
{
  RelayStream *stream;
  GstElement *bin;
  GstPad *tee_pads[G_N_ELEMENTS (pad_names)];
  /* tee pads still to unlink, plus one while they are being asked */
  guint pending;
};

/**
 * relay_stream_tap_new:
 * @bin: (transfer none): a bin with a "video" and/or an "audio" sink pad,
 *   whose sinks do not wait for a preroll (async off)
 *
 * Returns: (transfer full) (nullable): the tap, or %NULL while @stream has
 *   no pipeline to join
 */
RelayStreamTap *
relay_stream_tap_new (RelayStream *stream, GstElement *bin)
{
  GstElement *pipeline = relay_stream_get_pipeline (stream);
  RelayStreamTap *tap;

  if (pipeline == NULL)
    return NULL;

  tap = g_new0 (RelayStreamTap, 1);
  tap->stream = g_object_ref (stream);
  tap->bin = gst_object_ref (bin);
  relay_element_set_owner (bin, stream);
  relay_bin_add_to_running (pipeline, bin);
  relay_bin_sync_with_running (bin);

  for (guint kind = 0; kind < G_N_ELEMENTS (pad_names); kind++)
    {
      g_autoptr (GstPad) sink_pad = gst_element_get_static_pad (bin, pad_names[kind]);

      if (sink_pad == NULL)
        continue;
      tap->tee_pads[kind] = relay_stream_link_raw_pad (stream, kind, sink_pad);
    }
  return tap;
}

static void
finish_removal (gpointer user_data)
{
  RelayStreamTap *tap = user_data;

  if (--tap->pending > 0)
    return;

  for (guint kind = 0; kind < G_N_ELEMENTS (pad_names); kind++)
    {
      if (tap->tee_pads[kind] == NULL)
        continue;
      relay_stream_release_raw_pad (tap->stream, tap->tee_pads[kind]);
      gst_object_unref (tap->tee_pads[kind]);
    }
  relay_bin_remove_from_parent (tap->bin);
  gst_object_unref (tap->bin);
  g_object_unref (tap->stream);
  g_free (tap);
}

/* Takes @tap out once its tee pads are idle, and frees it. */
void
relay_stream_tap_remove (RelayStreamTap *tap)
{
  if (tap == NULL)
    return;

  tap->pending = 1;
  for (guint kind = 0; kind < G_N_ELEMENTS (pad_names); kind++)
    {
      if (tap->tee_pads[kind] != NULL && gst_pad_is_linked (tap->tee_pads[kind]))
        {
          tap->pending++;
          relay_pad_unlink_when_idle (tap->tee_pads[kind], finish_removal, tap);
        }
    }
  finish_removal (tap);
}
