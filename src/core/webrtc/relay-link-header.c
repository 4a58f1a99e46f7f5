/* relay-link-header.c: the ICE servers of a WHIP server's Link headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <string.h>

#include "relay-link-header.h"
#include "relay-mask.h"

static void
skip_spaces (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

static void
take_string (char **field, char **value)
{
  g_free (*field);
  *field = g_steal_pointer (value);
}

static char *
parse_link_param_value (const char **p)
{
  g_autoptr (GString) value = g_string_new (NULL);

  skip_spaces (p);
  if (**p == '"')
    {
      for ((*p)++; **p != '\0' && **p != '"'; (*p)++)
        {
          if (**p == '\\' && (*p)[1] != '\0')
            (*p)++;
          g_string_append_c (value, **p);
        }
      if (**p == '"')
        (*p)++;
    }
  else
    {
      for (; **p != '\0' && **p != ';' && **p != ','; (*p)++)
        g_string_append_c (value, **p);
      g_strchomp (value->str);
      value->len = strlen (value->str);
    }
  return g_string_free (g_steal_pointer (&value), FALSE);
}

static gboolean
rel_has_ice_server (const char *rel)
{
  g_auto (GStrv) words = g_strsplit (rel ? rel : "", " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (words[i], "ice-server") == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * relay_link_header_ice_server_to_webrtc:
 * @url: a STUN or TURN URL as in a Link header (`stun:host:port`,
 *   `turn:host:port?transport=udp`) or as webrtcbin takes it (`turn://u:p@host`)
 * @username: (nullable): for TURN
 * @credential: (nullable): for TURN
 *
 * Returns: (nullable): the server as webrtcbin's stun-server or
 *   add-turn-server take it, or %NULL if webrtcbin cannot use it
 */
char *
relay_link_header_ice_server_to_webrtc (const char *url, const char *username,
                                        const char *credential)
{
  const char *colon = url ? strchr (url, ':') : NULL;
  g_autofree char *scheme = NULL;
  const char *rest;

  if (colon == NULL)
    return NULL;

  scheme = g_ascii_strdown (url, colon - url);
  rest = colon + 1;
  if (g_str_has_prefix (rest, "//"))
    rest += 2;
  if (*rest == '\0')
    return NULL;

  if (g_str_equal (scheme, "stun"))
    return g_strconcat ("stun://", rest, NULL);

  if (g_str_equal (scheme, "turn") || g_str_equal (scheme, "turns"))
    {
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;

      if (strchr (rest, '@') != NULL)
        return g_strconcat (scheme, "://", rest, NULL);
      if (username == NULL || credential == NULL)
        return NULL;

      user = g_uri_escape_string (username, NULL, FALSE);
      password = g_uri_escape_string (credential, NULL, FALSE);
      return g_strconcat (scheme, "://", user, ":", password, "@", rest, NULL);
    }

  return NULL;
}

/**
 * relay_link_header_parse_ice_servers:
 * @links: (nullable): the Link headers of a response, joined with commas
 *
 * Link: <stun:stun.example.net>; rel="ice-server",
 *       <turn:turn.example.net?transport=udp>; rel="ice-server";
 *       username="user"; credential="secret"; credential-type="password"
 *
 * Their credentials are secrets from now on, for relay_mask_redact().
 *
 * Returns: (transfer full) (element-type utf8): the servers webrtcbin can
 *   use, %NULL-terminated
 */
GPtrArray *
relay_link_header_parse_ice_servers (const char *links)
{
  GPtrArray *servers = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  const char *p = links;

  while (p != NULL && *p != '\0')
    {
      g_autofree char *url = NULL;
      g_autofree char *rel = NULL;
      g_autofree char *username = NULL;
      g_autofree char *credential = NULL;
      const char *end;
      char *server;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p != '<' || (end = strchr (p, '>')) == NULL)
        break;
      url = g_strndup (p + 1, end - p - 1);
      p = end + 1;

      for (skip_spaces (&p); *p == ';'; skip_spaces (&p))
        {
          const char *name = ++p;
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;

          skip_spaces (&name);
          for (p = name; g_ascii_isalnum (*p) || *p == '-' || *p == '*'; p++)
            ;
          key = g_ascii_strdown (name, p - name);
          skip_spaces (&p);
          if (*p == '=')
            {
              p++;
              value = parse_link_param_value (&p);
            }

          if (g_str_equal (key, "rel"))
            take_string (&rel, &value);
          else if (g_str_equal (key, "username"))
            take_string (&username, &value);
          else if (g_str_equal (key, "credential"))
            take_string (&credential, &value);
        }

      if (!rel_has_ice_server (rel))
        continue;

      relay_mask_register_secret (credential);
      server = relay_link_header_ice_server_to_webrtc (url, username, credential);
      if (server != NULL)
        g_ptr_array_add (servers, server);
      else
        g_debug ("WHIP: ignoring ICE server %s (unsupported or without credentials)", url);
    }

  return servers;
}
