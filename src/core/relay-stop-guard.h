/* relay-stop-guard.h: once a clean stop begins, a second signal or a stuck
 * teardown ends the process at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void relay_stop_guard_arm (void);

G_END_DECLS
