/* relay-api-token.h: where the REST API's token comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/config/relay-secrets.h"

G_BEGIN_DECLS

/* The keyring item of the API token (RelaySecrets' id attribute). */
#define RELAY_API_TOKEN_SECRET_ID "relaycast-api-token"

typedef enum
{
  /* found in the keyring */
  RELAY_API_TOKEN_KEPT,
  /* made now, on its way to the keyring for the next runs */
  RELAY_API_TOKEN_NEW,
  /* no keyring to keep it: made for this run only */
  RELAY_API_TOKEN_THIS_RUN,
} RelayApiTokenOrigin;

char *relay_api_token_read_file (const char *path, GError **error);
char *relay_api_token_generate (GError **error);
void relay_api_token_obtain_async (RelaySecrets *secrets, gboolean regenerate,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
char *relay_api_token_obtain_finish (GAsyncResult *result, char **published_path,
                                     RelayApiTokenOrigin *origin, GError **error);

G_END_DECLS
