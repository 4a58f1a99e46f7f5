/* relay-text-source.c
 *
 * A layer's text (a title, a lower third: the same source placed
 * differently) or the time of day, drawn on transparency at the program's
 * rate. Its text, font and colour change live, at the next frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-gst-util.h"
#include "relay-text-picture.h"
#include "relay-text-source.h"

struct _RelayTextSource
{
  RelaySource parent_instance;

  gboolean clock;
  char *text;
  char *font;
  guint32 color;
  /* the running source's, to change it live */
  GWeakRef picture;
};

G_DEFINE_FINAL_TYPE (RelayTextSource, relay_text_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_CLOCK,
  PROP_TEXT,
  PROP_FONT,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstElement *
relay_text_source_create_bin (RelaySource *source, const RelayProgramFormat *format, GError **error)
{
  RelayTextSource *self = RELAY_TEXT_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *picture = relay_text_picture_new (format->fps, self->clock);

  g_object_set (picture, "text", self->text, "font", self->font, "color", self->color, NULL);
  gst_bin_add (GST_BIN (bin), picture);
  relay_ghost_static_pad (bin, picture, "src", "video");
  g_weak_ref_set (&self->picture, picture);

  return g_steal_pointer (&bin);
}

/* Sets @property of the running picture, if any. */
static void
update_picture (RelayTextSource *self, GParamSpec *property, const GValue *value)
{
  g_autoptr (GstElement) picture = g_weak_ref_get (&self->picture);

  if (picture != NULL)
    g_object_set_property (G_OBJECT (picture), property->name, value);
  g_object_notify_by_pspec (G_OBJECT (self), property);
}

gboolean
relay_text_source_get_clock (RelayTextSource *self)
{
  g_return_val_if_fail (RELAY_IS_TEXT_SOURCE (self), FALSE);

  return self->clock;
}

static void
set_string (RelayTextSource *self, char **field, const char *text, guint prop_id)
{
  g_auto (GValue) value = G_VALUE_INIT;

  if (g_strcmp0 (*field, text) == 0)
    return;
  g_free (*field);
  *field = g_strdup (text);
  g_value_set_string (g_value_init (&value, G_TYPE_STRING), text);
  update_picture (self, properties[prop_id], &value);
}

void
relay_text_source_set_text (RelayTextSource *self, const char *text)
{
  g_return_if_fail (RELAY_IS_TEXT_SOURCE (self));

  set_string (self, &self->text, text, PROP_TEXT);
}

/* @font: a Pango font description; NULL: RELAY_LAYER_DEFAULT_FONT */
void
relay_text_source_set_font (RelayTextSource *self, const char *font)
{
  g_return_if_fail (RELAY_IS_TEXT_SOURCE (self));

  set_string (self, &self->font, font, PROP_FONT);
}

void
relay_text_source_set_color (RelayTextSource *self, guint32 argb)
{
  g_auto (GValue) value = G_VALUE_INIT;

  g_return_if_fail (RELAY_IS_TEXT_SOURCE (self));

  if (self->color == argb)
    return;
  self->color = argb;
  g_value_set_uint (g_value_init (&value, G_TYPE_UINT), argb);
  update_picture (self, properties[PROP_COLOR], &value);
}

static void
relay_text_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayTextSource *self = RELAY_TEXT_SOURCE (object);

  switch (prop_id)
    {
      case PROP_CLOCK:
        g_value_set_boolean (value, self->clock);
        break;
      case PROP_TEXT:
        g_value_set_string (value, self->text);
        break;
      case PROP_FONT:
        g_value_set_string (value, self->font);
        break;
      case PROP_COLOR:
        g_value_set_uint (value, self->color);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_text_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayTextSource *self = RELAY_TEXT_SOURCE (object);

  switch (prop_id)
    {
      case PROP_CLOCK:
        self->clock = g_value_get_boolean (value);
        break;
      case PROP_TEXT:
        relay_text_source_set_text (self, g_value_get_string (value));
        break;
      case PROP_FONT:
        relay_text_source_set_font (self, g_value_get_string (value));
        break;
      case PROP_COLOR:
        relay_text_source_set_color (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_text_source_finalize (GObject *object)
{
  RelayTextSource *self = RELAY_TEXT_SOURCE (object);

  g_free (self->text);
  g_free (self->font);
  g_weak_ref_clear (&self->picture);

  G_OBJECT_CLASS (relay_text_source_parent_class)->finalize (object);
}

static void
relay_text_source_class_init (RelayTextSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->get_property = relay_text_source_get_property;
  object_class->set_property = relay_text_source_set_property;
  object_class->finalize = relay_text_source_finalize;
  source_class->create_bin = relay_text_source_create_bin;
  source_class->has_alpha = TRUE;

  /* the time of day, HH:MM:SS, rather than the text */
  properties[PROP_CLOCK] =
      g_param_spec_boolean ("clock", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
      g_param_spec_string ("text", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a Pango font description; NULL: RELAY_LAYER_DEFAULT_FONT */
  properties[PROP_FONT] =
      g_param_spec_string ("font", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* 0xAARRGGBB */
  properties[PROP_COLOR] =
      g_param_spec_uint ("color", NULL, NULL, 0, G_MAXUINT32, 0xffffffff,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_text_source_init (RelayTextSource *self)
{
  self->color = 0xffffffff;
  g_weak_ref_init (&self->picture, NULL);
}

RelaySource *
relay_text_source_new (const char *text, const char *font, guint32 argb)
{
  return g_object_new (RELAY_TYPE_TEXT_SOURCE, "text", text, "font", font, "color", argb,
                       "description", _ ("Text"), "title", _ ("Text"), NULL);
}

RelaySource *
relay_text_source_new_clock (const char *font, guint32 argb)
{
  return g_object_new (RELAY_TYPE_TEXT_SOURCE, "clock", TRUE, "font", font, "color", argb,
                       "description", _ ("Clock"), "title", _ ("Clock"), NULL);
}
