/* relay-destination-cli.h: `relaycast destination …` and going live to saved destinations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/relay-output.h"
#include "core/relay-profile.h"

G_BEGIN_DECLS

int relay_destination_cli_run (int argc, char **argv);
GPtrArray *relay_destination_cli_create_outputs (const char *const *ids, const char *key_file,
                                                 const RelayOutputOptions *base,
                                                 const RelayProgramFormat *format, GError **error);

G_END_DECLS
