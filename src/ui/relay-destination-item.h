/* relay-destination-item.h: one row of the destinations list
 *
 * Either a destination made in this window (it keeps its settings and an
 * "enabled" switch, and goes live with Go Live), or an output somebody else
 * added to the studio (a restream created through the REST API), shown as
 * long as it is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/relay-output.h"
#include "relay-destination-draft.h"

G_BEGIN_DECLS

#define RELAY_TYPE_DESTINATION_ITEM (relay_destination_item_get_type ())

G_DECLARE_FINAL_TYPE (RelayDestinationItem, relay_destination_item, RELAY, DESTINATION_ITEM,
                      GObject)

RelayDestinationItem *relay_destination_item_new_own (RelayOutput *output,
                                                      const RelayDestinationDraft *draft,
                                                      const char *masked_key);
RelayDestinationItem *relay_destination_item_new_foreign (RelayOutput *output);
gboolean relay_destination_item_is_own_output (RelayOutput *output);

RelayOutput *relay_destination_item_get_output (RelayDestinationItem *self);
void relay_destination_item_replace (RelayDestinationItem *self, RelayOutput *output,
                                     const RelayDestinationDraft *draft, const char *masked_key);
gboolean relay_destination_item_get_own (RelayDestinationItem *self);
const RelayDestinationDraft *relay_destination_item_get_draft (RelayDestinationItem *self);
const char *relay_destination_item_get_masked_key (RelayDestinationItem *self);
const RelayProvider *relay_destination_item_get_provider (RelayDestinationItem *self);
const char *relay_destination_item_get_label (RelayDestinationItem *self);
gboolean relay_destination_item_get_enabled (RelayDestinationItem *self);
void relay_destination_item_set_enabled (RelayDestinationItem *self, gboolean enabled);

G_END_DECLS
