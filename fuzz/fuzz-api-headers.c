/* fuzz-api-headers.c: the checks every request's headers go through
 *
 * The input is Host, Origin and Authorization, one per line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "api/relay-api-request.h"
#include "api/relay-api-server.h"
#include "api/relay-api-access.h"

#define TOKEN "fuzz-token-0123456789"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", 3);
  const char *host = lines[0];
  const char *origin = host && lines[1] ? lines[1] : NULL;
  const char *authorization = origin && lines[2] ? lines[2] : NULL;
  g_autofree char *address = NULL;
  guint port = 0;

  /* what passes must really name the server */
  if (relay_api_host_is_allowed (host, "127.0.0.1", 8085))
    g_assert_true (g_str_has_suffix (host, ":8085"));
  relay_api_host_is_allowed (host, "0.0.0.0", 80);
  relay_api_host_is_allowed (host, "::1", 443);
  if (origin != NULL && relay_api_origin_is_allowed (origin, "127.0.0.1", 8085))
    g_assert_true (g_str_has_prefix (origin, "http://"));

  /* what passes must carry the token */
  if (relay_api_authorization_matches (authorization, TOKEN))
    g_assert_true (strstr (authorization, TOKEN) != NULL
                   || g_ascii_strncasecmp (authorization, "Basic", 5) == 0);

  if (host != NULL && relay_api_parse_listen_address (host, &address, &port, NULL))
    g_assert_cmpuint (port, <=, 65535);
  return 0;
}
