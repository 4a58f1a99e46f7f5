/* relay-image-source.c
 *
 * An image decoded once and sent again at every frame, at the program's
 * rate, with its transparency: the slot scales it once to the layer's size.
 * A local file that is missing or unreadable fails at once, naming it; one
 * that is no image fails as any source does.
 *
 *   uridecodebin ─ imagefreeze (live) ─ caps (rate) ─ "video"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "relay-error.h"
#include "relay-gst-util.h"
#include "relay-image-source.h"

struct _RelayImageSource
{
  RelaySource parent_instance;

  char *uri;
};

G_DEFINE_FINAL_TYPE (RelayImageSource, relay_image_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The decoded picture goes to the freezer; anything else the file holds
 * (there should be nothing) is not linked, and ends its own branch. */
static void
on_decoded_pad (GstElement *decoder, GstPad *pad, gpointer user_data)
{
  GstElement *freeze = user_data;
  g_autoptr (GstPad) freeze_sink = gst_element_get_static_pad (freeze, "sink");
  g_autoptr (GstCaps) caps = gst_pad_query_caps (pad, NULL);

  if (!gst_pad_is_linked (freeze_sink)
      && g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)),
                           "video/x-raw"))
    gst_pad_link (pad, freeze_sink);
}

/* What is wrong with a local file, at once: the bus would only say "no such file". */
static gboolean
check_readable (RelayImageSource *self, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_uri (self->uri);
  g_autofree char *path = g_file_get_path (file);
  int problem = 0;

  if (path == NULL)
    return TRUE;
  if (g_access (path, R_OK) != 0)
    problem = errno;
  else if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    problem = EISDIR;
  if (problem == 0)
    return TRUE;

  g_set_error (error, RELAY_ERROR, problem == ENOENT ? RELAY_ERROR_NOT_FOUND : RELAY_ERROR_FAILED,
               _ ("Cannot open the image “%s”: %s"), path, g_strerror (problem));
  return FALSE;
}

static GstElement *
relay_image_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                               GError **error)
{
  RelayImageSource *self = RELAY_IMAGE_SOURCE (source);
  g_autoptr (GstElement) bin = NULL;
  g_autoptr (GstCaps) caps = gst_caps_new_simple ("video/x-raw", "framerate", GST_TYPE_FRACTION,
                                                  (int) format->fps, 1, NULL);
  GstElement *decoder, *freeze, *filter;

  if (!check_readable (self, error))
    return NULL;

  bin = gst_object_ref_sink (gst_bin_new (NULL));
  if (!(decoder = relay_bin_add_new (GST_BIN (bin), "uridecodebin", error))
      || !(freeze = relay_bin_add_new (GST_BIN (bin), "imagefreeze", error))
      || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error)))
    return NULL;

  g_object_set (decoder, "uri", self->uri, NULL);
  g_object_set (freeze, "is-live", TRUE, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_signal_connect_object (decoder, "pad-added", G_CALLBACK (on_decoded_pad), freeze, 0);
  gst_element_link (freeze, filter);
  relay_ghost_static_pad (bin, filter, "src", "video");

  return g_steal_pointer (&bin);
}

const char *
relay_image_source_get_uri (RelayImageSource *self)
{
  g_return_val_if_fail (RELAY_IS_IMAGE_SOURCE (self), NULL);

  return self->uri;
}

static void
relay_image_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayImageSource *self = RELAY_IMAGE_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_image_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  RelayImageSource *self = RELAY_IMAGE_SOURCE (object);

  switch (prop_id)
    {
      case PROP_URI:
        self->uri = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_image_source_finalize (GObject *object)
{
  g_free (RELAY_IMAGE_SOURCE (object)->uri);

  G_OBJECT_CLASS (relay_image_source_parent_class)->finalize (object);
}

static void
relay_image_source_class_init (RelayImageSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->get_property = relay_image_source_get_property;
  object_class->set_property = relay_image_source_set_property;
  object_class->finalize = relay_image_source_finalize;
  source_class->create_bin = relay_image_source_create_bin;
  source_class->has_alpha = TRUE;

  properties[PROP_URI] = g_param_spec_string (
      "uri", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_image_source_init (RelayImageSource *self)
{
}

/**
 * relay_image_source_new:
 * @location: a URI (file://, http://…) or a local path
 *
 * Returns: (transfer full): the image's source; a file that is missing
 *   fails once opened, saying so
 */
RelaySource *
relay_image_source_new (const char *location)
{
  g_autofree char *scheme = g_uri_parse_scheme (location);
  g_autoptr (GFile) file =
      scheme != NULL ? g_file_new_for_uri (location) : g_file_new_for_commandline_arg (location);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = g_file_get_basename (file);

  return g_object_new (RELAY_TYPE_IMAGE_SOURCE, "uri", uri, "description", location, "title", name,
                       NULL);
}
