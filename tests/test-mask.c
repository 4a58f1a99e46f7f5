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
    { "http://127.0.0.1:8080/whip/room1", "http://127.0.0.1:8080/whip/room1" },
    { "file:///home/me/Videos/show.mkv", "file:///home/me/Videos/show.mkv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = relay_mask_url (cases[i].url);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mask/secret", test_secret);
  g_test_add_func ("/mask/urls", test_urls);
  g_test_add_func ("/mask/redact", test_redact);

  return g_test_run ();
}
