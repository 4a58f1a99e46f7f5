/* relay-api-access.c
 *
 * The checks that keep browsers out (DNS rebinding, cross-site requests) and
 * that compare the token, made on the headers alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "relay-api-access.h"

/* Header checks */

/* Digits only, in one spelling: no sign, no space, no leading zero. */
gboolean
relay_api_parse_port (const char *text, guint *port)
{
  guint64 value;

  if (text[0] == '\0' || (text[0] == '0' && text[1] != '\0'))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *port = (guint) value;
  return TRUE;
}

static gboolean
split_host_port (const char *text, gsize length, char **host, guint *port)
{
  const char *host_start = text;
  const char *host_end;
  const char *rest;
  guint value = 80;

  if (length == 0)
    return FALSE;

  if (text[0] == '[')
    {
      host_end = memchr (text, ']', length);
      if (host_end == NULL)
        return FALSE;
      host_start = text + 1;
      rest = host_end + 1;
    }
  else
    {
      host_end = memchr (text, ':', length);
      if (host_end == NULL)
        host_end = text + length;
      rest = host_end;
    }

  if (rest < text + length)
    {
      g_autofree char *digits = NULL;

      if (*rest != ':')
        return FALSE;
      digits = g_strndup (rest + 1, text + length - rest - 1);
      if (!relay_api_parse_port (digits, &value) || value == 0)
        return FALSE;
    }

  if (host_end == host_start)
    return FALSE;
  *host = g_ascii_strdown (host_start, host_end - host_start);
  *port = value;
  return TRUE;
}

static gboolean
address_is_any (const char *address)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_any (inet);
}

static gboolean
host_name_is_allowed (const char *host, const char *bound_address)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (g_str_equal (host, "localhost") || g_str_equal (host, "127.0.0.1")
      || g_str_equal (host, "::1"))
    return TRUE;
  if (bound_address == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, bound_address) == 0)
    return TRUE;

  /* Listening on every interface: any address literal names this machine
   * (only a DNS name can be rebound to it by someone else). */
  inet = g_inet_address_new_from_string (host);
  return inet != NULL && address_is_any (bound_address);
}

/* The Host header must name this server as the client reached it: a DNS
 * name pointing here (DNS rebinding) is refused. */
gboolean
relay_api_host_is_allowed (const char *host, const char *bound_address, guint port)
{
  g_autofree char *name = NULL;
  guint host_port = 0;

  if (host == NULL || !split_host_port (host, strlen (host), &name, &host_port))
    return FALSE;

  return host_port == port && host_name_is_allowed (name, bound_address);
}

/* Browsers send Origin with cross-site requests: only pages served by this
 * very server (which serves none) would pass. */
gboolean
relay_api_origin_is_allowed (const char *origin, const char *bound_address, guint port)
{
  const char *prefix = "http://";

  if (origin == NULL)
    return TRUE;
  if (!g_str_has_prefix (origin, prefix))
    return FALSE;

  return relay_api_host_is_allowed (origin + strlen (prefix), bound_address, port);
}

/* Compares without an early exit, so that timing tells nothing of the token. */
static gboolean
secret_equal (const char *given, gsize given_length, const char *token)
{
  gsize token_length = strlen (token);
  guchar difference = given_length != token_length;

  if (token_length == 0)
    return FALSE;
  for (gsize i = 0; i < given_length; i++)
    difference |= (guchar) given[i] ^ (guchar) token[i % token_length];

  return difference == 0;
}

/* "Bearer <token>", or "Basic" with the token as the password (any user). */
gboolean
relay_api_authorization_matches (const char *header, const char *token)
{
  const char *credentials;

  if (header == NULL || token == NULL || *token == '\0')
    return FALSE;

  if (g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      credentials = header + 7;
      while (*credentials == ' ')
        credentials++;
      return secret_equal (credentials, strlen (credentials), token);
    }

  if (g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      g_autofree guchar *decoded = NULL;
      gsize length = 0;
      const char *colon;

      credentials = header + 6;
      while (*credentials == ' ')
        credentials++;
      decoded = g_base64_decode (credentials, &length);
      colon = decoded ? memchr (decoded, ':', length) : NULL;
      if (colon == NULL)
        return FALSE;
      return secret_equal (colon + 1, length - (gsize) (colon + 1 - (const char *) decoded), token);
    }

  return FALSE;
}

/**
 * relay_api_credentials_match:
 * @authorization: (nullable): the Authorization header
 * @token_header: (nullable): the "token" header, which the relay service's
 *   clients send beside HTTP Basic with credentials of their own
 *
 * A token header, when there is one, decides: a wrong one is never made good
 * by the Authorization beside it.
 */
gboolean
relay_api_credentials_match (const char *authorization, const char *token_header, const char *token)
{
  if (token_header == NULL)
    return relay_api_authorization_matches (authorization, token);
  if (token == NULL)
    return FALSE;
  return secret_equal (token_header, strlen (token_header), token);
}
