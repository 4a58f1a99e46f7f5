/* relay-log.c
 *
 * Every GLib log message and every GStreamer debug line goes through
 * relay_mask_redact() before it is written, so a key that reached an element
 * property or an error string still never reaches a terminal or a journal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "relay-log.h"
#include "relay-mask.h"

static GLogWriterOutput
redacting_writer (GLogLevelFlags log_level, const GLogField *fields, gsize n_fields,
                  gpointer user_data)
{
  g_autofree GLogField *copy = NULL;
  g_autofree char *redacted = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
    }
  /* Debug messages nobody asked for cost nothing more (the API logs each request). */
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  copy = g_memdup2 (fields, sizeof (GLogField) * n_fields);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (copy[i].key, "MESSAGE") == 0 && copy[i].length < 0 && redacted == NULL)
        {
          redacted = relay_mask_redact (copy[i].value);
          copy[i].value = redacted;
        }
    }

  return g_log_writer_default (log_level, copy, n_fields, user_data);
}

static void
redacting_gst_log (GstDebugCategory *category, GstDebugLevel level, const char *file,
                   const char *function, int line, GObject *object, GstDebugMessage *message,
                   gpointer user_data)
{
  g_autofree char *text = NULL;

  if (level > gst_debug_category_get_threshold (category))
    return;

  text = relay_mask_redact (gst_debug_message_get (message));
  g_printerr ("%s %s %s:%d:%s: %s\n", gst_debug_level_get_name (level),
              gst_debug_category_get_name (category), file, line, function, text);
}

void
relay_log_init (void)
{
  g_log_set_writer_func (redacting_writer, NULL, NULL);

  if (gst_is_initialized ())
    {
      gst_debug_remove_log_function (gst_debug_log_default);
      gst_debug_add_log_function (redacting_gst_log, NULL, NULL);
    }
}
