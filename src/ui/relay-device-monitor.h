/* relay-device-monitor.h: cameras and microphones, kept up to date as they come and go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define RELAY_TYPE_DEVICE_MONITOR (relay_device_monitor_get_type ())

G_DECLARE_FINAL_TYPE (RelayDeviceMonitor, relay_device_monitor, RELAY, DEVICE_MONITOR, GObject)

RelayDeviceMonitor *relay_device_monitor_new (void);
GListModel *relay_device_monitor_get_cameras (RelayDeviceMonitor *self);
GListModel *relay_device_monitor_get_microphones (RelayDeviceMonitor *self);
gboolean relay_device_monitor_is_same_device (GstDevice *device, GstDevice *seen);
GstDevice *relay_device_monitor_find (GListModel *devices, GstDevice *seen, guint *position);

G_END_DECLS
