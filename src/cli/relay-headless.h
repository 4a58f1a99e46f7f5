/* relay-headless.h: Relaycast without a window, for servers and scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-cli.h"

G_BEGIN_DECLS

int relay_headless_run (const RelayCliOptions *options);

G_END_DECLS
