/* relay-failure.c
 *
 * GStreamer elements report network failures with a generic message and the
 * GIO error they met in the debug string ("domain g-tls-error-quark, code 2").
 * Both are matched here, once, for every kind of output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

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
