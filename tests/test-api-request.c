/* test-api-request.c: the API's body readers, header checks and listening rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>

#include "api/relay-api-request.h"
#include "api/relay-api-server.h"
#include "core/relay-error.h"
#include "api/relay-api-access.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonObject *object = relay_api_parse_object (text, strlen (text), &error);

  g_assert_no_error (error);
  return object;
}

static void
assert_field_error (const GError *error, guint status, const char *field)
{
  g_assert_nonnull (error);
  g_assert_cmpuint (relay_api_error_get_status (error), ==, status);
  g_assert_cmpstr (relay_api_error_get_field (error), ==, field);
  /* the body as a whole is not a field the message quotes */
  if (!g_str_equal (field, "body"))
    g_assert_nonnull (strstr (error->message, field));
}

static void
test_lenient_readers (void)
{
  g_autoptr (JsonObject) body = parse ("{\"parameters\": {\"attempts\": \"3\", \"delayS\": 10, "
                                       "\"immediate\": \"false\", \"persist\": true, "
                                       "\"audio\": 1, \"name\": \"stream1\", \"level\": -2}}");
  JsonObject *parameters = NULL;
  g_autofree char *name = NULL;
  guint attempts = 0, delay = 0;
  gboolean immediate = TRUE, persist = FALSE, audio = FALSE;
  gint level = 0;
  GError *error = NULL;

  g_assert_true (
      relay_api_read_object (body, NULL, "parameters", RELAY_API_REQUIRED, &parameters, &error));
  g_assert_true (relay_api_read_uint (parameters, "parameters", "attempts", RELAY_API_REQUIRED,
                                      1000, &attempts, &error));
  g_assert_true (relay_api_read_uint (parameters, "parameters", "delayS", RELAY_API_REQUIRED, 3600,
                                      &delay, &error));
  g_assert_true (relay_api_read_boolean (parameters, "parameters", "immediate", RELAY_API_REQUIRED,
                                         &immediate, &error));
  g_assert_true (relay_api_read_boolean (parameters, "parameters", "persist", RELAY_API_REQUIRED,
                                         &persist, &error));
  g_assert_true (relay_api_read_boolean (parameters, "parameters", "audio", RELAY_API_REQUIRED,
                                         &audio, &error));
  g_assert_true (
      relay_api_read_string (parameters, "parameters", "name", RELAY_API_REQUIRED, &name, &error));
  g_assert_true (relay_api_read_int (parameters, "parameters", "level", RELAY_API_REQUIRED, -10, 10,
                                     &level, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (attempts, ==, 3);
  g_assert_cmpuint (delay, ==, 10);
  g_assert_false (immediate);
  g_assert_true (persist);
  g_assert_true (audio);
  g_assert_cmpstr (name, ==, "stream1");
  g_assert_cmpint (level, ==, -2);

  /* absent optional fields leave the default */
  attempts = 7;
  g_assert_true (relay_api_read_uint (parameters, "parameters", "missing", RELAY_API_OPTIONAL, 10,
                                      &attempts, &error));
  g_assert_cmpuint (attempts, ==, 7);
}

static void
test_errors_name_the_field (void)
{
  g_autoptr (JsonObject) body =
      parse ("{\"p\": {\"attempts\": \"three\", \"big\": 5000, \"frac\": 1.5, \"flag\": \"maybe\", "
             "\"text\": 5, \"list\": [\"a\", 3], \"obj\": [], \"empty\": \"\", \"nul\": null}}");
  JsonObject *p = json_object_get_object_member (body, "p");
  g_auto (GStrv) list = NULL;
  g_autofree char *text = NULL;
  JsonObject *object = NULL;
  gboolean flag = FALSE;
  guint number = 0;
  GError *error = NULL;

  g_assert_false (
      relay_api_read_uint (p, "p", "attempts", RELAY_API_REQUIRED, 10, &number, &error));
  assert_field_error (error, 400, "p.attempts");
  g_clear_error (&error);
  g_assert_false (relay_api_read_uint (p, "p", "big", RELAY_API_REQUIRED, 1000, &number, &error));
  assert_field_error (error, 400, "p.big");
  g_clear_error (&error);
  g_assert_false (relay_api_read_uint (p, "p", "frac", RELAY_API_REQUIRED, 10, &number, &error));
  assert_field_error (error, 400, "p.frac");
  g_clear_error (&error);
  g_assert_false (relay_api_read_boolean (p, "p", "flag", RELAY_API_REQUIRED, &flag, &error));
  assert_field_error (error, 400, "p.flag");
  g_clear_error (&error);
  g_assert_false (relay_api_read_string (p, "p", "text", RELAY_API_REQUIRED, &text, &error));
  assert_field_error (error, 400, "p.text");
  g_clear_error (&error);
  g_assert_false (relay_api_read_string (p, "p", "empty", RELAY_API_REQUIRED, &text, &error));
  assert_field_error (error, 400, "p.empty");
  g_clear_error (&error);
  g_assert_false (relay_api_read_string (p, "p", "nul", RELAY_API_REQUIRED, &text, &error));
  assert_field_error (error, 400, "p.nul");
  g_clear_error (&error);
  g_assert_false (relay_api_read_string_array (p, "p", "list", RELAY_API_REQUIRED, &list, &error));
  assert_field_error (error, 400, "p.list[1]");
  g_clear_error (&error);
  g_assert_false (relay_api_read_object (p, "p", "obj", RELAY_API_REQUIRED, &object, &error));
  assert_field_error (error, 400, "p.obj");
  g_clear_error (&error);
  g_assert_false (relay_api_read_uint (p, NULL, "gone", RELAY_API_REQUIRED, 10, &number, &error));
  assert_field_error (error, 400, "gone");
  g_clear_error (&error);
}

static void
test_bad_bodies (void)
{
  const char *bodies[] = { "", "{", "[1]", "\"x\"", "{\"a\": }", "{\"a\": \"\xff\"}" };
  g_autofree char *deep = g_strnfill (10000, '[');

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (relay_api_parse_object (bodies[i], strlen (bodies[i]), &error));
      assert_field_error (error, 400, "body");
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_null (relay_api_parse_object (deep, strlen (deep), &error));
    assert_field_error (error, 400, "body");
  }
  {
    g_autoptr (GError) error = NULL;
    const char with_nul[] = "{\"a\": \"b\0c\"}";

    g_assert_null (relay_api_parse_object (with_nul, sizeof with_nul - 1, &error));
    assert_field_error (error, 400, "body");
  }
}

/* Found by fuzzing: json-glib quotes broken input, invalid UTF-8 and all. */
static void
test_error_json_is_valid_utf8 (void)
{
  const char body[] = "{\"a\": \"li\\\\\\\\\x05v\\ue, \"b\": 1}";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_null (relay_api_parse_object (body, sizeof body - 1, &error));
  node = relay_api_error_to_json (error);
  text = json_to_string (node, FALSE);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_error_statuses (void)
{
  struct
  {
    RelayErrorCode code;
    guint status;
  } cases[] = {
    { RELAY_ERROR_INVALID_ARGUMENT, 400 }, { RELAY_ERROR_NOT_FOUND, 404 },
    { RELAY_ERROR_EXISTS, 409 },           { RELAY_ERROR_NOT_SUPPORTED, 501 },
    { RELAY_ERROR_FAILED, 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (RELAY_ERROR, cases[i].code, "x");

      g_assert_cmpuint (relay_api_error_get_status (error), ==, cases[i].status);
    }
}

static void
test_host_and_origin (void)
{
  g_assert_true (relay_api_host_is_allowed ("127.0.0.1:8085", "127.0.0.1", 8085));
  g_assert_true (relay_api_host_is_allowed ("localhost:8085", "127.0.0.1", 8085));
  g_assert_true (relay_api_host_is_allowed ("LocalHost:8085", "127.0.0.1", 8085));
  g_assert_true (relay_api_host_is_allowed ("[::1]:8085", "127.0.0.1", 8085));
  g_assert_true (relay_api_host_is_allowed ("localhost", "127.0.0.1", 80));
  g_assert_true (relay_api_host_is_allowed ("192.168.1.5:8085", "192.168.1.5", 8085));
  /* every interface: any address, never a name */
  g_assert_true (relay_api_host_is_allowed ("10.0.0.7:8085", "0.0.0.0", 8085));
  g_assert_false (relay_api_host_is_allowed ("evil.example:8085", "0.0.0.0", 8085));

  g_assert_false (relay_api_host_is_allowed (NULL, "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("localhost", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("localhost:8086", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("evil.example:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("localhost.:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("10.0.0.7:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("localhost:8085x", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("[::1:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("localhost:99999", "127.0.0.1", 8085));
  /* found by fuzzing: one spelling of the port only */
  g_assert_false (relay_api_host_is_allowed ("127.0.0.1:08085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("127.0.0.1:\v8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_host_is_allowed ("127.0.0.1: 8085", "127.0.0.1", 8085));

  g_assert_true (relay_api_origin_is_allowed (NULL, "127.0.0.1", 8085));
  g_assert_true (relay_api_origin_is_allowed ("http://127.0.0.1:8085", "127.0.0.1", 8085));
  g_assert_true (relay_api_origin_is_allowed ("http://localhost:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_origin_is_allowed ("null", "127.0.0.1", 8085));
  g_assert_false (relay_api_origin_is_allowed ("https://127.0.0.1:8085", "127.0.0.1", 8085));
  g_assert_false (relay_api_origin_is_allowed ("http://evil.example", "127.0.0.1", 8085));
  g_assert_false (relay_api_origin_is_allowed ("http://127.0.0.1:8085/x", "127.0.0.1", 8085));
}

static void
test_authorization (void)
{
  const char *token = "s3cret-token-value";
  g_autofree char *basic = g_base64_encode ((const guchar *) "any:s3cret-token-value", 22);
  g_autofree char *basic_header = g_strconcat ("Basic ", basic, NULL);
  g_autofree char *wrong = g_base64_encode ((const guchar *) "s3cret-token-value", 18);
  g_autofree char *wrong_header = g_strconcat ("Basic ", wrong, NULL);

  g_assert_true (relay_api_authorization_matches ("Bearer s3cret-token-value", token));
  g_assert_true (relay_api_authorization_matches ("bearer s3cret-token-value", token));
  g_assert_true (relay_api_authorization_matches (basic_header, token));
  g_assert_false (relay_api_authorization_matches (wrong_header, token));
  g_assert_false (relay_api_authorization_matches ("Bearer s3cret-token-valu", token));
  g_assert_false (relay_api_authorization_matches ("Bearer s3cret-token-value2", token));
  g_assert_false (relay_api_authorization_matches ("Bearer ", token));
  g_assert_false (relay_api_authorization_matches ("Token s3cret-token-value", token));
  g_assert_false (relay_api_authorization_matches ("Basic !!!", token));
  g_assert_false (relay_api_authorization_matches (NULL, token));
  g_assert_false (relay_api_authorization_matches ("Bearer ", ""));
  g_assert_false (relay_api_authorization_matches ("Bearer x", NULL));

  /* the relay service's clients: HTTP Basic of their own beside a "token" header */
  g_assert_true (relay_api_credentials_match (wrong_header, token, token));
  g_assert_true (relay_api_credentials_match (NULL, token, token));
  g_assert_true (relay_api_credentials_match ("Bearer s3cret-token-value", NULL, token));
  g_assert_false (relay_api_credentials_match (wrong_header, "s3cret-token-valu", token));
  g_assert_false (relay_api_credentials_match (NULL, "", token));
  g_assert_false (relay_api_credentials_match (NULL, "x", NULL));
  /* a wrong token header is not made good by the Authorization beside it */
  g_assert_false (relay_api_credentials_match ("Bearer s3cret-token-value", "wrong", token));
}

static void
test_listen_addresses (void)
{
  struct
  {
    const char *text;
    const char *address;
    guint port;
  } good[] = {
    { "127.0.0.1:8085", "127.0.0.1", 8085 },
    { "8085", "127.0.0.1", 8085 },
    { ":0", "127.0.0.1", 0 },
    { "localhost:9", "127.0.0.1", 9 },
    { "[::1]:8085", "::1", 8085 },
    { "0.0.0.0:80", "0.0.0.0", 80 },
  };
  const char *bad[] = { "",
                        "x",
                        "host.example:80",
                        "127.0.0.1:",
                        "127.0.0.1:70000",
                        "[::1]",
                        "127.0.0.1:+80",
                        "127.0.0.1: 80" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *address = NULL;
      g_autoptr (GError) error = NULL;
      guint port = 1;

      g_assert_true (relay_api_parse_listen_address (good[i].text, &address, &port, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (address, ==, good[i].address);
      g_assert_cmpuint (port, ==, good[i].port);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *address = NULL;
      g_autoptr (GError) error = NULL;
      guint port = 0;

      g_assert_false (relay_api_parse_listen_address (bad[i], &address, &port, &error));
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_no_token_only_on_loopback (void)
{
  g_autoptr (RelayStudio) studio = relay_studio_new (NULL, NULL);
  g_autoptr (RelayBroadcast) broadcast = relay_broadcast_new (studio, NULL, NULL);
  g_autoptr (RelayApiServer) open_server = relay_api_server_new (broadcast, NULL, NULL, NULL);
  g_autoptr (RelayApiServer) local_server = relay_api_server_new (broadcast, NULL, NULL, NULL);
  g_autoptr (RelayApiServer) guarded =
      relay_api_server_new (broadcast, "a-token-for-the-lan", NULL, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (relay_api_server_listen (open_server, "0.0.0.0", 0, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "without a token"));
  g_clear_error (&error);

  g_assert_true (relay_api_server_listen (local_server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relay_api_server_get_port (local_server), >, 0);

  g_assert_true (relay_api_server_listen (guarded, "0.0.0.0", 0, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/readers/lenient", test_lenient_readers);
  g_test_add_func ("/api/readers/errors-name-the-field", test_errors_name_the_field);
  g_test_add_func ("/api/readers/bad-bodies", test_bad_bodies);
  g_test_add_func ("/api/errors/statuses", test_error_statuses);
  g_test_add_func ("/api/errors/valid-utf8", test_error_json_is_valid_utf8);
  g_test_add_func ("/api/headers/host-and-origin", test_host_and_origin);
  g_test_add_func ("/api/headers/authorization", test_authorization);
  g_test_add_func ("/api/server/listen-addresses", test_listen_addresses);
  g_test_add_func ("/api/server/no-token-only-on-loopback", test_no_token_only_on_loopback);

  return g_test_run ();
}
