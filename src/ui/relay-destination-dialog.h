/* relay-destination-dialog.h: adding or editing a saved destination
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/config/relay-destination-store.h"
#include "core/config/relay-secrets.h"

G_BEGIN_DECLS

#define RELAY_TYPE_DESTINATION_DIALOG (relay_destination_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RelayDestinationDialog, relay_destination_dialog, RELAY, DESTINATION_DIALOG,
                      AdwWindow)

GtkWidget *relay_destination_dialog_new (GtkWindow *parent, RelayDestinationStore *store,
                                         RelaySecrets *secrets, GListModel *scenes,
                                         RelayDestination *destination, gboolean tls_validation);
void relay_destination_dialog_set_provider (RelayDestinationDialog *self,
                                            const RelayProvider *provider);

G_END_DECLS
