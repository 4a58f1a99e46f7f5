/* relay-rtmp-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-failure.h"
#include "relay-gst-util.h"
#include "relay-mask.h"
#include "relay-rtmp-output.h"
#include "relay-socket-probe.h"

struct _RelayRtmpOutput
{
  RelayOutput parent_instance;

  RelayRtmpUrl *url;
  gboolean tls_validation;
};

G_DEFINE_FINAL_TYPE (RelayRtmpOutput, relay_rtmp_output, RELAY_TYPE_OUTPUT)

enum
{
  PROP_0,
  PROP_URL,
  PROP_TLS_VALIDATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RTMP_CHUNK_SIZE 4096

/* The attempt's bin holds its probe of the server's socket. */
static GQuark
probe_quark (void)
{
  return g_quark_from_static_string ("relay-rtmp-socket-probe");
}

/* Its FLV tags come from the mux it shares with the destinations of the same
 * encoders (relay-flv-fanout.c), on one "flv" pad. */
static GstElement *
relay_rtmp_output_create_bin (RelayOutput *output, GError **error)
{
  RelayRtmpOutput *self = RELAY_RTMP_OUTPUT (output);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *sink;

  if (!(sink = relay_bin_add_new (GST_BIN (bin), "rtmp2sink", error)))
    return NULL;

  /* The server paces the connection; the shared encoders must never wait on it.
   * RTMP's default 128-byte chunks cut each video frame into dozens of pieces;
   * OBS and ffmpeg send 4096-byte ones, and so each destination costs less. */
  g_object_set (sink, "host", self->url->host, "port", (int) self->url->port, "application",
                self->url->application, "stream", self->url->stream, "username",
                self->url->username, "password", self->url->password, "sync", FALSE, "async", FALSE,
                "chunk-size", RTMP_CHUNK_SIZE, NULL);
  gst_util_set_object_arg (G_OBJECT (sink), "scheme", self->url->secure ? "rtmps" : "rtmp");
  if (!self->tls_validation)
    g_object_set (sink, "tls-validation-flags", 0, NULL);
  g_object_set_qdata_full (G_OBJECT (bin), probe_quark (),
                           relay_socket_probe_new (self->url->host, self->url->port),
                           (GDestroyNotify) relay_socket_probe_free);
  relay_ghost_static_pad (bin, sink, "sink", "flv");

  return g_steal_pointer (&bin);
}

static GstElement *
find_sink (GstElement *bin)
{
  g_autoptr (GstIterator) it = gst_bin_iterate_sinks (GST_BIN (bin));
  GValue item = G_VALUE_INIT;
  GstElement *sink = NULL;

  if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      sink = g_value_dup_object (&item);
      g_value_unset (&item);
    }
  return sink;
}

/* rtmp2sink only has a connection once the server accepted the publish, and
 * only then does its byte count move. What the server took is read from the
 * socket (see relay-socket-probe.c); without it, from what rtmp2sink could
 * write, which stops only once the kernel's buffers are full. */
static void
relay_rtmp_output_query_progress (RelayOutput *output, GstElement *bin,
                                  RelayOutputProgress *progress)
{
  g_autoptr (GstElement) sink = find_sink (bin);
  g_autoptr (GstStructure) stats = NULL;
  RelaySocketProbe *probe = g_object_get_qdata (G_OBJECT (bin), probe_quark ());
  guint64 bytes = 0;

  if (sink == NULL)
    return;

  g_object_get (sink, "stats", &stats, NULL);
  if (stats == NULL || !gst_structure_get_uint64 (stats, "out-bytes-total", &bytes))
    return;

  progress->bytes_sent = bytes;
  progress->connected = bytes > 0;
  if (!progress->connected)
    return;

  progress->acknowledges = TRUE;
  progress->acknowledged = bytes;
  /* one measure for the whole attempt: the two do not count alike */
  if (probe != NULL && !relay_socket_probe_read (probe, &progress->acknowledged))
    {
      g_debug ("output %s: the server's socket is out of sight; a stall shows once the "
               "send buffer is full",
               relay_output_get_id (output));
      g_object_set_qdata (G_OBJECT (bin), probe_quark (), NULL);
      progress->acknowledged = bytes;
    }
}

static RelayFailureKind
relay_rtmp_output_explain_error (RelayOutput *output, const GError *error, const char *debug,
                                 char **message)
{
  RelayRtmpOutput *self = RELAY_RTMP_OUTPUT (output);
  g_autofree char *peer = g_strdup_printf ("%s:%u", self->url->host, self->url->port);
  g_autofree char *application = relay_rtmp_url_dup_shown_application (self->url);

  return relay_failure_classify_rtmp (error, debug, peer, application, message);
}

static void
relay_rtmp_output_finalize (GObject *object)
{
  RelayRtmpOutput *self = RELAY_RTMP_OUTPUT (object);

  relay_rtmp_url_free (self->url);
  G_OBJECT_CLASS (relay_rtmp_output_parent_class)->finalize (object);
}

static void
relay_rtmp_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayRtmpOutput *self = RELAY_RTMP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_URL:
        g_value_set_boxed (value, self->url);
        break;
      case PROP_TLS_VALIDATION:
        g_value_set_boolean (value, self->tls_validation);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_rtmp_output_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayRtmpOutput *self = RELAY_RTMP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_URL:
        self->url = g_value_dup_boxed (value);
        break;
      case PROP_TLS_VALIDATION:
        self->tls_validation = g_value_get_boolean (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_rtmp_output_class_init (RelayRtmpOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);

  object_class->finalize = relay_rtmp_output_finalize;
  object_class->get_property = relay_rtmp_output_get_property;
  object_class->set_property = relay_rtmp_output_set_property;

  output_class->audio_codec = RELAY_AUDIO_CODEC_AAC;
  output_class->create_bin = relay_rtmp_output_create_bin;
  output_class->query_progress = relay_rtmp_output_query_progress;
  output_class->explain_error = relay_rtmp_output_explain_error;

  properties[PROP_URL] =
      g_param_spec_boxed ("url", NULL, NULL, RELAY_TYPE_RTMP_URL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Off only for test servers with self-signed certificates. */
  properties[PROP_TLS_VALIDATION] =
      g_param_spec_boolean ("tls-validation", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_rtmp_output_init (RelayRtmpOutput *self)
{
  self->tls_validation = TRUE;
}

RelayOutput *
relay_rtmp_output_new (const RelayRtmpUrl *url, const RelayOutputOptions *options)
{
  g_autofree char *full = relay_rtmp_url_to_string (url);
  const char *names[] = { "url", "tls-validation" };
  GValue values[G_N_ELEMENTS (names)] = { G_VALUE_INIT, G_VALUE_INIT };
  RelayOutput *self;

  /* The key and the password must never show up, wherever the URL goes. */
  relay_mask_register_url_showing (full, options->public_name);
  if (g_strcmp0 (url->stream, options->public_name) != 0)
    relay_mask_register_secret (url->stream);
  relay_mask_register_secret (url->password);

  g_value_init (&values[0], RELAY_TYPE_RTMP_URL);
  g_value_set_boxed (&values[0], url);
  g_value_init (&values[1], G_TYPE_BOOLEAN);
  g_value_set_boolean (&values[1], options->tls_validation);

  self = relay_output_new_with_options (RELAY_TYPE_RTMP_OUTPUT, options, full, G_N_ELEMENTS (names),
                                        names, values);
  g_value_unset (&values[0]);
  g_value_unset (&values[1]);
  return self;
}

const RelayRtmpUrl *
relay_rtmp_output_get_url (RelayRtmpOutput *self)
{
  g_return_val_if_fail (RELAY_IS_RTMP_OUTPUT (self), NULL);

  return self->url;
}
