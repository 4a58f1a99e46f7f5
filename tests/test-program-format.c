/* test-program-format.c: the picture's size and frame rate change between
 * broadcasts without a restart, and never under a running one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <stdio.h>

#include "core/media/relay-test-source.h"
#include "core/outputs/relay-output-factory.h"
#include "core/relay-error.h"
#include "core/relay-studio.h"
#include "relay-test-util.h"

static gboolean
removed (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
on_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_assert_true (relay_studio_remove_output_finish (RELAY_STUDIO (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

/* The recording's video is @width x @height at @fps, within 10 % (FLV keeps
 * times in milliseconds: 60 fps reads as 62.5). */
static void
assert_video_format (const char *path, guint width, guint height, guint fps)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-select_streams",
                         "v:0",
                         "-show_entries",
                         "stream=width,height,avg_frame_rate",
                         "-of",
                         "csv=p=0",
                         path,
                         NULL };
  g_autofree char *out = relay_test_command_output (argv);
  guint w = 0, h = 0, num = 0, den = 0;

  g_assert_nonnull (out);
  g_assert_cmpint (sscanf (out, "%u,%u,%u/%u", &w, &h, &num, &den), ==, 4);
  g_assert_cmpuint (w, ==, width);
  g_assert_cmpuint (h, ==, height);
  g_assert_cmpuint (den, >, 0);
  g_assert_cmpfloat_with_epsilon ((double) num / den, fps, fps / 10.0);
}

typedef struct
{
  RelayStudio *studio;
  const RelayProgramFormat *format;
} FormatWait;

static gboolean
has_format (gpointer user_data)
{
  FormatWait *wait = user_data;
  const RelayProgramFormat *format = relay_studio_get_format (wait->studio);

  return format->width == wait->format->width && format->height == wait->format->height
         && format->fps == wait->format->fps;
}

/* Broadcasts @name to @server for a moment: the recording has the studio's
 * format; @next, asked for meanwhile, comes once the destination has left. */
static void
broadcast_once (RelayStudio *studio, RelayTestRtmpServer *server, const char *name,
                const RelayProgramFormat *next)
{
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", name);
  g_autofree char *file = g_strconcat (name, ".flv", NULL);
  g_autofree char *recording = g_build_filename (server->record_dir, file, NULL);
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GError) error = NULL;
  RelayOutputOptions options;
  RelayTestStateWait live;
  RelayTestProgress some_seconds;
  RelayProgramFormat before = *relay_studio_get_format (studio);
  gboolean done = FALSE;
  FormatWait applied = { studio, next };

  relay_output_options_init (&options);
  options.id = name;
  output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (studio, output, &error);
  g_assert_no_error (error);
  live = (RelayTestStateWait){ output, RELAY_OUTPUT_STATE_LIVE };
  g_assert_true (relay_test_wait_until (relay_test_output_has_state, &live, 20000));
  /* a few seconds of picture: the test pattern at 640x360 is cheap to encode,
   * well under the bitrate asked for */
  some_seconds = (RelayTestProgress){ output, 0, 150 * 1000 };
  g_assert_true (relay_test_wait_until (relay_test_output_progressed, &some_seconds, 30000));

  /* on air, the picture stays as it is */
  g_assert_false (relay_studio_set_video_format (studio, next, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_BUSY);
  g_assert_cmpuint (relay_studio_get_format (studio)->width, ==, before.width);
  g_assert_cmpuint (relay_studio_get_format (studio)->fps, ==, before.fps);

  relay_studio_remove_output_async (studio, output, NULL, on_removed, &done);
  g_assert_true (relay_test_wait_until (removed, &done, 10000));
  assert_video_format (recording, before.width, before.height, before.fps);
  g_assert_true (relay_test_wait_until (has_format, &applied, 10000));
}

static void
test_format_between_broadcasts (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  RelayProgramFormat small = *relay_studio_get_format (studio);
  RelayProgramFormat large = small;

  small.width = 640;
  small.height = 360;
  small.fps = 15;
  large.width = 1280;
  large.height = 720;
  large.fps = 60;

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);

  /* the source is already playing: it is normalised anew */
  g_assert_true (relay_studio_set_video_format (studio, &small, &error));
  g_assert_no_error (error);
  broadcast_once (studio, server, "small", &large);
  broadcast_once (studio, server, "large", &small);

  g_assert_true (relay_test_shutdown_studio (studio, 10000));
}

typedef struct
{
  gint width; /* atomic: of the last picture out of the compositor */
} Seen;

static GstPadProbeReturn
note_width (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Seen *seen = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  gint width = 0;

  if (caps != NULL)
    gst_structure_get_int (gst_caps_get_structure (caps, 0), "width", &width);
  g_atomic_int_set (&seen->width, width);
  return GST_PAD_PROBE_OK;
}

typedef struct
{
  Seen *seen;
  gint width;
} WidthWait;

static gboolean
shows_width (gpointer user_data)
{
  WidthWait *wait = user_data;

  return g_atomic_int_get (&wait->seen->width) == wait->width;
}

/* Between broadcasts the format can change as often as one likes: each
 * change reaches the compositor's output, and the background never stops
 * on the way (a stream error is a warning, fatal here). */
static void
test_format_changes_in_a_row (void)
{
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) out = NULL;
  RelayProgramFormat formats[3];
  Seen seen = { 0 };

  formats[0] = formats[1] = formats[2] = *relay_studio_get_format (studio);
  formats[0].width = 640, formats[0].height = 360, formats[0].fps = 15;
  formats[1].width = 1280, formats[1].height = 720, formats[1].fps = 60;
  formats[2].width = 320, formats[2].height = 568, formats[2].fps = 30;

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);
  out = gst_element_get_static_pad (
      relay_stream_get_mixer (relay_studio_get_program (studio), RELAY_MEDIA_VIDEO), "src");
  gst_pad_add_probe (out, GST_PAD_PROBE_TYPE_BUFFER, note_width, &seen, NULL);

  for (guint i = 0; i < 30; i++)
    {
      WidthWait wait = { &seen, formats[i % 3].width };

      g_assert_true (relay_studio_set_video_format (studio, &formats[i % 3], &error));
      g_assert_no_error (error);
      g_assert_true (relay_test_wait_until (shows_width, &wait, 10000));
    }

  g_assert_true (relay_test_shutdown_studio (studio, 10000));
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/program-format/between-broadcasts", test_format_between_broadcasts);
  g_test_add_func ("/program-format/changes-in-a-row", test_format_changes_in_a_row);

  return g_test_run ();
}
