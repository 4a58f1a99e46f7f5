/* relay-source-factory.c
 *
 * The command line's and the API's way to name a source ("test", "camera",
 * a URI or a path), kept out of RelaySource so the base class does not know
 * its subclasses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-camera-source.h"
#include "relay-error.h"
#include "relay-mask.h"
#include "relay-screen-source.h"
#include "relay-source-factory.h"
#include "relay-test-source.h"
#include "relay-uri-source.h"
#include "relay-whep-source.h"

/**
 * relay_source_new_for_spec:
 * @spec: "test", "camera", "screen", "screen:portal", "screen:WINDOW TITLE", a URI (file, rtsp,
 * rtmp, rtmps, srt, http, https), a WHEP endpoint as whep+http://… or whep+https://…, or a local
 * path
 *
 * Returns: (transfer full): the source, or %NULL with @error set
 */
RelaySource *
relay_source_new_for_spec (const char *spec, GError **error)
{
  g_autofree char *scheme = NULL;
  static const char *const uri_schemes[] = { "file", "rtsp", "rtsps", "rtmp", "rtmps",
                                             "srt",  "http", "https", NULL };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (spec == NULL || *spec == '\0' || g_str_equal (spec, "test"))
    return relay_test_source_new ();

  if (g_str_equal (spec, "camera"))
    return relay_camera_source_new (NULL, NULL);

  if (g_str_equal (spec, RELAY_SCREEN_SOURCE_SPEC))
    return relay_screen_source_new (NULL, FALSE);

  if (g_str_equal (spec, RELAY_SCREEN_SOURCE_PORTAL_SPEC))
    return relay_screen_source_new (NULL, TRUE);

  if (g_str_has_prefix (spec, RELAY_SCREEN_SOURCE_SPEC ":"))
    {
      const char *title = spec + strlen (RELAY_SCREEN_SOURCE_SPEC ":");

      if (*title == '\0')
        {
          g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("A window to capture needs its title: screen:TITLE"));
          return NULL;
        }
      return relay_screen_source_new (title, FALSE);
    }

  if (g_str_has_prefix (spec, "whep+"))
    {
      const char *url = spec + strlen ("whep+");
      g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL
          || !(g_str_equal (g_uri_get_scheme (uri), "http")
               || g_str_equal (g_uri_get_scheme (uri), "https")))
        {
          g_autofree char *shown = relay_mask_url (spec);

          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("Invalid WHEP source “%s”: use whep+http:// or whep+https://"), shown);
          return NULL;
        }
      return relay_whep_source_new (url, NULL);
    }

  scheme = g_uri_parse_scheme (spec);
  if (scheme != NULL && g_strv_contains (uri_schemes, scheme))
    {
      g_autoptr (GUri) uri = g_uri_parse (spec, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || (g_strcmp0 (scheme, "file") != 0 && g_uri_get_host (uri) == NULL))
        {
          g_autofree char *shown = relay_mask_url (spec);

          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("Invalid source URI “%s”"), shown);
          return NULL;
        }
      return relay_uri_source_new (spec);
    }

  /* A path that does not exist (yet) fails once opened, saying so. */
  if (scheme == NULL
      && (g_file_test (spec, G_FILE_TEST_IS_REGULAR) || strchr (spec, G_DIR_SEPARATOR) != NULL))
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (spec);
      g_autofree char *uri = g_file_get_uri (file);

      return relay_uri_source_new (uri);
    }

  {
    g_autofree char *shown = relay_mask_url (spec);

    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                 _ ("Unknown source “%s”: use test, camera, screen, screen:WINDOW, a file or a "
                    "file://, rtsp://, rtmp:// or srt:// URI"),
                 shown);
  }
  return NULL;
}
