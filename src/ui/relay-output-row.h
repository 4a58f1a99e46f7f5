/* relay-output-row.h: a destination in the list, with its state and switch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "relay-destination-item.h"

G_BEGIN_DECLS

#define RELAY_TYPE_OUTPUT_ROW (relay_output_row_get_type ())

G_DECLARE_FINAL_TYPE (RelayOutputRow, relay_output_row, RELAY, OUTPUT_ROW, AdwActionRow)

GtkWidget *relay_output_row_new (RelayDestinationItem *item);
RelayDestinationItem *relay_output_row_get_item (RelayOutputRow *self);

G_END_DECLS
