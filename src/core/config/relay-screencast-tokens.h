/* relay-screencast-tokens.h: the desktop portal's restore tokens, kept between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the key of the program's own screen source */
#define RELAY_SCREENCAST_TOKENS_PROGRAM "program"

char *relay_screencast_tokens_lookup (const char *key);
void relay_screencast_tokens_store (const char *key, const char *token);

G_END_DECLS
