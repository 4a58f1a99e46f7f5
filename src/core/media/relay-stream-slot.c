/* relay-stream-slot.c
 *
 * A stream's source joins the pipeline in a slot: its bin, wrapped with a
 * normaliser per medium (converted and scaled or resampled to the program
 * format, retimed onto the pipeline's running time, paced) and linked to the
 * stream's mixers as its pads appear. Its end of stream is kept from the
 * mixers and told to the stream instead. Taking it out waits for each of its
 * pads to be idle, so no buffer is cut in half, and does not wait for a
 * source stuck reading.
 *
 *   [source bin ─ retime ─ tee ─ view: convert ─ crop ─ scale ─ caps ─ pace ] ─ compositor
 *                                  view: …                                    ─ compositor
 *              ─ convert ─ resample ─ caps ─ retime ─ pace                    ] ─ audiomixer
 *
 * A source drawn at several places (two layers naming the same camera) is
 * opened once: each place is a view of its picture, cropped and scaled
 * there, once, to the size it is drawn at, in the source's own streaming
 * thread, so the compositor only blends. Its sound is mixed once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gst/video/video.h>

#include "relay-gst-util.h"
#include "relay-layer-geometry.h"
#include "relay-stream-slot.h"

/* One place on the canvas the source's picture is drawn at: its own crop,
 * scale and pacing, into its own compositor pad. */
typedef struct
{
  RelaySlotPlacement placement;
  /* NULL until the source's picture comes */
  GstElement *bin;
  GstElement *crop;
  GstElement *filter;
  GstPad *tee_pad;
  /* the wrapper's pad for it */
  GstPad *ghost;
  GstPad *mixer_pad;
} SlotView;

/* One attached source: its bin, wrapped with the normalisers, and what it
 * needs to be retimed onto the pipeline's running time. */
struct _RelayStreamSlot
{
  GWeakRef stream;
  /* told of the source's progress, and of its elements' messages */
  GWeakRef owner;
  GstElement *wrapper;
  /* the stream's, held: a scene's slots may outlive the stream's closing */
  GstElement *mixers[2];
  gboolean on_pipeline_clock;
  /* its pictures are blended with their alpha: the stream's compositor is held in AYUV */
  gboolean has_alpha;
  /* called on the main context, with a weak reference to the stream */
  GSourceFunc on_flowing;
  GSourceFunc on_ended;
  /* guards the fields below, touched from streaming threads */
  GMutex lock;
  gboolean detached;
  gboolean offset_known;
  gint64 offset;
  gboolean ended;
  gboolean flowing;
  /* the source's picture size, once its caps are known (0 until then) */
  int source_width;
  int source_height;
  /* the source's picture, retimed, for every view: NULL until it comes */
  GstElement *tee;
  /* of SlotView, in the order they were asked for */
  GPtrArray *views;
  guint views_made;
  GstPad *audio_mixer_pad;
  /* kept for an audio pad the source adds later */
  RelayAudioGain gain;
};

void
relay_slot_placement_init_full_canvas (RelaySlotPlacement *placement,
                                       const RelayProgramFormat *format)
{
  *placement = (RelaySlotPlacement){
    .rect = { 0, 0, (int) format->width, (int) format->height },
    .fit = RELAY_LAYER_FIT_CONTAIN,
    .alpha = 1.0,
    .zorder = 1,
  };
}

/* Called with the lock held, from any thread. Until the source's size is
 * known the picture is drawn stretched: it is not drawn at all before then. */
static void
apply_placement (RelayStreamSlot *slot, SlotView *view)
{
  const RelaySlotPlacement *placement = &view->placement;
  RelayLayerGeometry geometry = { .crop = placement->crop, .rect = placement->rect };
  gboolean drawn = TRUE;

  if (slot->source_width > 0)
    drawn = relay_layer_geometry_compute (slot->source_width, slot->source_height, &placement->rect,
                                          placement->fit, &placement->crop, &geometry);
  drawn &= geometry.rect.width > 0 && geometry.rect.height > 0;

  if (drawn && view->crop != NULL)
    g_object_set (view->crop, "left", (int) geometry.crop.left, "right", (int) geometry.crop.right,
                  "top", (int) geometry.crop.top, "bottom", (int) geometry.crop.bottom, NULL);
  if (drawn && view->filter != NULL)
    {
      g_autoptr (GstCaps) old = NULL;
      g_autoptr (GstCaps) caps = NULL;

      g_object_get (view->filter, "caps", &old, NULL);
      caps = gst_caps_copy (old);
      gst_caps_set_simple (caps, "width", G_TYPE_INT, geometry.rect.width, "height", G_TYPE_INT,
                           geometry.rect.height, NULL);
      if (!gst_caps_is_equal (caps, old))
        g_object_set (view->filter, "caps", caps, NULL);
    }
  if (view->mixer_pad != NULL)
    g_object_set (view->mixer_pad, "xpos", geometry.rect.x, "ypos", geometry.rect.y, "width",
                  geometry.rect.width, "height", geometry.rect.height, "alpha",
                  drawn ? CLAMP (placement->alpha, 0.0, 1.0) : 0.0, "zorder", placement->zorder,
                  NULL);
}

/* The source's size decides where a fitted picture goes. */
static GstPadProbeReturn
watch_source_size (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayStreamSlot *slot = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps;
  GstVideoInfo video_info;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;

  gst_event_parse_caps (event, &caps);
  if (!gst_video_info_from_caps (&video_info, caps))
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&slot->lock);
  if (slot->source_width != GST_VIDEO_INFO_WIDTH (&video_info)
      || slot->source_height != GST_VIDEO_INFO_HEIGHT (&video_info))
    {
      slot->source_width = GST_VIDEO_INFO_WIDTH (&video_info);
      slot->source_height = GST_VIDEO_INFO_HEIGHT (&video_info);
      for (guint i = 0; i < slot->views->len; i++)
        apply_placement (slot, g_ptr_array_index (slot->views, i));
    }
  g_mutex_unlock (&slot->lock);
  return GST_PAD_PROBE_OK;
}

static void
view_free (gpointer data)
{
  SlotView *view = data;

  gst_clear_object (&view->bin);
  gst_clear_object (&view->tee_pad);
  gst_clear_object (&view->ghost);
  gst_clear_object (&view->mixer_pad);
  g_free (view);
}

static void
slot_free (RelayStreamSlot *slot)
{
  for (guint i = 0; i < G_N_ELEMENTS (slot->mixers); i++)
    gst_clear_object (&slot->mixers[i]);
  gst_clear_object (&slot->audio_mixer_pad);
  gst_clear_object (&slot->tee);
  g_ptr_array_unref (slot->views);
  g_weak_ref_clear (&slot->stream);
  g_weak_ref_clear (&slot->owner);
  g_mutex_clear (&slot->lock);
  gst_clear_object (&slot->wrapper);
  g_free (slot);
}

static void
invoke_with_owner (RelayStreamSlot *slot, GSourceFunc func)
{
  g_autoptr (GObject) owner = g_weak_ref_get (&slot->owner);

  if (owner != NULL)
    relay_defer_to_main_weak (func, owner);
}

/* Files start at zero and live sources at their own clock's time; the first
 * buffer of a source decides one offset that puts it at "now" on the
 * pipeline's running time, shared by its audio and video to keep them in sync.
 * Sources on the pipeline's clock keep their times: an offset taken from a
 * first buffer that came late (decoders starting) would hold back every
 * later one by as much. */
static GstPadProbeReturn
retime_first_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayStreamSlot *slot = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr (GstEvent) segment_event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  g_autoptr (GstPad) src_pad = NULL;
  g_autoptr (GstObject) parent = gst_pad_get_parent (pad);
  gboolean first_of_source = FALSE;
  gint64 offset;

  g_mutex_lock (&slot->lock);
  if (!slot->offset_known)
    {
      GstClockTime now = relay_element_get_running_time (GST_ELEMENT (parent));
      GstClockTime buffer_time = GST_CLOCK_TIME_NONE;

      if (segment_event != NULL && GST_BUFFER_PTS_IS_VALID (buffer))
        {
          const GstSegment *segment;

          gst_event_parse_segment (segment_event, &segment);
          buffer_time =
              gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
        }

      if (!slot->on_pipeline_clock && GST_CLOCK_TIME_IS_VALID (now)
          && GST_CLOCK_TIME_IS_VALID (buffer_time))
        slot->offset = (gint64) now - (gint64) buffer_time;
      slot->offset_known = TRUE;
      first_of_source = TRUE;
    }
  offset = slot->offset;
  g_mutex_unlock (&slot->lock);

  src_pad = gst_element_get_static_pad (GST_ELEMENT (parent), "src");
  gst_pad_set_offset (src_pad, offset);
  GST_DEBUG_OBJECT (pad, "source retimed by %" GST_STIME_FORMAT, GST_STIME_ARGS (offset));

  if (first_of_source && !g_atomic_int_get (&slot->flowing))
    {
      g_atomic_int_set (&slot->flowing, TRUE);
      invoke_with_owner (slot, slot->on_flowing);
    }

  return GST_PAD_PROBE_REMOVE;
}

/* The mixers must never see a source's EOS: they would end the whole stream. */
static GstPadProbeReturn
swallow_eos (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RelayStreamSlot *slot = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS)
    return GST_PAD_PROBE_OK;

  g_mutex_lock (&slot->lock);
  /* a source taken out says nothing of the one that replaced it */
  if (!slot->ended && !slot->detached)
    {
      slot->ended = TRUE;
      invoke_with_owner (slot, slot->on_ended);
    }
  g_mutex_unlock (&slot->lock);

  return GST_PAD_PROBE_DROP;
}

static gboolean
link_source_pad (GstPad *source_pad, GstElement *first, GError **error)
{
  g_autoptr (GstPad) sink = gst_element_get_static_pad (first, "sink");

  if (gst_pad_link (source_pad, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, "cannot link the source's %s",
                   GST_PAD_NAME (source_pad));
      return FALSE;
    }
  return TRUE;
}

/* A retimer for one medium: the first buffer through it decides the offset. */
static GstElement *
add_retimer (RelayStreamSlot *slot, GstBin *bin, GError **error)
{
  GstElement *retime = relay_bin_add_new (bin, "identity", error);
  g_autoptr (GstPad) sink = NULL;

  if (retime == NULL)
    return NULL;
  sink = gst_element_get_static_pad (retime, "sink");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, retime_first_buffer, slot, NULL);
  return retime;
}

/* Files play at their own pace. clocksync holds a buffer until its running
 * time plus the latency upstream: sources on the pipeline's clock are on
 * time already, and waiting would add their jitter buffer's latency. */
static GstElement *
add_pacer (RelayStreamSlot *slot, GstBin *bin, GError **error)
{
  GstElement *pace = relay_bin_add_new (bin, "clocksync", error);

  if (pace != NULL)
    g_object_set (pace, "sync", !slot->on_pipeline_clock, NULL);
  return pace;
}

static void
sync_with_wrapper (GstElement **elements, guint n_elements)
{
  for (guint i = 0; i < n_elements; i++)
    if (elements[i] != NULL)
      gst_element_sync_state_with_parent (elements[i]);
}

/*   source ─ convert ─ resample ─ caps ─ retime ─ pace ─ mixer */
static gboolean
add_audio_normaliser (RelayStream *stream, RelayStreamSlot *slot, GstPad *source_pad,
                      GError **error)
{
  GstBin *wrapper = GST_BIN (slot->wrapper);
  g_autoptr (GstCaps) caps = relay_program_format_audio_caps (relay_stream_get_format (stream));
  GstElement *convert, *resample, *filter, *retime, *pace;
  GstPad *ghost;

  if (!(convert = relay_bin_add_new (wrapper, "audioconvert", error))
      || !(resample = relay_bin_add_new (wrapper, "audioresample", error))
      || !(filter = relay_bin_add_new (wrapper, "capsfilter", error))
      || !(retime = add_retimer (slot, wrapper, error))
      || !(pace = add_pacer (slot, wrapper, error)))
    return FALSE;
  g_object_set (filter, "caps", caps, NULL);
  gst_element_link_many (convert, resample, filter, retime, pace, NULL);
  {
    GstElement *chain[] = { convert, resample, filter, retime, pace };

    sync_with_wrapper (chain, G_N_ELEMENTS (chain));
  }
  if (!link_source_pad (source_pad, convert, error))
    return FALSE;
  ghost = relay_ghost_static_pad (slot->wrapper, pace, "src", "audio");
  slot->audio_mixer_pad =
      gst_element_request_pad_simple (slot->mixers[RELAY_MEDIA_AUDIO], "sink_%u");
  /* before the link: not one buffer of the source at another gain */
  g_object_set (slot->audio_mixer_pad, "volume", slot->gain.volume, "mute", slot->gain.muted, NULL);
  if (gst_pad_link (ghost, slot->audio_mixer_pad) != GST_PAD_LINK_OK)
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "cannot mix the audio of the source");
      return FALSE;
    }
  gst_pad_add_probe (ghost, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, swallow_eos, slot, NULL);
  return TRUE;
}

/* One view's chain, fed by the tee (the lock held; the source pushes nothing):
 *   tee ─ [convert ─ crop ─ scale ─ caps ─ pace] ─ mixer */
static gboolean
add_view (RelayStream *stream, RelayStreamSlot *slot, SlotView *view, GError **error)
{
  g_autoptr (GstCaps) caps = relay_program_format_video_caps (relay_stream_get_format (stream));
  g_autofree char *name = g_strdup_printf ("video_%u", slot->views_made++);
  g_autoptr (GstPad) sink = NULL;
  GstElement *convert, *scale, *pace;
  GstBin *bin;

  /* The compositor converts the rate itself; only format and size are fixed here. */
  gst_structure_remove_field (gst_caps_get_structure (caps, 0), "framerate");
  if (slot->has_alpha)
    gst_caps_set_simple (caps, "format", G_TYPE_STRING, RELAY_STREAM_ALPHA_FORMAT, NULL);

  view->bin = gst_object_ref_sink (gst_bin_new (NULL));
  bin = GST_BIN (view->bin);
  gst_bin_add (GST_BIN (slot->wrapper), view->bin);
  if (!(convert = relay_bin_add_new (bin, "videoconvert", error))
      || !(view->crop = relay_bin_add_new (bin, "videocrop", error))
      || !(scale = relay_bin_add_new (bin, "videoscale", error))
      || !(view->filter = relay_bin_add_new (bin, "capsfilter", error))
      || !(pace = add_pacer (slot, bin, error)))
    return FALSE;
  /* the placement decides the shape: no borders of videoscale's own */
  g_object_set (scale, "add-borders", FALSE, NULL);
  g_object_set (view->filter, "caps", caps, NULL);
  relay_capsfilter_allow_live_changes (view->filter);
  gst_element_link_many (convert, view->crop, scale, view->filter, pace, NULL);
  relay_ghost_static_pad (view->bin, pace, "src", "src");
  view->ghost = gst_object_ref (relay_ghost_static_pad (slot->wrapper, view->bin, "src", name));
  sink = gst_object_ref (relay_ghost_static_pad (view->bin, convert, "sink", "sink"));
  gst_element_sync_state_with_parent (view->bin);

  view->tee_pad = gst_element_request_pad_simple (slot->tee, "src_%u");
  gst_pad_link (view->tee_pad, sink);
  view->mixer_pad = gst_element_request_pad_simple (slot->mixers[RELAY_MEDIA_VIDEO], "sink_%u");
  apply_placement (slot, view);
  if (gst_pad_link (view->ghost, view->mixer_pad) != GST_PAD_LINK_OK)
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "cannot mix the video of the source");
      return FALSE;
    }
  return TRUE;
}

/* The source's picture, retimed once for all its views:
 *   source ─ retime ─ tee ─ view, view… */
static gboolean
add_video_stem (RelayStream *stream, RelayStreamSlot *slot, GstPad *source_pad, GError **error)
{
  GstBin *wrapper = GST_BIN (slot->wrapper);
  g_autoptr (GstPad) retime_sink = NULL;
  g_autoptr (GstPad) retime_src = NULL;
  GstElement *retime, *tee;

  if (!(retime = add_retimer (slot, wrapper, error))
      || !(tee = relay_bin_add_new (wrapper, "tee", error)))
    return FALSE;
  /* a source no layer draws right now goes on playing */
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  gst_element_link (retime, tee);
  retime_sink = gst_element_get_static_pad (retime, "sink");
  gst_pad_add_probe (retime_sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, watch_source_size, slot,
                     NULL);
  retime_src = gst_element_get_static_pad (retime, "src");
  gst_pad_add_probe (retime_src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, swallow_eos, slot, NULL);
  {
    GstElement *chain[] = { retime, tee };

    sync_with_wrapper (chain, G_N_ELEMENTS (chain));
  }
  slot->tee = gst_object_ref (tee);
  for (guint i = 0; i < slot->views->len; i++)
    if (!add_view (stream, slot, g_ptr_array_index (slot->views, i), error))
      return FALSE;
  return link_source_pad (source_pad, retime, error);
}

static void
on_source_pad_added (GstElement *source_bin, GstPad *pad, gpointer user_data)
{
  RelayStreamSlot *slot = user_data;
  g_autoptr (RelayStream) stream = g_weak_ref_get (&slot->stream);
  g_autoptr (GError) error = NULL;
  const char *name = GST_PAD_NAME (pad);
  gboolean added = TRUE;

  if (stream == NULL || GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  /* Decoders add pads from their streaming threads, possibly while the
   * source is being detached on the main context. */
  g_mutex_lock (&slot->lock);
  if (slot->detached)
    ;
  else if (g_str_equal (name, "video"))
    added = add_video_stem (stream, slot, pad, &error);
  else if (g_str_equal (name, "audio"))
    added = add_audio_normaliser (stream, slot, pad, &error);
  if (!added)
    GST_ELEMENT_ERROR (source_bin, CORE, NEGOTIATION, ("%s", error->message), (NULL));
  g_mutex_unlock (&slot->lock);
}

static GQuark
source_wrapper_quark (void)
{
  return g_quark_from_static_string ("relay-source-wrapper");
}

static SlotView *
view_new (const RelaySlotPlacement *placement)
{
  SlotView *view = g_new0 (SlotView, 1);

  view->placement = *placement;
  return view;
}

/**
 * relay_stream_slot_new:
 * @stream: the stream whose mixers take the source
 * @owner: told of the source's progress (the callbacks' data, a weak
 *   reference) and owner of its elements' messages
 * @source_bin: (transfer none): the bin @source made, with "video" and/or
 *   "audio" source pads, now or later
 * @placements: (array length=n_placements): where its picture goes on the
 *   canvas: the source is opened once and drawn at each
 * @gain: how loud its sound goes into the mix
 * @on_flowing: called once the source's first buffer reached its normaliser
 * @on_ended: called once the source's end of stream reached the mixers
 *
 * Returns: (transfer full): the slot, in the running pipeline
 */
RelayStreamSlot *
relay_stream_slot_new (RelayStream *stream, GObject *owner, RelaySource *source,
                       GstElement *source_bin, const RelaySlotPlacement *placements,
                       guint n_placements, const RelayAudioGain *gain, GSourceFunc on_flowing,
                       GSourceFunc on_ended)
{
  g_autoptr (GstIterator) pads = NULL;
  GValue item = G_VALUE_INIT;
  RelayStreamSlot *slot;

  slot = g_new0 (RelayStreamSlot, 1);
  g_weak_ref_init (&slot->stream, stream);
  g_weak_ref_init (&slot->owner, owner);
  slot->mixers[RELAY_MEDIA_VIDEO] =
      gst_object_ref (relay_stream_get_mixer (stream, RELAY_MEDIA_VIDEO));
  slot->mixers[RELAY_MEDIA_AUDIO] =
      gst_object_ref (relay_stream_get_mixer (stream, RELAY_MEDIA_AUDIO));
  slot->views = g_ptr_array_new_with_free_func (view_free);
  for (guint i = 0; i < n_placements; i++)
    g_ptr_array_add (slot->views, view_new (&placements[i]));
  slot->on_pipeline_clock = RELAY_SOURCE_GET_CLASS (source)->on_pipeline_clock;
  slot->has_alpha = RELAY_SOURCE_GET_CLASS (source)->has_alpha;
  /* before its caps reach the compositor, which takes alpha only while held */
  if (slot->has_alpha)
    relay_stream_hold_alpha (stream);
  slot->on_flowing = on_flowing;
  slot->on_ended = on_ended;
  slot->gain = *gain;
  g_mutex_init (&slot->lock);
  slot->wrapper = gst_object_ref_sink (gst_bin_new (NULL));
  relay_element_set_owner (slot->wrapper, owner);
  g_object_set_qdata (G_OBJECT (slot->wrapper), source_wrapper_quark (), GINT_TO_POINTER (TRUE));
  gst_bin_add (GST_BIN (slot->wrapper), source_bin);
  /* In the pipeline before any pad is linked to the mixers: links need a common parent. */
  relay_bin_add_to_running (relay_stream_get_pipeline (stream), slot->wrapper);

  g_signal_connect (source_bin, "pad-added", G_CALLBACK (on_source_pad_added), slot);
  pads = gst_element_iterate_src_pads (source_bin);
  while (gst_iterator_next (pads, &item) == GST_ITERATOR_OK)
    {
      on_source_pad_added (source_bin, g_value_get_object (&item), slot);
      g_value_reset (&item);
    }
  g_value_unset (&item);

  relay_bin_sync_with_running (slot->wrapper);
  return slot;
}

/* Returns: (nullable): the source wrapper the message came from, only to be
 * compared with relay_stream_slot_get_wrapper(): it may be gone by now */
gconstpointer
relay_stream_slot_find_wrapper (GstMessage *message)
{
  g_autoptr (GstObject) object =
      GST_MESSAGE_SRC (message) ? gst_object_ref (GST_MESSAGE_SRC (message)) : NULL;

  while (object != NULL)
    {
      GstObject *parent;

      if (g_object_get_qdata (G_OBJECT (object), source_wrapper_quark ()) != NULL)
        return object;
      parent = gst_object_get_parent (object);
      gst_object_unref (object);
      object = parent;
    }
  return NULL;
}

typedef struct
{
  GstElement *wrapper;
  GstElement *tee;
  GstElement *mixer;
  SlotView *view;
  guint pending;
} ViewTeardown;

static void
finish_view_teardown (gpointer user_data)
{
  ViewTeardown *teardown = user_data;
  SlotView *view = teardown->view;

  if (--teardown->pending > 0)
    return;

  gst_element_release_request_pad (teardown->tee, view->tee_pad);
  gst_element_release_request_pad (teardown->mixer, view->mixer_pad);
  gst_element_remove_pad (teardown->wrapper, view->ghost);
  relay_bin_remove_from_parent_async (view->bin, view_free, view);
  gst_object_unref (teardown->wrapper);
  gst_object_unref (teardown->tee);
  gst_object_unref (teardown->mixer);
  g_free (teardown);
}

static GstPadProbeReturn
drop_data (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_DROP;
}

/* Until the source is stopped, what it still produces goes nowhere quietly,
 * rather than failing as not-linked once unlinked. */
static gboolean
unlink_quietly_when_idle (GstPad *src_pad, RelayUnlinkedFunc func, gpointer user_data)
{
  if (!gst_pad_is_linked (src_pad))
    return FALSE;
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, drop_data,
                     NULL, NULL);
  relay_pad_unlink_when_idle (src_pad, func, user_data);
  return TRUE;
}

/* Takes one view out once its pads are idle; the source plays on. Needs no
 * lock: @view is no longer the slot's. */
static void
remove_view (RelayStreamSlot *slot, SlotView *view)
{
  ViewTeardown *teardown;

  if (view->bin == NULL)
    {
      view_free (view);
      return;
    }
  teardown = g_new0 (ViewTeardown, 1);
  teardown->wrapper = gst_object_ref (slot->wrapper);
  teardown->tee = gst_object_ref (slot->tee);
  teardown->mixer = gst_object_ref (slot->mixers[RELAY_MEDIA_VIDEO]);
  teardown->view = view;
  teardown->pending = 1;
  if (unlink_quietly_when_idle (view->tee_pad, finish_view_teardown, teardown))
    teardown->pending++;
  if (unlink_quietly_when_idle (view->ghost, finish_view_teardown, teardown))
    teardown->pending++;
  finish_view_teardown (teardown);
}

typedef struct
{
  RelayStreamSlot *slot;
  guint pending;
} SourceTeardown;

static void
finish_source_teardown (gpointer user_data)
{
  SourceTeardown *teardown = user_data;
  RelayStreamSlot *slot = teardown->slot;

  if (--teardown->pending > 0)
    return;

  if (slot->audio_mixer_pad != NULL)
    gst_element_release_request_pad (slot->mixers[RELAY_MEDIA_AUDIO], slot->audio_mixer_pad);
  for (guint i = 0; i < slot->views->len; i++)
    {
      SlotView *view = g_ptr_array_index (slot->views, i);

      if (view->mixer_pad != NULL)
        gst_element_release_request_pad (slot->mixers[RELAY_MEDIA_VIDEO], view->mixer_pad);
    }
  if (slot->has_alpha)
    {
      g_autoptr (RelayStream) stream = g_weak_ref_get (&slot->stream);

      if (stream != NULL)
        relay_stream_release_alpha (stream);
    }
  /* Only once the wrapper is in NULL are its streaming threads, and with them
   * the probes and callbacks that use the slot, gone. A source may be stuck
   * reading (a network share): the main context does not wait for it. */
  relay_bin_remove_from_parent_async (slot->wrapper, (RelayUnlinkedFunc) slot_free, slot);
  g_free (teardown);
}

/* Takes @slot out once its pads are idle, and frees it once its source has stopped. */
void
relay_stream_slot_remove (RelayStreamSlot *slot)
{
  SourceTeardown *teardown;

  g_mutex_lock (&slot->lock);
  slot->detached = TRUE;
  g_mutex_unlock (&slot->lock);

  teardown = g_new0 (SourceTeardown, 1);
  teardown->slot = slot;
  teardown->pending = 1;

  if (slot->audio_mixer_pad != NULL)
    {
      g_autoptr (GstPad) ghost = gst_pad_get_peer (slot->audio_mixer_pad);

      if (ghost != NULL && unlink_quietly_when_idle (ghost, finish_source_teardown, teardown))
        teardown->pending++;
    }
  for (guint i = 0; i < slot->views->len; i++)
    {
      SlotView *view = g_ptr_array_index (slot->views, i);

      if (view->ghost != NULL
          && unlink_quietly_when_idle (view->ghost, finish_source_teardown, teardown))
        teardown->pending++;
    }

  finish_source_teardown (teardown);
}

/**
 * relay_stream_slot_set_placements:
 * @placements: (array length=n_placements): where the picture goes now, one
 *   view each
 *
 * Moves, resizes or fades the views at once, while the source plays; adds or
 * takes out views from the end to make @n_placements.
 */
void
relay_stream_slot_set_placements (RelayStreamSlot *slot, const RelaySlotPlacement *placements,
                                  guint n_placements)
{
  g_autoptr (RelayStream) stream = g_weak_ref_get (&slot->stream);
  g_autoptr (GPtrArray) leaving = g_ptr_array_new ();
  g_autoptr (GstPad) tee_sink = NULL;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&slot->lock);
  /* a view is added while the source pushes nothing through the tee: its
   * stream lock comes first, and the tee may have come in the meantime */
  while (slot->tee != NULL && tee_sink == NULL && n_placements > slot->views->len)
    {
      tee_sink = gst_element_get_static_pad (slot->tee, "sink");
      g_mutex_unlock (&slot->lock);
      GST_PAD_STREAM_LOCK (tee_sink);
      g_mutex_lock (&slot->lock);
    }

  for (guint i = 0; i < MIN (n_placements, slot->views->len); i++)
    {
      SlotView *view = g_ptr_array_index (slot->views, i);

      view->placement = placements[i];
      if (!slot->detached)
        apply_placement (slot, view);
    }
  while (slot->views->len > n_placements)
    g_ptr_array_add (leaving, g_ptr_array_steal_index (slot->views, slot->views->len - 1));
  for (guint i = slot->views->len; i < n_placements; i++)
    {
      SlotView *view = view_new (&placements[i]);

      g_ptr_array_add (slot->views, view);
      if (slot->tee != NULL && !slot->detached && stream != NULL && error == NULL)
        add_view (stream, slot, view, &error);
    }
  g_mutex_unlock (&slot->lock);
  if (tee_sink != NULL)
    GST_PAD_STREAM_UNLOCK (tee_sink);

  /* only elements every build has: as a source that fails */
  if (error != NULL)
    gst_element_post_message (slot->wrapper,
                              gst_message_new_error (GST_OBJECT (slot->wrapper), error, NULL));
  for (guint i = 0; i < leaving->len; i++)
    remove_view (slot, g_ptr_array_index (leaving, i));
}

/* Applies to the slot's sound in the mix at once, and to an audio pad its
 * source adds later. */
void
relay_stream_slot_set_audio_gain (RelayStreamSlot *slot, const RelayAudioGain *gain)
{
  /* the audio pad is added from a streaming thread */
  g_mutex_lock (&slot->lock);
  slot->gain = *gain;
  if (slot->audio_mixer_pad != NULL)
    g_object_set (slot->audio_mixer_pad, "volume", gain->volume, "mute", gain->muted, NULL);
  g_mutex_unlock (&slot->lock);
}

GstElement *
relay_stream_slot_get_wrapper (RelayStreamSlot *slot)
{
  return slot->wrapper;
}

/* Whether the source delivered its first buffer. */
gboolean
relay_stream_slot_is_flowing (RelayStreamSlot *slot)
{
  return g_atomic_int_get (&slot->flowing);
}
