/* relay-color-source.c
 *
 * A small live picture of one colour, at the program's rate (a live source's
 * latency is one frame: slower frames would hold the whole layer back), which
 * the slot scales to the layer's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-color-source.h"
#include "relay-gst-util.h"

#define PICTURE_SIZE 16

struct _RelayColorSource
{
  RelaySource parent_instance;

  guint32 color;
  /* the running source's, to change its colour live */
  GWeakRef pattern;
};

G_DEFINE_FINAL_TYPE (RelayColorSource, relay_color_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstElement *
relay_color_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                               GError **error)
{
  RelayColorSource *self = RELAY_COLOR_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autoptr (GstCaps) caps = gst_caps_new_simple ("video/x-raw", "width", G_TYPE_INT, PICTURE_SIZE,
                                                  "height", G_TYPE_INT, PICTURE_SIZE, "framerate",
                                                  GST_TYPE_FRACTION, (int) format->fps, 1, NULL);
  GstElement *pattern, *filter;

  if (!(pattern = relay_bin_add_new (GST_BIN (bin), "videotestsrc", error))
      || !(filter = relay_bin_add_new (GST_BIN (bin), "capsfilter", error)))
    return NULL;

  g_object_set (pattern, "is-live", TRUE, "foreground-color", self->color, NULL);
  gst_util_set_object_arg (G_OBJECT (pattern), "pattern", "solid-color");
  g_object_set (filter, "caps", caps, NULL);
  gst_element_link (pattern, filter);
  relay_ghost_static_pad (bin, filter, "src", "video");
  g_weak_ref_set (&self->pattern, pattern);

  return g_steal_pointer (&bin);
}

guint32
relay_color_source_get_color (RelayColorSource *self)
{
  g_return_val_if_fail (RELAY_IS_COLOR_SOURCE (self), 0);

  return self->color;
}

/* Takes effect at the next frame, within a second. */
void
relay_color_source_set_color (RelayColorSource *self, guint32 argb)
{
  g_autoptr (GstElement) pattern = NULL;

  g_return_if_fail (RELAY_IS_COLOR_SOURCE (self));

  if (self->color == argb)
    return;
  self->color = argb;
  pattern = g_weak_ref_get (&self->pattern);
  if (pattern != NULL)
    g_object_set (pattern, "foreground-color", argb, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

static void
relay_color_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayColorSource *self = RELAY_COLOR_SOURCE (object);

  switch (prop_id)
    {
      case PROP_COLOR:
        g_value_set_uint (value, self->color);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_color_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  RelayColorSource *self = RELAY_COLOR_SOURCE (object);

  switch (prop_id)
    {
      case PROP_COLOR:
        relay_color_source_set_color (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_color_source_finalize (GObject *object)
{
  g_weak_ref_clear (&RELAY_COLOR_SOURCE (object)->pattern);

  G_OBJECT_CLASS (relay_color_source_parent_class)->finalize (object);
}

static void
relay_color_source_class_init (RelayColorSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->get_property = relay_color_source_get_property;
  object_class->set_property = relay_color_source_set_property;
  object_class->finalize = relay_color_source_finalize;
  source_class->create_bin = relay_color_source_create_bin;

  /* 0xAARRGGBB */
  properties[PROP_COLOR] =
      g_param_spec_uint ("color", NULL, NULL, 0, G_MAXUINT32, 0xff000000,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_color_source_init (RelayColorSource *self)
{
  self->color = 0xff000000;
  g_weak_ref_init (&self->pattern, NULL);
}

RelaySource *
relay_color_source_new (guint32 argb)
{
  return g_object_new (RELAY_TYPE_COLOR_SOURCE, "color", argb, "description", _ ("Color"), "title",
                       _ ("Color"), NULL);
}
