/* relay-rtmp-probe.c
 *
 * Goes as far into an RTMP session as a client can without publishing: the
 * handshake, then "connect" to the application (as rtmp2sink and OBS send it:
 * app, type, flashVer, tcUrl), then "createStream", whose stream is deleted
 * at once. The stream key is never sent: it is the name a publish would give
 * (releaseStream and FCPublish carry it too, so they are not sent either), and
 * nothing appears on the channel. What the server answers, or that it closed
 * the connection instead (nginx-rtmp's way of saying it has no such
 * application), is put in words with relay-failure.c, as a live failure is.
 *
 * The server's bytes are read with relay-rtmp-reader.c; a server that talks
 * too slowly or too long is cut off at PROBE_TIMEOUT_S.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-rtmp-probe.h"
#include "relay-rtmp-reader.h"

#define RTMP_VERSION        3
#define RTMP_HANDSHAKE_SIZE 1536
/* connecting is bounded by the socket's own timeout (the same); this bounds the whole talk */
#define CONNECTION_TIMEOUT_S 10
#define PROBE_TIMEOUT_S      15
#define READ_SIZE            4096

/* Ours: the server's is followed, ours stays the protocol's default. */
#define OUT_CHUNK_SIZE   128
#define COMMAND_CHUNK_ID 3
#define MESSAGE_COMMAND  20
#define FLASH_VERSION    "FMLE/3.0 (compatible; FMSc/1.0)"
#define CONNECT_ID       1
#define CREATE_STREAM_ID 2

typedef enum
{
  STAGE_CONNECT,
  STAGE_CREATE_STREAM,
  STAGE_DONE,
} Stage;

typedef struct
{
  RelayRtmpUrl *url;
  char *peer;
  GIOStream *connection;
  RelayRtmpReader *reader;
  Stage stage;
  guint8 hello[1 + RTMP_HANDSHAKE_SIZE];
  /* S0, S1 and S2 */
  guint8 answer[1 + 2 * RTMP_HANDSHAKE_SIZE];
  guint8 buffer[READ_SIZE];
  /* to be sent, and being sent */
  GByteArray *out;
  GBytes *sending;
  /* what is returned once the last bytes are written */
  char *reached;

  /* cancelled by the caller's or by the deadline */
  GCancellable *cancellable;
  GCancellable *caller;
  gulong caller_handler;
  guint deadline_id;
  gboolean timed_out;
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->caller != NULL)
    g_cancellable_disconnect (probe->caller, probe->caller_handler);
  g_clear_object (&probe->caller);
  g_clear_handle_id (&probe->deadline_id, g_source_remove);
  g_clear_object (&probe->cancellable);
  if (probe->connection != NULL)
    g_io_stream_close_async (probe->connection, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&probe->connection);
  g_clear_pointer (&probe->reader, relay_rtmp_reader_free);
  g_clear_pointer (&probe->out, g_byte_array_unref);
  g_clear_pointer (&probe->sending, g_bytes_unref);
  relay_rtmp_url_free (probe->url);
  g_free (probe->reached);
  g_free (probe->peer);
  g_free (probe);
}

/* The application as people read it: a segment after the first, or a query,
 * may hold a secret. */
static char *
shown_application (const Probe *probe)
{
  return relay_rtmp_url_dup_shown_application (probe->url);
}

/* AMF0 and chunks, only what the client sends */

static void
put_be (GByteArray *out, guint32 value, guint count)
{
  for (guint i = count; i > 0; i--)
    {
      guint8 byte = value >> (8 * (i - 1));

      g_byte_array_append (out, &byte, 1);
    }
}

static void
put_number (GByteArray *out, double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  put_be (out, 0x00, 1);
  put_be (out, bits >> 32, 4);
  put_be (out, (guint32) bits, 4);
}

static void
put_null (GByteArray *out)
{
  put_be (out, 0x05, 1);
}

static void
put_string (GByteArray *out, const char *text)
{
  gsize length = strlen (text);

  if (length <= G_MAXUINT16)
    {
      put_be (out, 0x02, 1);
      put_be (out, length, 2);
    }
  else
    {
      put_be (out, 0x0c, 1);
      put_be (out, length, 4);
    }
  g_byte_array_append (out, (const guint8 *) text, length);
}

/* @key: one of ours, short */
static void
put_property (GByteArray *out, const char *key, const char *value)
{
  put_be (out, strlen (key), 2);
  g_byte_array_append (out, (const guint8 *) key, strlen (key));
  put_string (out, value);
}

/* One message on the command chunk stream: a full header, then a one-byte
 * header before each further chunk. */
static void
put_message (GByteArray *out, guint32 stream_id, GByteArray *payload)
{
  put_be (out, COMMAND_CHUNK_ID, 1);
  put_be (out, 0, 3);
  put_be (out, payload->len, 3);
  put_be (out, MESSAGE_COMMAND, 1);
  /* the message stream id is little-endian */
  put_be (out, GUINT32_SWAP_LE_BE (stream_id), 4);

  for (guint sent = 0; sent < payload->len; sent += OUT_CHUNK_SIZE)
    {
      if (sent > 0)
        put_be (out, 0xc0 | COMMAND_CHUNK_ID, 1);
      g_byte_array_append (out, payload->data + sent, MIN (OUT_CHUNK_SIZE, payload->len - sent));
    }
}

/* "rtmp://host:port/app", without user, password and stream */
static char *
tc_url (const RelayRtmpUrl *url)
{
  guint default_port = url->secure ? RELAY_RTMPS_DEFAULT_PORT : RELAY_RTMP_DEFAULT_PORT;
  g_autoptr (GString) out = g_string_new (url->secure ? "rtmps://" : "rtmp://");

  g_string_append_printf (out, strchr (url->host, ':') ? "[%s]" : "%s", url->host);
  if (url->port != default_port)
    g_string_append_printf (out, ":%u", url->port);
  g_string_append_printf (out, "/%s", url->application);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
put_connect (GByteArray *out, const RelayRtmpUrl *url)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  g_autofree char *tc = tc_url (url);

  put_string (payload, "connect");
  put_number (payload, CONNECT_ID);
  put_be (payload, 0x03, 1);
  put_property (payload, "app", url->application);
  put_property (payload, "type", "nonprivate");
  put_property (payload, "flashVer", FLASH_VERSION);
  put_property (payload, "tcUrl", tc);
  put_be (payload, 0x000009, 3);
  put_message (out, 0, payload);
}

static void
put_create_stream (GByteArray *out)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();

  put_string (payload, "createStream");
  put_number (payload, CREATE_STREAM_ID);
  put_null (payload);
  put_message (out, 0, payload);
}

static void
put_delete_stream (GByteArray *out, double stream_id)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();

  put_string (payload, "deleteStream");
  put_number (payload, 0);
  put_null (payload);
  put_number (payload, stream_id);
  put_message (out, 0, payload);
}

/* Results */

static void
return_message (GTask *task, RelayErrorCode code, const char *message)
{
  g_autofree char *shown = relay_mask_redact (message);

  g_task_return_new_error (task, RELAY_ERROR, code, "%s", shown);
}

static void
return_reached (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  g_task_return_pointer (task, relay_mask_redact (probe->reached), g_free);
}

static void
return_network_error (GTask *task, const GError *error)
{
  Probe *probe = g_task_get_task_data (task);
  g_autofree char *message = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (probe->timed_out)
    {
      g_autoptr (GError) timed_out =
          g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");

      relay_failure_classify (timed_out, NULL, probe->peer, &message);
      return_message (task, RELAY_ERROR_TIMED_OUT, message);
      return;
    }

  relay_failure_classify (error, NULL, probe->peer, &message);
  return_message (task, RELAY_ERROR_FAILED, message);
}

/* The server hung up (nginx-rtmp's answer to an application it does not have). */
static void
return_closed (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  g_autofree char *application = shown_application (probe);
  g_autofree char *message = NULL;

  if (probe->stage == STAGE_CONNECT)
    message = relay_failure_rtmp_closed (probe->peer, application);
  else
    message = g_strdup_printf (
        _ ("%s closed the connection after accepting application “%s”, when asked for a stream"),
        probe->peer, application);
  return_message (task, RELAY_ERROR_REJECTED, message);
}

static gboolean
is_closed (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
         || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF);
}

/* The exchange */

static void read_next (GTask *task);

static void
finish_with_stream (GTask *task, const RelayRtmpCommand *command)
{
  Probe *probe = g_task_get_task_data (task);
  g_autofree char *application = shown_application (probe);

  /* nothing was published on it; it goes at once */
  if (command->number >= 0)
    put_delete_stream (probe->out, command->number);
  probe->stage = STAGE_DONE;
  probe->reached = g_strdup_printf (_ ("The RTMP server at %s accepted the connection to "
                                       "application “%s”; the stream key is checked only "
                                       "when you go live"),
                                    probe->peer, application);
}

/* Returns: whether the exchange goes on */
static gboolean
handle_command (GTask *task, const RelayRtmpCommand *command)
{
  Probe *probe = g_task_get_task_data (task);
  g_autofree char *application = shown_application (probe);
  gboolean is_error = g_str_equal (command->name, "_error");
  /* "close" or an error status instead of an answer */
  gboolean is_refusal =
      g_str_equal (command->name, "close")
      || (g_str_equal (command->name, "onStatus") && g_strcmp0 (command->level, "error") == 0);

  g_debug ("RTMP test: %s answered %s (transaction %g, %s)", probe->peer, command->name,
           command->transaction, command->code ? command->code : "no code");

  if (probe->stage == STAGE_CONNECT)
    {
      gboolean ours = command->transaction == CONNECT_ID;
      g_autofree char *message = NULL;

      if (g_str_equal (command->name, "_result") && ours)
        {
          probe->stage = STAGE_CREATE_STREAM;
          put_create_stream (probe->out);
          return TRUE;
        }
      if (!(is_error && ours) && !is_refusal)
        return TRUE;

      /* rtmp2sink answers Adobe's challenge with the URL's user and password */
      if (probe->url->username != NULL && command->description != NULL
          && strstr (command->description, "authmod=adobe") != NULL)
        {
          probe->stage = STAGE_DONE;
          probe->reached =
              g_strdup_printf (_ ("The RTMP server at %s asks for a user name and password for "
                                  "application “%s”; they and the stream key are checked only "
                                  "when you go live"),
                               probe->peer, application);
          return FALSE;
        }

      message = relay_failure_rtmp_refused (probe->peer, application, command->code,
                                            command->description);
      return_message (task, RELAY_ERROR_REJECTED, message);
      return FALSE;
    }

  if (probe->stage == STAGE_CREATE_STREAM)
    {
      gboolean ours = command->transaction == CREATE_STREAM_ID;
      g_autofree char *words = NULL;
      g_autofree char *message = NULL;

      if (g_str_equal (command->name, "_result") && ours)
        {
          finish_with_stream (task, command);
          return TRUE;
        }
      if (!(is_error && ours) && !is_refusal)
        return TRUE;

      words = relay_failure_rtmp_server_words (command->code, command->description);
      message = g_strdup_printf (_ ("%s accepted application “%s” but refused a stream: %s"),
                                 probe->peer, application, words);
      return_message (task, RELAY_ERROR_REJECTED, message);
      return FALSE;
    }

  return TRUE;
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error)
      && probe->stage != STAGE_DONE)
    {
      if (is_closed (error) && !g_cancellable_is_cancelled (probe->cancellable))
        return_closed (task);
      else
        return_network_error (task, error);
      return;
    }

  /* the stream's deletion is a courtesy: what was tested was answered */
  if (probe->stage == STAGE_DONE)
    return_reached (task);
  else
    read_next (g_steal_pointer (&task));
}

/* Consumes @task. */
static void
write_out (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  gsize size = 0;
  const guint8 *data;

  g_clear_pointer (&probe->sending, g_bytes_unref);
  probe->sending = g_byte_array_free_to_bytes (g_steal_pointer (&probe->out));
  probe->out = g_byte_array_new ();
  data = g_bytes_get_data (probe->sending, &size);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (probe->connection), data, size,
                                   G_PRIORITY_DEFAULT, probe->cancellable, on_written, task);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (size < 0)
    {
      if (is_closed (error) && !g_cancellable_is_cancelled (probe->cancellable))
        return_closed (task);
      else
        return_network_error (task, error);
      return;
    }
  if (size == 0)
    {
      return_closed (task);
      return;
    }

  if (!relay_rtmp_reader_push (probe->reader, probe->buffer, size, &error))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("%s sent an RTMP message Relaycast cannot read: %s"), probe->peer, error->message);

      return_message (task, RELAY_ERROR_FAILED, message);
      return;
    }

  for (;;)
    {
      g_autoptr (RelayRtmpCommand) command = relay_rtmp_reader_pop (probe->reader);

      if (command == NULL)
        break;
      if (!handle_command (task, command))
        {
          if (probe->stage == STAGE_DONE)
            return_reached (task);
          return;
        }
      if (probe->stage == STAGE_DONE)
        break;
    }

  if (probe->out->len > 0)
    write_out (g_steal_pointer (&task));
  else if (probe->stage == STAGE_DONE)
    return_reached (task);
  else
    read_next (g_steal_pointer (&task));
}

/* Consumes @task. */
static void
read_next (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);

  g_input_stream_read_async (g_io_stream_get_input_stream (probe->connection), probe->buffer,
                             sizeof probe->buffer, G_PRIORITY_DEFAULT, probe->cancellable, on_read,
                             task);
}

static void
on_answer_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gsize read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &read, &error))
    {
      return_network_error (task, error);
      return;
    }

  if (read < sizeof probe->answer || probe->answer[0] != RTMP_VERSION)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("%s answered, but not as an RTMP server"), probe->peer);

      return_message (task, RELAY_ERROR_FAILED, message);
      return;
    }

  /* C2 echoes S1; the connect command can follow it at once */
  g_byte_array_append (probe->out, probe->answer + 1, RTMP_HANDSHAKE_SIZE);
  put_connect (probe->out, probe->url);
  probe->reader = relay_rtmp_reader_new ();
  probe->stage = STAGE_CONNECT;
  write_out (g_steal_pointer (&task));
}

static void
on_hello_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      return_network_error (task, error);
      return;
    }

  g_input_stream_read_all_async (g_io_stream_get_input_stream (probe->connection), probe->answer,
                                 sizeof probe->answer, G_PRIORITY_DEFAULT, probe->cancellable,
                                 on_answer_read, g_steal_pointer (&task));
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection;
  guint32 now = g_get_monotonic_time () / 1000;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      return_network_error (task, error);
      return;
    }
  probe->connection = G_IO_STREAM (connection);

  /* C0 is the version; C1 is a timestamp, four zero bytes and random filler. */
  probe->hello[0] = RTMP_VERSION;
  probe->hello[1] = now >> 24;
  probe->hello[2] = now >> 16;
  probe->hello[3] = now >> 8;
  probe->hello[4] = now;
  for (gsize i = 9; i < sizeof probe->hello; i++)
    probe->hello[i] = g_random_int_range (0, 256);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (probe->connection), probe->hello,
                                   sizeof probe->hello, G_PRIORITY_DEFAULT, probe->cancellable,
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

static gboolean
on_deadline (gpointer user_data)
{
  Probe *probe = user_data;

  probe->deadline_id = 0;
  probe->timed_out = TRUE;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_linked (GCancellable *caller, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/**
 * relay_rtmp_probe_async:
 * @url: the destination; its stream (the key) is never sent
 * @tls_validation: off only for test servers with self-signed certificates
 *
 * Connects to the application and creates a stream, without publishing.
 */
void
relay_rtmp_probe_async (const RelayRtmpUrl *url, gboolean tls_validation, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  Probe *probe = g_new0 (Probe, 1);

  g_task_set_source_tag (task, relay_rtmp_probe_async);
  probe->url = relay_rtmp_url_copy (url);
  probe->peer =
      g_strdup_printf (strchr (url->host, ':') ? "[%s]:%u" : "%s:%u", url->host, url->port);
  probe->out = g_byte_array_new ();
  probe->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);

  if (cancellable != NULL)
    {
      probe->caller = g_object_ref (cancellable);
      probe->caller_handler =
          g_cancellable_connect (cancellable, G_CALLBACK (cancel_linked),
                                 g_object_ref (probe->cancellable), g_object_unref);
    }
  probe->deadline_id = g_timeout_add_seconds (PROBE_TIMEOUT_S, on_deadline, probe);

  g_socket_client_set_timeout (client, CONNECTION_TIMEOUT_S);
  if (url->secure)
    {
      g_socket_client_set_tls (client, TRUE);
      if (!tls_validation)
        g_signal_connect (client, "event", G_CALLBACK (on_client_event), NULL);
    }

  g_socket_client_connect_to_host_async (client, url->host, url->port, probe->cancellable,
                                         on_connected, g_steal_pointer (&task));
}

/* Returns: (transfer full): what was reached, for people; secrets masked */
char *
relay_rtmp_probe_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
