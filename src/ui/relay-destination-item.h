/* relay-destination-item.h: one row of the destinations list
 *
 * A saved destination (its switch is the destination's saved "enabled"; it
 * has an output once it has gone live), a destination given on the command
 * line for this run only, or an output somebody else added to the studio (a
 * restream created through the REST API), shown as long as it is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/config/relay-destination.h"
#include "core/outputs/relay-output.h"

G_BEGIN_DECLS

typedef enum
{
  RELAY_DESTINATION_ITEM_SAVED,
  RELAY_DESTINATION_ITEM_SESSION,
  RELAY_DESTINATION_ITEM_FOREIGN,
} RelayDestinationItemKind;

#define RELAY_TYPE_DESTINATION_ITEM (relay_destination_item_get_type ())

G_DECLARE_FINAL_TYPE (RelayDestinationItem, relay_destination_item, RELAY, DESTINATION_ITEM,
                      GObject)

RelayDestinationItem *relay_destination_item_new_saved (RelayDestination *destination);
RelayDestinationItem *relay_destination_item_new_for_output (RelayOutput *output,
                                                             RelayDestinationItemKind kind);

RelayDestinationItemKind relay_destination_item_get_kind (RelayDestinationItem *self);
RelayDestination *relay_destination_item_get_destination (RelayDestinationItem *self);
const char *relay_destination_item_get_id (RelayDestinationItem *self);
RelayOutput *relay_destination_item_get_output (RelayDestinationItem *self);
void relay_destination_item_set_output (RelayDestinationItem *self, RelayOutput *output);
const char *relay_destination_item_get_error (RelayDestinationItem *self);
void relay_destination_item_set_error (RelayDestinationItem *self, const char *error);
const char *relay_destination_item_get_label (RelayDestinationItem *self);
const char *relay_destination_item_get_icon_name (RelayDestinationItem *self);
const char *relay_destination_item_get_provider_name (RelayDestinationItem *self);
char *relay_destination_item_describe_state (RelayDestinationItem *self);
gboolean relay_destination_item_get_enabled (RelayDestinationItem *self);
void relay_destination_item_set_enabled (RelayDestinationItem *self, gboolean enabled);

G_END_DECLS
