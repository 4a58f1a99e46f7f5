/* relay-gst-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"

static const struct
{
  const char *factory;
  const char *package;
} element_packages[] = {
  { "x264enc", "gstreamer1.0-plugins-ugly" },
  { "avenc_aac", "gstreamer1.0-libav" },
  { "rtmp2sink", "gstreamer1.0-plugins-bad" },
  { "rtmp2src", "gstreamer1.0-plugins-bad" },
  { "webrtcbin", "gstreamer1.0-plugins-bad gstreamer1.0-nice" },
  { "compositor", "gstreamer1.0-plugins-base" },
  { "audiomixer", "gstreamer1.0-plugins-base" },
  { "opusenc", "gstreamer1.0-plugins-base" },
  { "flvmux", "gstreamer1.0-plugins-good" },
  { "matroskamux", "gstreamer1.0-plugins-good" },
  { "mp4mux", "gstreamer1.0-plugins-good" },
  { "h264parse", "gstreamer1.0-plugins-bad" },
  { "aacparse", "gstreamer1.0-plugins-good" },
};

GstElement *
relay_make_element (const char *factory, const char *name, GError **error)
{
  GstElement *element = gst_element_factory_make (factory, name);
  const char *package = NULL;

  if (element != NULL)
    return element;

  for (guint i = 0; i < G_N_ELEMENTS (element_packages); i++)
    {
      if (g_str_equal (element_packages[i].factory, factory))
        package = element_packages[i].package;
    }

  if (package != NULL)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_MISSING_ELEMENT,
                 _ ("The GStreamer element “%s” is missing; install %s"), factory, package);
  else
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_MISSING_ELEMENT,
                 _ ("The GStreamer element “%s” is missing"), factory);
  return NULL;
}

/* Returns the new element, owned by @bin, so that an error part way through
 * building a bin leaks nothing: dropping the bin drops all of it. */
GstElement *
relay_bin_add_new (GstBin *bin, const char *factory, GError **error)
{
  GstElement *element = relay_make_element (factory, NULL, error);

  if (element != NULL)
    gst_bin_add (bin, element);
  return element;
}

gboolean
relay_element_has_pad (GstElement *element, const char *pad_name)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (element, pad_name);

  return pad != NULL;
}

GstPad *
relay_ghost_static_pad (GstElement *bin, GstElement *element, const char *pad_name,
                        const char *ghost_name)
{
  g_autoptr (GstPad) target = gst_element_get_static_pad (element, pad_name);
  GstPad *ghost = gst_ghost_pad_new (ghost_name, target);

  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (bin, ghost);
  return ghost;
}

static GstFlowReturn
isolated_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstFlowReturn ret = gst_proxy_pad_chain_default (pad, parent, buffer);

  if (G_UNLIKELY (ret != GST_FLOW_OK))
    GST_LOG_OBJECT (pad, "hid %s from upstream", gst_flow_get_name (ret));
  return GST_FLOW_OK;
}

static GstFlowReturn
isolated_chain_list (GstPad *pad, GstObject *parent, GstBufferList *list)
{
  GstFlowReturn ret = gst_proxy_pad_chain_list_default (pad, parent, list);

  if (G_UNLIKELY (ret != GST_FLOW_OK))
    GST_LOG_OBJECT (pad, "hid %s from upstream", gst_flow_get_name (ret));
  return GST_FLOW_OK;
}

/* A tee returns the first error any branch returns, which would stop the
 * shared encoder and with it every other destination. A branch learns of its
 * own failure from the bus instead, so its entry pad always answers OK. */
void
relay_pad_isolate_flow (GstPad *ghost_sink_pad)
{
  g_return_if_fail (GST_IS_GHOST_PAD (ghost_sink_pad));
  g_return_if_fail (GST_PAD_IS_SINK (ghost_sink_pad));

  gst_pad_set_chain_function (ghost_sink_pad, isolated_chain);
  gst_pad_set_chain_list_function (ghost_sink_pad, isolated_chain_list);
}

static GstPadProbeReturn
answer_allocation (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  if (GST_QUERY_TYPE (GST_PAD_PROBE_INFO_QUERY (info)) != GST_QUERY_ALLOCATION)
    return GST_PAD_PROBE_OK;
  return GST_PAD_PROBE_HANDLED;
}

/* Makes a capsfilter whose caps change while media flows keep its old caps
 * acceptable until the new ones have passed. A capsfilter reads its caps
 * twice in one caps query: changed in between (a new picture format, a
 * layer moved), the query found nothing and a source renegotiating right
 * then stopped, not-negotiated. */
void
relay_capsfilter_allow_live_changes (GstElement *capsfilter)
{
  gst_util_set_object_arg (G_OBJECT (capsfilter), "caps-change-mode", "delayed");
}

/* A branch of a tee answers the allocation query at its entry (the pad the
 * tee's pad links to: the tee asks that pad, not its own), with nothing to
 * propose. The query is serialized: let into a branch, it waits behind the
 * branch's queue for as long as the branch takes no data (a WHIP destination
 * before its answer, a stalled server), and with it the shared encoder or
 * mixer that asks, and so every other branch. What a branch holds needs no
 * buffers of its producer's making. */
void
relay_branch_answer_allocation (GstPad *entry)
{
  gst_pad_add_probe (entry, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM | GST_PAD_PROBE_TYPE_PUSH,
                     answer_allocation, NULL, NULL);
}

static GstPadProbeReturn
target_when_idle (GstPad *tee_pad, GstPadProbeInfo *info, gpointer ghost)
{
  g_autoptr (GstPad) target = gst_ghost_pad_get_target (ghost);

  /* an idle probe may fire again before it is removed */
  if (target == NULL)
    gst_ghost_pad_set_target (ghost, tee_pad);
  return GST_PAD_PROBE_REMOVE;
}

/* Returns: (transfer full): a new branch of @tee (allow-not-linked), on @bin
 * so that it links to elements beside the bin.
 *
 * The tee pushes into a new pad at once, before the destination is linked
 * to it: the ghost is active and in the bin before it becomes the pad's
 * peer, between two of the tee's pushes. An inactive ghost refuses the
 * stream-start a first buffer brings, and the tee passes that error up: the
 * source would stop for every destination. (Made under the tee's stream
 * lock, as a release is, two starts with an RTMP destination hung in
 * clean-clone runs: not kept until that is understood.) */
GstPad *
relay_tee_request_ghost_pad (GstElement *bin, GstElement *tee)
{
  g_autoptr (GstPad) tee_pad = gst_element_request_pad_simple (tee, "src_%u");
  GstPad *ghost = gst_ghost_pad_new_no_target (NULL, GST_PAD_SRC);
  g_autoptr (GstProxyPad) entry = NULL;

  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (bin, ghost);
  entry = gst_proxy_pad_get_internal (GST_PROXY_PAD (ghost));
  relay_branch_answer_allocation (GST_PAD (entry));
  gst_pad_add_probe (tee_pad, GST_PAD_PROBE_TYPE_IDLE, target_when_idle, gst_object_ref (ghost),
                     gst_object_unref);

  return gst_object_ref (ghost);
}

/* The tee's pad goes first, between two of the tee's pushes (its stream
 * lock held): a pad released during a push lost its events half-way through
 * sending them, and removing the ghost first would make a push into it
 * return FLUSHING, which the tee passes up: the source would stop for good,
 * and every destination sharing it. Every branch starts with a leaky queue,
 * so no push holds the lock for long. */
void
relay_tee_release_ghost_pad (GstElement *bin, GstElement *tee, GstPad *ghost)
{
  g_autoptr (GstPad) tee_pad = gst_ghost_pad_get_target (GST_GHOST_PAD (ghost));
  g_autoptr (GstPad) tee_sink = gst_element_get_static_pad (tee, "sink");

  if (tee_pad != NULL)
    {
      GST_PAD_STREAM_LOCK (tee_sink);
      gst_element_release_request_pad (tee, tee_pad);
      GST_PAD_STREAM_UNLOCK (tee_sink);
    }
  gst_element_remove_pad (bin, ghost);
}

/* A callback for the main context once something done elsewhere is over. */
typedef struct
{
  RelayUnlinkedFunc func;
  gpointer user_data;
  gint fired;
} DoneCall;

static DoneCall *
done_call_new (RelayUnlinkedFunc func, gpointer user_data)
{
  DoneCall *call = g_new0 (DoneCall, 1);

  call->func = func;
  call->user_data = user_data;
  return call;
}

static gboolean
done_call_run (gpointer user_data)
{
  DoneCall *call = user_data;

  call->func (call->user_data);
  g_free (call);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
unlink_on_idle (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  DoneCall *call = user_data;
  g_autoptr (GstPad) peer = NULL;

  /* An idle probe can fire more than once before it is removed. */
  if (!g_atomic_int_compare_and_exchange (&call->fired, FALSE, TRUE))
    return GST_PAD_PROBE_REMOVE;

  peer = gst_pad_get_peer (pad);
  if (peer != NULL)
    gst_pad_unlink (pad, peer);

  relay_defer_to_main (done_call_run, call, NULL);
  return GST_PAD_PROBE_REMOVE;
}

/* Writes the graph of @element's pipeline where GST_DEBUG_DUMP_DOT_DIR
 * says, for a state nobody expected. */
void
relay_dump_pipeline_graph (GstElement *element, const char *name)
{
  g_autoptr (GstObject) top = gst_object_ref (GST_OBJECT (element));
  GstObject *parent;

  while ((parent = gst_object_get_parent (top)) != NULL)
    {
      gst_object_unref (top);
      top = parent;
    }
  if (GST_IS_BIN (top))
    GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (top), GST_DEBUG_GRAPH_SHOW_ALL, name);
}

/* Unlinks @src_pad from its peer between two buffers, then calls @func on the
 * main context. Changing links that data is flowing through needs this. */
void
relay_pad_unlink_when_idle (GstPad *src_pad, RelayUnlinkedFunc func, gpointer user_data)
{
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_on_idle,
                     done_call_new (func, user_data), NULL);
}

typedef struct
{
  GstPad *pad;
  GstEvent *event;
} PendingEvent;

static void
send_pending_event (GstElement *element, gpointer user_data)
{
  PendingEvent *pending = user_data;

  gst_pad_send_event (pending->pad, g_steal_pointer (&pending->event));
}

static void
pending_event_free (gpointer user_data)
{
  PendingEvent *pending = user_data;

  gst_object_unref (pending->pad);
  if (pending->event != NULL)
    gst_event_unref (pending->event);
  g_free (pending);
}

/* Sends @event (transfer full) to @pad from GStreamer's thread pool. A
 * serialized event such as EOS first takes the pad's stream lock, which a
 * streaming thread holds for as long as it is blocked downstream (a serialized
 * query waiting on a stuck sink): the main context must not wait for that. */
void
relay_pad_send_event_async (GstPad *pad, GstEvent *event)
{
  g_autoptr (GstElement) element = gst_pad_get_parent_element (pad);
  PendingEvent *pending = g_new0 (PendingEvent, 1);

  pending->pad = gst_object_ref (pad);
  pending->event = event;
  if (element != NULL)
    gst_element_call_async (element, send_pending_event, pending, pending_event_free);
  else
    pending_event_free (pending);
}

/* Runs @func on the main context, never in the calling thread: unlike
 * g_main_context_invoke(), which runs it at once when the context is free,
 * and so on a streaming thread that may hold locks. */
void
relay_defer_to_main (GSourceFunc func, gpointer data, GDestroyNotify destroy)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[relaycast] deferred");
  g_source_attach (source, NULL);
}

typedef struct
{
  gpointer owner;
  GDestroyNotify owner_unref;
  RelayOwnerGoneFunc gone;
  RelayOwnedFunc func;
  gpointer data;
  GDestroyNotify destroy;
} OwnedCall;

static gboolean
run_owned_call (gpointer user_data)
{
  OwnedCall *call = user_data;

  if (!call->gone (call->owner))
    call->func (call->owner, call->data);
  if (call->destroy != NULL && call->data != NULL)
    call->destroy (call->data);
  call->owner_unref (call->owner);
  g_free (call);
  return G_SOURCE_REMOVE;
}

/**
 * relay_defer_owned_call:
 * @owner: (transfer full): what @func works on, released with @owner_unref
 * @gone: whether @owner was closed meanwhile, when @func no longer applies
 * @data: (transfer full) (nullable): freed with @destroy, called or not
 *
 * relay_defer_to_main() for a streaming thread's news about an object (a
 * WebRTC session, a WHIP attempt) that may have ended by the time the main
 * context gets to it.
 */
void
relay_defer_owned_call (gpointer owner, GDestroyNotify owner_unref, RelayOwnerGoneFunc gone,
                        RelayOwnedFunc func, gpointer data, GDestroyNotify destroy)
{
  OwnedCall *call = g_new0 (OwnedCall, 1);

  call->owner = owner;
  call->owner_unref = owner_unref;
  call->gone = gone;
  call->func = func;
  call->data = data;
  call->destroy = destroy;
  relay_defer_to_main (run_owned_call, call, NULL);
}

static void
weak_ref_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

/* As relay_defer_to_main(), with a GWeakRef to @object as @func's data:
 * @object may be gone by the time @func runs (g_weak_ref_get() says). */
void
relay_defer_to_main_weak (GSourceFunc func, gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  relay_defer_to_main (func, ref, weak_ref_free);
}

GstClockTime
relay_element_get_running_time (GstElement *element)
{
  g_autoptr (GstClock) clock = gst_element_get_clock (element);
  GstClockTime base_time = gst_element_get_base_time (element);
  GstClockTime now;

  if (clock == NULL || !GST_CLOCK_TIME_IS_VALID (base_time))
    return GST_CLOCK_TIME_NONE;

  now = gst_clock_get_time (clock);
  return now > base_time ? now - base_time : 0;
}

guint
relay_bin_count_factory (GstBin *bin, const char *factory_name)
{
  g_autoptr (GstIterator) it = gst_bin_iterate_recurse (bin);
  GValue item = G_VALUE_INIT;
  guint count = 0;
  gboolean done = FALSE;

  while (!done)
    {
      switch (gst_iterator_next (it, &item))
        {
          case GST_ITERATOR_OK:
            {
              GstElement *element = g_value_get_object (&item);
              GstElementFactory *factory = gst_element_get_factory (element);

              if (factory != NULL
                  && g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)),
                                  factory_name))
                count++;
              g_value_reset (&item);
              break;
            }
          case GST_ITERATOR_RESYNC:
            gst_iterator_resync (it);
            count = 0;
            break;
          case GST_ITERATOR_ERROR:
          case GST_ITERATOR_DONE:
          default:
            done = TRUE;
            break;
        }
    }
  g_value_unset (&item);

  return count;
}

/* Adds @bin to @pipeline, which is running; the caller starts it
 * (relay_bin_sync_with_running()) once it is linked. The bin commits
 * its own asynchronous state changes (async-handling): otherwise a sink that
 * prerolls or a decoder that looks for its streams inside it sends the whole
 * pipeline back to PAUSED until it is done, and an error meanwhile (a source
 * that is not media, a server that refuses) leaves the pipeline there for
 * good: GstBin marks it failed and no longer recovers its state when the
 * failed bin is removed. Every element added after that stays in PAUSED, its
 * sinks waiting for a preroll that never ends and the threads feeding them
 * blocked, teardown included. */
void
relay_bin_add_to_running (GstElement *pipeline, GstElement *bin)
{
  g_object_set (bin, "async-handling", TRUE, NULL);
  gst_bin_add (GST_BIN (pipeline), bin);
}

/* Brings @bin, new in a running pipeline, to the pipeline's state, under the
 * pipeline's state lock so that no change of its state is under way. A
 * pipeline still on its way to PLAYING (it has just started) takes the bin
 * there itself, with the base time it chooses then. Sent ahead to PLAYING
 * (gst_element_sync_state_with_parent()), the bin would keep the base time it
 * joined with for the elements inside it: a live source's buffers, or a
 * clocksync's waits, would be hours off the pipeline's running time. */
void
relay_bin_sync_with_running (GstElement *bin)
{
  g_autoptr (GstElement) pipeline = GST_ELEMENT (gst_object_get_parent (GST_OBJECT (bin)));
  GstState state;

  g_return_if_fail (pipeline != NULL);

  GST_STATE_LOCK (pipeline);
  GST_OBJECT_LOCK (pipeline);
  state = GST_STATE (pipeline);
  GST_OBJECT_UNLOCK (pipeline);
  gst_element_set_state (bin, state);
  GST_STATE_UNLOCK (pipeline);
}

static void
set_child_null (const GValue *item, gpointer user_data)
{
  gst_element_set_state (g_value_get_object (item), GST_STATE_NULL);
}

/* Brings @element to NULL, where it may be disposed. A bin's way down stops
 * at the first child that fails it, leaving the others in READY: a decodebin
 * that found no type in its input refuses even READY to READY. Each element
 * inside is then stopped on its own, and the bin after them. */
void
relay_element_set_null (GstElement *element)
{
  g_autoptr (GstIterator) children = NULL;

  if (gst_element_set_state (element, GST_STATE_NULL) != GST_STATE_CHANGE_FAILURE
      || !GST_IS_BIN (element))
    return;

  g_debug ("%s refused to stop: stopping each element inside", GST_OBJECT_NAME (element));
  children = gst_bin_iterate_recurse (GST_BIN (element));
  while (gst_iterator_foreach (children, set_child_null, NULL) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (children);
  gst_element_set_state (element, GST_STATE_NULL);
}

/* Stops @bin for good and takes it out of its parent. Its state is locked
 * first: the parent may be changing state on another thread (a pipeline
 * commits its state again from GStreamer's pool when a child such as
 * decodebin completes an asynchronous change), and would otherwise restart
 * the bin it had already listed, left playing once removed. */
void
relay_bin_remove_from_parent (GstElement *bin)
{
  g_autoptr (GstObject) parent = gst_object_get_parent (GST_OBJECT (bin));

  gst_element_set_locked_state (bin, TRUE);
  relay_element_set_null (bin);
  if (parent != NULL)
    gst_bin_remove (GST_BIN (parent), bin);
}

static void
stop_in_pool (GstElement *bin, gpointer user_data)
{
  relay_element_set_null (bin);
  relay_defer_to_main (done_call_run, user_data, NULL);
}

/* As relay_bin_remove_from_parent(), for a bin whose streaming threads may be
 * stuck where flushing cannot wake them (a write to a pipe nobody reads, a
 * file on a hung network share). It leaves its parent at once, so that no
 * state change of the parent waits on it, and goes to NULL in GStreamer's
 * thread pool; @func runs on the main context once it is there. */
void
relay_bin_remove_from_parent_async (GstElement *bin, RelayUnlinkedFunc func, gpointer user_data)
{
  g_autoptr (GstObject) parent = gst_object_get_parent (GST_OBJECT (bin));

  /* keeps the bin alive from its removal until the pool's call holds it */
  gst_object_ref (bin);
  gst_element_set_locked_state (bin, TRUE);
  if (parent != NULL)
    gst_bin_remove (GST_BIN (parent), bin);
  gst_element_call_async (bin, stop_in_pool, done_call_new (func, user_data), NULL);
  gst_object_unref (bin);
}

/* Tags @element as belonging to @owner (a stream or an output), so that bus
 * messages from it or anything inside it reach that owner. The reference is
 * weak: messages can still be queued after their owner is gone. */
void
relay_element_set_owner (GstElement *element, gpointer owner)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, owner);
  g_object_set_qdata_full (G_OBJECT (element), g_quark_from_static_string ("relay-owner"), ref,
                           weak_ref_free);
}

/* Returns: (transfer full) (nullable): the owner of the message's source */
gpointer
relay_message_dup_owner (GstMessage *message)
{
  GQuark quark = g_quark_from_static_string ("relay-owner");
  g_autoptr (GstObject) object =
      GST_MESSAGE_SRC (message) ? gst_object_ref (GST_MESSAGE_SRC (message)) : NULL;

  while (object != NULL)
    {
      GWeakRef *ref = g_object_get_qdata (G_OBJECT (object), quark);
      GstObject *parent;

      if (ref != NULL)
        return g_weak_ref_get (ref);

      parent = gst_object_get_parent (object);
      gst_object_unref (object);
      object = parent;
    }

  return NULL;
}
