/* test-mask.c: how secrets are shown, and that known ones never survive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/relay-mask.h"

static void
test_secret (void)
{
  g_autofree char *empty = relay_mask_secret ("");
  g_autofree char *short_key = relay_mask_secret ("abc");
  g_autofree char *key = relay_mask_secret ("live_123456789_abcdef");
  g_autofree char *utf8 = relay_mask_secret ("ключ-очень-секретный");

  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (short_key, ==, "****");
  g_assert_cmpstr (key, ==, "live****");
  g_assert_cmpstr (utf8, ==, "ключ****");
}

static void
test_urls (void)
{
  struct
  {
    const char *url;
    const char *shown;
  } cases[] = {
    { "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop",
      "rtmp://a.rtmp.youtube.com/live2/abcd****" },
    { "rtmp://bob:pa55word-long@host/app/k", "rtmp://bob:pa55****@host/app/****" },
    { "rtmp://host/app/stream?token=0123456789abcdef&x=1",
      "rtmp://host/app/****?token=0123****&x=****" },
    { "https://customer-abc.cloudflarestream.com/0123456789abcdef0123456789abcdef/webRTC/publish",
      "https://customer-abc.cloudflarestream.com/0123****/webRTC/publish" },
    { "http://127.0.0.1:8080/whip/room1", "http://127.0.0.1:8080/whip/****" },
    { "file:///home/me/Videos/show.mkv", "file:///home/me/Videos/show.mkv" },
    { "/home/me/Videos/show.mkv", "/home/me/Videos/show.mkv" },
    /* keys of any shape, where keys sit */
    { "whip+http://host/whip/PRIVATEKEY20261207", "whip+http://host/whip/PRIV****" },
    { "rtmp://host/live/KEY", "rtmp://host/live/****" },
    { "rtmp://host/live/live", "rtmp://host/live/****" },
    { "rtmp://host/live/my stream", "rtmp://host/live/****" },
    { "rtmp://host/live/KEY extra-words", "rtmp://host/live/****" },
    { "rtmp://host/app/instance/KEY", "rtmp://host/app/inst****/****" },
    { "rtmp://host/KEY", "rtmp://host/****" },
    { "rtmp://host/live", "rtmp://host/live" },
    { "https://host/abc/whip", "https://host/****/whip" },
    { "http://host/KEY", "http://host/****" },
    { "rtsp://cam:8554/stream1", "rtsp://cam:8554/****" },
    { "whip+https://h/whip?s=KEY&bare", "whip+https://h/whip?s=****&****" },
    { "srt://h:9000?streamid=#!::r=live/KEY,m=publish", "srt://h:9000?streamid=****" },
    { "turn://user:secret-password@h:3478", "turn://user:secr****@h:3478" },
    { "rtmp://u:p@ss@host/live/k", "rtmp://u:****@host/live/****" },
    /* and in URLs that do not parse */
    { "127.0.0.1/live/KEY", "127.0.0.1/live/****" },
    { "localhost:1935/live/KEY", "localhost:1935/live/****" },
    { "rtmp:/host/live/KEY", "rtmp:/host/live/****" },
    { "rtmp:host/live/KEY", "rtmp:host/live/****" },
    { "rtmp://host:99999/live/KEY", "rtmp://host:99999/live/****" },
    { " rtmp://host/live/KEY", " rtmp://host/live/****" },
    { "//host/live/KEY", "//host/live/****" },
    { "rtmp://[::1/live/KEY", "rtmp://[::1/live/****" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = relay_mask_url (cases[i].url);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

/* A server URL names no stream: its path is the application's. */
static void
test_rtmp_server_urls (void)
{
  g_autofree char *app = relay_mask_rtmp_server_url ("rtmp://host/myapp");
  g_autofree char *instance = relay_mask_rtmp_server_url ("rtmp://host/myapp/KEY");
  g_autofree char *password = relay_mask_rtmp_server_url ("rtmps://u:password@host/app?k=KEY");

  g_assert_cmpstr (app, ==, "rtmp://host/myapp");
  g_assert_cmpstr (instance, ==, "rtmp://host/myapp/****");
  g_assert_cmpstr (password, ==, "rtmps://u:pass****@host/app?k=****");
}

static void
test_redact (void)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  relay_mask_register_secret ("sk_test_abcdefghijkl");
  relay_mask_register_secret ("sk_test_abcdefghijkl_longer");
  relay_mask_register_secret ("short");

  text =
      relay_mask_redact ("failed for sk_test_abcdefghijkl_longer and sk_test_abcdefghijkl, short");
  g_assert_cmpstr (text, ==, "failed for sk_t**** and sk_t****, short");

  relay_mask_register_secret ("p@ss word/with+chars");
  escaped = relay_mask_redact ("GET /x?k=p%40ss%20word%2Fwith%2Bchars");
  g_assert_null (strstr (escaped, "word"));

  relay_mask_forget_secret ("sk_test_abcdefghijkl");
  g_free (text);
  text = relay_mask_redact ("sk_test_abcdefghijkl");
  g_assert_cmpstr (text, ==, "sk_test_abcdefghijkl");
}

/* A URL as given is scrubbed from any text, whole or by its parts, before it
 * is parsed: whatever reports it later (GStreamer, a server) cannot show it. */
static void
test_register_url (void)
{
  g_autofree char *whole = NULL;
  g_autofree char *part = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *words = NULL;

  relay_mask_register_url ("rtmp://host/live/KEY");
  relay_mask_register_url ("whip+http://host/whip/PRIVATE%20KEY%2D1?token=ABCDEFGH12");

  whole = relay_mask_redact ("could not open rtmp://host/live/KEY: refused");
  g_assert_cmpstr (whole, ==, "could not open rtmp://host/live/****: refused");
  part = relay_mask_redact ("POST http://host/whip/PRIVATE%20KEY%2D1 answered 404 for ABCDEFGH12");
  g_assert_cmpstr (part, ==, "POST http://host/whip/PRIV**** answered 404 for ABCD****");
  decoded = relay_mask_redact ("stream “PRIVATE KEY-1” is unknown");
  g_assert_cmpstr (decoded, ==, "stream “PRIV****” is unknown");
  /* short parts are left to URLs: words stay readable */
  words = relay_mask_redact ("the KEY of the live host");
  g_assert_cmpstr (words, ==, "the KEY of the live host");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mask/secret", test_secret);
  g_test_add_func ("/mask/urls", test_urls);
  g_test_add_func ("/mask/rtmp-server-urls", test_rtmp_server_urls);
  g_test_add_func ("/mask/redact", test_redact);
  g_test_add_func ("/mask/register-url", test_register_url);

  return g_test_run ();
}
