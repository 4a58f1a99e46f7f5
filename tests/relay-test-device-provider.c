/* relay-test-device-provider.c
 *
 * Registered in the test process like any device provider, with a rank that
 * GstDeviceMonitor takes (it asks for every provider above GST_RANK_NONE
 * whose classes match its filters), so the application finds these devices
 * through its ordinary GstDeviceMonitor, told of each change on the bus as
 * hot-plugged hardware would be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-test-device-provider.h"
#include "relay-test-device.h"

#define FACTORY_NAME "relaytestdeviceprovider"

struct _RelayTestDeviceProvider
{
  GstDeviceProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (RelayTestDeviceProvider, relay_test_device_provider, GST_TYPE_DEVICE_PROVIDER)

/* Devices come only from the test, once a monitor has started the provider. */
static GList *
relay_test_device_provider_probe (GstDeviceProvider *provider)
{
  return NULL;
}

static gboolean
relay_test_device_provider_start (GstDeviceProvider *provider)
{
  return TRUE;
}

static void
relay_test_device_provider_class_init (RelayTestDeviceProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->probe = relay_test_device_provider_probe;
  provider_class->start = relay_test_device_provider_start;
  gst_device_provider_class_set_static_metadata (
      provider_class, "Relaycast test devices", "Source/Audio/Video",
      "Cameras and microphones that Relaycast's tests plug and unplug", "Relaycast developers");
}

static void
relay_test_device_provider_init (RelayTestDeviceProvider *self)
{
}

void
relay_test_device_provider_register (void)
{
  g_assert_true (gst_device_provider_register (NULL, FACTORY_NAME, GST_RANK_MARGINAL,
                                               RELAY_TYPE_TEST_DEVICE_PROVIDER));
}

/* The one instance, which every GstDeviceMonitor shares. */
static GstDeviceProvider *
get_provider (void)
{
  GstDeviceProvider *provider = gst_device_provider_factory_get_by_name (FACTORY_NAME);

  g_assert_nonnull (provider);
  /* plugging only reaches the monitors that have started it */
  g_assert_true (gst_device_provider_is_started (provider));
  gst_object_unref (provider);
  return provider;
}

static GstDevice *
plug (GstDevice *device)
{
  gst_object_ref_sink (device);
  gst_device_provider_device_add (get_provider (), device);
  return device;
}

/**
 * relay_test_device_provider_plug_camera:
 * @colour: the ARGB colour of its picture, a ball moving over it
 *
 * Returns: (transfer full): the camera, now listed by every started monitor
 */
GstDevice *
relay_test_device_provider_plug_camera (const char *display_name, guint32 colour)
{
  g_autofree char *launch =
      g_strdup_printf ("videotestsrc is-live=true pattern=ball background-color=0x%08x", colour);

  return plug (relay_test_device_new (display_name, "Video/Source", "video/x-raw", launch));
}

/* Returns: (transfer full): a microphone playing a tone at @volume */
GstDevice *
relay_test_device_provider_plug_microphone (const char *display_name, double volume)
{
  g_autofree char *launch = g_strdup_printf ("audiotestsrc is-live=true volume=%g", volume);

  return plug (relay_test_device_new (display_name, "Audio/Source", "audio/x-raw", launch));
}

/**
 * relay_test_device_provider_rename:
 *
 * Replaces @device with a copy under a new name, as providers do when a
 * device's properties change (GST_MESSAGE_DEVICE_CHANGED).
 *
 * Returns: (transfer full): the new version of @device
 */
GstDevice *
relay_test_device_provider_rename (GstDevice *device, const char *display_name)
{
  g_autofree char *device_class = gst_device_get_device_class (device);
  g_autoptr (GstCaps) caps = gst_device_get_caps (device);
  g_autofree char *caps_string = gst_caps_to_string (caps);
  GstDevice *renamed = gst_object_ref_sink (
      relay_test_device_new (display_name, device_class, caps_string,
                             relay_test_device_get_launch (RELAY_TEST_DEVICE (device))));

  gst_device_provider_device_changed (get_provider (), renamed, device);
  return renamed;
}

void
relay_test_device_provider_unplug (GstDevice *device)
{
  gst_device_provider_device_remove (get_provider (), device);
}
