/* relay-event-log.c
 *
 * Entries are plain strings, newest first, redacted before they are stored:
 * an error text that quotes a URL with its key never reaches the screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <gtk/gtk.h>

#include "core/relay-mask.h"
#include "relay-event-log.h"

#define MAX_EVENTS 500

struct _RelayEventLog
{
  GObject parent_instance;

  GListStore *events;
};

G_DEFINE_FINAL_TYPE (RelayEventLog, relay_event_log, G_TYPE_OBJECT)

static void
relay_event_log_finalize (GObject *object)
{
  RelayEventLog *self = RELAY_EVENT_LOG (object);

  g_clear_object (&self->events);
  G_OBJECT_CLASS (relay_event_log_parent_class)->finalize (object);
}

static void
relay_event_log_class_init (RelayEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relay_event_log_finalize;
}

static void
relay_event_log_init (RelayEventLog *self)
{
  self->events = g_list_store_new (GTK_TYPE_STRING_OBJECT);
}

RelayEventLog *
relay_event_log_new (void)
{
  return g_object_new (RELAY_TYPE_EVENT_LOG, NULL);
}

void
relay_event_log_add (RelayEventLog *self, const char *format, ...)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  g_autofree char *redacted = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GtkStringObject) entry = NULL;
  guint n;
  va_list args;

  g_return_if_fail (RELAY_IS_EVENT_LOG (self));

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  redacted = relay_mask_redact (text);
  line = g_strdup_printf ("%s %s", stamp, redacted);
  g_debug ("%s", line);

  entry = gtk_string_object_new (line);
  g_list_store_insert (self->events, 0, entry);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  if (n > MAX_EVENTS)
    g_list_store_splice (self->events, MAX_EVENTS, n - MAX_EVENTS, NULL, 0);
}

GListModel *
relay_event_log_get_model (RelayEventLog *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT_LOG (self), NULL);

  return G_LIST_MODEL (self->events);
}
