/* relay-event.h: one line of the event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * RelayEventSeverity:
 * @RELAY_EVENT_INFO: something happened (added, going live, ended)
 * @RELAY_EVENT_SUCCESS: a destination went live
 * @RELAY_EVENT_WARNING: a destination retries or stalled, the source was lost
 * @RELAY_EVENT_ERROR: a destination failed or cannot start, the source failed
 */
typedef enum
{
  RELAY_EVENT_INFO,
  RELAY_EVENT_SUCCESS,
  RELAY_EVENT_WARNING,
  RELAY_EVENT_ERROR,
} RelayEventSeverity;

#define RELAY_TYPE_EVENT_SEVERITY (relay_event_severity_get_type ())
GType relay_event_severity_get_type (void);

#define RELAY_TYPE_EVENT (relay_event_get_type ())

G_DECLARE_FINAL_TYPE (RelayEvent, relay_event, RELAY, EVENT, GObject)

RelayEvent *relay_event_new (GDateTime *time, RelayEventSeverity severity,
                             const char *destination_id, const char *label, const char *text);
GDateTime *relay_event_get_time (RelayEvent *self);
RelayEventSeverity relay_event_get_severity (RelayEvent *self);
const char *relay_event_get_destination_id (RelayEvent *self);
const char *relay_event_get_label (RelayEvent *self);
const char *relay_event_get_text (RelayEvent *self);
char *relay_event_format_time (RelayEvent *self);
char *relay_event_to_line (RelayEvent *self);

G_END_DECLS
