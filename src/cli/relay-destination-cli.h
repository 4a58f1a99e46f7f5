/* relay-destination-cli.h: `relaycast destination …` and going live to saved destinations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/relay-broadcast.h"

G_BEGIN_DECLS

int relay_destination_cli_run (int argc, char **argv);
GPtrArray *relay_destination_cli_create_outputs (RelayBroadcast *broadcast, const char *const *ids,
                                                 GError **error);

G_END_DECLS
