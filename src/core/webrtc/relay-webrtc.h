/* relay-webrtc.h: what every webrtcbin of Relaycast shares: the ICE agent's
 * setup, ICE servers, the sending payloaders, stats and SDP helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#ifndef GST_USE_UNSTABLE_API
#define GST_USE_UNSTABLE_API /* libgstwebrtc says so in every build otherwise */
#endif
#include <gio/gio.h>
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include "relay-enums.h"

G_BEGIN_DECLS

#define RELAY_WEBRTC_VIDEO_PAYLOAD_TYPE 96
#define RELAY_WEBRTC_AUDIO_PAYLOAD_TYPE 111
/* the tees of received H.264 and Opus, depayloaded, in a receiving bin */
#define RELAY_WEBRTC_FORWARD_VIDEO "forward-video"
#define RELAY_WEBRTC_FORWARD_AUDIO "forward-audio"

/* What webrtcbin reports about one connection. */
typedef struct
{
  GstWebRTCPeerConnectionState connection_state;
  guint64 bytes_sent;
  guint64 packets_sent;
  guint64 bytes_received;
  guint64 packets_received;
  /* seconds; negative until the receiver has reported */
  double round_trip_time;
  guint64 packets_lost;
  /* 0 to 1, in the receiver's last report */
  double fraction_lost;
  /* bits per second */
  guint bitrate;
  guint nack_count;
  guint pli_count;
  /* ICE restarts that brought the connection back */
  guint ice_restarts;
  /* the sum of the highest sequence numbers the receiver reported: it moves
   * while reports come */
  guint64 receiver_reports;
} RelayWebrtcStats;

GstElement *relay_webrtc_bin_add_new (GstBin *bin, const char *const *ice_servers, GError **error);
void relay_webrtc_add_ice_server (GstElement *webrtc, const char *server);
gboolean relay_webrtc_add_senders (GstElement *bin, GstElement *webrtc, gboolean video,
                                   gboolean audio, RelayH264Profile profile, GstCaps *const *codecs,
                                   GError **error);

void relay_webrtc_stats_init (RelayWebrtcStats *stats);
void relay_webrtc_stats_read (const GstStructure *report, RelayWebrtcStats *stats);

char *relay_webrtc_dup_description (GstElement *webrtc, const char *property);
GstWebRTCSessionDescription *relay_webrtc_description_new (GstWebRTCSDPType type, const char *text);
char *relay_webrtc_random_ice_string (guint length);
void relay_webrtc_sdp_add_candidates (GstSDPMessage *sdp, guint mline, GPtrArray *candidates);

void relay_webrtc_decode_received (GstElement *bin, GstElement *webrtc);
gboolean relay_webrtc_codec_is (const GstCaps *codec, const char *encoding);
GError *relay_webrtc_promise_error (GstPromise *promise);
void relay_webrtc_describe_async (GstElement *webrtc, GstWebRTCSessionDescription *description,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
char *relay_webrtc_describe_finish (GstElement *webrtc, GAsyncResult *result, GError **error);

G_END_DECLS
