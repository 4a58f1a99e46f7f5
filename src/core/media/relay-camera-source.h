/* relay-camera-source.h: a camera and a microphone found by GstDeviceMonitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_CAMERA_SOURCE (relay_camera_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayCameraSource, relay_camera_source, RELAY, CAMERA_SOURCE, RelaySource)

RelaySource *relay_camera_source_new (GstDevice *camera, GstDevice *microphone);

G_END_DECLS
