/* relay-source-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core/media/relay-camera-source.h"
#include "core/media/relay-screen-source.h"
#include "core/media/relay-stream-source.h"
#include "core/media/relay-test-source.h"
#include "core/media/relay-uri-source.h"
#include "relay-source-item.h"

struct _RelaySourceItem
{
  GObject parent_instance;

  RelaySourceKind kind;
  char *title;
  char *icon_name;
  GstDevice *camera;
  RelayStream *stream;
};

G_DEFINE_FINAL_TYPE (RelaySourceItem, relay_source_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
relay_source_item_finalize (GObject *object)
{
  RelaySourceItem *self = RELAY_SOURCE_ITEM (object);

  g_free (self->title);
  g_free (self->icon_name);
  gst_clear_object (&self->camera);
  g_clear_object (&self->stream);
  G_OBJECT_CLASS (relay_source_item_parent_class)->finalize (object);
}

static void
relay_source_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaySourceItem *self = RELAY_SOURCE_ITEM (object);

  switch (prop_id)
    {
      case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
      case PROP_ICON_NAME:
        g_value_set_string (value, self->icon_name);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_source_item_class_init (RelaySourceItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_source_item_finalize;
  object_class->get_property = relay_source_item_get_property;

  properties[PROP_TITLE] =
      g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_source_item_init (RelaySourceItem *self)
{
}

RelaySourceItem *
relay_source_item_new (RelaySourceKind kind, const char *title, const char *icon_name)
{
  RelaySourceItem *self = g_object_new (RELAY_TYPE_SOURCE_ITEM, NULL);

  self->kind = kind;
  self->title = g_strdup (title);
  self->icon_name = g_strdup (icon_name);
  return self;
}

RelaySourceItem *
relay_source_item_new_for_camera (GstDevice *camera)
{
  g_autofree char *name = gst_device_get_display_name (camera);
  RelaySourceItem *self =
      relay_source_item_new (RELAY_SOURCE_KIND_CAMERA, name, "camera-web-symbolic");

  self->camera = gst_object_ref (camera);
  return self;
}

/* A stream published to Relaycast (over WHIP, or added through the API). */
RelaySourceItem *
relay_source_item_new_for_stream (RelayStream *stream)
{
  RelaySourceItem *self = relay_source_item_new (
      RELAY_SOURCE_KIND_STREAM, relay_stream_get_name (stream), "network-receive-symbolic");

  self->stream = g_object_ref (stream);
  return self;
}

/* A window of the X11 screen, captured by its title. */
RelaySourceItem *
relay_source_item_new_for_window (const char *title)
{
  return relay_source_item_new (RELAY_SOURCE_KIND_WINDOW, title, "focus-windows-symbolic");
}

/* Returns: (transfer none) (nullable): the camera of a camera item */
GstDevice *
relay_source_item_get_camera (RelaySourceItem *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), NULL);

  return self->camera;
}

RelaySourceKind
relay_source_item_get_kind (RelaySourceItem *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), RELAY_SOURCE_KIND_TEST);

  return self->kind;
}

const char *
relay_source_item_get_title (RelaySourceItem *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), NULL);

  return self->title;
}

const char *
relay_source_item_get_icon_name (RelaySourceItem *self)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), NULL);

  return self->icon_name;
}

/**
 * relay_source_item_create_source:
 * @microphone: (nullable): the sound to go with a camera
 *
 * Returns: (transfer full) (nullable): the source, or %NULL for the kinds
 *   that ask for a file or a URL first
 */
RelaySource *
relay_source_item_create_source (RelaySourceItem *self, GstDevice *microphone)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), NULL);

  switch (self->kind)
    {
      case RELAY_SOURCE_KIND_TEST:
        return relay_test_source_new ();
      case RELAY_SOURCE_KIND_CAMERA:
        return relay_camera_source_new (self->camera, microphone);
      case RELAY_SOURCE_KIND_STREAM:
        return relay_stream_source_new (self->stream);
      case RELAY_SOURCE_KIND_SCREEN:
        return relay_screen_source_new (NULL, FALSE);
      case RELAY_SOURCE_KIND_WINDOW:
        return relay_screen_source_new (self->title, FALSE);
      case RELAY_SOURCE_KIND_FILE:
      case RELAY_SOURCE_KIND_URL:
      default:
        return NULL;
    }
}

/* Whether @source is what this item makes: the picker marks the one on air. */
gboolean
relay_source_item_is_for (RelaySourceItem *self, RelaySource *source)
{
  g_return_val_if_fail (RELAY_IS_SOURCE_ITEM (self), FALSE);

  if (source == NULL)
    return FALSE;
  switch (self->kind)
    {
      case RELAY_SOURCE_KIND_TEST:
        return RELAY_IS_TEST_SOURCE (source);
      case RELAY_SOURCE_KIND_CAMERA:
        return RELAY_IS_CAMERA_SOURCE (source)
               && g_strcmp0 (relay_source_get_title (source), self->title) == 0;
      case RELAY_SOURCE_KIND_STREAM:
        return RELAY_IS_STREAM_SOURCE (source)
               && relay_stream_source_get_stream (RELAY_STREAM_SOURCE (source)) == self->stream;
      case RELAY_SOURCE_KIND_SCREEN:
        return RELAY_IS_SCREEN_SOURCE (source)
               && relay_screen_source_get_window_title (RELAY_SCREEN_SOURCE (source)) == NULL;
      case RELAY_SOURCE_KIND_WINDOW:
        return RELAY_IS_SCREEN_SOURCE (source)
               && g_strcmp0 (relay_screen_source_get_window_title (RELAY_SCREEN_SOURCE (source)),
                             self->title)
                      == 0;
      case RELAY_SOURCE_KIND_FILE:
        return RELAY_IS_URI_SOURCE (source) && relay_uri_source_is_file (RELAY_URI_SOURCE (source));
      case RELAY_SOURCE_KIND_URL:
        return RELAY_IS_URI_SOURCE (source)
               && !relay_uri_source_is_file (RELAY_URI_SOURCE (source));
      default:
        return FALSE;
    }
}
