/* relay-camera-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-camera-source.h"
#include "relay-error.h"
#include "relay-gst-util.h"

struct _RelayCameraSource
{
  RelaySource parent_instance;

  GstDevice *camera;
  GstDevice *microphone;
};

G_DEFINE_FINAL_TYPE (RelayCameraSource, relay_camera_source, RELAY_TYPE_SOURCE)

enum
{
  PROP_0,
  PROP_CAMERA,
  PROP_MICROPHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Asks the providers themselves, not a GstDeviceMonitor of its own: in
 * GStreamer 1.22 a monitor takes over its providers' buses, and once gone
 * leaves them without one, so the monitor the window lists devices with
 * would hear of no camera or microphone plugged in or out again. */
static GstDevice *
find_first_device (const char *device_class)
{
  /* the ranks a GstDeviceMonitor takes */
  GList *factories = gst_device_provider_factory_list_get_device_providers (GST_RANK_NONE + 1);
  GstDevice *found = NULL;

  for (GList *l = factories; l != NULL && found == NULL; l = l->next)
    {
      g_autoptr (GstDeviceProvider) provider = NULL;
      GList *devices;

      if (!gst_device_provider_factory_has_classes (l->data, device_class)
          || !(provider = gst_device_provider_factory_get (l->data)))
        continue;

      devices = gst_device_provider_get_devices (provider);
      for (GList *d = devices; d != NULL && found == NULL; d = d->next)
        {
          if (gst_device_has_classes (d->data, device_class))
            found = gst_object_ref (d->data);
        }
      g_list_free_full (devices, gst_object_unref);
    }
  gst_plugin_feature_list_free (factories);

  return found;
}

static void
on_decoded_pad (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  GstElement *bin = user_data;
  GstPad *ghost;

  if (relay_element_has_pad (bin, "video"))
    return;

  ghost = gst_ghost_pad_new ("video", pad);
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (bin, ghost);
}

static GstElement *
relay_camera_source_create_bin (RelaySource *source, const RelayProgramFormat *format,
                                GError **error)
{
  RelayCameraSource *self = RELAY_CAMERA_SOURCE (source);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autoptr (GstDevice) camera =
      self->camera ? g_object_ref (self->camera) : find_first_device ("Video/Source");
  g_autoptr (GstDevice) microphone =
      self->microphone ? g_object_ref (self->microphone) : find_first_device ("Audio/Source");
  GstElement *camera_element, *decoder;

  if (camera == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_NO_DEVICE,
                           _ ("No camera found; connect one or use the test pattern"));
      return NULL;
    }

  camera_element = gst_device_create_element (camera, NULL);
  if (camera_element == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NO_DEVICE,
                   _ ("The camera “%s” cannot be opened"), gst_device_get_display_name (camera));
      return NULL;
    }
  gst_bin_add (GST_BIN (bin), camera_element);

  /* Cameras often deliver MJPEG; decodebin passes raw video through untouched. */
  if (!(decoder = relay_bin_add_new (GST_BIN (bin), "decodebin", error)))
    return NULL;
  g_signal_connect_object (decoder, "pad-added", G_CALLBACK (on_decoded_pad), bin, 0);
  gst_element_link (camera_element, decoder);

  if (microphone != NULL)
    {
      GstElement *microphone_element = gst_device_create_element (microphone, NULL);

      if (microphone_element != NULL)
        {
          gst_bin_add (GST_BIN (bin), microphone_element);
          relay_ghost_static_pad (bin, microphone_element, "src", "audio");
        }
    }

  return g_steal_pointer (&bin);
}

static void
relay_camera_source_dispose (GObject *object)
{
  RelayCameraSource *self = RELAY_CAMERA_SOURCE (object);

  g_clear_object (&self->camera);
  g_clear_object (&self->microphone);
  G_OBJECT_CLASS (relay_camera_source_parent_class)->dispose (object);
}

static void
relay_camera_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayCameraSource *self = RELAY_CAMERA_SOURCE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        g_value_set_object (value, self->camera);
        break;
      case PROP_MICROPHONE:
        g_value_set_object (value, self->microphone);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_camera_source_set_property (GObject *object, guint prop_id, const GValue *value,
                                  GParamSpec *pspec)
{
  RelayCameraSource *self = RELAY_CAMERA_SOURCE (object);

  switch (prop_id)
    {
      case PROP_CAMERA:
        self->camera = g_value_dup_object (value);
        break;
      case PROP_MICROPHONE:
        self->microphone = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_camera_source_class_init (RelayCameraSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  object_class->dispose = relay_camera_source_dispose;
  object_class->get_property = relay_camera_source_get_property;
  object_class->set_property = relay_camera_source_set_property;
  source_class->create_bin = relay_camera_source_create_bin;

  /* NULL picks the first camera (or microphone) present when the stream starts. */
  properties[PROP_CAMERA] =
      g_param_spec_object ("camera", NULL, NULL, GST_TYPE_DEVICE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MICROPHONE] =
      g_param_spec_object ("microphone", NULL, NULL, GST_TYPE_DEVICE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_camera_source_init (RelayCameraSource *self)
{
}

RelaySource *
relay_camera_source_new (GstDevice *camera, GstDevice *microphone)
{
  g_autofree char *description =
      camera ? gst_device_get_display_name (camera) : g_strdup (_ ("Camera"));

  return g_object_new (RELAY_TYPE_CAMERA_SOURCE, "camera", camera, "microphone", microphone,
                       "description", description, NULL);
}
