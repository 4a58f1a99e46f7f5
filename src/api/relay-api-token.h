/* relay-api-token.h: where the REST API's token comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *relay_api_token_obtain (const char *token_file, char **published_path, GError **error);
char *relay_api_token_read_file (const char *path, GError **error);
char *relay_api_token_generate (GError **error);
char *relay_api_token_publish (const char *token, GError **error);

G_END_DECLS
