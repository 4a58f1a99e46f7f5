/* relay-mask.c
 *
 * Stream keys and tokens are shown as their first four characters then "****".
 * Every secret the process learns is registered here too, so that any text on
 * its way to a log line, an error or an API answer can be scrubbed of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-mask.h"

#include <string.h>

#define MASK_SUFFIX "****"
/* Shorter secrets are hidden completely: four characters would give too much away. */
#define MIN_PARTIAL_LENGTH 8
/* A path segment this long made of token characters is treated as a secret
 * (Cloudflare-style WHIP URLs carry the key in the path). */
#define MIN_TOKEN_SEGMENT_LENGTH 20

G_LOCK_DEFINE_STATIC (registry);
static GPtrArray *registry;

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

static void
append_masked (GString *out, const char *secret, gssize length)
{
  g_autofree char *copy = g_strndup (secret, length < 0 ? strlen (secret) : (gsize) length);
  g_autofree char *masked = relay_mask_secret (copy);

  g_string_append (out, masked);
}

static void
append_masked_query (GString *out, const char *query)
{
  g_auto (GStrv) pairs = g_strsplit (query, "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');

      if (i > 0)
        g_string_append_c (out, '&');

      if (eq == NULL)
        {
          g_string_append (out, pairs[i]);
          continue;
        }

      g_string_append_len (out, pairs[i], eq - pairs[i] + 1);
      append_masked (out, eq + 1, -1);
    }
}

/* Masks the password of the userinfo, every query value, the stream key of
 * RTMP URLs (the last path segment) and token-like path segments of others. */
char *
relay_mask_url (const char *url)
{
  g_autoptr (GString) out = NULL;
  const char *scheme_end;
  const char *authority;
  const char *path;
  const char *query;
  const char *at;
  g_autofree char *path_part = NULL;
  g_auto (GStrv) segments = NULL;
  gboolean is_rtmp;
  guint n_segments;

  if (url == NULL)
    return g_strdup ("");

  scheme_end = strstr (url, "://");
  if (scheme_end == NULL)
    return relay_mask_redact (url);

  is_rtmp = g_ascii_strncasecmp (url, "rtmp", 4) == 0;
  out = g_string_new (NULL);
  g_string_append_len (out, url, scheme_end + 3 - url);

  authority = scheme_end + 3;
  path = authority + strcspn (authority, "/?#");

  at = memchr (authority, '@', path - authority);
  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', at - authority);

      if (colon != NULL)
        {
          g_string_append_len (out, authority, colon - authority + 1);
          append_masked (out, colon + 1, at - colon - 1);
        }
      else
        {
          g_string_append_len (out, authority, at - authority);
        }
      g_string_append_c (out, '@');
      g_string_append_len (out, at + 1, path - at - 1);
    }
  else
    {
      g_string_append_len (out, authority, path - authority);
    }

  query = path + strcspn (path, "?#");
  path_part = g_strndup (path, query - path);
  segments = g_strsplit (path_part, "/", -1);
  n_segments = g_strv_length (segments);

  for (guint i = 0; i < n_segments; i++)
    {
      const char *segment = segments[i];
      gboolean is_stream_key = is_rtmp && i == n_segments - 1 && i >= 2 && *segment != '\0';

      if (i > 0)
        g_string_append_c (out, '/');

      if (is_stream_key || relay_mask_is_token_like (segment, strlen (segment)))
        append_masked (out, segment, -1);
      else
        g_string_append (out, segment);
    }

  if (*query == '?')
    {
      const char *fragment = strchr (query, '#');
      g_autofree char *query_part =
          g_strndup (query + 1, fragment ? (gsize) (fragment - query - 1) : strlen (query + 1));

      g_string_append_c (out, '?');
      append_masked_query (out, query_part);
    }

  {
    g_autofree char *result = g_string_free (g_steal_pointer (&out), FALSE);

    /* Whatever the URL shape, a known secret never survives. */
    return relay_mask_redact (result);
  }
}

/* Scrubbing free text of short strings would mangle ordinary words (a stream
 * named "live"); such short values are still masked inside URLs. */
#define MIN_REGISTERED_LENGTH 8

void
relay_mask_register_secret (const char *secret)
{
  if (secret == NULL || strlen (secret) < MIN_REGISTERED_LENGTH)
    return;

  G_LOCK (registry);
  if (registry == NULL)
    registry = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (registry, secret, g_str_equal, NULL))
    g_ptr_array_add (registry, g_strdup (secret));
  G_UNLOCK (registry);
}

void
relay_mask_forget_secret (const char *secret)
{
  guint index;

  if (secret == NULL)
    return;

  G_LOCK (registry);
  if (registry != NULL && g_ptr_array_find_with_equal_func (registry, secret, g_str_equal, &index))
    g_ptr_array_remove_index_fast (registry, index);
  G_UNLOCK (registry);
}

static int
compare_length_descending (gconstpointer a, gconstpointer b)
{
  gsize la = strlen (*(const char *const *) a);
  gsize lb = strlen (*(const char *const *) b);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

static void
replace_all (GString *text, const char *secret)
{
  g_autofree char *masked = relay_mask_secret (secret);
  g_autofree char *escaped = g_uri_escape_string (secret, NULL, FALSE);

  g_string_replace (text, secret, masked, 0);
  /* The same secret may also travel percent-encoded inside a URL. */
  if (g_strcmp0 (escaped, secret) != 0)
    g_string_replace (text, escaped, masked, 0);
}

char *
relay_mask_redact (const char *text)
{
  g_autoptr (GString) out = NULL;

  if (text == NULL)
    return NULL;

  out = g_string_new (text);

  G_LOCK (registry);
  /* Longest first, so a secret that contains another is replaced whole. */
  if (registry != NULL)
    {
      g_autoptr (GPtrArray) sorted = g_ptr_array_copy (registry, NULL, NULL);

      /* the copy borrows the registry's strings */
      g_ptr_array_set_free_func (sorted, NULL);

      g_ptr_array_sort (sorted, compare_length_descending);
      for (guint i = 0; i < sorted->len; i++)
        replace_all (out, g_ptr_array_index (sorted, i));
    }
  G_UNLOCK (registry);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
