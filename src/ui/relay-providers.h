/* relay-providers.h: the destination presets the dialog offers
 *
 * INTEGRATION SEAM: a stand-in for the saved-destinations branch's
 * RelayProvider (src/core/relay-provider.c), which owns the presets and their
 * icons. The window only needs what is declared here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RELAY_PROVIDER_PROTOCOL_RTMP,
  RELAY_PROVIDER_PROTOCOL_WHIP,
  RELAY_PROVIDER_PROTOCOL_FILE,
} RelayProviderProtocol;

typedef struct
{
  const char *id;
  /* translatable, mark with N_() */
  const char *name;
  const char *icon_name;
  RelayProviderProtocol protocol;
  /* the preset ingest URL, or NULL when the user types it */
  const char *server_url;
} RelayProvider;

const RelayProvider *relay_providers_get_all (guint *n_providers);
const RelayProvider *relay_providers_lookup (const char *id);
const RelayProvider *relay_providers_guess_for_url (const char *url);
const char *relay_provider_get_name (const RelayProvider *provider);

G_END_DECLS
