/* fuzz-api-bodies.c: every dialect's request parser, fed any bytes
 *
 * The first byte picks the parser, the rest is the body. A parser must
 * answer with a value or a clear error, and the error must render as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "api/relay-api-live777.h"
#include "api/relay-api-red5-request.h"
#include "api/relay-api-relay-request.h"
#include "api/relay-api-wcs.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
parse_with (guint parser, JsonObject *body, GError **error)
{
  switch (parser)
    {
      case 0:
        {
          g_auto (RelayApiWcsStartup) startup = { 0 };

          return relay_api_wcs_parse_startup (body, &startup, error);
        }
      case 1:
        {
          g_autofree char *stream_name = NULL;
          g_autofree char *rtmp_url = NULL;

          return relay_api_wcs_parse_find (body, &stream_name, &rtmp_url, error);
        }
      case 2:
        {
          g_autofree char *id = NULL;

          return relay_api_wcs_parse_session (body, &id, error);
        }
      case 3:
        {
          g_autofree char *id = NULL;
          g_autofree char *sound_file = NULL;
          gboolean loop = FALSE;

          return relay_api_wcs_parse_sound_on (body, &id, &sound_file, &loop, error);
        }
      case 4:
        {
          g_auto (RelayApiRelayStart) start = { 0 };

          return relay_api_relay_parse_start (body, &start, error);
        }
      case 5:
        {
          g_autofree char *id = NULL;
          gboolean by_user;

          return relay_api_relay_parse_stop (body, &id, &by_user, error);
        }
      case 6:
        {
          g_auto (RelayApiRed5Request) request = { 0 };

          return relay_api_red5_parse (body, "live", &request, error);
        }
      case 7:
        {
          g_auto (RelayApiRed5Request) request = { 0 };

          return relay_api_red5_parse (body, NULL, &request, error);
        }
      case 8:
        {
          g_auto (RelayApiLive777Cascade) cascade = { 0 };

          return relay_api_live777_parse_cascade (body, &cascade, error);
        }
      default:
        {
          g_autofree char *source = NULL;

          return relay_api_live777_parse_create (body, &source, error);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GError) error = NULL;

  if (size < 1)
    return 0;

  body = relay_api_parse_object ((const char *) data + 1, size - 1, &error);
  if (body != NULL && parse_with (data[0] % 10, body, &error))
    return 0;

  /* a refusal is a status and a message, ready to send */
  g_assert_nonnull (error);
  g_assert_cmpuint (relay_api_error_get_status (error), >=, 400);
  {
    g_autoptr (JsonNode) answer = relay_api_error_to_json (error);
    g_autofree char *text = json_to_string (answer, FALSE);

    g_assert_true (g_utf8_validate (text, -1, NULL));
  }
  return 0;
}
