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
  { "failed to resolve", RELAY_FAILURE_TRANSIENT, N_ ("host not found") },
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

/* RTMP: what the server said of the application. The connection test
 * (relay-rtmp-probe.c) and a live attempt's rtmp2sink hear the same answers
 * and say them in the same words. */

#define SERVER_TEXT_MAX_CHARS 200

/**
 * relay_failure_server_line:
 * @length: of @text, or -1 when it ends with a NUL
 *
 * Returns: a server's text, fit for one line of a message: no control
 *   characters, runs of blanks made one space, at most 200 characters
 */
char *
relay_failure_server_line (const char *text, gssize length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  g_strchomp (out->str);

  if (g_utf8_strlen (out->str, -1) > SERVER_TEXT_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (out->str, 0, SERVER_TEXT_MAX_CHARS);

      return g_strconcat (head, "…", NULL);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * relay_failure_rtmp_server_words:
 * @code: (nullable): the information object's code: "NetConnection.Connect.Rejected"
 * @description: (nullable): its description
 *
 * Returns: (transfer full): "description (code)", or what there is of it
 */
char *
relay_failure_rtmp_server_words (const char *code, const char *description)
{
  g_autofree char *shown_code = code && *code ? relay_failure_server_line (code, -1) : NULL;
  g_autofree char *shown_description =
      description && *description ? relay_failure_server_line (description, -1) : NULL;

  if (shown_description != NULL && shown_code != NULL)
    return g_strdup_printf ("%s (%s)", shown_description, shown_code);
  if (shown_description != NULL)
    return g_steal_pointer (&shown_description);
  if (shown_code != NULL)
    return g_steal_pointer (&shown_code);
  return g_strdup (_ ("no reason given"));
}

/* Returns: (transfer full): the server hung up on "connect", secrets masked */
char *
relay_failure_rtmp_closed (const char *peer, const char *application)
{
  g_autofree char *text = g_strdup_printf (_ ("%s closed the connection when asked for application "
                                              "“%s” (it may not exist, or it refused this client)"),
                                           peer, application);

  return relay_mask_redact (text);
}

/* Returns: (transfer full): the server answered "connect" with a refusal, secrets masked */
char *
relay_failure_rtmp_refused (const char *peer, const char *application, const char *code,
                            const char *description)
{
  g_autofree char *words = relay_failure_rtmp_server_words (code, description);
  g_autofree char *text =
      g_strdup_printf (_ ("%s refused application “%s”: %s"), peer, application, words);

  return relay_mask_redact (text);
}

/**
 * relay_failure_classify_rtmp:
 * @peer: "host:port"
 * @application: the application, as shown (without a query)
 *
 * rtmp2sink's failures, with what the server said of the application put
 * first. A refusal ("'connect' cmd returned 'NetConnection.Connect.Rejected':
 * …") is for good; a connection closed on "connect" is what nginx-rtmp does
 * for an application it does not have, but also what any server going down
 * does, so that one is tried again.
 */
RelayFailureKind
relay_failure_classify_rtmp (const GError *error, const char *debug, const char *peer,
                             const char *application, char **out_message)
{
  static const char closed[] = "'connect' cmd failed: connection closed";
  static const char returned[] = "'connect' cmd returned '";
  const char *text = error ? error->message : "";
  const char *found;

  if (strstr (text, closed) != NULL)
    {
      *out_message = relay_failure_rtmp_closed (peer, application);
      return RELAY_FAILURE_TRANSIENT;
    }

  found = strstr (text, returned);
  if (found != NULL)
    {
      const char *code = found + strlen (returned);
      const char *code_end = strchr (code, '\'');
      g_autofree char *shown_code =
          g_strndup (code, code_end ? (gsize) (code_end - code) : strlen (code));
      const char *description = NULL;

      if (code_end != NULL && g_str_has_prefix (code_end, "': "))
        description = code_end + 3;
      *out_message = relay_failure_rtmp_refused (peer, application, shown_code, description);
      return RELAY_FAILURE_PERMANENT;
    }

  return relay_failure_classify (error, debug, peer, out_message);
}

/* libsrt gives up on a silent receiver after 3 s (SRTO_CONNTIMEO); a
 * handshake answered with a refusal ends within a round trip. */
#define SRT_REJECTED_WITHIN_MS 2000

/**
 * relay_failure_classify_srt:
 * @peer: "host:port" (":port" for a listener on every address)
 * @listener: whether the output waits for receivers to call in
 * @was_connected: the attempt's receiver had taken media
 * @elapsed_ms: since the attempt began calling
 *
 * srtsink's failures. GStreamer 1.22 names neither a rejection's reason nor a
 * timeout ("Failed to write to SRT socket: Connection does not exist"), so
 * a caller's failure before it ever sent is told apart by its speed: fast is
 * the receiver refusing this caller (a wrong or missing passphrase, a stream
 * ID it does not accept), which retrying cannot fix; slow is nobody
 * answering. Later GStreamers say "Failed to authenticate" outright.
 */
RelayFailureKind
relay_failure_classify_srt (const GError *error, const char *debug, const char *peer,
                            gboolean listener, gboolean was_connected, guint elapsed_ms,
                            char **out_message)
{
  g_autofree char *text = NULL;
  const char *said = error ? error->message : "";
  RelayFailureKind kind = RELAY_FAILURE_TRANSIENT;

  if (strstr (said, "Failed to authenticate") != NULL)
    {
      text = g_strdup_printf (_ ("%s refused the passphrase (wrong or missing)"), peer);
      kind = RELAY_FAILURE_PERMANENT;
    }
  else if (listener && strstr (said, "Cannot bind") != NULL)
    text = g_strdup_printf (_ ("cannot listen on %s: the port is in use or not allowed"), peer);
  else if (listener)
    return relay_failure_classify (error, debug, peer, out_message);
  else if (was_connected)
    text = g_strdup_printf (_ ("receiver gone (%s)"), peer);
  else if (strstr (said, "Failed to resolve") != NULL)
    return relay_failure_classify (error, debug, peer, out_message);
  else if (elapsed_ms < SRT_REJECTED_WITHIN_MS)
    {
      text = g_strdup_printf (_ ("%s rejected the connection: wrong or missing passphrase, or a "
                                 "stream ID it does not accept"),
                              peer);
      kind = RELAY_FAILURE_PERMANENT;
    }
  else
    text = g_strdup_printf (_ ("connection timed out (%s): no SRT receiver answered"), peer);

  *out_message = relay_mask_redact (text);
  return kind;
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
