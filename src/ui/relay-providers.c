/* relay-providers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-providers.h"

static const RelayProvider providers[] = {
  { "youtube", N_ ("YouTube"), "network-transmit-symbolic", RELAY_PROVIDER_PROTOCOL_RTMP,
    "rtmp://a.rtmp.youtube.com/live2" },
  { "twitch", N_ ("Twitch"), "network-transmit-symbolic", RELAY_PROVIDER_PROTOCOL_RTMP,
    "rtmp://live.twitch.tv/app" },
  { "facebook", N_ ("Facebook Live"), "network-transmit-symbolic", RELAY_PROVIDER_PROTOCOL_RTMP,
    "rtmps://live-api-s.facebook.com:443/rtmp" },
  { "rtmp", N_ ("RTMP Server"), "network-server-symbolic", RELAY_PROVIDER_PROTOCOL_RTMP, NULL },
  { "whip", N_ ("WHIP Endpoint"), "web-browser-symbolic", RELAY_PROVIDER_PROTOCOL_WHIP, NULL },
  { "file", N_ ("Recording"), "media-record-symbolic", RELAY_PROVIDER_PROTOCOL_FILE, NULL },
};

#define CUSTOM_RTMP (&providers[3])
#define CUSTOM_WHIP (&providers[4])
#define RECORDING   (&providers[5])

const RelayProvider *
relay_providers_get_all (guint *n_providers)
{
  *n_providers = G_N_ELEMENTS (providers);
  return providers;
}

const RelayProvider *
relay_providers_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (g_strcmp0 (providers[i].id, id) == 0)
        return &providers[i];
    }
  return NULL;
}

/* For outputs made elsewhere (the command line, the REST API): the preset
 * whose ingest host the URL points at, or the custom one of its protocol. */
const RelayProvider *
relay_providers_guess_for_url (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url ? url : "");
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (g_strcmp0 (scheme, "file") == 0)
    return RECORDING;
  if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
    return CUSTOM_WHIP;

  uri = g_uri_parse (url ? url : "", G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  for (guint i = 0; host != NULL && i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr (GUri) preset = NULL;

      if (providers[i].server_url == NULL)
        continue;
      preset = g_uri_parse (providers[i].server_url, G_URI_FLAGS_NONE, NULL);
      if (preset != NULL && g_ascii_strcasecmp (g_uri_get_host (preset), host) == 0)
        return &providers[i];
    }
  return CUSTOM_RTMP;
}

const char *
relay_provider_get_name (const RelayProvider *provider)
{
  return _ (provider->name);
}
