/* relay-output-factory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-file-output.h"
#include "relay-mask.h"
#include "relay-output-factory.h"
#include "relay-rtmp-output.h"
#include "relay-srt-output.h"
#include "relay-whep-output.h"
#include "relay-whip-output.h"

/**
 * relay_output_new_for_rtmp_url:
 * @url: an RTMP destination already taken apart (a platform's server and key,
 *   an API's URL and stream name)
 *
 * Returns: (transfer full): a new, idle output
 */
RelayOutput *
relay_output_new_for_rtmp_url (const RelayRtmpUrl *url, const RelayOutputOptions *options)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  return relay_rtmp_output_new (url, options);
}

/**
 * relay_output_new_for_viewer:
 * @session: a WHEP viewer's session (its offer answered by the output)
 *
 * Returns: (transfer full): a new, idle output, or %NULL with @error set
 */
RelayOutput *
relay_output_new_for_viewer (RelayWebrtcSession *session, const RelayOutputOptions *options,
                             GError **error)
{
  g_return_val_if_fail (RELAY_IS_WEBRTC_SESSION (session), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  return relay_whep_output_new (session, options, error);
}

/**
 * relay_output_new_for_uri:
 * @uri: rtmp://, rtmps://, srt://, file://, or whip+http:// and whip+https://
 *   (a WHIP endpoint; the token comes from @options)
 *
 * Returns: (transfer full): a new, idle output, or %NULL with @error set
 */
RelayOutput *
relay_output_new_for_uri (const char *uri, const RelayOutputOptions *options, GError **error)
{
  g_autofree char *scheme = NULL;
  RelayOutputOptions defaults;

  g_return_val_if_fail (uri != NULL, NULL);

  if (options == NULL)
    {
      relay_output_options_init (&defaults);
      options = &defaults;
    }

  /* secret-bearing until parsed: whatever reports it from now on shows it masked */
  relay_mask_register_url_showing (uri, options->public_name);

  scheme = g_uri_parse_scheme (uri);
  if (g_strcmp0 (scheme, "rtmp") == 0 || g_strcmp0 (scheme, "rtmps") == 0)
    {
      g_autoptr (RelayRtmpUrl) url = relay_rtmp_url_parse (uri, error);

      return url ? relay_output_new_for_rtmp_url (url, options) : NULL;
    }

  if (g_strcmp0 (scheme, "srt") == 0)
    {
      g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (uri, error);

      return url ? relay_srt_output_new (url, options) : NULL;
    }

  if (g_strcmp0 (scheme, "whip+http") == 0 || g_strcmp0 (scheme, "whip+https") == 0)
    {
      const char *endpoint = uri + strlen ("whip+");
      g_autoptr (GUri) parsed = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

      /* the WHIP client reports the endpoint alone */
      relay_mask_register_url_showing (endpoint, options->public_name);

      if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
        {
          g_autofree char *shown = relay_mask_url (uri);

          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("Invalid WHIP URL “%s”"), shown);
          return NULL;
        }
      return relay_whip_output_new (endpoint, options);
    }

  if (g_strcmp0 (scheme, "file") == 0)
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);

      if (path == NULL)
        {
          g_autofree char *shown = relay_mask_url (uri);

          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("Invalid file URI “%s”"), shown);
          return NULL;
        }
      return relay_file_output_new (path, options, error);
    }

  {
    g_autofree char *shown = relay_mask_url (uri);

    g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_SUPPORTED,
                 _ ("Unsupported destination “%s”: use rtmp://, rtmps://, srt://, "
                    "whip+http://, whip+https:// or file://"),
                 shown);
  }
  return NULL;
}
