/* test-encoder-pads.c: destinations joining and leaving a running encoder,
 * hundreds of times while it encodes as fast as it can, never stop it for
 * the destination that stays, and each gets its segment before its first
 * frame (GStreamer warns otherwise: fatal here)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>

#include "core/media/relay-encoder.h"
#include "core/relay-gst-util.h"
#include "relay-test-util.h"

#define JOINS 300

typedef struct
{
  gint frames;
  gboolean failed;
} Keeper;

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer user_data)
{
  Keeper *keeper = user_data;

  g_atomic_int_inc (&keeper->frames);
}

static gboolean
on_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  Keeper *keeper = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    keeper->failed = TRUE;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  Keeper *keeper;
  gint until;
} FramesWait;

static gboolean
has_frames (gpointer user_data)
{
  FramesWait *wait = user_data;

  return wait->keeper->failed || g_atomic_int_get (&wait->keeper->frames) >= wait->until;
}

static GstElement *
add_sink (GstElement *pipeline)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  return sink;
}

static void
link_to (GstPad *pad, GstElement *sink)
{
  g_autoptr (GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

  g_assert_cmpint (gst_pad_link (pad, sink_pad), ==, GST_PAD_LINK_OK);
}

static void
test_joins_and_leaves (void)
{
  RelayProgramFormat format = { 160, 90, 30, 48000, 2 };
  RelayVideoProfile profile;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayEncoder) encoder = NULL;
  g_autoptr (GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  GstElement *source = gst_parse_bin_from_description (
      "videotestsrc pattern=ball ! capsfilter "
      "caps=video/x-raw,format=I420,width=160,height=90,framerate=30/1",
      TRUE, &error);
  g_autoptr (GstPad) kept = NULL;
  GstElement *keeper_sink;
  Keeper keeper = { 0 };
  FramesWait wait = { &keeper, 0 };
  guint watch;

  g_assert_no_error (error);
  relay_video_profile_init_default (&profile, &format);
  encoder = relay_encoder_new_video (&profile, &format, &error);
  g_assert_no_error (error);
  gst_bin_add_many (GST_BIN (pipeline), source, relay_encoder_get_bin (encoder), NULL);
  g_assert_true (gst_element_link (source, relay_encoder_get_bin (encoder)));

  /* the destination that stays */
  keeper_sink = add_sink (pipeline);
  g_object_set (keeper_sink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (keeper_sink, "handoff", G_CALLBACK (on_handoff), &keeper);
  kept = relay_encoder_request_src_pad (encoder);
  link_to (kept, keeper_sink);

  watch = gst_bus_add_watch (bus, on_message, &keeper);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  wait.until = 30;
  g_assert_true (relay_test_wait_until (has_frames, &wait, 20000));

  /* the others come and go, as fast as the main loop can make them */
  for (guint i = 0; i < JOINS && !keeper.failed; i++)
    {
      g_autoptr (GstPad) pad = relay_encoder_request_src_pad (encoder);
      g_autoptr (GstPad) peer = NULL;
      GstElement *sink = add_sink (pipeline);

      link_to (pad, sink);
      g_main_context_iteration (NULL, FALSE);
      peer = gst_pad_get_peer (pad);
      gst_pad_unlink (pad, peer);
      relay_encoder_release_src_pad (encoder, pad);
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (pipeline), sink);
    }

  /* the one that stayed still gets pictures */
  wait.until = g_atomic_int_get (&keeper.frames) + 30;
  g_assert_true (relay_test_wait_until (has_frames, &wait, 20000));
  g_assert_false (keeper.failed);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_source_remove (watch);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/encoder-pads/joins-and-leaves", test_joins_and_leaves);

  return g_test_run ();
}
