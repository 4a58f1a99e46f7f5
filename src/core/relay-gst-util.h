/* relay-gst-util.h: small GStreamer helpers the engine's objects share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef void (*RelayUnlinkedFunc) (gpointer user_data);

GstElement *relay_make_element (const char *factory, const char *name, GError **error);
GstElement *relay_bin_add_new (GstBin *bin, const char *factory, GError **error);
gboolean relay_element_has_pad (GstElement *element, const char *pad_name);
GstPad *relay_ghost_static_pad (GstElement *bin, GstElement *element, const char *pad_name,
                                const char *ghost_name);
void relay_pad_isolate_flow (GstPad *ghost_sink_pad);
void relay_branch_answer_allocation (GstPad *entry);
void relay_capsfilter_allow_live_changes (GstElement *capsfilter);
GstPad *relay_tee_request_ghost_pad (GstElement *bin, GstElement *tee);
void relay_tee_release_ghost_pad (GstElement *bin, GstElement *tee, GstPad *ghost);
void relay_dump_pipeline_graph (GstElement *element, const char *name);
void relay_pad_unlink_when_idle (GstPad *src_pad, RelayUnlinkedFunc func, gpointer user_data);
void relay_pad_send_event_async (GstPad *pad, GstEvent *event);
void relay_defer_to_main (GSourceFunc func, gpointer data, GDestroyNotify destroy);
void relay_defer_to_main_weak (GSourceFunc func, gpointer object);

typedef gboolean (*RelayOwnerGoneFunc) (gpointer owner);
typedef void (*RelayOwnedFunc) (gpointer owner, gpointer data);
void relay_defer_owned_call (gpointer owner, GDestroyNotify owner_unref, RelayOwnerGoneFunc gone,
                             RelayOwnedFunc func, gpointer data, GDestroyNotify destroy);
GstClockTime relay_element_get_running_time (GstElement *element);
guint relay_bin_count_factory (GstBin *bin, const char *factory_name);
void relay_bin_add_to_running (GstElement *pipeline, GstElement *bin);
void relay_bin_sync_with_running (GstElement *bin);
void relay_element_set_null (GstElement *element);
void relay_bin_remove_from_parent (GstElement *bin);
void relay_bin_remove_from_parent_async (GstElement *bin, RelayUnlinkedFunc func,
                                         gpointer user_data);
void relay_element_set_owner (GstElement *element, gpointer owner);
gpointer relay_message_dup_owner (GstMessage *message);

G_END_DECLS
