/* relay-color.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "relay-color.h"

/**
 * relay_color_parse:
 * @text: "#RRGGBB" or "#RRGGBBAA" (CSS: the alpha last)
 * @argb: (out): the colour as 0xAARRGGBB
 *
 * Returns: whether @text is such a colour
 */
gboolean
relay_color_parse (const char *text, guint32 *argb)
{
  guint32 value = 0;
  gsize length;

  g_return_val_if_fail (argb != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;
  length = strlen (text + 1);
  if (length != 6 && length != 8)
    return FALSE;
  for (gsize i = 1; i <= length; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (guint32) digit;
    }

  /* 0xRRGGBB gets an opaque alpha; 0xRRGGBBAA has it moved to the front */
  *argb = length == 6 ? 0xFF000000u | value : (value & 0xFFu) << 24 | value >> 8;
  return TRUE;
}

/* Returns: (transfer full): "#rrggbb" when opaque, else "#rrggbbaa" */
char *
relay_color_to_string (guint32 argb)
{
  guint32 alpha = argb >> 24;

  if (alpha == 0xFF)
    return g_strdup_printf ("#%06x", argb & 0xFFFFFFu);
  return g_strdup_printf ("#%06x%02x", argb & 0xFFFFFFu, alpha);
}
