/* relay-srt-output.c
 *
 * MPEG-TS (the shared H.264 with SPS/PPS before every keyframe, so that a
 * receiver joining late decodes from the next one, and AAC) over srtsink.
 *
 * What this relies on in srtsink (GStreamer 1.22):
 * - A caller connects when it starts and, with wait-for-connection, holds the
 *   first buffer until the receiver accepted; the leaky queue before it keeps
 *   the shared encoders from waiting. With auto-reconnect off, a failed or
 *   broken connection is an element error, so the retry policy decides.
 * - 1.22 says the same "Failed to write to SRT socket: Connection does not
 *   exist" for a receiver that rejected the handshake (a wrong or missing
 *   passphrase, a stream ID its access control refuses) and for one that
 *   never answered. A rejection comes back within a round trip, silence only
 *   after libsrt's connection timeout (SRTO_CONNTIMEO, 3 s): which of the two
 *   happened is told by the time it took (see relay_failure_classify_srt()).
 * - A receiver that vanishes (killed, unplugged) breaks the socket once it
 *   has been silent for libsrt's peer idle timeout (5 s).
 * - A listener accepts every caller and sends to all of them; with
 *   wait-for-connection off it never blocks, and sends to nobody while none
 *   is connected. A receiver that leaves is dropped without an error.
 * - "stats" holds the socket's figures for a caller, and a "callers" array
 *   of them for a listener; "bytes-sent-total" counts what was sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-failure.h"
#include "relay-gst-util.h"
#include "relay-mask.h"
#include "relay-srt-output.h"

struct _RelaySrtOutput
{
  RelayOutput parent_instance;

  RelaySrtUrl *url;
  /* when the current attempt began calling (monotonic) */
  gint64 attempt_started_us;
  /* the current attempt sent something: the receiver took it */
  gboolean attempt_connected;
  RelaySrtStats stats;
  /* the counters of the attempts before this one */
  guint64 lost_before;
  guint64 retransmitted_before;
};

G_DEFINE_FINAL_TYPE (RelaySrtOutput, relay_srt_output, RELAY_TYPE_OUTPUT)

enum
{
  PROP_0,
  PROP_URL,
  PROP_RTT_MS,
  PROP_PACKETS_LOST,
  PROP_PACKETS_RETRANSMITTED,
  PROP_RECEIVERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* 7 TS packets: 1316 bytes, SRT's payload size, so that no packet is split */
#define TS_PACKETS_PER_BUFFER 7

static gboolean
ghost_muxer_pad (GstElement *bin, GstElement *mux, GstElement *before, const char *name)
{
  g_autoptr (GstPad) mux_pad = gst_element_request_pad_simple (mux, "sink_%d");
  g_autoptr (GstPad) target = NULL;
  GstPad *ghost;

  if (mux_pad == NULL)
    return FALSE;
  if (before != NULL)
    {
      g_autoptr (GstPad) src = gst_element_get_static_pad (before, "src");

      gst_pad_link (src, mux_pad);
      target = gst_element_get_static_pad (before, "sink");
    }
  else
    target = g_object_ref (mux_pad);

  ghost = gst_ghost_pad_new (name, target);
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (bin, ghost);
  return TRUE;
}

/* An srtsink that calls @url's receiver or waits for receivers, failing
 * rather than reconnecting on its own: the retry policy decides. */
void
relay_srt_output_configure_sink (const RelaySrtUrl *url, GstElement *sink)
{
  g_autofree char *uri = relay_srt_url_to_gst_uri (url);

  /* the URI first: setting it resets the other options */
  g_object_set (sink, "uri", uri, NULL);
  g_object_set (sink, "latency", (int) url->latency_ms, "sync", FALSE, "async", FALSE,
                "auto-reconnect", FALSE, "wait-for-connection", !url->listener, NULL);
  if (url->streamid != NULL)
    g_object_set (sink, "streamid", url->streamid, NULL);
  if (url->passphrase != NULL)
    g_object_set (sink, "passphrase", url->passphrase, NULL);
  if (url->pbkeylen != 0)
    g_object_set (sink, "pbkeylen", url->pbkeylen, NULL);
}

static GstElement *
relay_srt_output_create_bin (RelayOutput *output, GError **error)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (output);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *parse = NULL, *mux, *sink;

  if (!(mux = relay_bin_add_new (GST_BIN (bin), "mpegtsmux", error))
      || !(sink = relay_bin_add_new (GST_BIN (bin), "srtsink", error)))
    return NULL;
  if (relay_output_get_video_enabled (output))
    {
      if (!(parse = relay_bin_add_new (GST_BIN (bin), "h264parse", error)))
        return NULL;
      /* the encoders' AVC to the byte stream MPEG-TS carries, with SPS/PPS
       * before every keyframe */
      g_object_set (parse, "config-interval", -1, NULL);
    }

  g_object_set (mux, "alignment", TS_PACKETS_PER_BUFFER, NULL);
  relay_srt_output_configure_sink (self->url, sink);
  gst_element_link (mux, sink);

  if ((parse != NULL && !ghost_muxer_pad (bin, mux, parse, "video"))
      || (relay_output_get_audio_enabled (output) && !ghost_muxer_pad (bin, mux, NULL, "audio")))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_PAD, "mpegtsmux gave no pad");
      return NULL;
    }

  self->lost_before += self->stats.packets_lost;
  self->retransmitted_before += self->stats.packets_retransmitted;
  self->stats = (RelaySrtStats){ .rtt_ms = -1 };
  self->attempt_started_us = g_get_monotonic_time ();
  self->attempt_connected = FALSE;
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

/* Adds one socket's figures (a caller's, or one receiver of a listener). */
static void
add_socket_stats (RelaySrtStats *stats, const GstStructure *socket)
{
  double rtt;
  int count;

  if (!gst_structure_get_double (socket, "rtt-ms", &rtt))
    return;
  stats->receivers++;
  stats->rtt_ms = MAX (stats->rtt_ms, rtt);
  if (gst_structure_get_int (socket, "packets-sent-lost", &count))
    stats->packets_lost += (guint64) MAX (count, 0);
  if (gst_structure_get_int (socket, "packets-retransmitted", &count))
    stats->packets_retransmitted += (guint64) MAX (count, 0);
}

static void
read_stats (RelaySrtStats *stats, const GstStructure *structure)
{
  const GValue *callers = gst_structure_get_value (structure, "callers");

  *stats = (RelaySrtStats){ .rtt_ms = -1 };
  /* a GValueArray, which srtsink still uses */
  if (callers != NULL && G_VALUE_HOLDS_BOXED (callers))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      GValueArray *array = g_value_get_boxed (callers);

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        {
          if (GST_VALUE_HOLDS_STRUCTURE (&array->values[i]))
            add_socket_stats (stats, gst_value_get_structure (&array->values[i]));
        }
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
  else
    add_socket_stats (stats, structure);
}

/* A caller is live once the receiver took its first bytes; a listener once
 * it listens, whether or not a receiver has called in yet: it waits for them
 * as long as it runs, and they come and go. */
static void
relay_srt_output_query_progress (RelayOutput *output, GstElement *bin,
                                 RelayOutputProgress *progress)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (output);
  g_autoptr (GstElement) sink = find_sink (bin);
  g_autoptr (GstStructure) stats = NULL;
  guint64 bytes = 0;

  if (sink == NULL)
    return;
  g_object_get (sink, "stats", &stats, NULL);
  if (stats == NULL)
    return;

  gst_structure_get_uint64 (stats, "bytes-sent-total", &bytes);
  read_stats (&self->stats, stats);
  if (!self->url->listener && bytes > 0)
    self->attempt_connected = TRUE;

  progress->bytes_sent = bytes;
  progress->connected = self->url->listener || bytes > 0;
}

static RelayFailureKind
relay_srt_output_explain_error (RelayOutput *output, const GError *error, const char *debug,
                                char **message)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (output);
  g_autofree char *peer = relay_srt_url_dup_peer (self->url);
  guint elapsed_ms = (guint) ((g_get_monotonic_time () - self->attempt_started_us) / 1000);

  return relay_failure_classify_srt (error, debug, peer, self->url->listener,
                                     self->attempt_connected, elapsed_ms, message);
}

static void
relay_srt_output_finalize (GObject *object)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (object);

  relay_srt_url_free (self->url);
  G_OBJECT_CLASS (relay_srt_output_parent_class)->finalize (object);
}

static void
relay_srt_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (object);
  RelaySrtStats stats;

  relay_srt_output_get_stats (self, &stats);
  switch (prop_id)
    {
      case PROP_URL:
        g_value_set_boxed (value, self->url);
        break;
      case PROP_RTT_MS:
        g_value_set_uint (value, stats.rtt_ms > 0 ? (guint) (stats.rtt_ms + 0.5) : 0);
        break;
      case PROP_PACKETS_LOST:
        g_value_set_uint64 (value, stats.packets_lost);
        break;
      case PROP_PACKETS_RETRANSMITTED:
        g_value_set_uint64 (value, stats.packets_retransmitted);
        break;
      case PROP_RECEIVERS:
        g_value_set_uint (value, stats.receivers);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_srt_output_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RelaySrtOutput *self = RELAY_SRT_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_URL:
        self->url = g_value_dup_boxed (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_srt_output_class_init (RelaySrtOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);
  const GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relay_srt_output_finalize;
  object_class->get_property = relay_srt_output_get_property;
  object_class->set_property = relay_srt_output_set_property;

  output_class->audio_codec = RELAY_AUDIO_CODEC_AAC;
  output_class->create_bin = relay_srt_output_create_bin;
  output_class->query_progress = relay_srt_output_query_progress;
  output_class->explain_error = relay_srt_output_explain_error;

  properties[PROP_URL] =
      g_param_spec_boxed ("url", NULL, NULL, RELAY_TYPE_SRT_URL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The statistics window shows these (read at each "stats-updated"). */
  properties[PROP_RTT_MS] = g_param_spec_uint ("rtt-ms", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_PACKETS_LOST] =
      g_param_spec_uint64 ("packets-lost", NULL, NULL, 0, G_MAXUINT64, 0, readable);
  properties[PROP_PACKETS_RETRANSMITTED] =
      g_param_spec_uint64 ("packets-retransmitted", NULL, NULL, 0, G_MAXUINT64, 0, readable);
  properties[PROP_RECEIVERS] =
      g_param_spec_uint ("receivers", NULL, NULL, 0, G_MAXUINT, 0, readable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_srt_output_init (RelaySrtOutput *self)
{
  self->stats.rtt_ms = -1;
}

RelayOutput *
relay_srt_output_new (const RelaySrtUrl *url, const RelayOutputOptions *options)
{
  g_autofree char *full = relay_srt_url_to_string (url);
  const char *names[] = { "url" };
  GValue values[G_N_ELEMENTS (names)] = { G_VALUE_INIT };
  RelayOutput *self;

  /* The passphrase and the stream ID must never show up, wherever they go. */
  relay_mask_register_url (full);
  relay_mask_register_secret (url->passphrase);
  relay_mask_register_secret (url->streamid);

  g_value_init (&values[0], RELAY_TYPE_SRT_URL);
  g_value_set_boxed (&values[0], url);
  self = relay_output_new_with_options (RELAY_TYPE_SRT_OUTPUT, options, full, G_N_ELEMENTS (names),
                                        names, values);
  g_value_unset (&values[0]);
  return self;
}

const RelaySrtUrl *
relay_srt_output_get_url (RelaySrtOutput *self)
{
  g_return_val_if_fail (RELAY_IS_SRT_OUTPUT (self), NULL);

  return self->url;
}

/* The current attempt's receivers; lost and retransmitted packets of the whole run. */
void
relay_srt_output_get_stats (RelaySrtOutput *self, RelaySrtStats *stats)
{
  g_return_if_fail (RELAY_IS_SRT_OUTPUT (self));

  *stats = self->stats;
  stats->packets_lost += self->lost_before;
  stats->packets_retransmitted += self->retransmitted_before;
}
