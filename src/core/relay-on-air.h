/* relay-on-air.h: whether a broadcast reaches anyone: how many of its
 * destinations are live, and for how long it has been on air
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-enums.h"
#include "relay-output.h"

G_BEGIN_DECLS

#define RELAY_TYPE_ON_AIR (relay_on_air_get_type ())

G_DECLARE_FINAL_TYPE (RelayOnAir, relay_on_air, RELAY, ON_AIR, GObject)

RelayOnAir *relay_on_air_new (void);
void relay_on_air_begin (RelayOnAir *self);
void relay_on_air_end (RelayOnAir *self);
void relay_on_air_add_output (RelayOnAir *self, RelayOutput *output);
void relay_on_air_remove_output (RelayOnAir *self, RelayOutput *output);
void relay_on_air_set_pending (RelayOnAir *self, guint n_pending);

RelayOnAirState relay_on_air_get_state (RelayOnAir *self);
guint relay_on_air_get_n_live (RelayOnAir *self);
guint relay_on_air_get_n_outputs (RelayOnAir *self);
gint64 relay_on_air_get_time_on_air_us (RelayOnAir *self);
char *relay_on_air_describe (RelayOnAir *self);

G_END_DECLS
