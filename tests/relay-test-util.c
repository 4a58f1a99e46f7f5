/* relay-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "core/relay-studio.h"
#include "relay-test-util.h"

/* Starts tests/peers/rtmp_server.py (a real nginx-rtmp on free loopback ports),
 * which runs until its stdin closes. */
static RelayTestRtmpServer *start_rtmp_server (gboolean tls, const char *auth_key, guint port,
                                               gboolean refuse_connect);

RelayTestRtmpServer *
relay_test_rtmp_server_start (gboolean tls, const char *auth_key)
{
  return start_rtmp_server (tls, auth_key, 0, FALSE);
}

/* nginx-rtmp on @port, for a destination that was refused there before */
RelayTestRtmpServer *
relay_test_rtmp_server_start_on (guint port)
{
  return start_rtmp_server (FALSE, NULL, port, FALSE);
}

/* nginx-rtmp whose on_connect hook refuses every client */
RelayTestRtmpServer *
relay_test_rtmp_server_start_refusing_connect (void)
{
  return start_rtmp_server (FALSE, NULL, 0, TRUE);
}

static RelayTestRtmpServer *
start_rtmp_server (gboolean tls, const char *auth_key, guint port, gboolean refuse_connect)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "peers", "rtmp_server.py", NULL);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  RelayTestRtmpServer *server = g_new0 (RelayTestRtmpServer, 1);
  JsonObject *info;

  g_ptr_array_add (argv, "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  if (tls)
    g_ptr_array_add (argv, "--tls");
  if (auth_key != NULL)
    {
      g_ptr_array_add (argv, "--auth-key");
      g_ptr_array_add (argv, (char *) auth_key);
    }
  if (port != 0)
    {
      g_ptr_array_add (argv, "--port");
      g_ptr_array_add (argv, port_text);
    }
  if (refuse_connect)
    g_ptr_array_add (argv, "--refuse-connect");
  g_ptr_array_add (argv, NULL);

  server->process =
      g_subprocess_newv ((const char *const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  info = json_node_get_object (json_parser_get_root (parser));
  server->port = json_object_get_int_member (info, "port");
  if (tls)
    server->tls_port = json_object_get_int_member (info, "tls_port");
  server->record_dir = g_strdup (json_object_get_string_member (info, "record_dir"));
  server->error_log = g_strdup (json_object_get_string_member (info, "error_log"));

  return server;
}

char *
relay_test_rtmp_server_url (RelayTestRtmpServer *server, const char *app, const char *stream)
{
  return g_strdup_printf ("rtmp://127.0.0.1:%u/%s/%s", server->port, app, stream);
}

void
relay_test_rtmp_server_stop (RelayTestRtmpServer *server)
{
  if (server == NULL)
    return;

  g_output_stream_close (g_subprocess_get_stdin_pipe (server->process), NULL, NULL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->record_dir);
  g_free (server->error_log);
  g_free (server);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @predicate holds or @timeout_ms pass. The
 * predicate is asked again at least every 50 ms: what it reads may change on
 * a streaming thread with nothing to tell the main context. */
gboolean
relay_test_wait_until (RelayTestPredicate predicate, gpointer user_data, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, on_deadline, &expired);
  guint tick = g_timeout_add (50, wake_up, NULL);

  while (!predicate (user_data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (!expired)
    g_source_remove (deadline);
  return predicate (user_data);
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult* user_data. */
void
relay_test_keep_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until relay_test_keep_result() has filled @result. */
GAsyncResult *
relay_test_wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
is_done (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
on_studio_shut_down (GObject *source, GAsyncResult *result, gpointer user_data)
{
  relay_studio_shutdown_finish (RELAY_STUDIO (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Stops every output of @studio cleanly, then its pipeline; FALSE if that takes too long. */
gboolean
relay_test_shutdown_studio (gpointer studio, guint timeout_ms)
{
  gboolean done = FALSE;

  relay_studio_shutdown_async (studio, NULL, on_studio_shut_down, &done);
  return relay_test_wait_until (is_done, &done, timeout_ms);
}

/* Returns: (transfer full) (nullable): what @argv printed, or NULL when it failed */
char *
relay_test_command_output (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_clear_pointer (&out, g_free);
  return out;
}

/* Returns: (transfer full): ffprobe's "kind,frames" lines of a recording,
 *   frames counted by decoding; see relay_test_frames_of(). A recording the
 *   server is still closing may not read yet: it is tried for up to 10 s. */
char *
relay_test_probe (const char *path)
{
  const char *argv[] = { "ffprobe",
                         "-v",
                         "error",
                         "-count_frames",
                         "-show_entries",
                         "stream=codec_type,nb_read_frames",
                         "-of",
                         "csv=p=0",
                         path,
                         NULL };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  char *out;

  while ((out = relay_test_command_output (argv)) == NULL && g_get_monotonic_time () < deadline)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_nonnull (out);
  return out;
}

guint
relay_test_frames_of (const char *probed, const char *kind)
{
  g_auto (GStrv) lines = g_strsplit (probed, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], ",", 2);

      if (fields[0] != NULL && g_str_equal (fields[0], kind) && fields[1] != NULL)
        return (guint) g_ascii_strtoull (fields[1], NULL, 10);
    }
  return 0;
}

/* A RelayTestPredicate: the output of a RelayTestStateWait is in its state */
gboolean
relay_test_output_has_state (gpointer user_data)
{
  RelayTestStateWait *wait = user_data;

  return relay_output_get_state (wait->output) == wait->state;
}

/* A RelayTestPredicate: the RelayOutput has sent more than a few seconds' worth */
gboolean
relay_test_output_sent_enough (gpointer output)
{
  return relay_output_get_bytes_sent (output) > 600 * 1000;
}

/* A RelayTestPredicate: every output of a %NULL-terminated array is live */
gboolean
relay_test_outputs_live (gpointer outputs)
{
  for (RelayOutput **output = outputs; *output != NULL; output++)
    if (relay_output_get_state (*output) != RELAY_OUTPUT_STATE_LIVE)
      return FALSE;
  return TRUE;
}

/* A RelayTestPredicate: the output sent @more bytes past @bytes */
gboolean
relay_test_output_progressed (gpointer user_data)
{
  RelayTestProgress *progress = user_data;

  return relay_output_get_bytes_sent (progress->output) > progress->bytes + progress->more;
}

/* A loopback TCP port nobody listens on right now (the kernel's choice). */
guint
relay_test_free_port (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
