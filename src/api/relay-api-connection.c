/* relay-api-connection.c
 *
 * libsoup reads a request's whole body before it writes any answer, and keeps
 * a connection as long as its client does. A refused request whose body is
 * still to come is answered at once over the connection taken from libsoup;
 * a connection that sends no complete headers in time, or on which nothing
 * moves, is closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include "relay-api-connection.h"

/* How long a refused client may go on sending the body it announced: reading
 * it lets the answer reach the client rather than a reset. */
#define DRAIN_TIMEOUT_S 2
#define DRAIN_CHUNK     65536

#define TIMER_KEY "relay-api-timer"

GSocket *
relay_api_connection_listen (GSocketAddress *address, GError **error)
{
  g_autoptr (GSocket) socket = g_socket_new (g_socket_address_get_family (address),
                                             G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, RELAY_API_LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* Header and idle timeouts: one timer per connection, kept on its socket */

static gboolean
on_timeout (gpointer user_data)
{
  GSocket *socket = user_data;

  g_object_steal_data (G_OBJECT (socket), TIMER_KEY);
  g_debug ("a connection waited too long for a request: closed");
  /* libsoup sees the end of the stream and lets the connection go */
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

/* @seconds: 0 disarms */
static void
arm (SoupServerMessage *message, guint seconds)
{
  GSocket *socket = soup_server_message_get_socket (message);

  if (socket == NULL)
    return;
  if (seconds == 0)
    {
      g_object_set_data (G_OBJECT (socket), TIMER_KEY, NULL);
      return;
    }
  g_object_set_data_full (G_OBJECT (socket), TIMER_KEY,
                          GUINT_TO_POINTER (g_timeout_add_seconds (seconds, on_timeout, socket)),
                          remove_source);
}

/* From "request-started": a new connection, or the first bytes of the next
 * request on a kept one. */
void
relay_api_connection_request_started (SoupServerMessage *message)
{
  GSocket *socket = soup_server_message_get_socket (message);

  /* taken when libsoup makes its next source, just after this signal */
  if (socket != NULL)
    g_socket_set_timeout (socket, RELAY_API_IDLE_TIMEOUT_S);
  arm (message, RELAY_API_HEADER_TIMEOUT_S);
}

void
relay_api_connection_got_headers (SoupServerMessage *message)
{
  arm (message, 0);
}

/* From "request-finished" and "request-aborted": a kept connection waits for
 * its next request. */
void
relay_api_connection_request_done (SoupServerMessage *message)
{
  arm (message, RELAY_API_IDLE_TIMEOUT_S);
}

/* Answering now */

typedef struct
{
  GIOStream *stream;
  GSocket *socket;
  GCancellable *cancellable;
  guint timeout;
} Early;

static void
early_free (Early *early)
{
  g_clear_handle_id (&early->timeout, g_source_remove);
  g_io_stream_close (early->stream, NULL, NULL);
  g_socket_close (early->socket, NULL);
  g_object_unref (early->stream);
  g_object_unref (early->socket);
  g_object_unref (early->cancellable);
  g_free (early);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  Early *early = user_data;

  early->timeout = 0;
  g_cancellable_cancel (early->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_drained (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Early *early = user_data;
  g_autoptr (GBytes) bytes =
      g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      early_free (early);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), DRAIN_CHUNK, G_PRIORITY_DEFAULT,
                                   early->cancellable, on_drained, early);
}

static void
on_answer_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Early *early = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      early_free (early);
      return;
    }

  /* the client reads the end of the answer, and what it still sends is dropped */
  g_socket_shutdown (early->socket, FALSE, TRUE, NULL);
  early->timeout = g_timeout_add_seconds (DRAIN_TIMEOUT_S, on_drain_timeout, early);
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (early->stream), DRAIN_CHUNK,
                                   G_PRIORITY_DEFAULT, early->cancellable, on_drained, early);
}

static void
append_header (const char *name, const char *value, gpointer user_data)
{
  if (g_ascii_strcasecmp (name, "Content-Length") != 0)
    g_string_append_printf (user_data, "%s: %s\r\n", name, value);
}

/**
 * relay_api_connection_answer_now:
 * @message: a message whose status, headers and body are set, its request
 *   body not read yet
 *
 * Sends the answer without waiting for the body, which libsoup would read
 * whole first, then closes the connection. @message is likely freed.
 */
void
relay_api_connection_answer_now (SoupServerMessage *message)
{
  guint status = soup_server_message_get_status (message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  g_autoptr (GBytes) body =
      soup_message_body_flatten (soup_server_message_get_response_body (message));
  GSocket *socket = soup_server_message_get_socket (message);
  g_autoptr (GString) answer = g_string_new (NULL);
  g_autoptr (GBytes) bytes = NULL;
  Early *early;

  relay_api_connection_got_headers (message);
  if (socket == NULL)
    return;

  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_replace (headers, "Connection", "close");
  soup_message_headers_foreach (headers, append_header, answer);
  g_string_append_printf (answer, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          g_bytes_get_size (body));
  g_string_append_len (answer, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  bytes = g_string_free_to_bytes (g_steal_pointer (&answer));

  early = g_new0 (Early, 1);
  early->socket = g_object_ref (socket);
  early->cancellable = g_cancellable_new ();
  early->stream = soup_server_message_steal_connection (message);
  if (early->stream == NULL)
    {
      g_object_unref (early->socket);
      g_object_unref (early->cancellable);
      g_free (early);
      return;
    }

  g_output_stream_write_all_async (
      g_io_stream_get_output_stream (early->stream), g_bytes_get_data (bytes, NULL),
      g_bytes_get_size (bytes), G_PRIORITY_DEFAULT, early->cancellable, on_answer_written, early);
  /* the data outlives this call */
  g_object_set_data_full (G_OBJECT (early->cancellable), "answer", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
}
