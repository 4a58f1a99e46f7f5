/* relay-source-picker.h: choosing what the program shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/relay-studio.h"
#include "relay-device-monitor.h"

G_BEGIN_DECLS

#define RELAY_TYPE_SOURCE_PICKER (relay_source_picker_get_type ())

G_DECLARE_FINAL_TYPE (RelaySourcePicker, relay_source_picker, RELAY, SOURCE_PICKER, GtkWidget)

GtkWidget *relay_source_picker_new (void);
void relay_source_picker_set_studio (RelaySourcePicker *self, RelayStudio *studio);
void relay_source_picker_show_source (RelaySourcePicker *self, RelaySource *source);
RelayDeviceMonitor *relay_source_picker_get_devices (RelaySourcePicker *self);
GListModel *relay_source_picker_get_items (RelaySourcePicker *self);
void relay_source_picker_choose (RelaySourcePicker *self, guint position);

G_END_DECLS
