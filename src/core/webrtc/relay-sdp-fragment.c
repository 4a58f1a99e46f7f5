/* relay-sdp-fragment.c: SDP fragments (RFC 8840, application/trickle-ice-sdpfrag)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-sdp-fragment.h"

void
relay_sdp_fragment_candidate_free (gpointer data)
{
  RelaySdpFragmentCandidate *candidate = data;

  g_free (candidate->candidate);
  g_free (candidate);
}

static const char *
ice_attribute (const GstSDPMessage *sdp, const char *key)
{
  const char *value = gst_sdp_message_get_attribute_val (sdp, key);

  for (guint i = 0; value == NULL && i < gst_sdp_message_medias_len (sdp); i++)
    value = gst_sdp_media_get_attribute_val (gst_sdp_message_get_media (sdp, i), key);
  return value;
}

static void
append_media_section (GString *out, const GstSDPMedia *media)
{
  const char *mid = gst_sdp_media_get_attribute_val (media, "mid");

  g_string_append_printf (out, "m=%s 9 %s", gst_sdp_media_get_media (media),
                          gst_sdp_media_get_proto (media));
  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++)
    g_string_append_printf (out, " %s", gst_sdp_media_get_format (media, i));
  g_string_append (out, "\r\n");
  if (mid != NULL)
    g_string_append_printf (out, "a=mid:%s\r\n", mid);
}

/* The offer's ICE credentials, then the media sections with candidates: for
 * an ICE restart every section with the candidates the offer carries, for
 * trickle the sections of the candidates found since the last PATCH. */
static char *
build_fragment (const GstSDPMessage *sdp, GPtrArray *pending_candidates, gboolean restart,
                gboolean end_of_candidates)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\n",
                          ice_attribute (sdp, "ice-ufrag"), ice_attribute (sdp, "ice-pwd"));

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      g_autoptr (GString) lines = g_string_new (NULL);
      /* with max-bundle the first section speaks for all */
      gboolean end = end_of_candidates && i == 0;

      for (guint j = 0; restart && j < gst_sdp_media_attributes_len (media); j++)
        {
          const GstSDPAttribute *attribute = gst_sdp_media_get_attribute (media, j);

          if (g_str_equal (attribute->key, "candidate"))
            g_string_append_printf (lines, "a=candidate:%s\r\n", attribute->value);
        }
      for (guint j = 0; !restart && j < pending_candidates->len; j++)
        {
          RelaySdpFragmentCandidate *candidate = g_ptr_array_index (pending_candidates, j);

          if (candidate->mline_index == i)
            g_string_append_printf (lines, "a=%s\r\n", candidate->candidate);
        }

      if (!restart && lines->len == 0 && !end)
        continue;

      append_media_section (out, media);
      g_string_append (out, lines->str);
      if (end)
        g_string_append (out, "a=end-of-candidates\r\n");
    }

  return g_string_free (out, FALSE);
}

/**
 * relay_sdp_fragment_build_trickle:
 * @sdp: the local offer
 * @candidates: (element-type RelaySdpFragmentCandidate): found since the last fragment
 * @end_of_candidates: whether gathering is complete
 *
 * Returns: (transfer full): what a trickle PATCH carries: the credentials and
 *   the media sections of @candidates
 */
char *
relay_sdp_fragment_build_trickle (const GstSDPMessage *sdp, GPtrArray *candidates,
                                  gboolean end_of_candidates)
{
  return build_fragment (sdp, candidates, FALSE, end_of_candidates);
}

/**
 * relay_sdp_fragment_build_restart:
 * @sdp: an offer or answer with new ICE credentials and its candidates
 *
 * Returns: (transfer full): what an ICE restart's PATCH (or its answer)
 *   carries: the credentials and every media section with its candidates
 */
char *
relay_sdp_fragment_build_restart (const GstSDPMessage *sdp)
{
  return build_fragment (sdp, NULL, TRUE, TRUE);
}

static void
media_replace_attribute (GstSDPMedia *media, const char *key, const char *value)
{
  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      if (g_str_equal (gst_sdp_media_get_attribute (media, i)->key, key))
        {
          GstSDPAttribute attribute;

          gst_sdp_attribute_set (&attribute, key, value);
          gst_sdp_media_replace_attribute (media, i, &attribute);
        }
    }
}

static void
message_replace_attribute (GstSDPMessage *sdp, const char *key, const char *value)
{
  for (guint i = 0; i < gst_sdp_message_attributes_len (sdp); i++)
    {
      if (g_str_equal (gst_sdp_message_get_attribute (sdp, i)->key, key))
        {
          GstSDPAttribute attribute;

          gst_sdp_attribute_set (&attribute, key, value);
          gst_sdp_message_replace_attribute (sdp, i, &attribute);
        }
    }
}

/* Replaces the ICE credentials wherever @sdp has them (session or media level). */
void
relay_sdp_fragment_set_ice_credentials (GstSDPMessage *sdp, const char *ufrag, const char *pwd)
{
  message_replace_attribute (sdp, "ice-ufrag", ufrag);
  message_replace_attribute (sdp, "ice-pwd", pwd);
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (sdp, i);

      media_replace_attribute (media, "ice-ufrag", ufrag);
      media_replace_attribute (media, "ice-pwd", pwd);
    }
}

static void
media_remove_candidates (GstSDPMedia *media)
{
  for (guint i = gst_sdp_media_attributes_len (media); i > 0; i--)
    {
      const char *key = gst_sdp_media_get_attribute (media, i - 1)->key;

      if (g_str_equal (key, "candidate") || g_str_equal (key, "end-of-candidates"))
        gst_sdp_media_remove_attribute (media, i - 1);
    }
}

/**
 * relay_sdp_fragment_apply:
 * @sdp: the peer's last description
 * @fragment: the peer's ICE restart (RFC 8840)
 *
 * Returns: (transfer full) (nullable): @sdp with the new credentials and
 *   candidates, the peer's description after the restart; %NULL with @error
 *   set when @fragment has no new credentials
 */
GstSDPMessage *
relay_sdp_fragment_apply (const GstSDPMessage *sdp, const char *fragment, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (fragment, "\n", -1);
  g_autoptr (GPtrArray) mids = g_ptr_array_new ();
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();
  const char *ufrag = NULL, *pwd = NULL, *mid = NULL;
  GstSDPMessage *updated = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);

      if (g_str_has_prefix (line, "a=ice-ufrag:"))
        ufrag = line + strlen ("a=ice-ufrag:");
      else if (g_str_has_prefix (line, "a=ice-pwd:"))
        pwd = line + strlen ("a=ice-pwd:");
      else if (g_str_has_prefix (line, "m="))
        mid = NULL;
      else if (g_str_has_prefix (line, "a=mid:"))
        mid = line + strlen ("a=mid:");
      else if (g_str_has_prefix (line, "a=candidate:"))
        {
          g_ptr_array_add (mids, (gpointer) mid);
          g_ptr_array_add (candidates, line + strlen ("a=candidate:"));
        }
    }

  if (ufrag == NULL || pwd == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("the ICE restart carries no new credentials"));
      return NULL;
    }

  gst_sdp_message_copy (sdp, &updated);
  relay_sdp_fragment_set_ice_credentials (updated, ufrag, pwd);
  for (guint i = 0; i < gst_sdp_message_medias_len (updated); i++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (updated, i);
      const char *media_mid = gst_sdp_media_get_attribute_val (media, "mid");

      media_remove_candidates (media);
      for (guint j = 0; j < candidates->len; j++)
        {
          const char *candidate_mid = g_ptr_array_index (mids, j);

          if (candidate_mid != NULL ? g_strcmp0 (candidate_mid, media_mid) == 0 : i == 0)
            gst_sdp_media_add_attribute (media, "candidate", g_ptr_array_index (candidates, j));
        }
    }

  return updated;
}
