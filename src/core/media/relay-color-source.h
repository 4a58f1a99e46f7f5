/* relay-color-source.h: a solid colour, as a layer's source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_COLOR_SOURCE (relay_color_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayColorSource, relay_color_source, RELAY, COLOR_SOURCE, RelaySource)

RelaySource *relay_color_source_new (guint32 argb);
guint32 relay_color_source_get_color (RelayColorSource *self);
void relay_color_source_set_color (RelayColorSource *self, guint32 argb);

G_END_DECLS
