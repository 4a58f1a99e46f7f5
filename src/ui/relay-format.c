/* relay-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

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

/* Rounded to a whole number, with a true minus sign and a plus above zero:
 * "−20", "0", "+6" */
char *
relay_format_signed (double value)
{
  int rounded = (int) round (value);

  if (rounded < 0)
    return g_strdup_printf ("−%d", -rounded);
  return g_strdup_printf (rounded > 0 ? "+%d" : "%d", rounded);
}

/* "−20 dB", "0 dB", "+6 dB" */
char *
relay_format_decibels (double db)
{
  g_autofree char *number = relay_format_signed (db);

  /* Translators: a gain or a sound level in decibels, e.g. "−20 dB" */
  return g_strdup_printf (_ ("%s dB"), number);
}
