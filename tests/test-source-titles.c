/* test-source-titles.c: what a source is called where people see it: a file by
 * its name, a network stream by its protocol and host, never a key in its path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "core/media/relay-test-source.h"
#include "core/media/relay-uri-source.h"

static void
assert_title (const char *uri, const char *expected)
{
  g_autoptr (RelaySource) source = relay_uri_source_new (uri);

  g_assert_cmpstr (relay_source_get_title (source), ==, expected);
}

static void
test_files_by_name (void)
{
  assert_title ("file:///home/me/Videos/My%20Clip.mp4", "My Clip.mp4");
  assert_title ("file:///tmp/intro.mkv", "intro.mkv");
}

static void
test_streams_by_protocol_and_host (void)
{
  g_autofree char *rtsp = g_strdup_printf (_ ("%s stream from %s"), "RTSP", "cam.local:8554");
  g_autofree char *rtmp = g_strdup_printf (_ ("%s stream from %s"), "RTMP", "127.0.0.1:1935");
  g_autofree char *https = g_strdup_printf (_ ("%s stream from %s"), "HTTPS", "example.com");
  g_autoptr (RelaySource) keyed = relay_uri_source_new ("rtmp://127.0.0.1:1935/live/SECRETKEY123");

  assert_title ("rtsp://viewer:pa55word@cam.local:8554/stream1", rtsp);
  assert_title ("rtmp://127.0.0.1:1935/live/SECRETKEY123", rtmp);
  assert_title ("https://example.com/live/index.m3u8?token=abc123", https);
  /* the title holds neither the key nor the password; the description masks them */
  g_assert_null (strstr (relay_source_get_title (keyed), "SECRETKEY123"));
  g_assert_null (strstr (relay_source_get_description (keyed), "SECRETKEY123"));
}

static void
test_test_pattern (void)
{
  g_autoptr (RelaySource) source = relay_test_source_new ();

  g_assert_cmpstr (relay_source_get_title (source), ==, _ ("Test Pattern"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source-titles/files", test_files_by_name);
  g_test_add_func ("/source-titles/streams", test_streams_by_protocol_and_host);
  g_test_add_func ("/source-titles/test-pattern", test_test_pattern);
  return g_test_run ();
}
