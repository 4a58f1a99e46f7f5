/* relay-output-factory.h: from a destination URL to the right kind of output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"

G_BEGIN_DECLS

RelayOutput *relay_output_new_for_uri (const char *uri, const RelayOutputOptions *options,
                                       GError **error);

G_END_DECLS
