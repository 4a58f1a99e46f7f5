/* test-encode-once.c: outputs share encoders by profile; one joins and leaves
 * while the others stay live; their threads yield to the rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/relay-gst-util.h"
#include "core/outputs/relay-output-factory.h"
#include "core/relay-studio.h"
#include "core/media/relay-test-source.h"
#include "relay-test-util.h"

static RelayOutput *
add_rtmp_output (RelayStudio *studio, RelayTestRtmpServer *server, const char *name,
                 guint video_bitrate)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = relay_test_rtmp_server_url (server, "live", name);
  RelayOutputOptions options;
  RelayOutput *output;

  relay_output_options_init (&options);
  options.id = name;
  options.video_bitrate_kbps = video_bitrate;
  output = relay_output_new_for_uri (url, &options, &error);
  g_assert_no_error (error);
  relay_studio_add_output (studio, output, &error);
  g_assert_no_error (error);
  return output;
}

static guint
count_elements (RelayStudio *studio, const char *factory)
{
  return relay_bin_count_factory (GST_BIN (relay_studio_get_pipeline (studio)), factory);
}

/* Returns the smallest RTMP chunk size a connected rtmp2sink of @studio sends */
static guint
smallest_chunk_size (RelayStudio *studio)
{
  g_autoptr (GstIterator) it =
      gst_bin_iterate_recurse (GST_BIN (relay_studio_get_pipeline (studio)));
  GValue item = G_VALUE_INIT;
  guint smallest = G_MAXUINT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);
      g_autoptr (GstStructure) stats = NULL;
      guint chunk_size = 0;

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "rtmp2sink"))
        {
          g_object_get (element, "stats", &stats, NULL);
          if (gst_structure_get_uint (stats, "out-chunk-size", &chunk_size))
            smallest = MIN (smallest, chunk_size);
        }
      g_value_unset (&item);
    }
  return smallest;
}

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

typedef struct
{
  RelayStudio *studio;
  const char *factory;
  guint expected;
} ElementCount;

static gboolean
has_element_count (gpointer user_data)
{
  ElementCount *count = user_data;

  return count_elements (count->studio, count->factory) == count->expected;
}

static void
test_encode_once (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) a = NULL, b = NULL, c = NULL, d = NULL;
  gboolean done = FALSE;

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);

  a = add_rtmp_output (studio, server, "a", 0);
  b = add_rtmp_output (studio, server, "b", 0);
  c = add_rtmp_output (studio, server, "c", 0);
  {
    RelayOutput *three[] = { a, b, c, NULL };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, three, 20000));
  }
  g_assert_cmpuint (count_elements (studio, "x264enc"), ==, 1);
  g_assert_cmpuint (count_elements (studio, "avenc_aac"), ==, 1);
  g_assert_cmpuint (count_elements (studio, "rtmp2sink"), ==, 3);
  /* 4096-byte chunks, as OBS and ffmpeg send, rather than RTMP's 128 */
  g_assert_cmpuint (smallest_chunk_size (studio), ==, 4096);

  /* A second profile gets its own encoder, shared by nobody else. */
  d = add_rtmp_output (studio, server, "d", 1000);
  {
    RelayOutput *four[] = { a, b, c, d, NULL };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, four, 20000));
  }
  g_assert_cmpuint (count_elements (studio, "x264enc"), ==, 2);
  g_assert_cmpuint (count_elements (studio, "avenc_aac"), ==, 1);

  /* It leaves; its encoder goes with it, and the others keep streaming. */
  relay_studio_remove_output_async (studio, d, NULL, on_removed, &done);
  g_assert_true (relay_test_wait_until (removed, &done, 10000));
  g_assert_cmpint (relay_output_get_state (d), ==, RELAY_OUTPUT_STATE_STOPPED);
  {
    ElementCount one_encoder = { studio, "x264enc", 1 };

    g_assert_true (relay_test_wait_until (has_element_count, &one_encoder, 5000));
  }
  for (guint i = 0; i < 3; i++)
    {
      RelayOutput *output = (RelayOutput *[]){ a, b, c }[i];
      RelayTestProgress progress = { output, relay_output_get_bytes_sent (output), 100000 };

      g_assert_cmpint (relay_output_get_state (output), ==, RELAY_OUTPUT_STATE_LIVE);
      g_assert_true (relay_test_wait_until (relay_test_output_progressed, &progress, 10000));
      g_assert_cmpuint (relay_output_get_reconnects (output), ==, 0);
    }

  done = FALSE;
  g_assert_true (relay_test_shutdown_studio (studio, 15000));
}

/* The nice value of each of this process's threads, by thread name. */
static GHashTable *
thread_nice_values (void)
{
  GHashTable *nice = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      g_auto (GStrv) fields = NULL;
      const char *name_end;

      if (!g_file_get_contents (path, &stat, NULL, NULL) || !(name_end = strrchr (stat, ')')))
        continue;
      /* after the name: state is field 3, nice field 19 */
      fields = g_strsplit (name_end + 2, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), >, 16);
      g_hash_table_insert (nice,
                           g_strdup_printf ("%s %.*s", tid,
                                            (int) (name_end - strchr (stat, '(') - 1),
                                            strchr (stat, '(') + 1),
                           GINT_TO_POINTER (atoi (fields[16])));
    }
  return nice;
}

/* The encoders' threads, x264's own among them, run at a lower priority
 * than the rest (the API's and the window's main thread, the mixers). */
static void
test_encoders_yield (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GHashTable) nice = NULL;
  GHashTableIter iter;
  gpointer name, value;
  int main_nice, lowered = 0, mixers = 0;

  relay_studio_start (studio, &error);
  g_assert_no_error (error);
  relay_stream_set_source (relay_studio_get_program (studio), source, &error);
  g_assert_no_error (error);
  output = add_rtmp_output (studio, server, "yield", 0);
  {
    RelayOutput *one[] = { output, NULL };
    RelayTestProgress progress = { output, 0, 100000 };

    g_assert_true (relay_test_wait_until (relay_test_outputs_live, one, 20000));
    /* x264 has started its threads once frames are encoded */
    g_assert_true (relay_test_wait_until (relay_test_output_progressed, &progress, 10000));
  }

  nice = thread_nice_values ();
  main_nice = getpriority (PRIO_PROCESS, 0);
  g_hash_table_iter_init (&iter, nice);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_test_message ("thread %s: nice %d", (char *) name, GPOINTER_TO_INT (value));
      if (GPOINTER_TO_INT (value) > main_nice)
        lowered++;
      if (strstr (name, "compositor") != NULL || strstr (name, "audiomixer") != NULL)
        {
          g_assert_cmpint (GPOINTER_TO_INT (value), ==, main_nice);
          mixers++;
        }
    }
  g_assert_cmpint (mixers, >=, 2);
  /* the video and audio encoders' threads, and at least one of x264's */
  g_assert_cmpint (lowered, >=, 3);

  g_assert_true (relay_test_shutdown_studio (studio, 15000));
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/encode-once", test_encode_once);
  g_test_add_func ("/engine/encoders-yield", test_encoders_yield);

  return g_test_run ();
}
