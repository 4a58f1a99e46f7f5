/* relay-test-device.h: a camera or microphone that only exists in the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define RELAY_TYPE_TEST_DEVICE (relay_test_device_get_type ())

G_DECLARE_FINAL_TYPE (RelayTestDevice, relay_test_device, RELAY, TEST_DEVICE, GstDevice)

GstDevice *relay_test_device_new (const char *display_name, const char *device_class,
                                  const char *caps, const char *launch);
const char *relay_test_device_get_launch (RelayTestDevice *self);

G_END_DECLS
