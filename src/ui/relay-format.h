/* relay-format.h: numbers as the window shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *relay_format_bitrate (guint bits_per_second);
char *relay_format_duration (gint64 microseconds);
char *relay_format_signed (double value);
char *relay_format_decibels (double db);

G_END_DECLS
