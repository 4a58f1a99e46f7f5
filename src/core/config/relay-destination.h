/* relay-destination.h: a saved destination (never its key)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "relay-output.h"
#include "relay-profile.h"
#include "relay-provider.h"

G_BEGIN_DECLS

#define RELAY_TYPE_DESTINATION (relay_destination_get_type ())

G_DECLARE_FINAL_TYPE (RelayDestination, relay_destination, RELAY, DESTINATION, GObject)

RelayDestination *relay_destination_new (const char *id, const char *provider,
                                         RelayDestinationKind kind);
RelayDestination *relay_destination_new_from_json (JsonObject *object, GError **error);
JsonNode *relay_destination_to_json (RelayDestination *self);
gboolean relay_destination_id_is_valid (const char *id);

const char *relay_destination_get_id (RelayDestination *self);
const char *relay_destination_get_name (RelayDestination *self);
const char *relay_destination_get_provider (RelayDestination *self);
RelayDestinationKind relay_destination_get_kind (RelayDestination *self);
const char *relay_destination_get_server_url (RelayDestination *self);
const char *relay_destination_get_stream_name (RelayDestination *self);
const char *relay_destination_get_folder (RelayDestination *self);
const char *relay_destination_get_container (RelayDestination *self);
const char *relay_destination_get_scene (RelayDestination *self);
gboolean relay_destination_get_enabled (RelayDestination *self);
const RelayProvider *relay_destination_get_preset (RelayDestination *self);

gboolean relay_destination_validate (RelayDestination *self, GError **error);
void relay_destination_apply_output_options (RelayDestination *self, RelayOutputOptions *options);
RelayOutput *relay_destination_create_output (RelayDestination *self, const char *key,
                                              const RelayOutputOptions *base,
                                              const RelayProgramFormat *format, GError **error);

G_END_DECLS
