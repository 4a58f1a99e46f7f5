/* relay-event-log.c
 *
 * Entries are RelayEvents, newest first; a RelayEvent redacts what it is
 * given, so no secret reaches the model. Beside them, the destinations that
 * have entries, first seen first, for the log's filter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <gtk/gtk.h>

#include "relay-event-log.h"

#define MAX_EVENTS 500

struct _RelayEventLog
{
  GObject parent_instance;

  GListStore *events;
  /* the labels of the destinations that have events, and their ids, position for position */
  GtkStringList *destination_labels;
  GPtrArray *destination_ids;
  /* destination id -> how many of the events are about it */
  GHashTable *counts;
};

G_DEFINE_FINAL_TYPE (RelayEventLog, relay_event_log, G_TYPE_OBJECT)

static void
relay_event_log_finalize (GObject *object)
{
  RelayEventLog *self = RELAY_EVENT_LOG (object);

  g_clear_object (&self->events);
  g_clear_object (&self->destination_labels);
  g_clear_pointer (&self->destination_ids, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
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
  self->events = g_list_store_new (RELAY_TYPE_EVENT);
  self->destination_labels = gtk_string_list_new (NULL);
  self->destination_ids = g_ptr_array_new_with_free_func (g_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RelayEventLog *
relay_event_log_new (void)
{
  return g_object_new (RELAY_TYPE_EVENT_LOG, NULL);
}

/* A destination's latest label is the one the filter shows: a renamed one
 * keeps its place. */
static void
count_event (RelayEventLog *self, RelayEvent *event)
{
  const char *id = relay_event_get_destination_id (event);
  const char *label = relay_event_get_label (event);
  guint count;
  guint position;

  if (id == NULL)
    return;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, id));
  g_hash_table_insert (self->counts, g_strdup (id), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    {
      g_ptr_array_add (self->destination_ids, g_strdup (id));
      gtk_string_list_append (self->destination_labels, label ? label : id);
      return;
    }

  g_ptr_array_find_with_equal_func (self->destination_ids, id, g_str_equal, &position);
  if (label != NULL
      && g_strcmp0 (gtk_string_list_get_string (self->destination_labels, position), label) != 0)
    {
      const char *labels[] = { label, NULL };

      gtk_string_list_splice (self->destination_labels, position, 1, labels);
    }
}

static void
uncount_event (RelayEventLog *self, RelayEvent *event)
{
  const char *id = relay_event_get_destination_id (event);
  guint count;
  guint position;

  if (id == NULL)
    return;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, id));
  if (count > 1)
    {
      g_hash_table_insert (self->counts, g_strdup (id), GUINT_TO_POINTER (count - 1));
      return;
    }
  g_hash_table_remove (self->counts, id);
  g_ptr_array_find_with_equal_func (self->destination_ids, id, g_str_equal, &position);
  g_ptr_array_remove_index (self->destination_ids, position);
  gtk_string_list_remove (self->destination_labels, position);
}

static void
add_event (RelayEventLog *self, RelayEventSeverity severity, const char *destination_id,
           const char *label, const char *format, va_list args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);
  g_autoptr (RelayEvent) event = relay_event_new (NULL, severity, destination_id, label, text);
  g_autofree char *line = relay_event_to_line (event);
  guint n;

  g_debug ("%s", line);
  g_list_store_insert (self->events, 0, event);
  count_event (self, event);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->events));
  for (guint i = MAX_EVENTS; i < n; i++)
    {
      g_autoptr (RelayEvent) dropped = g_list_model_get_item (G_LIST_MODEL (self->events), i);

      uncount_event (self, dropped);
    }
  if (n > MAX_EVENTS)
    g_list_store_splice (self->events, MAX_EVENTS, n - MAX_EVENTS, NULL, 0);
}

/* Something about the broadcast as a whole. */
void
relay_event_log_add (RelayEventLog *self, const char *format, ...)
{
  va_list args;

  g_return_if_fail (RELAY_IS_EVENT_LOG (self));

  va_start (args, format);
  add_event (self, RELAY_EVENT_INFO, NULL, NULL, format, args);
  va_end (args);
}

/**
 * relay_event_log_add_for:
 * @destination_id: (nullable): the destination it is about; %NULL for the
 *   broadcast as a whole
 * @label: (nullable): that destination's label, shown before the text
 */
void
relay_event_log_add_for (RelayEventLog *self, RelayEventSeverity severity,
                         const char *destination_id, const char *label, const char *format, ...)
{
  va_list args;

  g_return_if_fail (RELAY_IS_EVENT_LOG (self));

  va_start (args, format);
  add_event (self, severity, destination_id, label, format, args);
  va_end (args);
}

/* Returns: (transfer none): the RelayEvents, newest first */
GListModel *
relay_event_log_get_model (RelayEventLog *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT_LOG (self), NULL);

  return G_LIST_MODEL (self->events);
}

/* Returns: (transfer none): the GtkStringObject labels of the destinations
 *   the events are about */
GListModel *
relay_event_log_get_destinations (RelayEventLog *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT_LOG (self), NULL);

  return G_LIST_MODEL (self->destination_labels);
}

/* Returns: the id of the destination at @position of relay_event_log_get_destinations() */
const char *
relay_event_log_get_destination_id (RelayEventLog *self, guint position)
{
  g_return_val_if_fail (RELAY_IS_EVENT_LOG (self), NULL);
  g_return_val_if_fail (position < self->destination_ids->len, NULL);

  return g_ptr_array_index (self->destination_ids, position);
}
