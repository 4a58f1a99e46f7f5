/* relay-srt-url.c
 *
 * srt://host:port?streamid=…&passphrase=…&pbkeylen=16&latency=200 calls a
 * receiver; srt://:port (or mode=listener) waits for receivers to call in.
 * The query is read as ffmpeg and srt-live-transmit read it: everything after
 * "?" is options, "#" included, since access-control stream IDs begin with
 * "#!::" and are seldom escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-mask.h"
#include "relay-srt-url.h"

/* libsrt refuses other lengths (SRTO_PASSPHRASE) */
#define PASSPHRASE_MIN 10
#define PASSPHRASE_MAX 79
/* SRTO_STREAMID's limit */
#define STREAMID_MAX 512

G_DEFINE_BOXED_TYPE (RelaySrtUrl, relay_srt_url, relay_srt_url_copy, relay_srt_url_free)

static void
set_invalid (GError **error, const char *url, const char *reason)
{
  g_autofree char *shown = relay_mask_url (url);

  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("Invalid SRT URL “%s”: %s"),
               shown, reason);
}

static gboolean
parse_uint (const char *text, guint max, guint *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* The options a saved destination keeps in the keyring rather than in its server URL. */
static gboolean
is_secret_option (const char *key)
{
  return g_str_equal (key, "streamid") || g_str_equal (key, "passphrase");
}

/* Sets @error to the reason alone: the caller says where the option was. */
static gboolean
set_reason (GError **error, const char *reason)
{
  g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, reason);
  return FALSE;
}

static gboolean
parse_option (RelaySrtUrl *self, const char *key, const char *value, GError **error)
{
  if (g_str_equal (key, "mode"))
    {
      if (g_str_equal (value, "listener"))
        self->listener = TRUE;
      else if (g_str_equal (value, "caller"))
        self->listener = FALSE;
      else
        return set_reason (error, _ ("the mode must be caller or listener"));
    }
  else if (g_str_equal (key, "streamid"))
    {
      if (strlen (value) > STREAMID_MAX)
        return set_reason (error, _ ("the stream ID is longer than 512 characters"));
      g_free (self->streamid);
      self->streamid = *value ? g_strdup (value) : NULL;
    }
  else if (g_str_equal (key, "passphrase"))
    {
      glong length = g_utf8_strlen (value, -1);

      if (*value != '\0' && (length < PASSPHRASE_MIN || length > PASSPHRASE_MAX))
        return set_reason (error, _ ("the passphrase must be 10 to 79 characters long"));
      g_free (self->passphrase);
      self->passphrase = *value ? g_strdup (value) : NULL;
    }
  else if (g_str_equal (key, "pbkeylen"))
    {
      if (!parse_uint (value, 32, &self->pbkeylen)
          || (self->pbkeylen != 0 && self->pbkeylen != 16 && self->pbkeylen != 24
              && self->pbkeylen != 32))
        return set_reason (error, _ ("pbkeylen must be 16, 24 or 32"));
    }
  else if (g_str_equal (key, "latency"))
    {
      if (!parse_uint (value, 60000, &self->latency_ms))
        return set_reason (error, _ ("the latency must be milliseconds, up to 60000"));
    }
  else
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("unknown option “%s” (known: mode, streamid, passphrase, pbkeylen, latency)"),
                   key);
      return FALSE;
    }
  return TRUE;
}

/* @secrets_only: a destination's key, where an unknown name may be a secret
 * pasted on its own, so it is never quoted */
static gboolean
parse_query (RelaySrtUrl *self, const char *query, gboolean secrets_only, GError **error)
{
  g_auto (GStrv) items = g_strsplit (query, "&", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (*items[i] == '\0')
        continue;
      key = eq ? g_strndup (items[i], eq - items[i]) : g_strdup (items[i]);
      value = g_uri_unescape_string (eq ? eq + 1 : "", NULL);
      if (secrets_only && (eq == NULL || !is_secret_option (key)))
        return set_reason (error, _ ("an SRT destination’s key holds its passphrase and stream "
                                     "ID alone, as in passphrase=…&streamid=…; the other "
                                     "options go in the server URL"));
      if (value == NULL)
        return set_reason (error, _ ("an option is not valid"));
      if (!parse_option (self, key, value, error))
        return FALSE;
    }
  return TRUE;
}

/* "host:port", "[v6]:port" or ":port" */
static gboolean
parse_authority (RelaySrtUrl *self, const char *authority, const char *url, GError **error)
{
  const char *colon;

  if (*authority == '[')
    {
      const char *close = strchr (authority, ']');

      if (close == NULL || close[1] != ':')
        {
          set_invalid (error, url, _ ("the port is missing, as in srt://host:9000"));
          return FALSE;
        }
      self->host = g_strndup (authority + 1, close - authority - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (authority, ':');
      if (colon == NULL)
        {
          set_invalid (error, url, _ ("the port is missing, as in srt://host:9000"));
          return FALSE;
        }
      self->host = g_ascii_strdown (authority, colon - authority);
    }

  if (!parse_uint (colon + 1, 65535, &self->port) || self->port == 0)
    {
      set_invalid (error, url, _ ("the port is not valid"));
      return FALSE;
    }
  return TRUE;
}

RelaySrtUrl *
relay_srt_url_parse (const char *url, GError **error)
{
  static const char scheme[] = "srt://";
  g_autoptr (RelaySrtUrl) self = NULL;
  g_autofree char *authority = NULL;
  g_autoptr (GError) reason = NULL;
  const char *rest;
  gsize authority_length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (url == NULL || g_ascii_strncasecmp (url, scheme, strlen (scheme)) != 0)
    {
      set_invalid (error, url ? url : "", _ ("the scheme must be srt://"));
      return NULL;
    }
  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || *p == ' ')
        {
          set_invalid (error, url, _ ("it contains spaces or control characters"));
          return NULL;
        }
    }

  self = g_new0 (RelaySrtUrl, 1);
  self->latency_ms = RELAY_SRT_DEFAULT_LATENCY_MS;
  rest = url + strlen (scheme);
  authority_length = strcspn (rest, "/?");
  authority = g_strndup (rest, authority_length);
  if (!parse_authority (self, authority, url, error))
    return NULL;

  rest += authority_length;
  if (*rest == '/')
    rest++;
  if (*rest != '\0' && *rest != '?')
    {
      set_invalid (error, url, _ ("SRT URLs have no path: give the stream ID as ?streamid=…"));
      return NULL;
    }
  /* no host: bind every address and wait, as srtsink does */
  self->listener = *self->host == '\0';
  if (*rest == '?' && !parse_query (self, rest + 1, FALSE, &reason))
    {
      set_invalid (error, url, reason->message);
      return NULL;
    }

  if (!self->listener && *self->host == '\0')
    {
      set_invalid (error, url, _ ("the host is missing"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

RelaySrtUrl *
relay_srt_url_copy (const RelaySrtUrl *self)
{
  RelaySrtUrl *copy = g_memdup2 (self, sizeof *self);

  copy->host = g_strdup (self->host);
  copy->streamid = g_strdup (self->streamid);
  copy->passphrase = g_strdup (self->passphrase);
  return copy;
}

void
relay_srt_url_free (RelaySrtUrl *self)
{
  if (self == NULL)
    return;

  g_free (self->host);
  g_free (self->streamid);
  g_free (self->passphrase);
  g_free (self);
}

static void
append_address (GString *out, const RelaySrtUrl *self)
{
  g_string_append_printf (out, strchr (self->host, ':') ? "srt://[%s]:%u" : "srt://%s:%u",
                          self->host, self->port);
}

/* A value escaped only where the query needs it: an access-control stream ID
 * stays readable ("#!::r=live,m=publish"). */
static void
append_pair (GString *out, const char *key, const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, "#!:,=/@", FALSE);

  g_string_append_printf (out, "%s=%s", key, escaped);
}

static void
append_option (GString *out, const char *key, const char *value)
{
  g_string_append_c (out, strchr (out->str, '?') ? '&' : '?');
  append_pair (out, key, value);
}

/* Returns: the URL in one canonical spelling, secrets included */
char *
relay_srt_url_to_string (const RelaySrtUrl *self)
{
  g_autoptr (GString) out = g_string_new (NULL);

  append_address (out, self);
  if (self->listener && *self->host != '\0')
    append_option (out, "mode", "listener");
  if (self->streamid != NULL)
    append_option (out, "streamid", self->streamid);
  if (self->passphrase != NULL)
    append_option (out, "passphrase", self->passphrase);
  if (self->pbkeylen != 0)
    g_string_append_printf (out, "%cpbkeylen=%u", strchr (out->str, '?') ? '&' : '?',
                            self->pbkeylen);
  if (self->latency_ms != RELAY_SRT_DEFAULT_LATENCY_MS)
    g_string_append_printf (out, "%clatency=%u", strchr (out->str, '?') ? '&' : '?',
                            self->latency_ms);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Returns: the address and mode alone, for srtsink's "uri": the secrets go
 * in its own properties (set after the URI, which resets them), so that
 * nothing GStreamer prints of its URI holds them. A listener binds the host
 * it names, or every IPv4 address. */
char *
relay_srt_url_to_gst_uri (const RelaySrtUrl *self)
{
  const char *host = *self->host != '\0' ? self->host : "0.0.0.0";

  return g_strdup_printf (strchr (host, ':') ? "srt://[%s]:%u%s" : "srt://%s:%u%s", host,
                          self->port, self->listener ? "?mode=listener" : "");
}

/* Returns: "host:port" for messages; ":port" for a listener on every address */
char *
relay_srt_url_dup_peer (const RelaySrtUrl *self)
{
  return g_strdup_printf (strchr (self->host, ':') ? "[%s]:%u" : "%s:%u", self->host, self->port);
}

/**
 * relay_srt_url_join_latency:
 * @latency: milliseconds; empty keeps the URL's
 *
 * Returns: (nullable): @server with @latency in its query, spelt canonically
 */
char *
relay_srt_url_join_latency (const char *server, const char *latency, GError **error)
{
  g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (server, error);

  if (url == NULL || (*latency != '\0' && !parse_option (url, "latency", latency, error)))
    return NULL;
  return relay_srt_url_to_string (url);
}

/**
 * relay_srt_url_split_latency:
 * @latency: (out): the milliseconds, default or not
 *
 * Returns: (nullable): @server without its latency; %NULL when it does not parse
 */
char *
relay_srt_url_split_latency (const char *server, char **latency)
{
  g_autoptr (RelaySrtUrl) url = relay_srt_url_parse (server, NULL);

  if (url == NULL)
    return NULL;
  *latency = g_strdup_printf ("%u", url->latency_ms);
  url->latency_ms = RELAY_SRT_DEFAULT_LATENCY_MS;
  return relay_srt_url_to_string (url);
}

/* A saved SRT destination keeps its passphrase and its stream ID (which
 * often carries credentials) as its one key in the keyring, written as the
 * query of an SRT URL: "passphrase=…&streamid=…", either one optional, values
 * escaped as in a URL ("%26" for "&"). Its server URL holds the rest. */

/**
 * relay_srt_url_parse_with_secret:
 * @server: an srt:// URL
 * @secret: (nullable): a saved destination's key, "passphrase=…&streamid=…"
 *
 * Returns: (transfer full): the URL with the secret's options, or %NULL with
 *   @error set (which never quotes the secret)
 */
RelaySrtUrl *
relay_srt_url_parse_with_secret (const char *server, const char *secret, GError **error)
{
  g_autoptr (RelaySrtUrl) self = relay_srt_url_parse (server, error);

  if (self == NULL)
    return NULL;
  if (secret != NULL && !parse_query (self, secret, TRUE, error))
    {
      g_prefix_error (error, _ ("Invalid SRT key: "));
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
relay_srt_url_check_secret (const char *secret, GError **error)
{
  g_autoptr (RelaySrtUrl) url = relay_srt_url_parse_with_secret ("srt://:1", secret, error);

  return url != NULL;
}

/* Returns: (nullable): the passphrase and the stream ID in a saved
 * destination's key form; %NULL when there is neither */
char *
relay_srt_url_dup_secret (const RelaySrtUrl *self)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (self->passphrase != NULL)
    append_pair (out, "passphrase", self->passphrase);
  if (self->passphrase != NULL && self->streamid != NULL)
    g_string_append_c (out, '&');
  if (self->streamid != NULL)
    append_pair (out, "streamid", self->streamid);
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Returns: a saved destination's key as people may see it:
 * "passphrase=corr****&streamid=****" */
char *
relay_srt_url_mask_secret (const char *secret)
{
  g_autoptr (RelaySrtUrl) url = relay_srt_url_parse_with_secret ("srt://:1", secret, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  if (url == NULL)
    return relay_mask_secret (secret);
  if (url->passphrase != NULL)
    {
      g_autofree char *masked = relay_mask_secret (url->passphrase);

      g_string_append_printf (out, "passphrase=%s", masked);
    }
  /* not even its start: "u=alice,…" names the account */
  if (url->streamid != NULL)
    g_string_append_printf (out, "%sstreamid=****", out->len > 0 ? "&" : "");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
