/* relay-source-factory.h: a source from how a person names it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

RelaySource *relay_source_new_for_spec (const char *spec, GError **error);

G_END_DECLS
