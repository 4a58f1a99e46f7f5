/* relay-test-device-provider.h: cameras and microphones the tests plug and unplug
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define RELAY_TYPE_TEST_DEVICE_PROVIDER (relay_test_device_provider_get_type ())

G_DECLARE_FINAL_TYPE (RelayTestDeviceProvider, relay_test_device_provider, RELAY,
                      TEST_DEVICE_PROVIDER, GstDeviceProvider)

void relay_test_device_provider_register (void);
GstDevice *relay_test_device_provider_plug_camera (const char *display_name, guint32 colour);
GstDevice *relay_test_device_provider_plug_microphone (const char *display_name, double volume);
GstDevice *relay_test_device_provider_rename (GstDevice *device, const char *display_name);
void relay_test_device_provider_unplug (GstDevice *device);

G_END_DECLS
