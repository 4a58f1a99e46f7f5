/* relay-srt-probe.c
 *
 * The connection test of an SRT destination. A caller makes the handshake
 * with its receiver, passphrase and stream ID included, and closes it before
 * any media:
 * - with libsrt linked (-Dlibsrt), srt_connect() alone, and the receiver's
 *   own reason when it rejects: a wrong passphrase, a passphrase missing or
 *   not expected, a stream ID its access control refuses (a code);
 * - without, an srtsink fed MPEG-TS null packets, which receivers drop, until
 *   its first bytes are taken; GStreamer 1.22 does not say why srtsink failed,
 *   so a failure is told apart by its timing, as a live output's is
 *   (relay_failure_classify_srt()).
 * SRT runs over UDP: a port nobody listens on does not refuse, it stays
 * silent, and the handshake times out after libsrt's 3 s.
 *
 * A listener is checked by binding its UDP port for a moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-mask.h"
#include "relay-srt-probe.h"

#if HAVE_LIBSRT
#include <srt/srt.h>
#else
#include <gst/gst.h>

#include "relay-failure.h"
#include "relay-srt-output.h"
#endif

/* libsrt's own (SRTO_CONNTIMEO): a receiver silent this long is not there */
#define CONNECT_TIMEOUT_MS 3000

static void
return_failure (GTask *task, const char *text)
{
  g_autofree char *shown = relay_mask_redact (text);

  g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED, "%s", shown);
}

static char *
describe_accepted (const char *peer)
{
  return g_strdup_printf (_ ("The SRT receiver at %s accepted the connection; nothing was sent"),
                          peer);
}

static char *
describe_timeout (const char *peer)
{
  return g_strdup_printf (_ ("connection timed out (%s): no SRT receiver answered"), peer);
}

#if HAVE_LIBSRT

/* Returns: the receiver's reason in words, or %NULL when it never answered */
static char *
describe_rejection (const RelaySrtUrl *url, const char *peer, int reason)
{
  switch (reason)
    {
      case SRT_REJ_TIMEOUT:
        return NULL;
      case SRT_REJ_BADSECRET:
        return g_strdup_printf (_ ("%s rejected the connection: wrong passphrase"), peer);
      case SRT_REJ_UNSECURE:
        return url->passphrase != NULL
                   ? g_strdup_printf (_ ("%s rejected the connection: it takes no passphrase"),
                                      peer)
                   : g_strdup_printf (_ ("%s rejected the connection: it needs a passphrase"),
                                      peer);
      default:
        /* 1000 and up: the receiver's access control, which reads the stream ID */
        if (reason >= SRT_REJC_PREDEFINED)
          return g_strdup_printf (_ ("%s rejected the connection: its access control refused "
                                     "the stream ID (code %d)"),
                                  peer, reason);
        return g_strdup_printf (_ ("%s rejected the connection: %s"), peer,
                                srt_rejectreason_str (reason));
    }
}

static void
set_flag (SRTSOCKET sock, SRT_SOCKOPT option, const void *value, int length)
{
  if (srt_setsockflag (sock, option, value, length) == SRT_ERROR)
    g_debug ("SRT option %d: %s", option, srt_getlasterror_str ());
}

/* In a thread: srt_connect() blocks until the handshake ends. */
static void
handshake (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const RelaySrtUrl *url = task_data;
  g_autofree char *peer = relay_srt_url_dup_peer (url);
  g_autoptr (GResolver) resolver = g_resolver_get_default ();
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reached = NULL;
  g_autofree char *failure = NULL;
  struct sockaddr_storage native;
  GList *addresses;
  SRTSOCKET sock;
  int timeout = CONNECT_TIMEOUT_MS;
  int latency = (int) url->latency_ms;
  int key_length = (int) url->pbkeylen;

  addresses = g_resolver_lookup_by_name (resolver, url->host, cancellable, &error);
  if (addresses == NULL)
    {
      return_failure (task, error->message);
      return;
    }
  address = g_inet_socket_address_new (addresses->data, (guint16) url->port);
  g_resolver_free_addresses (addresses);
  if (!g_socket_address_to_native (address, &native, sizeof native, &error))
    {
      return_failure (task, error->message);
      return;
    }

  srt_startup ();
  sock = srt_create_socket ();
  set_flag (sock, SRTO_CONNTIMEO, &timeout, sizeof timeout);
  set_flag (sock, SRTO_LATENCY, &latency, sizeof latency);
  if (url->streamid != NULL)
    set_flag (sock, SRTO_STREAMID, url->streamid, (int) strlen (url->streamid));
  if (url->passphrase != NULL)
    set_flag (sock, SRTO_PASSPHRASE, url->passphrase, (int) strlen (url->passphrase));
  if (key_length != 0)
    set_flag (sock, SRTO_PBKEYLEN, &key_length, sizeof key_length);

  if (srt_connect (sock, (struct sockaddr *) &native,
                   (int) g_socket_address_get_native_size (address))
      != SRT_ERROR)
    reached = describe_accepted (peer);
  else
    {
      int reason = srt_getrejectreason (sock);

      g_debug ("SRT handshake with %s: %s (reject reason %d)", peer, srt_getlasterror_str (),
               reason);
      failure = describe_rejection (url, peer, reason);
      if (failure == NULL)
        failure = describe_timeout (peer);
    }
  srt_close (sock);
  srt_cleanup ();

  if (reached != NULL)
    g_task_return_pointer (task, relay_mask_redact (reached), g_free);
  else
    return_failure (task, failure);
}

static void
call_receiver (GTask *task, const RelaySrtUrl *url)
{
  g_task_set_task_data (task, relay_srt_url_copy (url), (GDestroyNotify) relay_srt_url_free);
  g_task_run_in_thread (task, handshake);
}

#else /* !HAVE_LIBSRT */

/* how often a null packet is offered while the handshake goes on */
#define NULL_PACKET_INTERVAL_MS 100
/* past libsrt's connection timeout, for srtsink to say so first */
#define PROBE_TIMEOUT_MS        (CONNECT_TIMEOUT_MS * 2)
#define TS_PACKET_SIZE          188

typedef struct
{
  GstElement *pipeline;
  GstElement *source;
  GstElement *sink;
  guint tick_id;
  guint bus_watch_id;
  gint64 started_us;
  char *peer;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->tick_id, g_source_remove);
  g_clear_handle_id (&probe->bus_watch_id, g_source_remove);
  if (probe->pipeline != NULL)
    {
      gst_element_set_state (probe->pipeline, GST_STATE_NULL);
      gst_object_unref (probe->pipeline);
    }
  g_free (probe->peer);
  g_free (probe);
}

/* Ends the probe once: its sources, which hold the task, go; the pipeline
 * goes with the task. */
static void
finish (GTask *task, char *reached, const char *failure)
{
  g_autoptr (GTask) kept = g_object_ref (task);
  Probe *probe = g_task_get_task_data (task);

  g_clear_handle_id (&probe->tick_id, g_source_remove);
  g_clear_handle_id (&probe->bus_watch_id, g_source_remove);
  if (reached != NULL)
    g_task_return_pointer (task, relay_mask_redact (reached), g_free);
  else
    return_failure (task, failure);
  g_free (reached);
}

/* PID 0x1FFF: stuffing every MPEG-TS receiver discards. */
static GstBuffer *
new_null_packet (void)
{
  guint8 *packet = g_malloc (TS_PACKET_SIZE);

  memset (packet, 0xff, TS_PACKET_SIZE);
  packet[0] = 0x47;
  packet[1] = 0x1f;
  packet[2] = 0xff;
  packet[3] = 0x10;
  return gst_buffer_new_wrapped (packet, TS_PACKET_SIZE);
}

static gboolean
on_tick (gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GstStructure) stats = NULL;
  GstFlowReturn flow;
  guint64 bytes = 0;

  g_object_get (probe->sink, "stats", &stats, NULL);
  if (stats != NULL)
    gst_structure_get_uint64 (stats, "bytes-sent-total", &bytes);
  if (bytes > 0)
    {
      finish (task, describe_accepted (probe->peer), NULL);
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () - probe->started_us > PROBE_TIMEOUT_MS * 1000)
    {
      g_autofree char *failure = describe_timeout (probe->peer);

      finish (task, NULL, failure);
      return G_SOURCE_REMOVE;
    }

  g_signal_emit_by_name (probe->source, "push-buffer", new_null_packet (), &flow);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *failure = NULL;
  guint elapsed_ms;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return G_SOURCE_CONTINUE;

  gst_message_parse_error (message, &error, &debug);
  elapsed_ms = (guint) ((g_get_monotonic_time () - probe->started_us) / 1000);
  relay_failure_classify_srt (error, debug, probe->peer, FALSE, FALSE, elapsed_ms, &failure);
  finish (task, NULL, failure);
  return G_SOURCE_REMOVE;
}

static void
call_receiver (GTask *task, const RelaySrtUrl *url)
{
  Probe *probe = g_new0 (Probe, 1);
  g_autoptr (GstBus) bus = NULL;

  probe->peer = relay_srt_url_dup_peer (url);
  probe->pipeline = gst_pipeline_new (NULL);
  probe->source = gst_element_factory_make ("appsrc", NULL);
  probe->sink = gst_element_factory_make ("srtsink", NULL);
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  if (probe->source == NULL || probe->sink == NULL)
    {
      g_clear_object (&probe->source);
      g_clear_object (&probe->sink);
      return_failure (task, _ ("GStreamer’s srtsink is missing (gstreamer1.0-plugins-bad)"));
      return;
    }

  g_object_set (probe->source, "is-live", TRUE, "format", GST_FORMAT_BYTES, NULL);
  relay_srt_output_configure_sink (url, probe->sink);
  gst_bin_add_many (GST_BIN (probe->pipeline), probe->source, probe->sink, NULL);
  gst_element_link (probe->source, probe->sink);

  bus = gst_element_get_bus (probe->pipeline);
  probe->bus_watch_id = gst_bus_add_watch_full (bus, G_PRIORITY_DEFAULT, on_bus_message,
                                                g_object_ref (task), g_object_unref);
  probe->started_us = g_get_monotonic_time ();
  gst_element_set_state (probe->pipeline, GST_STATE_PLAYING);
  probe->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT, NULL_PACKET_INTERVAL_MS, on_tick,
                                       g_object_ref (task), g_object_unref);
}

#endif /* HAVE_LIBSRT */

/* Binds the port for a moment: a listener would get it when going live. */
static void
check_listener (GTask *task, const RelaySrtUrl *url)
{
  g_autofree char *peer = relay_srt_url_dup_peer (url);
  g_autoptr (GInetAddress) host = *url->host != '\0'
                                      ? g_inet_address_new_from_string (url->host)
                                      : g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) error = NULL;

  if (host == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("A listener binds an IP address, not a host name (%s)"), peer);
      return;
    }
  address = g_inet_socket_address_new (host, (guint16) url->port);
  socket = g_socket_new (g_inet_address_get_family (host), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, &error))
    g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                             _ ("cannot listen on %s: the port is in use or not allowed"), peer);
  else
    g_task_return_pointer (task,
                           g_strdup_printf (_ ("Relaycast can listen on %s; receivers call in "
                                               "once you go live"),
                                            peer),
                           g_free);
}

/**
 * relay_srt_probe_async:
 * @url: the receiver, secrets included
 *
 * Makes the SRT handshake with a receiver and closes it before any media;
 * for a listener, checks that its port can be bound.
 */
void
relay_srt_probe_async (const RelaySrtUrl *url, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, relay_srt_probe_async);
  relay_mask_register_secret (url->passphrase);
  relay_mask_register_secret (url->streamid);

  if (url->listener)
    {
      check_listener (task, url);
      return;
    }
  call_receiver (task, url);
}

/* Returns: (transfer full): what the receiver said, for people */
char *
relay_srt_probe_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
