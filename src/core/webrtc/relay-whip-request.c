/* relay-whip-request.c: one HTTP request of a WHIP session
 *
 * It goes with the session's token, and ends with its timeout, with its
 * caller or with the whole session.
 *
 * 307 and 308 redirects are followed here, not by libsoup: the libsoup of
 * Debian 12 keeps the method, body and Authorization header of a redirected
 * POST, but libsoup 3.6.5 and later drop Authorization on a cross-origin
 * redirect (the fix for CVE-2025-46421), and WHIP wants the token kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-whip-client.h"
#include "relay-whip-request.h"

#define MAX_REDIRECTS     5
#define RETRY_AFTER_MAX_S 3600

typedef struct
{
  SoupSession *session;
  char *method;
  GUri *uri;
  char *token;
  gboolean tls_validation;
  GBytes *body;
  const char *content_type;
  char *if_match;
  gboolean follow_redirects;
  guint redirects;
  guint timeout_ms;

  SoupMessage *message;
  GCancellable *cancellable;
  /* the session's and the caller's, which cancel this one */
  GCancellable *linked[2];
  gulong linked_handlers[2];
  guint timeout_id;
  gboolean timed_out;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  for (guint i = 0; i < G_N_ELEMENTS (request->linked); i++)
    {
      if (request->linked[i] != NULL)
        g_cancellable_disconnect (request->linked[i], request->linked_handlers[i]);
      g_clear_object (&request->linked[i]);
    }
  g_clear_handle_id (&request->timeout_id, g_source_remove);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
  g_clear_pointer (&request->if_match, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->token, g_free);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_free (request->method);
  g_object_unref (request->session);
  g_free (request);
}

static void
cancel_linked (GCancellable *cancellable, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static gboolean
on_request_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timeout_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_any_certificate (SoupMessage *message, GTlsCertificate *certificate,
                        GTlsCertificateFlags errors, gpointer user_data)
{
  return TRUE;
}

/* Every request of a session goes with the same token, body and If-Match,
 * redirected or not. */
static SoupMessage *
request_build_message (Request *request)
{
  SoupMessage *message = soup_message_new_from_uri (request->method, request->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (request->token != NULL && *request->token != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", request->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, request->content_type, request->body);
  if (!request->tls_validation)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);

  return message;
}

static void on_request_sent (GObject *source, GAsyncResult *result, gpointer user_data);

static void
request_send (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_clear_object (&request->message);
  request->message = request_build_message (request);
  soup_session_send_and_read_async (request->session, request->message, G_PRIORITY_DEFAULT,
                                    request->cancellable, on_request_sent, task);
}

static void
request_link (Request *request, guint slot, GCancellable *cancellable)
{
  if (cancellable == NULL)
    return;

  request->linked[slot] = g_object_ref (cancellable);
  request->linked_handlers[slot] = g_cancellable_connect (
      cancellable, G_CALLBACK (cancel_linked), g_object_ref (request->cancellable), g_object_unref);
}

/**
 * relay_whip_request_new:
 * @source_object: the WHIP client, the source of the task
 * @session_cancellable: (nullable): cancels every request of the session
 *   but the final DELETE, which has only its timeout
 * @cancellable: (nullable): the caller's
 *
 * Returns: (transfer full) (nullable): the request, for
 *   relay_whip_request_start(): a task that resolves to the response body;
 *   %NULL when @uri is not an HTTP URL, with the error returned to @callback
 */
GTask *
relay_whip_request_new (gpointer source_object, SoupSession *session, const char *method,
                        const char *uri, guint timeout_ms, GCancellable *session_cancellable,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  g_autoptr (GError) error = NULL;

  request->session = g_object_ref (session);
  request->method = g_strdup (method);
  request->uri = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, &error);
  request->tls_validation = TRUE;
  request->timeout_ms = timeout_ms;
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, request_free);

  request_link (request, 0, session_cancellable);
  request_link (request, 1, cancellable);

  if (request->uri == NULL)
    {
      g_autofree char *shown = relay_mask_url (uri);

      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("Invalid WHIP URL “%s”"), shown);
      g_object_unref (task);
      return NULL;
    }

  return task;
}

/* @content_type: a static string */
void
relay_whip_request_set_body (GTask *task, GBytes *body, const char *content_type)
{
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->content_type = content_type;
}

/* Sent as Authorization: Bearer, to every server a redirect leads to. */
void
relay_whip_request_set_token (GTask *task, const char *token)
{
  Request *request = g_task_get_task_data (task);

  g_free (request->token);
  request->token = g_strdup (token);
}

void
relay_whip_request_set_tls_validation (GTask *task, gboolean validate)
{
  Request *request = g_task_get_task_data (task);

  request->tls_validation = validate;
}

void
relay_whip_request_set_if_match (GTask *task, const char *if_match)
{
  Request *request = g_task_get_task_data (task);

  g_free (request->if_match);
  request->if_match = g_strdup (if_match);
}

/* 307 and 308 are followed, with the same method, body and token. */
void
relay_whip_request_follow_redirects (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->follow_redirects = TRUE;
}

/* Consumes @task. */
void
relay_whip_request_start (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->timeout_id = g_timeout_add (request->timeout_ms, on_request_timeout, request);
  request_send (task);
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_TEMPORARY_REDIRECT || status == SOUP_STATUS_PERMANENT_REDIRECT;
}

static void
on_request_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (request->timed_out)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 _ ("the WHIP server did not answer: timed out after %u s"),
                                 (request->timeout_ms + 999) / 1000);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (request->message);
  if (request->follow_redirects && is_redirect (status) && request->redirects < MAX_REDIRECTS)
    {
      const char *location = soup_message_headers_get_one (
          soup_message_get_response_headers (request->message), "Location");
      GUri *target = location
                         ? g_uri_parse_relative (request->uri, location, SOUP_HTTP_URI_FLAGS, NULL)
                         : NULL;

      if (target != NULL)
        {
          g_autofree char *shown = g_uri_to_string_partial (target, G_URI_HIDE_PASSWORD);

          g_debug ("WHIP: %u redirect to %s", status, shown);
          g_uri_unref (request->uri);
          request->uri = target;
          request->redirects++;
          request_send (g_steal_pointer (&task));
          return;
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

/**
 * relay_whip_request_finish:
 * @message: (out) (transfer none): the last message sent, with the status
 *   and headers of the answer
 *
 * Returns: (transfer full) (nullable): the response body, whatever the status
 */
GBytes *
relay_whip_request_finish (GAsyncResult *result, SoupMessage **message, GError **error)
{
  Request *request = g_task_get_task_data (G_TASK (result));

  *message = request->message;
  return g_task_propagate_pointer (G_TASK (result), error);
}
/* What the server said, fit for one line of a log: text only, no markup,
 * bounded, secrets scrubbed. */
static char *
server_text (SoupMessage *message, GBytes *body)
{
  const char *type =
      soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  g_autofree char *line = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  gboolean textual = type == NULL || (g_str_has_prefix (type, "text/") && !strstr (type, "html"))
                     || strstr (type, "json") != NULL;

  if (data == NULL || size == 0 || !textual)
    return NULL;

  line = relay_failure_server_line (data, (gssize) size);
  if (*line == '\0')
    return NULL;
  return g_steal_pointer (&line);
}

/* Returns: (transfer full): the server's refusal, in RELAY_WHIP_ERROR with
 * the status as its code */
GError *
relay_whip_request_http_error (SoupMessage *message, GBytes *body)
{
  guint status = soup_message_get_status (message);
  const char *reason = soup_message_get_reason_phrase (message);
  g_autofree char *text = server_text (message, body);
  g_autofree char *full = NULL;
  g_autofree char *shown = NULL;

  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (status);

  if (text != NULL)
    full = g_strdup_printf (_ ("WHIP server answered %u %s: %s"), status, reason, text);
  else
    full = g_strdup_printf (_ ("WHIP server answered %u %s"), status, reason);

  shown = relay_mask_redact (full);
  return g_error_new_literal (RELAY_WHIP_ERROR, (int) status, shown);
}

/* Retry-After: seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds,
 * 0 without one. */
guint
relay_whip_request_retry_after_ms (SoupMessage *message)
{
  const char *value =
      soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));
  guint64 seconds = 0;

  if (*trimmed == '\0')
    return 0;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
    {
      g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (trimmed);
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span = when ? g_date_time_difference (when, now) : 0;

      seconds = span > 0 ? (guint64) (span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;
    }

  return (guint) MIN (seconds, RETRY_AFTER_MAX_S) * 1000;
}
