/* relay-level-meter.h: the program's loudness, from RelayStream::audio-level
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RELAY_TYPE_LEVEL_METER (relay_level_meter_get_type ())

G_DECLARE_FINAL_TYPE (RelayLevelMeter, relay_level_meter, RELAY, LEVEL_METER, GtkWidget)

#define RELAY_LEVEL_METER_FLOOR_DB (-60.0)

GtkWidget *relay_level_meter_new (void);
void relay_level_meter_set_level (RelayLevelMeter *self, double rms_db, double peak_db);
double relay_level_meter_get_peak (RelayLevelMeter *self);

G_END_DECLS
