/* relay-test-device.c
 *
 * Its element is whatever a gst-launch line of one element makes (a live
 * videotestsrc or audiotestsrc), so choosing it really plays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-test-device.h"

struct _RelayTestDevice
{
  GstDevice parent_instance;

  char *launch;
};

G_DEFINE_FINAL_TYPE (RelayTestDevice, relay_test_device, GST_TYPE_DEVICE)

enum
{
  PROP_0,
  PROP_LAUNCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GstElement *
relay_test_device_create_element (GstDevice *device, const char *name)
{
  RelayTestDevice *self = RELAY_TEST_DEVICE (device);
  g_autoptr (GError) error = NULL;
  GstElement *element = gst_parse_launch (self->launch, &error);

  g_assert_no_error (error);
  if (name != NULL)
    gst_element_set_name (element, name);
  return element;
}

static void
relay_test_device_finalize (GObject *object)
{
  RelayTestDevice *self = RELAY_TEST_DEVICE (object);

  g_free (self->launch);
  G_OBJECT_CLASS (relay_test_device_parent_class)->finalize (object);
}

static void
relay_test_device_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayTestDevice *self = RELAY_TEST_DEVICE (object);

  switch (prop_id)
    {
      case PROP_LAUNCH:
        self->launch = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_test_device_class_init (RelayTestDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_test_device_finalize;
  object_class->set_property = relay_test_device_set_property;
  GST_DEVICE_CLASS (klass)->create_element = relay_test_device_create_element;

  properties[PROP_LAUNCH] =
      g_param_spec_string ("launch", NULL, NULL, NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_test_device_init (RelayTestDevice *self)
{
}

/**
 * relay_test_device_new:
 * @device_class: "Video/Source" or "Audio/Source"
 * @caps: what it produces, as a caps string
 * @launch: the gst-launch description of its one element
 *
 * Returns: (transfer floating): the device, for the test provider to add
 */
GstDevice *
relay_test_device_new (const char *display_name, const char *device_class, const char *caps,
                       const char *launch)
{
  g_autoptr (GstCaps) device_caps = gst_caps_from_string (caps);

  return g_object_new (RELAY_TYPE_TEST_DEVICE, "display-name", display_name, "device-class",
                       device_class, "caps", device_caps, "launch", launch, NULL);
}

const char *
relay_test_device_get_launch (RelayTestDevice *self)
{
  g_return_val_if_fail (RELAY_IS_TEST_DEVICE (self), NULL);

  return self->launch;
}
