/* test-rtmp-url.c: every RTMP URL form Relaycast accepts, and malformed ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/relay-error.h"
#include "core/outputs/relay-rtmp-url.h"

typedef struct
{
  const char *url;
  gboolean secure;
  const char *host;
  guint port;
  const char *application;
  const char *stream;
  const char *username;
  const char *password;
} UrlCase;

static void
test_parse_forms (void)
{
  const UrlCase cases[] = {
    { "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl", FALSE, "a.rtmp.youtube.com", 1935, "live2",
      "abcd-efgh-ijkl", NULL, NULL },
    { "rtmp://127.0.0.1:19350/live/a", FALSE, "127.0.0.1", 19350, "live", "a", NULL, NULL },
    { "rtmp://host/app/instance/stream", FALSE, "host", 1935, "app/instance", "stream", NULL,
      NULL },
    { "rtmp://user:p%40ss@host/app/stream", FALSE, "host", 1935, "app", "stream", "user", "p@ss" },
    { "rtmp://user@host/app/stream", FALSE, "host", 1935, "app", "stream", "user", NULL },
    { "rtmp://host/app/stream?key=value&x=1", FALSE, "host", 1935, "app", "stream?key=value&x=1",
      NULL, NULL },
    { "rtmps://live-api-s.facebook.com:443/rtmp/FB-123", TRUE, "live-api-s.facebook.com", 443,
      "rtmp", "FB-123", NULL, NULL },
    { "rtmps://host/app/stream", TRUE, "host", 443, "app", "stream", NULL, NULL },
    { "RTMP://HOST/app/Stream", FALSE, "host", 1935, "app", "Stream", NULL, NULL },
    { "rtmp://[::1]:1936/app/s", FALSE, "::1", 1936, "app", "s", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_parse (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      g_assert_no_error (error);
      g_assert_nonnull (url);
      g_assert_cmpint (url->secure, ==, cases[i].secure);
      g_assert_cmpstr (url->host, ==, cases[i].host);
      g_assert_cmpuint (url->port, ==, cases[i].port);
      g_assert_cmpstr (url->application, ==, cases[i].application);
      g_assert_cmpstr (url->stream, ==, cases[i].stream);
      g_assert_cmpstr (url->username, ==, cases[i].username);
      g_assert_cmpstr (url->password, ==, cases[i].password);
    }
}

static void
test_round_trip (void)
{
  const char *urls[] = {
    "rtmp://host/app/stream",
    "rtmp://host:1936/app/instance/stream?k=v",
    "rtmps://user:secret-pass@host/app/stream",
    "rtmps://host:8443/app/stream",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_parse (urls[i], NULL);
      g_autofree char *text = relay_rtmp_url_to_string (url);

      g_assert_cmpstr (text, ==, urls[i]);
    }
}

static void
test_display_is_masked (void)
{
  g_autoptr (RelayRtmpUrl) url =
      relay_rtmp_url_parse ("rtmp://user:hunter2-hunter2@host/live2/live_1234567890_abcdef", NULL);
  g_autofree char *shown = relay_rtmp_url_to_display_string (url);

  g_assert_cmpstr (shown, ==, "rtmp://user:hunt****@host/live2/live****");
  g_assert_null (strstr (shown, "hunter2-hunter2"));
  g_assert_null (strstr (shown, "1234567890"));
}

static void
test_split_form (void)
{
  struct
  {
    const char *server;
    const char *stream;
    const char *prefix;
    const char *expected;
  } cases[] = {
    { "rtmp://a.rtmp.youtube.com/live2", "key", NULL, "rtmp://a.rtmp.youtube.com/live2/key" },
    { "rtmps://live-api-s.facebook.com:443/rtmp/", "FB-1", NULL,
      "rtmps://live-api-s.facebook.com/rtmp/FB-1" },
    { "rtmp://wcs:1935/live", "stream1", "rtmp_", "rtmp://wcs/live/rtmp_stream1" },
    { "rtmp://host:1940/app/instance//", "s", "", "rtmp://host:1940/app/instance/s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelayRtmpUrl) url =
          relay_rtmp_url_new_split (cases[i].server, cases[i].stream, cases[i].prefix, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = relay_rtmp_url_to_string (url);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* WCS's "parameters in the server URL": the query goes with the connect's
 * application, without the slash that only ends it */
static void
test_split_query (void)
{
  struct
  {
    const char *server;
    const char *application;
    const char *stream;
  } cases[] = {
    { "rtmp://h:1935/app_name/?user=user1&pass=pass1", "app_name?user=user1&pass=pass1", "rtmp_s" },
    { "rtmp://h:1935/app_name/app_instance/?user=u", "app_name/app_instance?user=u", "rtmp_s" },
    { "rtmp://h/live2?backup=1", "live2?backup=1", "rtmp_s" },
    { "rtmp://h/live/?", "live", "rtmp_s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelayRtmpUrl) url =
          relay_rtmp_url_new_split (cases[i].server, "s", "rtmp_", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url->application, ==, cases[i].application);
      g_assert_cmpstr (url->stream, ==, cases[i].stream);
    }
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "rtmp://",
    "rtmp:///app/stream",
    "rtmp://host",
    "rtmp://host/",
    "rtmp://host/app",
    "rtmp://host/app/",
    "rtmp://host//stream",
    "rtmp://host:0/app/stream",
    "rtmp://host:99999/app/stream",
    "rtmp://host:port/app/stream",
    "http://host/app/stream",
    "rtmp://host/app/str eam",
    "rtmp://host/app/str\neam",
    "not a url",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (url);
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr (GError) error = NULL;

    g_assert_null (relay_rtmp_url_new_split ("rtmp://host/app", "", NULL, &error));
    g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr (GError) error = NULL;

    g_assert_null (relay_rtmp_url_new_split ("rtmp://host/app", "a/b", NULL, &error));
    g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_errors_mask_the_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayRtmpUrl) url =
      relay_rtmp_url_parse ("rtmp://user:supersecretpass@host:0/app/stream", &error);

  g_assert_null (url);
  g_assert_null (strstr (error->message, "supersecretpass"));
}

/* The application as messages name it: what a server URL's mask shows */
static void
test_shown_application (void)
{
  static const char *const cases[][2] = {
    { "rtmp://host/live/stream", "live" },
    { "rtmp://host/nosuchapp/stream", "nosuchapp" },
    { "rtmp://host/app/Zq9x/stream", "app/****" },
    { "rtmp://host/app/ABCDEFGHIJ/stream", "app/ABCD****" },
    { "rtmp://host/app/live/stream", "app/live" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_parse (cases[i][0], NULL);
      g_autofree char *shown = relay_rtmp_url_dup_shown_application (url);

      g_assert_cmpstr (shown, ==, cases[i][1]);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtmp-url/forms", test_parse_forms);
  g_test_add_func ("/rtmp-url/round-trip", test_round_trip);
  g_test_add_func ("/rtmp-url/display-masked", test_display_is_masked);
  g_test_add_func ("/rtmp-url/split", test_split_form);
  g_test_add_func ("/rtmp-url/split-query", test_split_query);
  g_test_add_func ("/rtmp-url/malformed", test_malformed);
  g_test_add_func ("/rtmp-url/errors-mask-key", test_errors_mask_the_key);
  g_test_add_func ("/rtmp-url/shown-application", test_shown_application);

  return g_test_run ();
}
