/* relay-failure.c
 *
 * GStreamer elements report network failures with a generic message and the
 * GIO error they met in the debug string ("domain g-tls-error-quark, code 2").
 * Both are matched here, once, for every kind of output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"

typedef struct
{
  const char *pattern;
  RelayFailureKind kind;
  const char *message;
} FailurePattern;

/* First match wins; patterns are lower case. */
static const FailurePattern patterns[] = {
  { "g-tls-error-quark", RELAY_FAILURE_PERMANENT, N_ ("TLS certificate not trusted") },
  { "tls certificate", RELAY_FAILURE_PERMANENT, N_ ("TLS certificate not trusted") },
  { "'publish' cmd failed", RELAY_FAILURE_PERMANENT, N_ ("publish rejected by server") },
  { "not authorized", RELAY_FAILURE_PERMANENT, N_ ("publish rejected by server") },
  { "publish denied", RELAY_FAILURE_PERMANENT, N_ ("publish rejected by server") },
  { "connection refused", RELAY_FAILURE_TRANSIENT, N_ ("connection refused") },
  { "g-resolver-error-quark", RELAY_FAILURE_TRANSIENT, N_ ("host not found") },
  { "error resolving", RELAY_FAILURE_TRANSIENT, N_ ("host not found") },
  { "timed out", RELAY_FAILURE_TRANSIENT, N_ ("connection timed out") },
  { "connection error", RELAY_FAILURE_TRANSIENT, N_ ("connection lost") },
  { "connection reset", RELAY_FAILURE_TRANSIENT, N_ ("connection lost") },
  { "broken pipe", RELAY_FAILURE_TRANSIENT, N_ ("connection lost") },
  { "connection closed", RELAY_FAILURE_TRANSIENT, N_ ("connection lost") },
  /* rtspsrc says no more than this of a port nobody listens on; last, as
   * rtmp2sink says it before the reason it knows ("Failed to connect: Error
   * resolving …") */
  { "failed to connect", RELAY_FAILURE_TRANSIENT, N_ ("connection refused") },
};

/**
 * relay_failure_classify:
 * @error: the element's error
 * @debug: (nullable): its debug string
 * @peer: (nullable): "host:port", to say who refused
 * @out_message: (out): a short sentence, secrets masked
 */
RelayFailureKind
relay_failure_classify (const GError *error, const char *debug, const char *peer,
                        char **out_message)
{
  g_autofree char *joined =
      g_strconcat (error ? error->message : "", " ", debug ? debug : "", NULL);
  g_autofree char *haystack = g_ascii_strdown (joined, -1);
  const FailurePattern *match = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (patterns) && match == NULL; i++)
    {
      if (strstr (haystack, patterns[i].pattern) != NULL)
        match = &patterns[i];
    }

  if (match != NULL && peer != NULL)
    text = g_strdup_printf ("%s (%s)", _ (match->message), peer);
  else if (match != NULL)
    text = g_strdup (_ (match->message));
  else
    text = g_strdup (error ? error->message : _ ("unknown error"));

  *out_message = relay_mask_redact (text);
  return match ? match->kind : RELAY_FAILURE_TRANSIENT;
}

/**
 * relay_failure_describe_source:
 * @error: the error a source's element posted
 * @debug: (nullable): its debug string
 * @uri: (nullable): the source's URI, secrets masked
 *
 * Returns: (transfer full): what is wrong with the source, in a few words:
 *   "no such file", "not a media file", "connection refused (host:port)"
 */
char *
relay_failure_describe_source (const GError *error, const char *debug, const char *uri)
{
  g_autoptr (GUri) parsed = uri ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  gboolean is_file = parsed != NULL && g_str_equal (g_uri_get_scheme (parsed), "file");
  g_autofree char *peer = NULL;
  char *message = NULL;

  /* Relaycast's own sources word their failures already (a WHEP pull names
   * its next attempt) */
  if (error->domain == RELAY_ERROR)
    return relay_mask_redact (error->message);
  if (is_file && g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    return g_strdup (_ ("no such file"));
  if (g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE)
      || g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND))
    return g_strdup (_ ("not a media file"));

  if (parsed != NULL && !is_file && g_uri_get_host (parsed) != NULL)
    {
      if (g_uri_get_port (parsed) > 0)
        peer = g_strdup_printf ("%s:%d", g_uri_get_host (parsed), g_uri_get_port (parsed));
      else
        peer = g_strdup (g_uri_get_host (parsed));
    }
  relay_failure_classify (error, debug, peer, &message);
  return message;
}
