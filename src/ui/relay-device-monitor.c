/* relay-device-monitor.c
 *
 * A provider that updates a device (a new name, another default microphone)
 * replaces its GstDevice with a new object and later removes that one. The
 * lists show the newest object; the one it replaces is kept on it, so that
 * whoever holds an older object (a source on air) still knows it is gone.
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

enum
{
  SIGNAL_DEVICE_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* on a device, the older version of it that it replaces */
#define REPLACES_KEY "relay-replaces"

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
  g_autofree char *name = gst_device_get_display_name (device);

  if (store != NULL && !g_list_store_find (store, device, NULL))
    {
      g_debug ("device added: %s", name);
      g_list_store_append (store, device);
    }
}

static void
remove_device (RelayDeviceMonitor *self, GstDevice *device)
{
  GListStore *store = store_for (self, device);
  g_autofree char *name = gst_device_get_display_name (device);
  guint position;

  if (store != NULL && g_list_store_find (store, device, &position))
    {
      g_debug ("device removed: %s", name);
      g_list_store_remove (store, position);
      g_signal_emit (self, signals[SIGNAL_DEVICE_REMOVED], 0, device);
    }
}

static void
replace_device (RelayDeviceMonitor *self, GstDevice *old_device, GstDevice *device)
{
  GListStore *store = store_for (self, device);
  g_autofree char *name = gst_device_get_display_name (device);
  guint position;

  g_object_set_data_full (G_OBJECT (device), REPLACES_KEY, gst_object_ref (old_device),
                          gst_object_unref);
  if (store == NULL || store != store_for (self, old_device)
      || !g_list_store_find (store, old_device, &position))
    {
      remove_device (self, old_device);
      add_device (self, device);
      return;
    }

  g_debug ("device changed: %s", name);
  g_list_store_splice (store, position, 1, (gpointer *) &device, 1);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  RelayDeviceMonitor *self = user_data;
  g_autoptr (GstDevice) device = NULL;
  g_autoptr (GstDevice) old_device = NULL;

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
      case GST_MESSAGE_DEVICE_CHANGED:
        gst_message_parse_device_changed (message, &device, &old_device);
        replace_device (self, old_device, device);
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

  /**
   * RelayDeviceMonitor::device-removed:
   * @device: the camera or microphone, no longer listed
   */
  signals[SIGNAL_DEVICE_REMOVED] =
      g_signal_new ("device-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, GST_TYPE_DEVICE);
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

/* Whether @seen is @device, or an older version of it that @device replaces. */
gboolean
relay_device_monitor_is_same_device (GstDevice *device, GstDevice *seen)
{
  g_return_val_if_fail (GST_IS_DEVICE (device), FALSE);

  for (; device != NULL; device = g_object_get_data (G_OBJECT (device), REPLACES_KEY))
    {
      if (device == seen)
        return TRUE;
    }
  return FALSE;
}

/**
 * relay_device_monitor_find:
 * @devices: a list of GstDevice from the monitor
 * @seen: a device, maybe an older version of one listed
 *
 * Returns: (transfer full) (nullable): the listed version of @seen
 */
GstDevice *
relay_device_monitor_find (GListModel *devices, GstDevice *seen, guint *position)
{
  guint n = g_list_model_get_n_items (devices);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GstDevice) device = g_list_model_get_item (devices, i);

      if (relay_device_monitor_is_same_device (device, seen))
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&device);
        }
    }
  return NULL;
}
