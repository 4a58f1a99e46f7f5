/* relay-sdp-fragment.h: SDP fragments (RFC 8840) for trickle ICE and ICE
 * restarts, and the descriptions they update
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <gst/sdp/sdp.h>

G_BEGIN_DECLS

/* A local candidate on its way to a trickle fragment. */
typedef struct
{
  guint mline_index;
  /* "candidate:…" */
  char *candidate;
} RelaySdpFragmentCandidate;

void relay_sdp_fragment_candidate_free (gpointer candidate);

char *relay_sdp_fragment_build_trickle (const GstSDPMessage *sdp, GPtrArray *candidates,
                                        gboolean end_of_candidates);
char *relay_sdp_fragment_build_restart (const GstSDPMessage *sdp);
GstSDPMessage *relay_sdp_fragment_apply (const GstSDPMessage *sdp, const char *fragment,
                                         GError **error);
void relay_sdp_fragment_set_ice_credentials (GstSDPMessage *sdp, const char *ufrag,
                                             const char *pwd);

G_END_DECLS
