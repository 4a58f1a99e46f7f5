/* test-destination-constraints.c: a platform's limits reach the encoder. With the program
 * encoding a keyframe every 4 s, a Facebook destination (at most every 2 s) goes live over
 * RTMPS through its own encoder, while a plain RTMP destination keeps the program's; a
 * TikTok destination is held to its bitrate and size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>

#include "core/config/relay-destination.h"
#include "core/relay-studio.h"
#include "core/media/relay-test-source.h"
#include "relay-test-util.h"

#define FACEBOOK_KEY "FB-0123456789-0-AbCdEfGhIjKlMnOp"
#define TIKTOK_KEY   "stream-0123456789-tiktok-AbCdEf"

static gboolean
both_live (gpointer user_data)
{
  RelayOutput **outputs = user_data;

  return relay_output_get_state (outputs[0]) == RELAY_OUTPUT_STATE_LIVE
         && relay_output_get_state (outputs[1]) == RELAY_OUTPUT_STATE_LIVE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
on_shutdown (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* @property ("key-int-max", "bitrate") of every x264enc in the pipeline, sorted. */
static GArray *
encoder_settings (RelayStudio *studio, const char *property)
{
  g_autoptr (GstIterator) it =
      gst_bin_iterate_recurse (GST_BIN (relay_studio_get_pipeline (studio)));
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL
          && g_str_equal (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "x264enc"))
        {
          guint value;

          g_object_get (element, property, &value, NULL);
          g_array_append_val (values, value);
        }
      g_value_unset (&item);
    }
  g_array_sort (values, compare_uint);
  return values;
}

static RelayOutput *
add_destination (RelayStudio *studio, RelayDestination *destination, const char *key)
{
  g_autoptr (GError) error = NULL;
  RelayOutputOptions base;
  RelayOutput *output;

  relay_output_options_init (&base);
  /* the test server's certificate is self-signed */
  base.tls_validation = FALSE;
  output = relay_destination_create_output (destination, key, &base,
                                            relay_studio_get_format (studio), &error);
  g_assert_no_error (error);
  relay_studio_add_output (studio, output, &error);
  g_assert_no_error (error);
  return output;
}

/* Starts @studio on the test pattern with a keyframe every 4 s (and
 * @bitrate_kbps, unless 0) as its defaults, and @outputs[0] and [1] made from
 * @first (with @first_key) and @second, once both are live. */
static void
start_with_two (RelayStudio *studio, guint bitrate_kbps, RelayDestination *first,
                const char *first_key, RelayDestination *second, RelayOutput **outputs)
{
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  RelayEncodingDefaults defaults;

  relay_encoding_defaults_init (&defaults, relay_studio_get_format (studio));
  if (bitrate_kbps > 0)
    defaults.video.bitrate_kbps = bitrate_kbps;
  defaults.video.keyframe_interval_s = 4;
  relay_studio_set_encoding_defaults (studio, &defaults);
  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);

  g_assert_true (relay_destination_validate (first, NULL));
  outputs[0] = add_destination (studio, first, first_key);
  outputs[1] = add_destination (studio, second, NULL);
  g_assert_true (relay_test_wait_until (both_live, outputs, 30000));
}

static void
test_facebook_keyframes (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (TRUE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelayDestination) facebook =
      relay_destination_new ("facebook-1", "facebook", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) plain =
      relay_destination_new ("plain-1", "custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  g_autofree char *facebook_server =
      g_strdup_printf ("rtmps://127.0.0.1:%u/live/", server->tls_port);
  g_autofree char *plain_server = g_strdup_printf ("rtmp://127.0.0.1:%u/live", server->port);
  RelayOutput *outputs[2];
  g_autoptr (GArray) limits = NULL;
  g_autofree char *recording = NULL;
  guint fps = relay_studio_get_format (studio)->fps;
  gboolean done = FALSE;

  g_object_set (facebook, "server-url", facebook_server, NULL);
  g_object_set (plain, "server-url", plain_server, "stream-name", "plain", NULL);
  start_with_two (studio, 0, facebook, FACEBOOK_KEY, plain, outputs);

  limits = encoder_settings (studio, "key-int-max");
  g_assert_cmpuint (limits->len, ==, 2);
  g_assert_cmpuint (g_array_index (limits, guint, 0), ==, 2 * fps);
  g_assert_cmpuint (g_array_index (limits, guint, 1), ==, 4 * fps);

  /* the Facebook output published under its key, through TLS */
  recording = g_build_filename (server->record_dir, FACEBOOK_KEY ".flv", NULL);
  g_assert_true (g_file_test (recording, G_FILE_TEST_EXISTS));

  relay_studio_shutdown_async (studio, NULL, on_shutdown, &done);
  g_assert_true (relay_test_wait_until (is_true, &done, 20000));
  g_object_unref (outputs[0]);
  g_object_unref (outputs[1]);
}

/* A TikTok destination asked for 6,000 kb/s, beside a plain one at the
 * program's 6,000, sends 2,500 kb/s with a keyframe every 2 s, and 720x1280
 * by default. */
static void
test_tiktok_limits (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelayDestination) tiktok =
      relay_destination_new ("tiktok-1", "tiktok", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) plain =
      relay_destination_new ("plain-1", "custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  g_autofree char *live = g_strdup_printf ("rtmp://127.0.0.1:%u/live", server->port);
  RelayOutput *outputs[2];
  g_autoptr (GArray) bitrates = NULL;
  g_autoptr (GArray) limits = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *size = NULL;
  guint fps = relay_studio_get_format (studio)->fps;
  gboolean done = FALSE;

  g_object_set (tiktok, "server-url", live, "video-bitrate", 6000, NULL);
  g_object_set (plain, "server-url", live, "stream-name", "plain", NULL);
  start_with_two (studio, 6000, tiktok, TIKTOK_KEY, plain, outputs);

  bitrates = encoder_settings (studio, "bitrate");
  limits = encoder_settings (studio, "key-int-max");
  g_assert_cmpuint (bitrates->len, ==, 2);
  g_assert_cmpuint (g_array_index (bitrates, guint, 0), ==, 2500);
  g_assert_cmpuint (g_array_index (bitrates, guint, 1), ==, 6000);
  g_assert_cmpuint (g_array_index (limits, guint, 0), ==, 2 * fps);
  g_assert_cmpuint (g_array_index (limits, guint, 1), ==, 4 * fps);

  relay_studio_shutdown_async (studio, NULL, on_shutdown, &done);
  g_assert_true (relay_test_wait_until (is_true, &done, 20000));
  g_object_unref (outputs[0]);
  g_object_unref (outputs[1]);

  recording = g_build_filename (server->record_dir, TIKTOK_KEY ".flv", NULL);
  {
    const char *argv[] = { "ffprobe",
                           "-v",
                           "error",
                           "-select_streams",
                           "v:0",
                           "-show_entries",
                           "stream=width,height",
                           "-of",
                           "csv=p=0:s=x",
                           recording,
                           NULL };

    size = g_strstrip (relay_test_command_output (argv));
  }
  g_assert_cmpstr (size, ==, "720x1280");
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/destination/facebook-keyframes", test_facebook_keyframes);
  g_test_add_func ("/destination/tiktok-limits", test_tiktok_limits);

  return g_test_run ();
}
