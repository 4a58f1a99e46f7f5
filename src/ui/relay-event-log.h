/* relay-event-log.h: what happened while Relaycast ran, secrets masked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "relay-event.h"

G_BEGIN_DECLS

#define RELAY_TYPE_EVENT_LOG (relay_event_log_get_type ())

G_DECLARE_FINAL_TYPE (RelayEventLog, relay_event_log, RELAY, EVENT_LOG, GObject)

RelayEventLog *relay_event_log_new (void);
void relay_event_log_add (RelayEventLog *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
void relay_event_log_add_for (RelayEventLog *self, RelayEventSeverity severity,
                              const char *destination_id, const char *label, const char *format,
                              ...) G_GNUC_PRINTF (5, 6);
GListModel *relay_event_log_get_model (RelayEventLog *self);
GListModel *relay_event_log_get_destinations (RelayEventLog *self);
const char *relay_event_log_get_destination_id (RelayEventLog *self, guint position);

G_END_DECLS
