/* relay-uri-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-file-loop.h"
#include "relay-gst-util.h"
#include "relay-uri-source.h"

struct _RelayUriSource
{
  RelaySource parent_instance;

  char *uri;
  /* read from streaming threads, when the file ends */
  gint loop;
};

G_DEFINE_FINAL_TYPE (RelayUriSource, relay_uri_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_URI,
  PROP_LOOP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RTSP_LATENCY_MS 200

static void
on_source_setup (GstElement *decodebin, GstElement *source, gpointer user_data)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (source), "latency") != NULL
      && g_str_has_prefix (G_OBJECT_TYPE_NAME (source), "GstRTSPSrc"))
    g_object_set (source, "latency", RTSP_LATENCY_MS, NULL);
}

/* The first video and the first audio stream are used; any other stream is
 * consumed by a fakesink so that it never stalls the decoder. A file's
 * streams all go through its loop, @user_data, so that they all play again. */
static void
on_decoded_pad (GstElement *decodebin, GstPad *decoded_pad, gpointer user_data)
{
  GstElement *bin = GST_ELEMENT_PARENT (decodebin);
  RelayFileLoop *loop = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (decoded_pad);
  g_autoptr (GstPad) pad =
      loop ? relay_file_loop_add_stream (loop, decoded_pad) : gst_object_ref (decoded_pad);
  const char *media;
  const char *ghost_name = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (decoded_pad, NULL);
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (media, "video/x-raw"))
    ghost_name = "video";
  else if (g_str_has_prefix (media, "audio/x-raw"))
    ghost_name = "audio";

  if (ghost_name != NULL && !relay_element_has_pad (bin, ghost_name))
    {
      GstPad *ghost = gst_ghost_pad_new (ghost_name, pad);

      gst_pad_set_active (ghost, TRUE);
      gst_element_add_pad (bin, ghost);
    }
  else
    {
      GstElement *sink = gst_element_factory_make ("fakesink", NULL);
      g_autoptr (GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

      g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (bin), sink);
      gst_element_sync_state_with_parent (sink);
      gst_pad_link (pad, sink_pad);
    }
}

static gboolean
should_loop (RelaySource *source)
{
  return relay_uri_source_get_loop (RELAY_URI_SOURCE (source));
}

static GstElement *
relay_uri_source_create_bin (RelaySource *source, const RelayProgramFormat *format, GError **error)
{
  RelayUriSource *self = RELAY_URI_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  RelayFileLoop *loop = NULL;
  GstElement *decoder;

  if (!(decoder = relay_bin_add_new (GST_BIN (bin), "uridecodebin", error)))
    return NULL;

  /* Network streams are opened again instead (RelaySource:reopen). */
  if (relay_uri_source_is_file (self))
    loop = relay_file_loop_attach (source, GST_BIN (bin), should_loop);
  g_object_set (decoder, "uri", self->uri, NULL);
  g_signal_connect (decoder, "source-setup", G_CALLBACK (on_source_setup), NULL);
  /* the loop belongs to the bin, which outlives its decoder's signals */
  g_signal_connect (decoder, "pad-added", G_CALLBACK (on_decoded_pad), loop);

  return g_steal_pointer (&bin);
}

static void
relay_uri_source_finalize (GObject *object)
{
  RelayUriSource *self = RELAY_URI_SOURCE (object);

  g_free (self->uri);
  G_OBJECT_CLASS (relay_uri_source_parent_class)->finalize (object);
}

static void
relay_uri_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayUriSource *self = RELAY_URI_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
      case PROP_LOOP:
        g_value_set_boolean (value, relay_uri_source_get_loop (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_uri_source_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RelayUriSource *self = RELAY_URI_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URI:
        self->uri = g_value_dup_string (value);
        break;
      case PROP_LOOP:
        relay_uri_source_set_loop (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_uri_source_class_init (RelayUriSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->finalize = relay_uri_source_finalize;
  object_class->get_property = relay_uri_source_get_property;
  object_class->set_property = relay_uri_source_set_property;
  source_class->create_bin = relay_uri_source_create_bin;

  properties[PROP_URI] = g_param_spec_string (
      "uri", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A file plays again from its start when it ends, without a gap, instead
   * of ending; changed while it plays, it applies at its next end. Ignored by
   * network streams and by files that cannot seek. */
  properties[PROP_LOOP] =
      g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_uri_source_init (RelayUriSource *self)
{
}

/* A file by its name, a network stream by its protocol and host: what
 * follows the host may hold a key, and is left out. */
static char *
title_of (const char *uri)
{
  g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;

  if (parsed == NULL)
    return NULL;
  if (g_str_equal (g_uri_get_scheme (parsed), "file"))
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);

      return path ? g_filename_display_basename (path) : NULL;
    }
  if (g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    return NULL;

  scheme = g_ascii_strup (g_uri_get_scheme (parsed), -1);
  host = g_uri_get_port (parsed) > 0
             ? g_strdup_printf ("%s:%d", g_uri_get_host (parsed), g_uri_get_port (parsed))
             : g_strdup (g_uri_get_host (parsed));
  /* TRANSLATORS: "RTSP stream from camera.local:8554" */
  return g_strdup_printf (_ ("%s stream from %s"), scheme, host);
}

RelaySource *
relay_uri_source_new (const char *uri)
{
  /* Network streams come back after a drop; a file that ended stays ended. */
  gboolean reopen = !g_str_has_prefix (uri, "file:");
  g_autofree char *title = title_of (uri);

  return g_object_new (RELAY_TYPE_URI_SOURCE, "uri", uri, "description", uri, "title", title,
                       "reopen", reopen, NULL);
}

const char *
relay_uri_source_get_uri (RelayUriSource *self)
{
  g_return_val_if_fail (RELAY_IS_URI_SOURCE (self), NULL);

  return self->uri;
}

/* Whether it is a local file rather than a network stream. */
gboolean
relay_uri_source_is_file (RelayUriSource *self)
{
  g_return_val_if_fail (RELAY_IS_URI_SOURCE (self), FALSE);

  return g_str_has_prefix (self->uri, "file:");
}

gboolean
relay_uri_source_get_loop (RelayUriSource *self)
{
  g_return_val_if_fail (RELAY_IS_URI_SOURCE (self), FALSE);

  return g_atomic_int_get (&self->loop);
}

void
relay_uri_source_set_loop (RelayUriSource *self, gboolean loop)
{
  g_return_if_fail (RELAY_IS_URI_SOURCE (self));

  loop = !!loop;
  if (loop && !relay_uri_source_is_file (self))
    g_debug ("%s is not a file: it is opened again when it ends, never looped",
             relay_source_get_description (RELAY_SOURCE (self)));
  if (g_atomic_int_exchange (&self->loop, loop) != loop)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}
