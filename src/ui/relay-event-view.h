/* relay-event-view.h: the event log as the window shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "relay-event-log.h"

G_BEGIN_DECLS

#define RELAY_TYPE_EVENT_VIEW (relay_event_view_get_type ())

G_DECLARE_FINAL_TYPE (RelayEventView, relay_event_view, RELAY, EVENT_VIEW, AdwBin)

void relay_event_view_set_log (RelayEventView *self, RelayEventLog *log);
GListModel *relay_event_view_get_shown (RelayEventView *self);

G_END_DECLS
