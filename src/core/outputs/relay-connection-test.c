/* relay-connection-test.c
 *
 * An RTMP destination is tested with the RTMP handshake: the server must
 * answer C0+C1 with S0+S1 of the same version. That proves the host, the port,
 * TLS and the protocol without publishing, so nothing appears on the channel
 * (the stream key is only checked by a publish). A recording is tested by
 * checking that its folder is writable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-connection-test.h"
#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-rtmp-url.h"

#define RTMP_VERSION         3
#define RTMP_HANDSHAKE_SIZE  1536
#define CONNECTION_TIMEOUT_S 10

typedef struct
{
  char *peer;
  GIOStream *connection;
  guint8 hello[1 + RTMP_HANDSHAKE_SIZE];
  guint8 answer[1 + RTMP_HANDSHAKE_SIZE];
} RtmpTest;

static void
rtmp_test_free (RtmpTest *test)
{
  g_free (test->peer);
  g_clear_object (&test->connection);
  g_free (test);
}

static void
return_network_error (GTask *task, const GError *error)
{
  RtmpTest *test = g_task_get_task_data (task);
  g_autofree char *message = NULL;

  relay_failure_classify (error, NULL, test->peer, &message);
  g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED, "%s", message);
}

static void
on_answer_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RtmpTest *test = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gsize read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &read, &error))
    {
      return_network_error (task, error);
      return;
    }

  g_io_stream_close_async (test->connection, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (read < sizeof test->answer || test->answer[0] != RTMP_VERSION)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                               _ ("%s answered, but not as an RTMP server"), test->peer);
      return;
    }

  g_task_return_pointer (task, g_strdup_printf (_ ("The RTMP server at %s answered"), test->peer),
                         g_free);
}

static void
on_hello_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RtmpTest *test = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      return_network_error (task, error);
      return;
    }

  g_input_stream_read_all_async (g_io_stream_get_input_stream (test->connection), test->answer,
                                 sizeof test->answer, G_PRIORITY_DEFAULT, cancellable,
                                 on_answer_read, g_steal_pointer (&task));
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RtmpTest *test = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;
  guint32 now = g_get_monotonic_time () / 1000;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      return_network_error (task, error);
      return;
    }
  test->connection = G_IO_STREAM (connection);

  /* C0 is the version; C1 is a timestamp, four zero bytes and random filler. */
  test->hello[0] = RTMP_VERSION;
  test->hello[1] = now >> 24;
  test->hello[2] = now >> 16;
  test->hello[3] = now >> 8;
  test->hello[4] = now;
  for (gsize i = 9; i < sizeof test->hello; i++)
    test->hello[i] = g_random_int_range (0, 256);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (test->connection), test->hello,
                                   sizeof test->hello, G_PRIORITY_DEFAULT, cancellable,
                                   on_hello_written, g_steal_pointer (&task));
}

static gboolean
accept_any_certificate (GTlsConnection *connection, GTlsCertificate *certificate,
                        GTlsCertificateFlags errors, gpointer user_data)
{
  return TRUE;
}

static void
on_client_event (GSocketClient *client, GSocketClientEvent event, GSocketConnectable *connectable,
                 GIOStream *connection, gpointer user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
}

static void
test_rtmp (GTask *task, const char *url, gboolean tls_validation)
{
  g_autoptr (RelayRtmpUrl) rtmp_url = NULL;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  RtmpTest *test;

  rtmp_url = relay_rtmp_url_parse (url, &error);
  if (rtmp_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  test = g_new0 (RtmpTest, 1);
  test->peer = g_strdup_printf ("%s:%u", rtmp_url->host, rtmp_url->port);
  g_task_set_task_data (task, test, (GDestroyNotify) rtmp_test_free);

  g_socket_client_set_timeout (client, CONNECTION_TIMEOUT_S);
  if (rtmp_url->secure)
    {
      g_socket_client_set_tls (client, TRUE);
      if (!tls_validation)
        g_signal_connect (client, "event", G_CALLBACK (on_client_event), NULL);
    }

  g_socket_client_connect_to_host_async (client, rtmp_url->host, rtmp_url->port,
                                         g_task_get_cancellable (task), on_connected,
                                         g_object_ref (task));
}

static void
on_folder_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *path = g_file_get_path (G_FILE (source));

  if (info == NULL)
    g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                             _ ("The folder “%s” does not exist"), path);
  else if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY
           || !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE))
    g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                             _ ("The folder “%s” cannot be written to"), path);
  else
    g_task_return_pointer (task, g_strdup_printf (_ ("The folder “%s” can be written to"), path),
                           g_free);
}

static void
test_file (GTask *task, const char *url)
{
  g_autoptr (GFile) file = g_file_new_for_uri (url);
  g_autoptr (GFile) folder = g_file_get_parent (file);

  if (folder == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("Invalid file URI “%s”"), url);
      return;
    }

  g_file_query_info_async (folder,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_folder_info, g_object_ref (task));
}

/**
 * relay_connection_test_async:
 * @url: the destination, secrets included
 * @tls_validation: off only for test servers with self-signed certificates
 *
 * Reaches the destination as far as its protocol allows without publishing.
 */
void
relay_connection_test_async (const char *url, gboolean tls_validation, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *scheme = g_uri_parse_scheme (url);

  g_task_set_source_tag (task, relay_connection_test_async);

  if (g_strcmp0 (scheme, "rtmp") == 0 || g_strcmp0 (scheme, "rtmps") == 0)
    {
      test_rtmp (task, url, tls_validation);
    }
  else if (g_strcmp0 (scheme, "file") == 0)
    {
      test_file (task, url);
    }
  else
    {
      g_autofree char *shown = relay_mask_url (url);

      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("“%s” cannot be tested without going live"), shown);
    }
}

/* Returns: (transfer full): what was reached, for people */
char *
relay_connection_test_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
