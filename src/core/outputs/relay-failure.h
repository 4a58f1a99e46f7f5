/* relay-failure.h: turning transport errors into what a user can act on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "relay-retry-policy.h"

G_BEGIN_DECLS

RelayFailureKind relay_failure_classify (const GError *error, const char *debug, const char *peer,
                                         char **out_message);
char *relay_failure_describe_source (const GError *error, const char *debug, const char *uri);

G_END_DECLS
