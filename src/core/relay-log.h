/* relay-log.h: log output with every known secret scrubbed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void relay_log_init (void);

G_END_DECLS
