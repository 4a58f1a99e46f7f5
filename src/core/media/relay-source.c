/* relay-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gio/gio.h>

#include "relay-mask.h"
#include "relay-source.h"

typedef struct
{
  char *description;
  char *title;
  gboolean reopen;
} RelaySourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RelaySource, relay_source, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DESCRIPTION,
  PROP_TITLE,
  PROP_REOPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
relay_source_finalize (GObject *object)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (RELAY_SOURCE (object));

  g_free (priv->description);
  g_free (priv->title);
  G_OBJECT_CLASS (relay_source_parent_class)->finalize (object);
}

static void
relay_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (RELAY_SOURCE (object));

  switch (prop_id)
    {
      case PROP_DESCRIPTION:
        g_value_set_string (value, priv->description);
        break;
      case PROP_TITLE:
        g_value_set_string (value, relay_source_get_title (RELAY_SOURCE (object)));
        break;
      case PROP_REOPEN:
        g_value_set_boolean (value, priv->reopen);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_source_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (RELAY_SOURCE (object));

  switch (prop_id)
    {
      case PROP_DESCRIPTION:
        g_free (priv->description);
        priv->description = relay_mask_url (g_value_get_string (value));
        break;
      case PROP_TITLE:
        g_free (priv->title);
        priv->title = g_value_dup_string (value);
        break;
      case PROP_REOPEN:
        priv->reopen = g_value_get_boolean (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_source_class_init (RelaySourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_source_finalize;
  object_class->get_property = relay_source_get_property;
  object_class->set_property = relay_source_set_property;

  /* What the user sees: "Test pattern", a camera's name, a URI with secrets masked. */
  properties[PROP_DESCRIPTION] =
      g_param_spec_string ("description", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Its name for people, short: "Test Pattern", a camera's name, a file's name,
   * "RTSP stream from HOST"; NULL: the description. Never holds a secret. */
  properties[PROP_TITLE] =
      g_param_spec_string ("title", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the stream opens the source again when it ends or fails (live network sources). */
  properties[PROP_REOPEN] =
      g_param_spec_boolean ("reopen", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_source_init (RelaySource *self)
{
}

GstElement *
relay_source_create_bin (RelaySource *self, const RelayProgramFormat *format, GError **error)
{
  g_return_val_if_fail (RELAY_IS_SOURCE (self), NULL);

  return RELAY_SOURCE_GET_CLASS (self)->create_bin (self, format, error);
}

const char *
relay_source_get_description (RelaySource *self)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_SOURCE (self), NULL);

  return priv->description;
}

const char *
relay_source_get_title (RelaySource *self)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_SOURCE (self), NULL);

  return priv->title ? priv->title : priv->description;
}

gboolean
relay_source_get_reopen (RelaySource *self)
{
  RelaySourcePrivate *priv = relay_source_get_instance_private (self);

  g_return_val_if_fail (RELAY_IS_SOURCE (self), FALSE);

  return priv->reopen;
}
