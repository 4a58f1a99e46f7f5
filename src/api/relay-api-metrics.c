/* relay-api-metrics.c
 *
 * GET /metrics in Prometheus's text format (0.0.4): on the REST API, behind
 * its token, and on a listener of its own for scrapers (--metrics-listen),
 * loopback only and without a token, serving nothing else.
 *
 * Destinations are labelled by id and masked URL; an encoder by its profile.
 * Neither carries a secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/outputs/relay-srt-output.h"
#include "core/outputs/relay-whip-output.h"
#include "relay-api-metrics.h"
#include "relay-api-access.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct _RelayApiMetrics
{
  GObject parent_instance;

  RelayStudio *studio;
  /* --metrics-listen's own server, if any */
  SoupServer *soup;
  char *address;
  guint port;
};

G_DEFINE_FINAL_TYPE (RelayApiMetrics, relay_api_metrics, G_TYPE_OBJECT)

/* Exposition */

static const RelayOutputState states[] = {
  RELAY_OUTPUT_STATE_IDLE,   RELAY_OUTPUT_STATE_WAITING, RELAY_OUTPUT_STATE_CONNECTING,
  RELAY_OUTPUT_STATE_LIVE,   RELAY_OUTPUT_STATE_STALLED, RELAY_OUTPUT_STATE_RETRYING,
  RELAY_OUTPUT_STATE_FAILED, RELAY_OUTPUT_STATE_STOPPED,
};

static void
append_label_value (GString *text, const char *value)
{
  g_string_append_c (text, '"');
  for (const char *p = value ? value : ""; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '"')
        g_string_append_c (text, '\\');
      if (*p == '\n')
        g_string_append (text, "\\n");
      else
        g_string_append_c (text, *p);
    }
  g_string_append_c (text, '"');
}

static void
append_header (GString *text, const char *name, const char *type, const char *help)
{
  g_string_append_printf (text, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* An output's labels: {id="…",url="…",owner="…"} */
static char *
output_labels (RelayOutput *output)
{
  g_autofree char *url = relay_mask_redact (relay_output_get_display_url (output));
  GString *labels = g_string_new ("id=");

  append_label_value (labels, relay_output_get_id (output));
  g_string_append (labels, ",url=");
  append_label_value (labels, url);
  g_string_append (labels, ",owner=");
  append_label_value (labels, relay_output_get_owner (output));
  return g_string_free (labels, FALSE);
}

typedef double (*OutputValue) (RelayOutput *output);

static double
output_bytes (RelayOutput *output)
{
  return (double) relay_output_get_bytes_sent (output);
}

static double
output_bitrate (RelayOutput *output)
{
  return relay_output_get_bitrate (output);
}

static double
output_frames_sent (RelayOutput *output)
{
  return (double) relay_output_get_frames_sent (output);
}

static double
output_frames_dropped (RelayOutput *output)
{
  return (double) relay_output_get_frames_dropped (output);
}

static double
output_reconnects (RelayOutput *output)
{
  return relay_output_get_reconnects (output);
}

static double
output_stalls (RelayOutput *output)
{
  return relay_output_get_stalls (output);
}

static double
output_queued (RelayOutput *output)
{
  return relay_output_get_queued_ns (output) / 1e9;
}

static double
output_uptime (RelayOutput *output)
{
  return relay_output_get_uptime_us (output) / 1e6;
}

static const struct
{
  const char *name;
  const char *type;
  const char *help;
  OutputValue value;
} output_metrics[] = {
  { "relaycast_output_sent_bytes_total", "counter", "Bytes sent to the destination.",
    output_bytes },
  { "relaycast_output_bitrate_bits_per_second", "gauge", "Bitrate over the last second.",
    output_bitrate },
  { "relaycast_output_frames_sent_total", "counter", "Video frames handed to the destination.",
    output_frames_sent },
  { "relaycast_output_frames_dropped_total", "counter",
    "Video frames dropped from this destination's queue because it was too slow.",
    output_frames_dropped },
  { "relaycast_output_reconnects_total", "counter", "Attempts made after a failure.",
    output_reconnects },
  { "relaycast_output_stalls_total", "counter",
    "Times the destination, live, stopped taking what it was sent.", output_stalls },
  { "relaycast_output_queue_seconds", "gauge", "Video waiting in the destination's queue.",
    output_queued },
  { "relaycast_output_uptime_seconds", "gauge", "Time live since the last connection.",
    output_uptime },
};

static void
append_outputs (GString *text, GPtrArray *outputs, GPtrArray *labels)
{
  append_header (text, "relaycast_output_state", "gauge",
                 "1 for the state the destination is in, 0 for the others.");
  for (guint i = 0; i < outputs->len; i++)
    {
      RelayOutputState current = relay_output_get_state (g_ptr_array_index (outputs, i));

      for (guint s = 0; s < G_N_ELEMENTS (states); s++)
        g_string_append_printf (text, "relaycast_output_state{%s,state=\"%s\"} %d\n",
                                (const char *) g_ptr_array_index (labels, i),
                                relay_output_state_to_string (states[s]), states[s] == current);
    }

  for (guint m = 0; m < G_N_ELEMENTS (output_metrics); m++)
    {
      append_header (text, output_metrics[m].name, output_metrics[m].type, output_metrics[m].help);
      for (guint i = 0; i < outputs->len; i++)
        g_string_append_printf (text, "%s{%s} %.15g\n", output_metrics[m].name,
                                (const char *) g_ptr_array_index (labels, i),
                                output_metrics[m].value (g_ptr_array_index (outputs, i)));
    }
}

/* What only the transport's own reports tell: WebRTC's receiver reports,
 * SRT's socket statistics. Each family below, in order; < 0 when unknown. */
static gboolean
get_transport_stats (RelayOutput *output, double values[3])
{
  if (RELAY_IS_WHIP_OUTPUT (output))
    {
      RelayWhipStats stats;

      relay_whip_output_get_stats (RELAY_WHIP_OUTPUT (output), &stats);
      values[0] = stats.round_trip_time;
      values[1] = (double) stats.packets_lost;
      /* RTCP does not say */
      values[2] = -1;
      return TRUE;
    }
  if (RELAY_IS_SRT_OUTPUT (output))
    {
      RelaySrtStats stats;

      relay_srt_output_get_stats (RELAY_SRT_OUTPUT (output), &stats);
      values[0] = stats.rtt_ms >= 0 ? stats.rtt_ms / 1000 : -1;
      values[1] = (double) stats.packets_lost;
      values[2] = (double) stats.packets_retransmitted;
      return TRUE;
    }
  return FALSE;
}

static void
append_transport (GString *text, GPtrArray *outputs, GPtrArray *labels)
{
  static const char *const names[] = { "relaycast_output_round_trip_seconds",
                                       "relaycast_output_packets_lost_total",
                                       "relaycast_output_packets_retransmitted_total" };
  static const char *const helps[] = {
    "Round trip time: WebRTC's in the receiver's last report, SRT's largest of its receivers.",
    "Packets lost: as the WebRTC receiver reported, or as SRT found.",
    "Packets SRT sent again.",
  };

  for (guint m = 0; m < G_N_ELEMENTS (names); m++)
    {
      append_header (text, names[m], m == 0 ? "gauge" : "counter", helps[m]);
      for (guint i = 0; i < outputs->len; i++)
        {
          double values[G_N_ELEMENTS (names)];

          if (!get_transport_stats (g_ptr_array_index (outputs, i), values) || values[m] < 0)
            continue;
          g_string_append_printf (text, "%s{%s} %.15g\n", names[m],
                                  (const char *) g_ptr_array_index (labels, i), values[m]);
        }
    }
}

/* The encoders the destinations use, each once. */
static void
append_encoders (GString *text, GPtrArray *outputs)
{
  g_autoptr (GPtrArray) encoders = g_ptr_array_new ();
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  static const char *const names[] = { "relaycast_encoder_frames_total", "relaycast_encoder_fps",
                                       "relaycast_encoder_queue_buffers",
                                       "relaycast_encoder_queue_seconds" };
  static const char *const types[] = { "counter", "gauge", "gauge", "gauge" };
  static const char *const helps[] = { "Frames encoded (video pictures, audio frames).",
                                       "Frames encoded over the last second.",
                                       "Raw buffers waiting for the encoder.",
                                       "Raw media waiting for the encoder." };

  for (guint i = 0; i < outputs->len; i++)
    {
      for (guint kind = 0; kind < 2; kind++)
        {
          RelayEncoder *encoder = relay_output_get_encoder (g_ptr_array_index (outputs, i), kind);
          GString *label;

          if (encoder == NULL || g_ptr_array_find (encoders, encoder, NULL))
            continue;
          g_ptr_array_add (encoders, encoder);
          label = g_string_new ("kind=");
          g_string_append (label, kind == RELAY_MEDIA_VIDEO ? "\"video\"" : "\"audio\"");
          g_string_append (label, ",profile=");
          append_label_value (label, relay_encoder_get_key (encoder));
          g_ptr_array_add (labels, g_string_free (label, FALSE));
        }
    }

  for (guint m = 0; m < G_N_ELEMENTS (names); m++)
    {
      append_header (text, names[m], types[m], helps[m]);
      for (guint i = 0; i < encoders->len; i++)
        {
          RelayEncoder *encoder = g_ptr_array_index (encoders, i);
          guint buffers = 0;
          guint64 time_ns = 0;
          double value;

          relay_encoder_get_queue_level (encoder, &buffers, &time_ns);
          switch (m)
            {
              case 0:
                value = (double) relay_encoder_get_frames (encoder);
                break;
              case 1:
                value = relay_encoder_get_fps (encoder);
                break;
              case 2:
                value = buffers;
                break;
              default:
                value = time_ns / 1e9;
                break;
            }
          g_string_append_printf (text, "%s{%s} %.15g\n", names[m],
                                  (const char *) g_ptr_array_index (labels, i), value);
        }
    }
}

/* The names Prometheus's client libraries give them. */
static void
append_process (GString *text)
{
  struct rusage usage;
  g_autofree char *statm = NULL;
  g_auto (GStrv) fields = NULL;

  if (getrusage (RUSAGE_SELF, &usage) == 0)
    {
      append_header (text, "process_cpu_seconds_total", "counter",
                     "Total user and system CPU time spent in seconds.");
      g_string_append_printf (text, "process_cpu_seconds_total %.6f\n",
                              usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
                                  + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
    }
  /* its second field: resident pages */
  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      && g_strv_length (fields = g_strsplit (statm, " ", 3)) >= 2)
    {
      append_header (text, "process_resident_memory_bytes", "gauge",
                     "Resident memory size in bytes.");
      g_string_append_printf (text, "process_resident_memory_bytes %.15g\n",
                              g_ascii_strtod (fields[1], NULL) * (double) sysconf (_SC_PAGESIZE));
    }
}

/**
 * relay_api_metrics_render:
 *
 * Returns: (transfer full): the studio's figures in Prometheus's text format
 */
char *
relay_api_metrics_render (RelayStudio *studio)
{
  GListModel *model = relay_studio_get_outputs (studio);
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      RelayOutput *output = g_list_model_get_item (model, i);

      g_ptr_array_add (outputs, output);
      g_ptr_array_add (labels, output_labels (output));
    }

  append_outputs (text, outputs, labels);
  append_transport (text, outputs, labels);
  append_encoders (text, outputs);
  append_process (text);
  return g_string_free (text, FALSE);
}

static GBytes *
render_bytes (RelayStudio *studio)
{
  char *text = relay_api_metrics_render (studio);

  return g_bytes_new_take (text, strlen (text));
}

/* On the REST API */

static void
handle_metrics (RelayApiRequest *request, gpointer user_data)
{
  RelayApiMetrics *self = user_data;
  g_autoptr (GBytes) body = render_bytes (self->studio);

  relay_api_request_reply_bytes (request, SOUP_STATUS_OK, CONTENT_TYPE, body);
}

/* On its own listener */

static void
serve_alone (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
             gpointer user_data)
{
  RelayApiMetrics *self = user_data;
  const char *host =
      soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Host");
  const char *method = soup_server_message_get_method (message);
  g_autoptr (GBytes) body = NULL;

  /* a web page must not read it through a name that points here */
  if (!relay_api_host_is_allowed (host, self->address, self->port))
    {
      soup_server_message_set_status (message, SOUP_STATUS_MISDIRECTED_REQUEST, NULL);
      return;
    }
  if (!g_str_equal (path, "/metrics"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_append (soup_server_message_get_response_headers (message), "Allow",
                                   "GET, HEAD");
      return;
    }

  body = render_bytes (self->studio);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, CONTENT_TYPE, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/**
 * relay_api_metrics_listen:
 * @address: a loopback address: the figures are served without a token
 * @port: 0 picks one
 */
gboolean
relay_api_metrics_listen (RelayApiMetrics *self, const char *address, guint port, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  GSList *listeners;

  g_return_val_if_fail (RELAY_IS_API_METRICS (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = g_inet_address_new_from_string (address ? address : "127.0.0.1");
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The metrics are served without a token, so only on a loopback address "
                      "(127.0.0.1 or ::1), not “%s”"),
                   address);
      return FALSE;
    }

  self->soup = soup_server_new ("server-header", "Relaycast", NULL);
  soup_server_add_handler (self->soup, NULL, serve_alone, self, NULL);
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    {
      g_autoptr (GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  self->address = g_inet_address_to_string (inet);
  return TRUE;
}

/* Returns: (transfer full): http://ADDRESS:PORT/metrics of relay_api_metrics_listen() */
char *
relay_api_metrics_get_url (RelayApiMetrics *self)
{
  g_return_val_if_fail (RELAY_IS_API_METRICS (self), NULL);
  g_return_val_if_fail (self->soup != NULL, NULL);

  if (strchr (self->address, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u/metrics", self->address, self->port);
  return g_strdup_printf ("http://%s:%u/metrics", self->address, self->port);
}

/* GObject */

RelayApiMetrics *
relay_api_metrics_new (RelayStudio *studio)
{
  RelayApiMetrics *self = g_object_new (RELAY_TYPE_API_METRICS, NULL);

  self->studio = g_object_ref (studio);
  return self;
}

/* Serves GET /metrics on the REST API (the server checks the token). */
RelayApiMetrics *
relay_api_metrics_new_for_context (RelayApiContext *context)
{
  RelayApiMetrics *self = relay_api_metrics_new (relay_api_context_get_studio (context));

  relay_api_context_add_route (context, "GET", "/metrics", handle_metrics, self);
  return self;
}

static void
relay_api_metrics_dispose (GObject *object)
{
  RelayApiMetrics *self = RELAY_API_METRICS (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->studio);
  G_OBJECT_CLASS (relay_api_metrics_parent_class)->dispose (object);
}

static void
relay_api_metrics_finalize (GObject *object)
{
  RelayApiMetrics *self = RELAY_API_METRICS (object);

  g_free (self->address);
  G_OBJECT_CLASS (relay_api_metrics_parent_class)->finalize (object);
}

static void
relay_api_metrics_class_init (RelayApiMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_metrics_dispose;
  object_class->finalize = relay_api_metrics_finalize;
}

static void
relay_api_metrics_init (RelayApiMetrics *self)
{
}
