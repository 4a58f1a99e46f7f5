/* relay-rtmp-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-mask.h"
#include "relay-rtmp-url.h"

G_DEFINE_BOXED_TYPE (RelayRtmpUrl, relay_rtmp_url, relay_rtmp_url_copy, relay_rtmp_url_free)

static gboolean
set_invalid (GError **error, const char *url, const char *reason)
{
  g_autofree char *shown = relay_mask_url (url);

  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("Invalid RTMP URL “%s”: %s"),
               shown, reason);
  return FALSE;
}

static gboolean
has_control_or_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || *p == ' ')
        return TRUE;
    }
  return FALSE;
}

RelayRtmpUrl *
relay_rtmp_url_parse (const char *url, GError **error)
{
  g_autoptr (RelayRtmpUrl) self = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *scheme;
  const char *path;
  const char *query;
  const char *last_slash;
  int port;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The RTMP URL is empty"));
      return NULL;
    }

  if (has_control_or_space (url))
    {
      set_invalid (error, url, _ ("it contains spaces or control characters"));
      return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, &local_error);
  if (uri == NULL)
    {
      set_invalid (error, url, _ ("it is not a URL"));
      return NULL;
    }

  self = g_new0 (RelayRtmpUrl, 1);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "rtmps") == 0)
    self->secure = TRUE;
  else if (g_ascii_strcasecmp (scheme, "rtmp") != 0)
    {
      set_invalid (error, url, _ ("the scheme must be rtmp:// or rtmps://"));
      return NULL;
    }

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      set_invalid (error, url, _ ("the host is missing"));
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port == 0)
    {
      set_invalid (error, url, _ ("the port is not valid"));
      return NULL;
    }

  /* host names are case-insensitive; one spelling keeps comparisons simple */
  self->host = g_ascii_strdown (g_uri_get_host (uri), -1);
  self->port =
      port > 0 ? (guint) port : (self->secure ? RELAY_RTMPS_DEFAULT_PORT : RELAY_RTMP_DEFAULT_PORT);
  self->username = g_strdup (g_uri_get_user (uri));
  self->password = g_strdup (g_uri_get_password (uri));

  path = g_uri_get_path (uri);
  while (*path == '/')
    path++;

  last_slash = strrchr (path, '/');
  if (*path == '\0' || last_slash == NULL)
    {
      set_invalid (error, url,
                   _ ("it needs an application and a stream name, as in rtmp://host/app/stream"));
      return NULL;
    }
  if (last_slash[1] == '\0')
    {
      set_invalid (error, url, _ ("the stream name (stream key) is missing"));
      return NULL;
    }
  if (last_slash == path || strstr (path, "//") != NULL)
    {
      set_invalid (error, url, _ ("the application name is missing"));
      return NULL;
    }

  self->application = g_strndup (path, last_slash - path);
  query = g_uri_get_query (uri);
  if (query != NULL && *query != '\0')
    self->stream = g_strconcat (last_slash + 1, "?", query, NULL);
  else
    self->stream = g_strdup (last_slash + 1);

  return g_steal_pointer (&self);
}

/* The form WCS and most providers hand out: a server URL and, separately, a
 * stream name (optionally prefixed, as WCS's "rtmp_" prefix). A query on the
 * server URL belongs to the application, as OBS, FFmpeg and WCS send it in
 * "connect" (YouTube's "live2?backup=1", WCS's "app/?user=u&pass=p"); the
 * slash before it only ends the application, which servers such as nginx-rtmp
 * would otherwise take as part of its name. */
RelayRtmpUrl *
relay_rtmp_url_new_split (const char *server_url, const char *stream_name,
                          const char *stream_prefix, GError **error)
{
  g_autoptr (RelayRtmpUrl) url = NULL;
  g_autofree char *server = NULL;
  g_autofree char *joined = NULL;
  const char *query;
  gsize length;

  if (server_url == NULL || *server_url == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The RTMP server URL is empty"));
      return NULL;
    }
  if (stream_name == NULL || *stream_name == '\0')
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The stream name is empty"));
      return NULL;
    }
  if (strchr (stream_name, '/') != NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("The stream name must not contain “/”"));
      return NULL;
    }

  query = strchr (server_url, '?');
  server = query ? g_strndup (server_url, query - server_url) : g_strdup (server_url);
  length = strlen (server);
  while (length > 0 && server[length - 1] == '/')
    server[--length] = '\0';

  joined = g_strconcat (server, "/", stream_prefix ? stream_prefix : "", stream_name, NULL);
  url = relay_rtmp_url_parse (joined, error);
  if (url != NULL && query != NULL && query[1] != '\0')
    {
      char *application = g_strconcat (url->application, query, NULL);

      g_free (url->application);
      url->application = application;
    }
  return g_steal_pointer (&url);
}

RelayRtmpUrl *
relay_rtmp_url_copy (const RelayRtmpUrl *self)
{
  RelayRtmpUrl *copy = g_new0 (RelayRtmpUrl, 1);

  copy->secure = self->secure;
  copy->host = g_strdup (self->host);
  copy->port = self->port;
  copy->application = g_strdup (self->application);
  copy->stream = g_strdup (self->stream);
  copy->username = g_strdup (self->username);
  copy->password = g_strdup (self->password);
  return copy;
}

void
relay_rtmp_url_free (RelayRtmpUrl *self)
{
  if (self == NULL)
    return;

  g_free (self->host);
  g_free (self->application);
  g_free (self->stream);
  g_free (self->username);
  g_free (self->password);
  g_free (self);
}

char *
relay_rtmp_url_to_string (const RelayRtmpUrl *self)
{
  g_autoptr (GString) out = g_string_new (self->secure ? "rtmps://" : "rtmp://");
  guint default_port = self->secure ? RELAY_RTMPS_DEFAULT_PORT : RELAY_RTMP_DEFAULT_PORT;
  gboolean is_ipv6 = strchr (self->host, ':') != NULL;

  if (self->username != NULL)
    {
      g_autofree char *user = g_uri_escape_string (self->username, NULL, FALSE);

      g_string_append (out, user);
      if (self->password != NULL)
        {
          g_autofree char *password = g_uri_escape_string (self->password, NULL, FALSE);

          g_string_append_printf (out, ":%s", password);
        }
      g_string_append_c (out, '@');
    }

  g_string_append_printf (out, is_ipv6 ? "[%s]" : "%s", self->host);
  if (self->port != default_port)
    g_string_append_printf (out, ":%u", self->port);
  g_string_append_printf (out, "/%s/%s", self->application, self->stream);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
relay_rtmp_url_to_display_string (const RelayRtmpUrl *self)
{
  g_autofree char *full = relay_rtmp_url_to_string (self);

  return relay_mask_url (full);
}

/**
 * relay_rtmp_url_dup_shown_application:
 *
 * Returns: (transfer full): the application as messages name it, masked as
 *   relay_mask_rtmp_server_url() masks a server URL's path: its first segment
 *   shown, a further one ("app/KEY") only when a public word, no query
 */
char *
relay_rtmp_url_dup_shown_application (const RelayRtmpUrl *self)
{
  static const char prefix[] = "rtmp://host/";
  g_autofree char *application = g_strndup (self->application, strcspn (self->application, "?#"));
  g_autofree char *server = g_strconcat (prefix, application, NULL);
  g_autofree char *masked = relay_mask_rtmp_server_url (server);

  if (!g_str_has_prefix (masked, prefix))
    return g_strdup ("****");
  return g_strdup (masked + strlen (prefix));
}
