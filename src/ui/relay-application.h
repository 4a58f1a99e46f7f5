/* relay-application.h: Relaycast with a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/config/relay-destination-store.h"
#include "core/relay-director.h"
#include "core/relay-studio.h"
#include "core/relay-run-options.h"

G_BEGIN_DECLS

#define RELAY_TYPE_APPLICATION (relay_application_get_type ())

G_DECLARE_FINAL_TYPE (RelayApplication, relay_application, RELAY, APPLICATION, AdwApplication)

gboolean relay_application_can_open_display (void);
gboolean relay_application_check_installed (GError **error);
RelayApplication *relay_application_new (const RelayRunOptions *options);
int relay_application_run (const RelayRunOptions *options, const char *program_name);
RelayStudio *relay_application_get_studio (RelayApplication *self);
RelayDestinationStore *relay_application_get_destination_store (RelayApplication *self);
RelayDirector *relay_application_get_director (RelayApplication *self);
RelaySecrets *relay_application_get_secrets (RelayApplication *self);
GSettings *relay_application_get_settings (RelayApplication *self);
const char *relay_application_get_api_error (RelayApplication *self);

G_END_DECLS
