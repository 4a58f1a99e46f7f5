/* relay-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-format.h"

char *
relay_format_bitrate (guint bits_per_second)
{
  if (bits_per_second >= 1000000)
    /* Translators: megabits per second */
    return g_strdup_printf (_ ("%.1f Mb/s"), bits_per_second / 1e6);
  /* Translators: kilobits per second */
  return g_strdup_printf (_ ("%u kb/s"), bits_per_second / 1000);
}

/* "12:34", or "1:02:03" past an hour */
char *
relay_format_duration (gint64 microseconds)
{
  gint64 seconds = MAX (microseconds, 0) / G_USEC_PER_SEC;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}
