/* relay-color.h: colours as scenes and the API write them (#RRGGBB[AA])
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean relay_color_parse (const char *text, guint32 *argb);
char *relay_color_to_string (guint32 argb);

G_END_DECLS
