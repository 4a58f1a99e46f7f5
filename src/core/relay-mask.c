/* relay-mask.c
 *
 * Stream keys and tokens are shown as their first four characters then "****".
 * URLs are masked by the position of their parts, never by their look: a key
 * of any shape sits where keys sit (an RTMP stream name, a query value, a
 * password, a WHIP/WHEP endpoint's path), and a URL that does not parse is
 * cut the same way (an SRT URL's passphrase and stream ID are query values).
 * Every secret the process learns is registered here too,
 * so that any text on its way to a log line, an error or an API answer can be
 * scrubbed of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-mask.h"

#include <string.h>

#define MASK_SUFFIX "****"
/* Shorter secrets are hidden completely: four characters would give too much away. */
#define MIN_PARTIAL_LENGTH 8
/* A path segment this long made of token characters looks like a key; only
 * used to warn before one is saved in clear, never to decide what is shown. */
#define MIN_TOKEN_SEGMENT_LENGTH 20
/* Scrubbing free text of short strings would mangle ordinary words (a stream
 * named "live"); such short values are still masked inside URLs. */
#define MIN_REGISTERED_LENGTH 8

/* The words endpoint paths are made of, shown wherever they stand: a segment
 * spelled otherwise may be a key (Cloudflare's WHIP URLs carry it in the path). */
static const char *const public_segments[] = {
  "api",       "app",      "endpoint", "ingest",  "live",     "live2",  "play",
  "publish",   "resource", "rtc",      "session", "sessions", "stream", "streams",
  "subscribe", "v1",       "v2",       "webrtc",  "whep",     "whip",   NULL,
};

typedef struct
{
  char *secret;
  /* what replaces it */
  char *shown;
} Registered;

G_LOCK_DEFINE_STATIC (registry);
/* of Registered, the longest secret first, so one that contains another is replaced whole */
static GArray *registry;

char *
relay_mask_secret (const char *secret)
{
  if (secret == NULL || *secret == '\0')
    return g_strdup ("");

  if (g_utf8_strlen (secret, -1) < MIN_PARTIAL_LENGTH)
    return g_strdup (MASK_SUFFIX);

  {
    g_autofree char *head = g_utf8_substring (secret, 0, 4);

    return g_strconcat (head, MASK_SUFFIX, NULL);
  }
}

/* Long runs of token characters are keys, not names a person picked. */
gboolean
relay_mask_is_token_like (const char *segment, gsize length)
{
  if (length < MIN_TOKEN_SEGMENT_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (segment[i]) && segment[i] != '-' && segment[i] != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_one_token (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("-_.~%", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Appends the masked form of @length bytes of @secret, and the secret itself
 * to @parts when given. A part that is not one token ("KEY extra", "1/KEY")
 * is hidden whole: where a key starts or ends in it is unknown, and its first
 * characters could be all of a short key. */
static void
append_masked (GString *out, const char *secret, gsize length, GPtrArray *parts)
{
  g_autofree char *copy = g_strndup (secret, length);
  g_autofree char *masked = is_one_token (copy) ? relay_mask_secret (copy) : g_strdup (MASK_SUFFIX);

  g_string_append (out, masked);
  if (parts != NULL && *copy != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&copy));
}

/* SRT's options that are settings, never secrets; its passphrase and stream
 * ID (which often carries credentials) stay masked like any other value. */
static const char *const srt_public_options[] = { "mode", "latency", "pbkeylen", NULL };

static gboolean
is_public_option (const char *item, gsize name_length, const char *const *public_options)
{
  for (guint i = 0; public_options != NULL && public_options[i] != NULL; i++)
    {
      if (strlen (public_options[i]) == name_length
          && strncmp (item, public_options[i], name_length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every value is masked, whatever its name: a parameter called "k" or "s"
 * holds a key as well as one called "key". A bare item may be a key alone.
 * Only the @public_options of a scheme are shown. */
static void
append_masked_query (GString *out, const char *query, gsize length,
                     const char *const *public_options, GPtrArray *parts)
{
  const char *end = query + length;

  while (query < end)
    {
      const char *item_end = memchr (query, '&', end - query);
      const char *eq;

      if (item_end == NULL)
        item_end = end;
      eq = memchr (query, '=', item_end - query);
      if (eq != NULL && is_public_option (query, eq - query, public_options))
        {
          g_string_append_len (out, query, item_end - query);
        }
      else if (eq != NULL)
        {
          g_string_append_len (out, query, eq - query + 1);
          append_masked (out, eq + 1, item_end - eq - 1, parts);
        }
      else
        {
          append_masked (out, query, item_end - query, parts);
        }
      if (item_end < end)
        g_string_append_c (out, '&');
      query = item_end + 1;
    }
}

static gboolean
is_public_segment (const char *segment, gsize length)
{
  for (guint i = 0; public_segments[i] != NULL; i++)
    {
      if (strlen (public_segments[i]) == length
          && g_ascii_strncasecmp (segment, public_segments[i], length) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  PATH_LOCAL,   /* a file: shown whole */
  PATH_RTMP,    /* the application shown, the stream name masked */
  PATH_SERVER,  /* an RTMP server URL, no stream name: the application shown */
  PATH_ENDPOINT /* anything else: only public words shown */
} PathKind;

/* Whether @segment spells @name, as given or escaped as URLs carry it. */
static gboolean
is_public_name (const char *segment, gsize length, const char *name)
{
  g_autofree char *escaped = NULL;

  if (name == NULL || *name == '\0')
    return FALSE;
  if (strlen (name) == length && strncmp (segment, name, length) == 0)
    return TRUE;
  escaped = g_uri_escape_string (name, NULL, FALSE);
  return strlen (escaped) == length && strncmp (segment, escaped, length) == 0;
}

/* Segment by segment: with RTMP the first is the application, the last the
 * stream name; elsewhere a segment is shown only if it is a public word or
 * @public_name. */
static void
append_masked_path (GString *out, const char *path, gsize length, PathKind kind,
                    const char *public_name, GPtrArray *parts)
{
  const char *end = path + length;
  guint n_segments = 0;
  guint index = 0;

  if (kind == PATH_LOCAL)
    {
      g_string_append_len (out, path, length);
      return;
    }

  for (const char *p = path; p < end; p++)
    n_segments += *p == '/' ? 0 : (p == path || p[-1] == '/');

  while (path < end)
    {
      const char *segment_end;
      gboolean shown;
      gsize segment_length;

      if (*path == '/')
        {
          g_string_append_c (out, '/');
          path++;
          continue;
        }

      segment_end = memchr (path, '/', end - path);
      if (segment_end == NULL)
        segment_end = end;
      segment_length = segment_end - path;

      shown = is_public_segment (path, segment_length);
      if (kind == PATH_SERVER)
        shown |= index == 0;
      else if (kind == PATH_RTMP && n_segments >= 2)
        shown = (index == 0 || shown) && index < n_segments - 1;
      shown |= is_public_name (path, segment_length, public_name);

      if (shown)
        g_string_append_len (out, path, segment_length);
      else
        append_masked (out, path, segment_length, parts);
      index++;
      path = segment_end;
    }
}

/* The scheme's length, 0 if @text starts with none: "host:1935/…" names a
 * port, not a scheme. */
static gsize
scheme_length (const char *text)
{
  gsize length = 0;

  if (!g_ascii_isalpha (*text))
    return 0;
  while (g_ascii_isalnum (text[length]) || text[length] == '+' || text[length] == '-'
         || text[length] == '.')
    length++;
  if (text[length] != ':' || g_ascii_isdigit (text[length + 1]))
    return 0;
  return length;
}

static PathKind
path_kind_for_scheme (const char *scheme, gsize length)
{
  if (length == 4 && g_ascii_strncasecmp (scheme, "file", 4) == 0)
    return PATH_LOCAL;
  if (length >= 4 && g_ascii_strncasecmp (scheme, "rtmp", 4) == 0)
    return PATH_RTMP;
  return PATH_ENDPOINT;
}

/* Appends the authority with its password masked. */
static void
append_masked_authority (GString *out, const char *authority, gsize length, GPtrArray *parts)
{
  const char *at = NULL;

  /* the last "@": a password may hold one */
  for (const char *p = authority; p < authority + length; p++)
    if (*p == '@')
      at = p;

  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', at - authority);

      if (colon != NULL)
        {
          g_string_append_len (out, authority, colon - authority + 1);
          append_masked (out, colon + 1, at - colon - 1, parts);
        }
      else
        {
          g_string_append_len (out, authority, at - authority);
        }
      g_string_append_len (out, at, authority + length - at);
    }
  else
    {
      g_string_append_len (out, authority, length);
    }
}

/* Masks @url by position, whether or not it parses; collects the raw secret
 * parts in @parts when given. */
static char *
mask_url_parts (const char *url, gboolean rtmp_server, const char *public_name, GPtrArray *parts)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *p = url;
  const char *path;
  const char *query;
  const char *fragment;
  gsize scheme;
  PathKind kind = PATH_ENDPOINT;
  gboolean has_authority;
  gboolean srt = FALSE;

  while (g_ascii_isspace (*p))
    p++;
  g_string_append_len (out, url, p - url);

  scheme = scheme_length (p);
  if (scheme > 0)
    {
      kind = path_kind_for_scheme (p, scheme);
      srt = scheme == 3 && g_ascii_strncasecmp (p, "srt", 3) == 0;
      if (kind == PATH_RTMP && rtmp_server)
        kind = PATH_SERVER;
      g_string_append_len (out, p, scheme + 1);
      p += scheme + 1;
      has_authority = g_str_has_prefix (p, "//");
    }
  else if (*p == '/' && p[1] != '/')
    {
      /* a local path */
      kind = PATH_LOCAL;
      has_authority = FALSE;
    }
  else
    {
      /* "host/app/key", "//host/…": the host comes first */
      has_authority = TRUE;
    }

  if (has_authority)
    {
      gsize authority_length;

      while (*p == '/')
        g_string_append_c (out, *p++);
      authority_length = strcspn (p, "/?#");
      append_masked_authority (out, p, authority_length, parts);
      p += authority_length;
    }

  path = p;
  query = path + strcspn (path, "?#");
  append_masked_path (out, path, query - path, kind, public_name, parts);

  /* an SRT stream ID starts with "#!::", seldom escaped: it is all query */
  fragment = query + strcspn (query, srt ? "" : "#");
  if (*query == '?')
    {
      g_string_append_c (out, '?');
      append_masked_query (out, query + 1, fragment - query - 1, srt ? srt_public_options : NULL,
                           parts);
    }
  if (*fragment == '#')
    {
      g_string_append_c (out, '#');
      append_masked (out, fragment + 1, strlen (fragment + 1), parts);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
mask_and_redact (const char *url, gboolean rtmp_server, const char *public_name)
{
  g_autofree char *masked = NULL;

  if (url == NULL)
    return g_strdup ("");

  masked = mask_url_parts (url, rtmp_server, public_name, NULL);
  /* Whatever the URL shape, a known secret never survives. */
  return relay_mask_redact (masked);
}

/* Masks the password of the userinfo, every query value and the fragment, the
 * stream name of RTMP URLs (all but the application) and every path segment of
 * other URLs but the public words; file paths are shown whole. */
char *
relay_mask_url (const char *url)
{
  return mask_and_redact (url, FALSE, NULL);
}

/* An RTMP server URL names no stream: its path is the application. */
char *
relay_mask_rtmp_server_url (const char *url)
{
  return mask_and_redact (url, TRUE, NULL);
}

/* As relay_mask_url(), but a path segment that is @public_name is shown: a
 * saved destination's stream name, which is no secret where the key is kept
 * apart from it. */
char *
relay_mask_url_showing (const char *url, const char *public_name)
{
  return mask_and_redact (url, FALSE, public_name);
}

static void
registered_clear (Registered *entry)
{
  g_free (entry->secret);
  g_free (entry->shown);
}

/* Takes @shown. */
static void
register_shown (const char *secret, char *shown)
{
  gsize length = strlen (secret);
  guint position;

  G_LOCK (registry);
  if (registry == NULL)
    {
      registry = g_array_new (FALSE, FALSE, sizeof (Registered));
      g_array_set_clear_func (registry, (GDestroyNotify) registered_clear);
    }
  for (position = 0; position < registry->len; position++)
    {
      Registered *entry = &g_array_index (registry, Registered, position);
      gsize entry_length = strlen (entry->secret);

      if (entry_length == length && g_str_equal (entry->secret, secret))
        {
          G_UNLOCK (registry);
          g_free (shown);
          return;
        }
      if (entry_length < length)
        break;
    }
  {
    Registered entry = { g_strdup (secret), shown };

    g_array_insert_val (registry, position, entry);
  }
  G_UNLOCK (registry);
}

void
relay_mask_register_secret (const char *secret)
{
  if (secret == NULL || strlen (secret) < MIN_REGISTERED_LENGTH)
    return;

  register_shown (secret, relay_mask_secret (secret));
}

/**
 * relay_mask_register_url_showing:
 * @url: a URL as given, parsed or not
 * @public_name: (nullable): a path segment known to be no secret
 *
 * Until it is parsed, a URL from a person may hold a secret anywhere: from
 * now on any text holding it reads as relay_mask_url_showing() shows it, and
 * its secret parts long enough to be told from words are scrubbed on their own.
 */
void
relay_mask_register_url_showing (const char *url, const char *public_name)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *masked = NULL;

  if (url == NULL || *url == '\0')
    return;

  masked = mask_url_parts (url, FALSE, public_name, parts);
  if (!g_str_equal (masked, url))
    register_shown (url, g_steal_pointer (&masked));
  for (guint i = 0; i < parts->len; i++)
    {
      const char *part = g_ptr_array_index (parts, i);
      g_autofree char *decoded = g_uri_unescape_string (part, NULL);

      relay_mask_register_secret (part);
      relay_mask_register_secret (decoded);
    }
}

void
relay_mask_register_url (const char *url)
{
  relay_mask_register_url_showing (url, NULL);
}

void
relay_mask_forget_secret (const char *secret)
{
  if (secret == NULL)
    return;

  G_LOCK (registry);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    {
      if (g_str_equal (g_array_index (registry, Registered, i).secret, secret))
        {
          g_array_remove_index (registry, i);
          break;
        }
    }
  G_UNLOCK (registry);
}

static void
replace_all (GString *text, const Registered *entry)
{
  g_autofree char *escaped = g_uri_escape_string (entry->secret, NULL, FALSE);

  g_string_replace (text, entry->secret, entry->shown, 0);
  /* The same secret may also travel percent-encoded inside a URL. */
  if (g_strcmp0 (escaped, entry->secret) != 0)
    g_string_replace (text, escaped, entry->shown, 0);
}

char *
relay_mask_redact (const char *text)
{
  g_autoptr (GString) out = NULL;

  if (text == NULL)
    return NULL;

  out = g_string_new (text);

  G_LOCK (registry);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    replace_all (out, &g_array_index (registry, Registered, i));
  G_UNLOCK (registry);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
