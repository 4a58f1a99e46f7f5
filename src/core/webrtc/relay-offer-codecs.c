/* relay-offer-codecs.c: the format Relaycast takes or sends in each medium
 * of a peer's offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <string.h>

#include "relay-offer-codecs.h"

static gboolean
media_is_kind (const GstSDPMedia *media, RelayMediaKind kind)
{
  return g_strcmp0 (gst_sdp_media_get_media (media), kind == RELAY_MEDIA_VIDEO ? "video" : "audio")
         == 0;
}

/* Whether the peer sends (publish) or receives (subscribe) on @media. */
static gboolean
media_goes_our_way (const GstSDPMedia *media, RelayWebrtcRole role)
{
  gboolean sends = gst_sdp_media_get_attribute_val (media, "sendonly") != NULL;
  gboolean receives = gst_sdp_media_get_attribute_val (media, "recvonly") != NULL;
  gboolean inactive = gst_sdp_media_get_attribute_val (media, "inactive") != NULL;

  if (inactive || gst_sdp_media_get_port (media) == 0)
    return FALSE;
  return role == RELAY_WEBRTC_ROLE_PUBLISH ? !receives : !sends;
}

static gboolean
h264_packetized (const GstStructure *structure)
{
  return g_strcmp0 (gst_structure_get_string (structure, "packetization-mode"), "1") == 0;
}

/* GStreamer turns an H.264 profile-level-id into a profile name: the
 * fmtp line has the value itself. */
static char *
h264_profile_level_id (const GstSDPMedia *media, int pt)
{
  g_autofree char *prefix = g_strdup_printf ("%d ", pt);

  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      const GstSDPAttribute *attribute = gst_sdp_media_get_attribute (media, i);
      g_auto (GStrv) parameters = NULL;

      if (g_strcmp0 (attribute->key, "fmtp") != 0 || attribute->value == NULL
          || !g_str_has_prefix (attribute->value, prefix))
        continue;
      parameters = g_strsplit (attribute->value + strlen (prefix), ";", -1);
      for (guint j = 0; parameters[j] != NULL; j++)
        {
          const char *parameter = g_strstrip (parameters[j]);

          if (g_ascii_strncasecmp (parameter, "profile-level-id=", 17) == 0
              && strlen (parameter + 17) == 6)
            return g_ascii_strdown (parameter + 17, -1);
        }
    }
  return NULL;
}

/* The rank of a format for @role: 0 refuses it, higher is better. A WHEP
 * viewer gets H.264 of the encoder's profile (@h264_profile_idc, two hex
 * digits), or VP8 when that is "VP8" (a publisher's, forwarded); a
 * publisher may send H.264 of any profile, or VP8. */
static guint
rank_format (const GstStructure *structure, RelayWebrtcRole role, const char *h264_profile_idc)
{
  const char *name = gst_structure_get_string (structure, "encoding-name");
  const char *profile_level_id = gst_structure_get_string (structure, "profile-level-id");

  if (name == NULL)
    return 0;
  if (g_ascii_strcasecmp (name, "OPUS") == 0)
    return 1;
  if (g_ascii_strcasecmp (name, "VP8") == 0)
    return role == RELAY_WEBRTC_ROLE_PUBLISH || g_strcmp0 (h264_profile_idc, "VP8") == 0 ? 1 : 0;
  if (g_ascii_strcasecmp (name, "H264") != 0 || !h264_packetized (structure))
    return 0;
  if (role == RELAY_WEBRTC_ROLE_PUBLISH)
    return 2;
  if (profile_level_id == NULL || h264_profile_idc == NULL
      || g_ascii_strncasecmp (profile_level_id, h264_profile_idc, 2) != 0)
    return 0;
  /* constrained baseline (42e0) over plain baseline (4200) */
  return g_ascii_strncasecmp (profile_level_id + 2, "e0", 2) == 0 ? 3 : 2;
}

static GstCaps *
pick_from_media (const GstSDPMedia *media, RelayMediaKind kind, RelayWebrtcRole role,
                 const char *h264_profile_idc)
{
  GstCaps *best = NULL;
  guint best_rank = 0;

  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++)
    {
      int pt = (int) g_ascii_strtoll (gst_sdp_media_get_format (media, i), NULL, 10);
      GstCaps *caps = gst_sdp_media_get_caps_from_media (media, pt);
      g_autofree char *profile_level_id = h264_profile_level_id (media, pt);
      GstStructure *structure;
      guint rank;

      if (caps == NULL)
        continue;
      caps = gst_caps_make_writable (caps);
      structure = gst_caps_get_structure (caps, 0);
      gst_structure_set_name (structure, "application/x-rtp");
      gst_structure_set (structure, "media", G_TYPE_STRING,
                         kind == RELAY_MEDIA_VIDEO ? "video" : "audio", NULL);
      if (profile_level_id != NULL)
        gst_structure_set (structure, "profile-level-id", G_TYPE_STRING, profile_level_id, NULL);
      rank = rank_format (structure, role, h264_profile_idc);
      if (rank > best_rank)
        {
          gst_clear_caps (&best);
          best = caps;
          best_rank = rank;
        }
      else
        gst_caps_unref (caps);
    }
  return best;
}

/**
 * relay_offer_codecs_pick:
 * @h264_profile_idc: (nullable): for a WHEP viewer, the profile of the H.264
 *   it will be sent, as two hex digits ("42", "4d", "64"), or "VP8"
 *
 * Returns: (transfer full) (nullable): the best format of @offer for @kind
 *   in the first section that goes @role's way, or %NULL
 */
GstCaps *
relay_offer_codecs_pick (const GstSDPMessage *offer, RelayMediaKind kind, RelayWebrtcRole role,
                         const char *h264_profile_idc)
{
  for (guint i = 0; i < gst_sdp_message_medias_len (offer); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (offer, i);

      if (media_is_kind (media, kind) && media_goes_our_way (media, role))
        return pick_from_media (media, kind, role, h264_profile_idc);
    }
  return NULL;
}

/* Publishers: each receiving transceiver is told the one format to answer
 * with, or webrtcbin would answer every format offered. */
void
relay_offer_codecs_prefer (GstElement *webrtc, const GstSDPMessage *offer, RelayWebrtcRole role)
{
  g_autoptr (GArray) transceivers = NULL;

  g_signal_emit_by_name (webrtc, "get-transceivers", &transceivers);
  for (guint i = 0; transceivers != NULL && i < transceivers->len; i++)
    {
      GstWebRTCRTPTransceiver *transceiver =
          g_array_index (transceivers, GstWebRTCRTPTransceiver *, i);
      guint mline = G_MAXUINT;
      const GstSDPMedia *media;
      g_autoptr (GstCaps) caps = NULL;

      g_object_get (transceiver, "mlineindex", &mline, NULL);
      if (mline >= gst_sdp_message_medias_len (offer))
        continue;
      media = gst_sdp_message_get_media (offer, mline);
      if (media_is_kind (media, RELAY_MEDIA_VIDEO))
        caps = pick_from_media (media, RELAY_MEDIA_VIDEO, role, NULL);
      else if (media_is_kind (media, RELAY_MEDIA_AUDIO))
        caps = pick_from_media (media, RELAY_MEDIA_AUDIO, role, NULL);
      if (caps != NULL)
        g_object_set (transceiver, "codec-preferences", caps, NULL);
    }
}
