/* relay-webrtc-source.c
 *
 * A WHIP publish as a source:
 *
 *   webrtcbin (recvonly) ─ decodebin ─ "video"
 *                        └ decodebin ─ "audio"
 *
 * H.264 or VP8 and Opus come in; raw video and audio go out, for the stream
 * to normalise like any other source's. The session answers the offer once
 * the bin runs; when it closes the publisher is gone for good, so the source
 * is never reopened: the next publish is a new source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-webrtc-source.h"

struct _RelayWebrtcSource
{
  RelaySource parent_instance;

  RelayWebrtcSession *session;
  gboolean bin_made;
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

/* GObject */

static void
relay_webrtc_source_finalize (GObject *object)
{
  RelayWebrtcSource *self = RELAY_WEBRTC_SOURCE (object);

  g_clear_object (&self->session);
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
}
