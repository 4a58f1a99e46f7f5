/* relay-webrtc.c
 *
 * The pieces the WHIP output, the WHEP output and the WebRTC ingest all use
 * around webrtcbin, so that each of them only says what its side of the
 * session does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gio/gio.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

#include "relay-gst-util.h"
#include "relay-webrtc.h"

/* room for the SRTP and DTLS overhead within any path's MTU */
#define RTP_MTU 1200
/* candidates on loopback and the LAN are found in milliseconds; STUN may take longer */
#define GATHER_TIMEOUT_MS 2500
/* how long the jitter buffer waits for a late or lost packet (those in order
 * go on at once): enough for loopback and a LAN */
#define RECEIVE_LATENCY_MS 50

/* libnice leaves out loopback unless told, and would announce itself over
 * UPnP: every local address is given explicitly. */
static void
configure_ice_agent (GstElement *webrtc)
{
  g_autoptr (GObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;
  struct ifaddrs *addresses = NULL;

  g_object_get (webrtc, "ice-agent", &ice, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  /* binding requests as keepalives notice a peer that is gone */
  g_object_set (agent, "upnp", FALSE, "keepalive-conncheck", TRUE, NULL);

  if (getifaddrs (&addresses) != 0)
    return;

  for (struct ifaddrs *item = addresses; item != NULL; item = item->ifa_next)
    {
      g_autoptr (GInetAddress) address = NULL;
      g_autofree char *text = NULL;
      gboolean added = FALSE;

      if (item->ifa_addr == NULL || !(item->ifa_flags & IFF_UP))
        continue;

      if (item->ifa_addr->sa_family == AF_INET)
        address = g_inet_address_new_from_bytes (
            (const guint8 *) &((struct sockaddr_in *) item->ifa_addr)->sin_addr,
            G_SOCKET_FAMILY_IPV4);
      else if (item->ifa_addr->sa_family == AF_INET6
               && !IN6_IS_ADDR_LINKLOCAL (&((struct sockaddr_in6 *) item->ifa_addr)->sin6_addr))
        address = g_inet_address_new_from_bytes (
            (const guint8 *) &((struct sockaddr_in6 *) item->ifa_addr)->sin6_addr,
            G_SOCKET_FAMILY_IPV6);
      if (address == NULL)
        continue;

      text = g_inet_address_to_string (address);
      g_signal_emit_by_name (ice, "add-local-ip-address", text, &added);
      g_debug ("WebRTC: ICE address %s%s", text, added ? "" : " refused");
    }
  freeifaddrs (addresses);
}

/* webrtcbin takes one STUN server, and TURN servers as many as given. */
void
relay_webrtc_add_ice_server (GstElement *webrtc, const char *server)
{
  g_autofree char *stun = NULL;
  g_autofree char *turn = NULL;
  gboolean added = FALSE;

  g_object_get (webrtc, "stun-server", &stun, "turn-server", &turn, NULL);
  if (g_str_has_prefix (server, "stun://"))
    {
      if (stun == NULL)
        g_object_set (webrtc, "stun-server", server, NULL);
    }
  else if (turn == NULL)
    {
      g_object_set (webrtc, "turn-server", server, NULL);
    }
  else if (g_strcmp0 (turn, server) != 0)
    {
      g_signal_emit_by_name (webrtc, "add-turn-server", server, &added);
      if (!added)
        g_debug ("WebRTC: webrtcbin refused a TURN server");
    }
}

/* webrtcbin (1.22) paces every stream it sends with a clocksync that holds
 * each buffer until its running time plus all the latency upstream of it:
 * the publisher's jitter buffer, the mixer, the encoder. What Relaycast sends
 * comes from live mixers and is on time already, so that wait only delays
 * every picture and sound once more (by 50 to 200 ms). */
static void
on_webrtc_element_added (GstBin *webrtc, GstElement *element, gpointer user_data)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "clocksync"))
    g_object_set (element, "sync", FALSE, NULL);
}

/**
 * relay_webrtc_bin_add_new:
 * @ice_servers: (array zero-terminated=1) (nullable): STUN and TURN servers
 *   as webrtcbin takes them
 *
 * Returns: (transfer none): a webrtcbin in @bin, max-bundle, its ICE agent
 *   given every local address (loopback included), UPnP off, sending what
 *   it is given as it comes
 */
GstElement *
relay_webrtc_bin_add_new (GstBin *bin, const char *const *ice_servers, GError **error)
{
  GstElement *webrtc = relay_bin_add_new (bin, "webrtcbin", error);

  if (webrtc == NULL)
    return NULL;

  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  g_signal_connect (webrtc, "element-added", G_CALLBACK (on_webrtc_element_added), NULL);
  configure_ice_agent (webrtc);
  for (guint i = 0; ice_servers != NULL && ice_servers[i] != NULL; i++)
    relay_webrtc_add_ice_server (webrtc, ice_servers[i]);
  return webrtc;
}

/* What the payloader announces, made to agree with what was negotiated.
 * Constrained baseline is announced as 42e0 (what browsers and ingest
 * servers look for) rather than the 42c0 x264 writes: the same profile. A
 * negotiated profile-level-id (a WHEP viewer's) replaces the encoder's: the
 * profile is the same, and receivers allow another level. */
static GstPadProbeReturn
announce_profile (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  const char *negotiated = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps = NULL;
  const char *profile_level_id;
  g_autofree char *value = NULL;
  g_autoptr (GstCaps) announced = NULL;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;

  gst_event_parse_caps (event, &caps);
  profile_level_id =
      gst_structure_get_string (gst_caps_get_structure (caps, 0), "profile-level-id");
  if (profile_level_id == NULL || strlen (profile_level_id) != 6)
    return GST_PAD_PROBE_OK;

  if (negotiated != NULL)
    value = g_strdup (negotiated);
  else if (g_ascii_strncasecmp (profile_level_id, "42", 2) == 0)
    value = g_strconcat ("42e0", profile_level_id + 4, NULL);
  else
    return GST_PAD_PROBE_OK;

  announced = gst_caps_copy (caps);
  gst_caps_set_simple (announced, "profile-level-id", G_TYPE_STRING, value, NULL);
  gst_event_unref (event);
  GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_caps (announced);
  return GST_PAD_PROBE_OK;
}

/* Returns: (transfer none): the payloader, fed by the bin's pad @name */
static GstElement *
add_sender (GstElement *bin, GstElement *webrtc, const char *name, const char *payloader,
            GstCaps *codec, guint default_payload_type, gboolean nack, GError **error)
{
  GstElement *pay = relay_bin_add_new (GST_BIN (bin), payloader, error);
  g_autoptr (GstPad) pay_src = NULL;
  g_autoptr (GstPad) webrtc_sink = NULL;
  g_autoptr (GstWebRTCRTPTransceiver) transceiver = NULL;
  int payload_type = (int) default_payload_type;

  if (pay == NULL)
    return NULL;

  if (codec != NULL)
    gst_structure_get_int (gst_caps_get_structure (codec, 0), "payload", &payload_type);
  g_object_set (pay, "pt", (guint) payload_type, "mtu", RTP_MTU, NULL);
  relay_ghost_static_pad (bin, pay, "sink", name);

  pay_src = gst_element_get_static_pad (pay, "src");
  webrtc_sink = gst_element_request_pad_simple (webrtc, "sink_%u");
  if (gst_pad_link (pay_src, webrtc_sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, "cannot link %s to webrtcbin",
                   payloader);
      return NULL;
    }

  g_object_get (webrtc_sink, "transceiver", &transceiver, NULL);
  g_object_set (transceiver, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, "do-nack",
                nack, NULL);
  if (codec != NULL)
    {
      /* The payloader asks webrtcbin for caps that allow the encoder's
       * profile-level-id (another level, other constraint flags); the offer
       * names the one agreed, which announce_profile() puts in its place. */
      g_autoptr (GstCaps) preferences = gst_caps_copy (codec);

      gst_structure_remove_fields (gst_caps_get_structure (preferences, 0), "profile-level-id",
                                   "profile", NULL);
      g_object_set (transceiver, "codec-preferences", preferences, NULL);
    }
  return pay;
}

/* Whether @codec (an offer's format, nullable) is of @encoding ("VP8"). */
gboolean
relay_webrtc_codec_is (const GstCaps *codec, const char *encoding)
{
  return codec != NULL && !gst_caps_is_empty (codec)
         && g_strcmp0 (
                gst_structure_get_string (gst_caps_get_structure (codec, 0), "encoding-name"),
                encoding)
                == 0;
}

/**
 * relay_webrtc_add_senders:
 * @bin: gets a "video" and/or an "audio" sink pad, for H.264 (VP8 when the
 *   video codec settled is: a publisher's, forwarded) and Opus
 * @codecs: (array fixed-size=2) (nullable): by #RelayMediaKind, what the
 *   peer's offer settled (payload type, fmtp), or %NULL to offer
 *
 * Sendonly transceivers fed by payloaders of the shared encoders' output,
 * or of a publisher's media as it came.
 */
gboolean
relay_webrtc_add_senders (GstElement *bin, GstElement *webrtc, gboolean video, gboolean audio,
                          RelayH264Profile profile, GstCaps *const *codecs, GError **error)
{
  GstCaps *video_codec = codecs ? codecs[RELAY_MEDIA_VIDEO] : NULL;
  GstCaps *audio_codec = codecs ? codecs[RELAY_MEDIA_AUDIO] : NULL;

  if (video && relay_webrtc_codec_is (video_codec, "VP8"))
    {
      if (!add_sender (bin, webrtc, "video", "rtpvp8pay", video_codec,
                       RELAY_WEBRTC_VIDEO_PAYLOAD_TYPE, TRUE, error))
        return FALSE;
    }
  else if (video)
    {
      GstElement *pay = add_sender (bin, webrtc, "video", "rtph264pay", video_codec,
                                    RELAY_WEBRTC_VIDEO_PAYLOAD_TYPE, TRUE, error);
      const char *negotiated = NULL;
      g_autoptr (GstPad) pay_src = NULL;

      if (pay == NULL)
        return FALSE;

      /* parameter sets before every keyframe, for receivers joining late */
      g_object_set (pay, "config-interval", -1, NULL);
      gst_util_set_object_arg (G_OBJECT (pay), "aggregate-mode", "zero-latency");
      pay_src = gst_element_get_static_pad (pay, "src");
      if (video_codec != NULL)
        negotiated =
            gst_structure_get_string (gst_caps_get_structure (video_codec, 0), "profile-level-id");
      if (negotiated != NULL)
        gst_pad_add_probe (pay_src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, announce_profile,
                           g_strdup (negotiated), g_free);
      else if (profile == RELAY_H264_PROFILE_CONSTRAINED_BASELINE)
        gst_pad_add_probe (pay_src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, announce_profile, NULL,
                           NULL);
    }
  if (audio
      && !add_sender (bin, webrtc, "audio", "rtpopuspay", audio_codec,
                      RELAY_WEBRTC_AUDIO_PAYLOAD_TYPE, FALSE, error))
    return FALSE;
  return TRUE;
}

/* Stats */

void
relay_webrtc_stats_init (RelayWebrtcStats *stats)
{
  *stats = (RelayWebrtcStats){ .connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW,
                               .round_trip_time = -1.0 };
}

static guint
highest_reported_seq (const GstStructure *remote_inbound)
{
  const GstStructure *source = NULL;
  guint seq = 0;

  if (gst_structure_get (remote_inbound, "gst-rtpsource-stats", GST_TYPE_STRUCTURE, &source, NULL))
    {
      gst_structure_get_uint (source, "rb-exthighestseq", &seq);
      gst_structure_free ((GstStructure *) source);
    }
  return seq;
}

/**
 * relay_webrtc_stats_read:
 * @report: what webrtcbin's get-stats answered
 * @stats: (inout): its counters are set from @report; the connection state,
 *   bitrate and ICE restarts are left as they are
 */
void
relay_webrtc_stats_read (const GstStructure *report, RelayWebrtcStats *stats)
{
  stats->bytes_sent = stats->packets_sent = stats->bytes_received = stats->packets_received = 0;
  stats->packets_lost = stats->receiver_reports = 0;
  stats->nack_count = stats->pli_count = 0;
  stats->round_trip_time = -1.0;
  stats->fraction_lost = 0;

  for (int i = 0; i < gst_structure_n_fields (report); i++)
    {
      const GValue *value =
          gst_structure_get_value (report, gst_structure_nth_field_name (report, i));
      const GstStructure *entry;
      GstWebRTCStatsType type;
      guint64 u64 = 0;
      gint64 i64 = 0;
      guint count = 0;
      double number = 0;

      if (!GST_VALUE_HOLDS_STRUCTURE (value))
        continue;
      entry = gst_value_get_structure (value);
      if (!gst_structure_get (entry, "type", GST_TYPE_WEBRTC_STATS_TYPE, &type, NULL))
        continue;

      switch (type)
        {
          case GST_WEBRTC_STATS_OUTBOUND_RTP:
            if (gst_structure_get_uint64 (entry, "bytes-sent", &u64))
              stats->bytes_sent += u64;
            if (gst_structure_get_uint64 (entry, "packets-sent", &u64))
              stats->packets_sent += u64;
            if (gst_structure_get_uint (entry, "nack-count", &count))
              stats->nack_count += count;
            if (gst_structure_get_uint (entry, "pli-count", &count))
              stats->pli_count += count;
            break;
          case GST_WEBRTC_STATS_INBOUND_RTP:
            if (gst_structure_get_uint64 (entry, "bytes-received", &u64))
              stats->bytes_received += u64;
            if (gst_structure_get_uint64 (entry, "packets-received", &u64))
              stats->packets_received += u64;
            if (gst_structure_get_int64 (entry, "packets-lost", &i64) && i64 > 0)
              stats->packets_lost += (guint64) i64;
            break;
          case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
            if (gst_structure_get_double (entry, "round-trip-time", &number))
              stats->round_trip_time = MAX (stats->round_trip_time, number);
            if (gst_structure_get_int64 (entry, "packets-lost", &i64) && i64 > 0)
              stats->packets_lost += (guint64) i64;
            if (gst_structure_get_double (entry, "fraction-lost", &number))
              stats->fraction_lost = MAX (stats->fraction_lost, number);
            stats->receiver_reports += highest_reported_seq (entry);
            break;
          default:
            break;
        }
    }
}

/* SDP */

/* Returns: (nullable): webrtcbin's "local-description" or
 * "remote-description" as SDP text */
char *
relay_webrtc_dup_description (GstElement *webrtc, const char *property)
{
  GstWebRTCSessionDescription *description = NULL;
  char *text;

  g_object_get (webrtc, property, &description, NULL);
  if (description == NULL)
    return NULL;
  text = gst_sdp_message_as_text (description->sdp);
  gst_webrtc_session_description_free (description);
  return text;
}

/* Returns: (nullable): @text parsed, or %NULL when it is no SDP */
GstWebRTCSessionDescription *
relay_webrtc_description_new (GstWebRTCSDPType type, const char *text)
{
  GstSDPMessage *sdp = NULL;

  if (text == NULL || gst_sdp_message_new_from_text (text, &sdp) != GST_SDP_OK)
    return NULL;
  if (gst_sdp_message_medias_len (sdp) == 0)
    {
      gst_sdp_message_free (sdp);
      return NULL;
    }
  return gst_webrtc_session_description_new (type, sdp);
}

/* ICE credentials of our own: ICE restarts need new ones (webrtcbin 1.22
 * makes none). */
char *
relay_webrtc_random_ice_string (guint length)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *text = g_new0 (char, length + 1);

  for (guint i = 0; i < length; i++)
    text[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  return text;
}

/**
 * relay_webrtc_sdp_add_candidates:
 * @candidates: (element-type utf8): "candidate:…" lines, as webrtcbin gives them
 *
 * Adds them to media section @mline (with bundle, the one that carries ICE).
 */
void
relay_webrtc_sdp_add_candidates (GstSDPMessage *sdp, guint mline, GPtrArray *candidates)
{
  GstSDPMedia *media;

  if (mline >= gst_sdp_message_medias_len (sdp))
    return;
  media = (GstSDPMedia *) gst_sdp_message_get_media (sdp, mline);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *candidate = g_ptr_array_index (candidates, i);

      if (g_str_has_prefix (candidate, "candidate:"))
        gst_sdp_media_add_attribute (media, "candidate", candidate + strlen ("candidate:"));
    }
}

/* Received media */

/* decodebin's pads, from its streaming thread: the first raw video and the
 * first raw audio become the bin's. */
static void
on_decoded_pad (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  GstElement *bin = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *media;
  const char *name;
  GstPad *ghost;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_has_prefix (media, "video/x-raw"))
    name = "video";
  else if (g_str_has_prefix (media, "audio/x-raw"))
    name = "audio";
  else
    return;

  ghost = gst_ghost_pad_new (name, pad);
  gst_pad_set_active (ghost, TRUE);
  /* refused (and dropped) when a second stream of the kind comes */
  if (!gst_element_add_pad (bin, ghost))
    g_debug ("WebRTC: a second received %s stream is left out", name);
}

/* H.264, VP8 and Opus, which a WHEP viewer can be sent as they came: depayloaded
 * once into a tee (RELAY_WEBRTC_FORWARD_VIDEO or _AUDIO, in @bin), which
 * decodebin takes one branch of.
 * Returns: (transfer none) (nullable): the element to decode from, or %NULL
 *   for a format only decoded */
static GstElement *
add_forward_tee (GstElement *bin, GstPad *pad)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) depay_sink = NULL;
  GstElement *depay, *parse = NULL, *tee, *queue;
  const char *encoding = NULL;
  gboolean h264, video;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (!gst_caps_is_empty (caps))
    encoding = gst_structure_get_string (gst_caps_get_structure (caps, 0), "encoding-name");
  h264 = g_strcmp0 (encoding, "H264") == 0;
  video = h264 || g_strcmp0 (encoding, "VP8") == 0;
  if (!video && g_strcmp0 (encoding, "OPUS") != 0)
    return NULL;
  if (!(depay = relay_bin_add_new (GST_BIN (bin),
                                   h264    ? "rtph264depay"
                                   : video ? "rtpvp8depay"
                                           : "rtpopusdepay",
                                   &error))
      || (h264 && !(parse = relay_bin_add_new (GST_BIN (bin), "h264parse", &error)))
      || !(tee = relay_make_element (
               "tee", video ? RELAY_WEBRTC_FORWARD_VIDEO : RELAY_WEBRTC_FORWARD_AUDIO, &error))
      || !(queue = relay_bin_add_new (GST_BIN (bin), "queue", &error)))
    {
      g_debug ("WebRTC: received %s only decoded: %s", encoding, error->message);
      return NULL;
    }
  if (parse != NULL)
    /* parameter sets before every keyframe, for viewers joining late */
    g_object_set (parse, "config-interval", -1, NULL);
  gst_bin_add (GST_BIN (bin), tee);
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  if (parse != NULL)
    gst_element_link_many (depay, parse, tee, queue, NULL);
  else
    gst_element_link_many (depay, tee, queue, NULL);
  gst_element_sync_state_with_parent (queue);
  gst_element_sync_state_with_parent (tee);
  if (parse != NULL)
    gst_element_sync_state_with_parent (parse);
  gst_element_sync_state_with_parent (depay);
  depay_sink = gst_element_get_static_pad (depay, "sink");
  return gst_pad_link (pad, depay_sink) == GST_PAD_LINK_OK ? queue : NULL;
}

/* webrtcbin's receiving pads appear once media arrives. */
static void
on_received_pad (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  GstElement *bin = user_data;
  g_autoptr (GstPad) sink = NULL;
  g_autoptr (GstPad) from = NULL;
  GstElement *decodebin, *forwarded;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  decodebin = gst_element_factory_make ("decodebin", NULL);
  if (decodebin == NULL)
    {
      GST_ELEMENT_ERROR (bin, CORE, MISSING_PLUGIN, ("decodebin is missing"), (NULL));
      return;
    }
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), bin);
  gst_bin_add (GST_BIN (bin), decodebin);
  gst_element_sync_state_with_parent (decodebin);
  sink = gst_element_get_static_pad (decodebin, "sink");
  forwarded = add_forward_tee (bin, pad);
  from = forwarded != NULL ? gst_element_get_static_pad (forwarded, "src") : gst_object_ref (pad);
  if (gst_pad_link (from, sink) != GST_PAD_LINK_OK)
    GST_ELEMENT_ERROR (bin, CORE, NEGOTIATION, ("cannot decode what the peer sends"), (NULL));
}

/**
 * relay_webrtc_decode_received:
 * @bin: the bin that holds @webrtc
 *
 * What @webrtc receives is decoded: the first raw video and the first raw
 * audio appear as @bin's "video" and "audio" pads (pad-added), as a
 * #RelaySource's bin has them.
 */
void
relay_webrtc_decode_received (GstElement *bin, GstElement *webrtc)
{
  g_object_set (webrtc, "latency", RECEIVE_LATENCY_MS, NULL);
  g_signal_connect (webrtc, "pad-added", G_CALLBACK (on_received_pad), bin);
}

/* Promises */

/* Returns: (nullable): the error webrtcbin replied to @promise with, or
 * one when it did not reply */
GError *
relay_webrtc_promise_error (GstPromise *promise)
{
  const GstStructure *reply;
  GError *error = NULL;

  if (gst_promise_wait (promise) != GST_PROMISE_RESULT_REPLIED)
    return g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_FAILED, "webrtcbin did not reply");
  reply = gst_promise_get_reply (promise);
  if (reply != NULL && gst_structure_has_field (reply, "error"))
    gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL);
  return error;
}

/* Describing: the local description with its candidates, for a WHIP or WHEP
 * exchange whose candidates do not trickle */

typedef struct
{
  GstElement *webrtc;
  GMutex lock;
  /* "candidate:…" lines of the first media section (bundle carries ICE there) */
  GPtrArray *candidates;
  gboolean described;
  GError *error;
  gboolean timed_out;
  guint timeout_id;
  gulong candidate_handler;
  gulong gathering_handler;
  gulong cancelled_handler;
  gboolean returned;
} Describe;

static void
describe_closure_done (gpointer task, GClosure *closure)
{
  g_object_unref (task);
}

static void
describe_free (gpointer data)
{
  Describe *describe = data;

  g_clear_handle_id (&describe->timeout_id, g_source_remove);
  gst_object_unref (describe->webrtc);
  g_ptr_array_unref (describe->candidates);
  g_clear_error (&describe->error);
  g_mutex_clear (&describe->lock);
  g_free (describe);
}

/* Ends the task; the signal handlers hold it until they are gone. */
static void
describe_return (GTask *task, char *sdp, GError *error)
{
  Describe *describe = g_task_get_task_data (task);

  describe->returned = TRUE;
  g_clear_handle_id (&describe->timeout_id, g_source_remove);
  g_clear_signal_handler (&describe->candidate_handler, describe->webrtc);
  g_clear_signal_handler (&describe->gathering_handler, describe->webrtc);
  g_cancellable_disconnect (g_task_get_cancellable (task), describe->cancelled_handler);
  describe->cancelled_handler = 0;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sdp, g_free);
}

static char *
describe_sdp (Describe *describe)
{
  GstWebRTCSessionDescription *local = NULL;
  char *text;

  g_object_get (describe->webrtc, "local-description", &local, NULL);
  if (local == NULL)
    return NULL;
  /* webrtcbin leaves the candidates out of its description */
  g_mutex_lock (&describe->lock);
  if (gst_sdp_message_medias_len (local->sdp) > 0
      && gst_sdp_media_get_attribute_val (gst_sdp_message_get_media (local->sdp, 0), "candidate")
             == NULL)
    relay_webrtc_sdp_add_candidates (local->sdp, 0, describe->candidates);
  g_mutex_unlock (&describe->lock);
  text = gst_sdp_message_as_text (local->sdp);
  gst_webrtc_session_description_free (local);
  return text;
}

static gboolean on_describe_timeout (gpointer user_data);

/* On the main context, after each step: returns once the description is set
 * and gathering is complete (or has taken too long). */
static gboolean
describe_check (gpointer user_data)
{
  GTask *task = user_data;
  Describe *describe = g_task_get_task_data (task);
  GstWebRTCICEGatheringState gathering = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  GError *error = NULL;
  gboolean described;
  char *sdp;

  if (describe->returned)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&describe->lock);
  described = describe->described;
  error = g_steal_pointer (&describe->error);
  g_mutex_unlock (&describe->lock);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
  if (error != NULL)
    {
      describe_return (task, NULL, error);
      return G_SOURCE_REMOVE;
    }
  if (!described)
    return G_SOURCE_REMOVE;

  g_object_get (describe->webrtc, "ice-gathering-state", &gathering, NULL);
  if (gathering != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE && !describe->timed_out)
    {
      if (describe->timeout_id == 0)
        describe->timeout_id =
            g_timeout_add_full (G_PRIORITY_DEFAULT, GATHER_TIMEOUT_MS, on_describe_timeout,
                                g_object_ref (task), g_object_unref);
      return G_SOURCE_REMOVE;
    }

  if (gathering != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    g_debug ("WebRTC: gathering not complete after %u ms, going with the candidates found",
             GATHER_TIMEOUT_MS);
  sdp = describe_sdp (describe);
  describe_return (task, sdp,
                   sdp == NULL ? g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_FAILED,
                                                      "webrtcbin has no local description")
                               : NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_describe_timeout (gpointer user_data)
{
  Describe *describe = g_task_get_task_data (user_data);

  describe->timeout_id = 0;
  describe->timed_out = TRUE;
  return describe_check (user_data);
}

static void
on_describe_candidate (GstElement *webrtc, guint mline_index, const char *text, gpointer user_data)
{
  Describe *describe = g_task_get_task_data (user_data);

  if (mline_index != 0)
    return;
  g_mutex_lock (&describe->lock);
  g_ptr_array_add (describe->candidates, g_strdup (text));
  g_mutex_unlock (&describe->lock);
}

static void
on_describe_gathering (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  relay_defer_to_main (describe_check, g_object_ref (user_data), g_object_unref);
}

static void
on_describe_cancelled (GCancellable *cancellable, gpointer user_data)
{
  relay_defer_to_main (describe_check, g_object_ref (user_data), g_object_unref);
}

static void
on_describe_local_set (GstPromise *promise, gpointer user_data)
{
  Describe *describe = g_task_get_task_data (user_data);
  GError *error = relay_webrtc_promise_error (promise);

  /* the reference the emitter made */
  gst_promise_unref (promise);
  g_mutex_lock (&describe->lock);
  describe->described = TRUE;
  describe->error = error;
  g_mutex_unlock (&describe->lock);
  relay_defer_to_main (describe_check, g_object_ref (user_data), g_object_unref);
}

/**
 * relay_webrtc_describe_async:
 * @description: the offer or answer webrtcbin made
 *
 * Sets @description as @webrtc's local description and waits for ICE
 * gathering to complete (a few seconds at most). Call it on the main context.
 */
void
relay_webrtc_describe_async (GstElement *webrtc, GstWebRTCSessionDescription *description,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (webrtc, cancellable, callback, user_data);
  Describe *describe = g_new0 (Describe, 1);

  g_task_set_source_tag (task, relay_webrtc_describe_async);
  describe->webrtc = gst_object_ref (webrtc);
  describe->candidates = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&describe->lock);
  g_task_set_task_data (task, describe, describe_free);

  describe->candidate_handler =
      g_signal_connect_data (webrtc, "on-ice-candidate", G_CALLBACK (on_describe_candidate),
                             g_object_ref (task), describe_closure_done, 0);
  describe->gathering_handler = g_signal_connect_data (
      webrtc, "notify::ice-gathering-state", G_CALLBACK (on_describe_gathering),
      g_object_ref (task), describe_closure_done, 0);
  if (cancellable != NULL)
    describe->cancelled_handler = g_cancellable_connect (
        cancellable, G_CALLBACK (on_describe_cancelled), g_object_ref (task), g_object_unref);
  g_signal_emit_by_name (webrtc, "set-local-description", description,
                         gst_promise_new_with_change_func (on_describe_local_set,
                                                           g_object_ref (task), g_object_unref));
}

/* Returns: (transfer full): the local description as SDP text, with the
 * candidates found */
char *
relay_webrtc_describe_finish (GstElement *webrtc, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, webrtc), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
