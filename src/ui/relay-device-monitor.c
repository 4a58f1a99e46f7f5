/* relay-device-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include "relay-device-monitor.h"

struct _RelayDeviceMonitor
{
  GObject parent_instance;

  GstDeviceMonitor *monitor;
  guint bus_watch_id;
  GListStore *cameras;
  GListStore *microphones;
};

G_DEFINE_FINAL_TYPE (RelayDeviceMonitor, relay_device_monitor, G_TYPE_OBJECT)

static GListStore *
store_for (RelayDeviceMonitor *self, GstDevice *device)
{
  if (gst_device_has_classes (device, "Video/Source"))
    return self->cameras;
  if (gst_device_has_classes (device, "Audio/Source"))
    return self->microphones;
  return NULL;
}

static void
add_device (RelayDeviceMonitor *self, GstDevice *device)
{
  GListStore *store = store_for (self, device);

  if (store != NULL && !g_list_store_find (store, device, NULL))
    {
      g_debug ("device added: %s", gst_device_get_display_name (device));
      g_list_store_append (store, device);
    }
}

static void
remove_device (RelayDeviceMonitor *self, GstDevice *device)
{
  GListStore *store = store_for (self, device);
  guint position;

  if (store != NULL && g_list_store_find (store, device, &position))
    {
      g_debug ("device removed: %s", gst_device_get_display_name (device));
      g_list_store_remove (store, position);
    }
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  RelayDeviceMonitor *self = user_data;
  g_autoptr (GstDevice) device = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_DEVICE_ADDED:
        gst_message_parse_device_added (message, &device);
        add_device (self, device);
        break;
      case GST_MESSAGE_DEVICE_REMOVED:
        gst_message_parse_device_removed (message, &device);
        remove_device (self, device);
        break;
      default:
        break;
    }
  return G_SOURCE_CONTINUE;
}

static void
relay_device_monitor_dispose (GObject *object)
{
  RelayDeviceMonitor *self = RELAY_DEVICE_MONITOR (object);

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  if (self->monitor != NULL)
    gst_device_monitor_stop (self->monitor);
  gst_clear_object (&self->monitor);
  g_clear_object (&self->cameras);
  g_clear_object (&self->microphones);
  G_OBJECT_CLASS (relay_device_monitor_parent_class)->dispose (object);
}

static void
relay_device_monitor_class_init (RelayDeviceMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = relay_device_monitor_dispose;
}

static void
relay_device_monitor_init (RelayDeviceMonitor *self)
{
  g_autoptr (GstBus) bus = NULL;
  GList *devices;

  self->cameras = g_list_store_new (GST_TYPE_DEVICE);
  self->microphones = g_list_store_new (GST_TYPE_DEVICE);
  self->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (self->monitor, "Video/Source", NULL);
  gst_device_monitor_add_filter (self->monitor, "Audio/Source", NULL);

  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message, self);

  if (!gst_device_monitor_start (self->monitor))
    {
      g_debug ("no device provider could start: no cameras or microphones");
      return;
    }

  devices = gst_device_monitor_get_devices (self->monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);
}

RelayDeviceMonitor *
relay_device_monitor_new (void)
{
  return g_object_new (RELAY_TYPE_DEVICE_MONITOR, NULL);
}

/* Returns: (transfer none): a list of GstDevice */
GListModel *
relay_device_monitor_get_cameras (RelayDeviceMonitor *self)
{
  g_return_val_if_fail (RELAY_IS_DEVICE_MONITOR (self), NULL);

  return G_LIST_MODEL (self->cameras);
}

/* Returns: (transfer none): a list of GstDevice */
GListModel *
relay_device_monitor_get_microphones (RelayDeviceMonitor *self)
{
  g_return_val_if_fail (RELAY_IS_DEVICE_MONITOR (self), NULL);

  return G_LIST_MODEL (self->microphones);
}
