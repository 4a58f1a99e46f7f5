/* relay-webrtc-source.c
 *
 * A WHIP publish as a source:
 *
 *   webrtcbin (recvonly) ─ depay ─ tee ─ queue ─ decodebin ─ "video"
 *                                     └ a WHEP viewer's branch, ghosted out
 *                        └ depay ─ tee ─ queue ─ decodebin ─ "audio"
 *
 * H.264 or VP8 and Opus come in; raw video and audio go out, for the stream
 * to normalise like any other source's. What came in, depayloaded, is also
 * there for WHEP viewers to be sent as it is (relay-webrtc.c makes the
 * tees). The session answers the offer once the bin runs; when it closes
 * the publisher is gone for good, so the source is never reopened: the next
 * publish is a new source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-webrtc-source.h"
#include "relay-webrtc.h"

struct _RelayWebrtcSource
{
  RelaySource parent_instance;

  RelayWebrtcSession *session;
  gboolean bin_made;
  GWeakRef bin;
};

G_DEFINE_FINAL_TYPE (RelayWebrtcSource, relay_webrtc_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstElement *
relay_webrtc_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                                GError **error)
{
  RelayWebrtcSource *self = RELAY_WEBRTC_SOURCE (source);
  g_autoptr (GstElement) bin = NULL;
  GstElement *webrtc;

  /* a session answers once: the next publish is a new source */
  if (self->bin_made || relay_webrtc_session_is_closed (self->session))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("The WebRTC publisher has left"));
      return NULL;
    }

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  webrtc = relay_webrtc_bin_add_new (GST_BIN (bin), NULL, error);
  if (webrtc == NULL)
    return NULL;
  relay_webrtc_decode_received (bin, webrtc);
  relay_webrtc_session_attach (self->session, webrtc);
  self->bin_made = TRUE;
  g_weak_ref_set (&self->bin, bin);
  return g_steal_pointer (&bin);
}

/* Public */

/**
 * relay_webrtc_source_new:
 * @session: a publish session, not yet answered
 *
 * Answer the session (relay_webrtc_session_answer_async()) once the source
 * is the stream's: the answer needs its webrtcbin running.
 */
RelaySource *
relay_webrtc_source_new (RelayWebrtcSession *session)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (session), NULL);

  description = g_strdup_printf (_ ("WebRTC publish to “%s”"),
                                 relay_webrtc_session_get_stream_name (session));
  return g_object_new (RELAY_TYPE_WEBRTC_SOURCE, "session", session, "description", description,
                       NULL);
}

RelayWebrtcSession *
relay_webrtc_source_get_session (RelayWebrtcSource *self)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SOURCE (self), NULL);
  return self->session;
}

static GstElement *
find_forward_tee (RelayWebrtcSource *self, RelayMediaKind kind, GstElement **bin)
{
  *bin = g_weak_ref_get (&self->bin);
  if (*bin == NULL)
    return NULL;
  return gst_bin_get_by_name (GST_BIN (*bin), kind == RELAY_MEDIA_VIDEO
                                                  ? RELAY_WEBRTC_FORWARD_VIDEO
                                                  : RELAY_WEBRTC_FORWARD_AUDIO);
}

/**
 * relay_webrtc_source_get_forward_encoding:
 *
 * Returns: (nullable): what the publisher sends of @kind that a viewer can
 *   be sent as it came: "H264", "VP8" or "OPUS" (RTP's names); %NULL while
 *   none has come, or for another codec
 */
const char *
relay_webrtc_source_get_forward_encoding (RelayWebrtcSource *self, RelayMediaKind kind)
{
  static const struct
  {
    const char *media;
    const char *encoding;
  } encodings[] = {
    { "video/x-h264", "H264" },
    { "video/x-vp8", "VP8" },
    { "audio/x-opus", "OPUS" },
  };
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstElement) tee = NULL;
  g_autoptr (GstPad) sink = NULL;
  g_autoptr (GstCaps) caps = NULL;

  g_return_val_if_fail (RELAY_IS_WEBRTC_SOURCE (self), NULL);

  if (!(tee = find_forward_tee (self, kind, &bin))
      || !(caps = gst_pad_get_current_caps (sink = gst_element_get_static_pad (tee, "sink"))))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      if (gst_structure_has_name (gst_caps_get_structure (caps, 0), encodings[i].media))
        return encodings[i].encoding;
    }
  return NULL;
}

/**
 * relay_webrtc_source_request_forward_pad:
 * @encoding: what the viewer takes (see
 *   relay_webrtc_source_get_forward_encoding())
 * @top: the bin whose child the returned pad's element is (the pipeline)
 *
 * A branch of what the publisher sends of @kind as it came, depayloaded
 * (H.264 parsed), for a viewer to be sent with no decoding and no encoding;
 * ghosted out of the bins the source sits in.
 *
 * Returns: (transfer full) (nullable): the branch's pad, or %NULL unless the
 *   publisher sends @encoding; give it back with
 *   relay_webrtc_source_release_forward_pad()
 */
GstPad *
relay_webrtc_source_request_forward_pad (RelayWebrtcSource *self, RelayMediaKind kind,
                                         const char *encoding, GstElement *top)
{
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstElement) tee = NULL;
  g_autoptr (GstObject) outer = NULL;
  GstElement *element;
  GstPad *pad;

  g_return_val_if_fail (RELAY_IS_WEBRTC_SOURCE (self), NULL);

  if (g_strcmp0 (relay_webrtc_source_get_forward_encoding (self, kind), encoding) != 0
      || !(tee = find_forward_tee (self, kind, &bin)))
    return NULL;

  pad = relay_tee_request_ghost_pad (bin, tee);
  element = bin;
  while ((outer = gst_object_get_parent (GST_OBJECT (element))) != NULL
         && outer != GST_OBJECT (top))
    {
      GstPad *ghost = gst_ghost_pad_new (NULL, pad);

      gst_pad_set_active (ghost, TRUE);
      gst_element_add_pad (GST_ELEMENT (outer), ghost);
      gst_object_unref (pad);
      pad = gst_object_ref (ghost);
      element = GST_ELEMENT (outer);
      gst_clear_object (&outer);
    }
  return pad;
}

/* @pad: unlinked first, between two buffers */
void
relay_webrtc_source_release_forward_pad (RelayWebrtcSource *self, GstPad *pad)
{
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstPad) ghost = gst_object_ref (pad);
  g_autoptr (GstPad) tee_pad = NULL;
  g_autoptr (GstElement) tee = NULL;

  g_return_if_fail (RELAY_IS_WEBRTC_SOURCE (self));

  /* outside in: each ghost out of a bin targets the one within, down to
   * the tee's branch on the source's bin */
  bin = g_weak_ref_get (&self->bin);
  while (GST_IS_GHOST_PAD (ghost))
    {
      g_autoptr (GstObject) parent = gst_object_get_parent (GST_OBJECT (ghost));
      GstPad *target;

      if (parent == NULL || parent == GST_OBJECT (bin))
        break;
      target = gst_ghost_pad_get_target (GST_GHOST_PAD (ghost));
      gst_element_remove_pad (GST_ELEMENT (parent), ghost);
      gst_object_unref (ghost);
      ghost = target;
    }
  if (bin == NULL || ghost == NULL || GST_OBJECT_PARENT (ghost) != GST_OBJECT (bin))
    return;
  tee_pad = gst_ghost_pad_get_target (GST_GHOST_PAD (ghost));
  if (tee_pad != NULL && (tee = gst_pad_get_parent_element (tee_pad)) != NULL)
    relay_tee_release_ghost_pad (bin, tee, ghost);
}

/* GObject */

static void
relay_webrtc_source_finalize (GObject *object)
{
  RelayWebrtcSource *self = RELAY_WEBRTC_SOURCE (object);

  g_clear_object (&self->session);
  g_weak_ref_clear (&self->bin);
  G_OBJECT_CLASS (relay_webrtc_source_parent_class)->finalize (object);
}

static void
relay_webrtc_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  RelayWebrtcSource *self = RELAY_WEBRTC_SOURCE (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        self->session = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_webrtc_source_class_init (RelayWebrtcSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->finalize = relay_webrtc_source_finalize;
  object_class->set_property = relay_webrtc_source_set_property;
  source_class->create_bin = relay_webrtc_source_create_bin;
  /* webrtcbin's jitter buffers stamp what they receive on the pipeline's clock */
  source_class->on_pipeline_clock = TRUE;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, RELAY_TYPE_WEBRTC_SESSION,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_webrtc_source_init (RelayWebrtcSource *self)
{
  g_weak_ref_init (&self->bin, NULL);
}
