/* relay-connection-test.c
 *
 * A destination is reached as far as its protocol allows without going live,
 * and what its server said is reported in its own words. RTMP: the handshake,
 * "connect" to the application and "createStream" (relay-rtmp-probe.c); the
 * stream key is only checked by a publish, so it is never sent. WHIP: an
 * OPTIONS request to the endpoint with the token (RFC 9725 §4.1), which makes
 * no session. SRT: the handshake, passphrase and stream ID included, closed
 * before any media (relay-srt-probe.c). A recording: its folder is writable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "relay-connection-test.h"
#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-rtmp-probe.h"
#include "relay-rtmp-url.h"
#include "relay-srt-probe.h"
#include "relay-whip-request.h"

#define WHIP_TIMEOUT_MS 10000

/* RTMP */

static void
on_rtmp_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *reached = relay_rtmp_probe_finish (result, &error);

  if (reached == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reached, g_free);
}

static void
test_rtmp (GTask *task, const char *url, gboolean tls_validation)
{
  g_autoptr (RelayRtmpUrl) rtmp_url = NULL;
  g_autoptr (GError) error = NULL;

  rtmp_url = relay_rtmp_url_parse (url, &error);
  if (rtmp_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  relay_rtmp_probe_async (rtmp_url, tls_validation, g_task_get_cancellable (task), on_rtmp_probed,
                          g_object_ref (task));
}

/* WHIP */

static char *
http_peer (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);
  int port = g_uri_get_port (uri);

  if (port < 0)
    port = g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80;
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

static void
on_options_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  SoupMessage *message = NULL;
  g_autoptr (GBytes) body = relay_whip_request_finish (result, &message, &error);
  g_autofree char *peer = message ? http_peer (message) : NULL;
  g_autofree char *reached = NULL;
  guint status;
  const char *reason;

  if (body == NULL)
    {
      g_autofree char *explained = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      relay_failure_classify (error, NULL, peer, &explained);
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED, "%s", explained);
      return;
    }

  status = soup_message_get_status (message);
  reason = soup_message_get_reason_phrase (message);
  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (status);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    reached = g_strdup_printf (_ ("The WHIP endpoint at %s answered %u %s; no session was made, "
                                  "so the token may be checked only when you go live"),
                               peer, status, reason);
  /* a WHIP server need not answer OPTIONS: it is there, the endpoint unchecked */
  else if (status == SOUP_STATUS_METHOD_NOT_ALLOWED || status == SOUP_STATUS_NOT_IMPLEMENTED)
    reached = g_strdup_printf (_ ("The WHIP server at %s answered %u %s to OPTIONS; the endpoint "
                                  "and the token are checked only when you go live"),
                               peer, status, reason);

  if (reached != NULL)
    g_task_return_pointer (task, relay_mask_redact (reached), g_free);
  else
    g_task_return_error (task, relay_whip_request_http_error (message, body));
}

static void
test_whip (GTask *task, const char *url, const char *token, gboolean tls_validation)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  GTask *request;

  request = relay_whip_request_new (NULL, session, "OPTIONS", url, WHIP_TIMEOUT_MS, NULL,
                                    g_task_get_cancellable (task), on_options_answered,
                                    g_object_ref (task));
  if (request == NULL)
    return;
  relay_whip_request_set_token (request, token);
  relay_whip_request_set_tls_validation (request, tls_validation);
  relay_whip_request_follow_redirects (request);
  relay_whip_request_start (request);
}

/* SRT */

static void
on_srt_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *reached = relay_srt_probe_finish (result, &error);

  if (reached == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reached, g_free);
}

static void
test_srt (GTask *task, const char *url)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaySrtUrl) srt_url = relay_srt_url_parse (url, &error);

  if (srt_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  relay_srt_probe_async (srt_url, g_task_get_cancellable (task), on_srt_probed,
                         g_object_ref (task));
}

/* Recordings */

static void
on_folder_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *path = g_file_get_path (G_FILE (source));

  if (info == NULL)
    g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                             _ ("The folder “%s” does not exist"), path);
  else if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY
           || !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE))
    g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                             _ ("The folder “%s” cannot be written to"), path);
  else
    g_task_return_pointer (task, g_strdup_printf (_ ("The folder “%s” can be written to"), path),
                           g_free);
}

static void
test_file (GTask *task, const char *url)
{
  g_autoptr (GFile) file = g_file_new_for_uri (url);
  g_autoptr (GFile) folder = g_file_get_parent (file);

  if (folder == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("Invalid file URI “%s”"), url);
      return;
    }

  g_file_query_info_async (folder,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_folder_info, g_object_ref (task));
}

/**
 * relay_connection_test_async:
 * @url: the destination, secrets included
 * @token: (nullable): what goes beside the URL (WHIP's bearer token)
 * @tls_validation: off only for test servers with self-signed certificates
 *
 * Reaches the destination as far as its protocol allows without publishing.
 */
void
relay_connection_test_async (const char *url, const char *token, gboolean tls_validation,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *scheme = g_uri_parse_scheme (url);

  g_task_set_source_tag (task, relay_connection_test_async);
  /* before anything can show them */
  relay_mask_register_url (url);
  relay_mask_register_secret (token);

  if (g_strcmp0 (scheme, "rtmp") == 0 || g_strcmp0 (scheme, "rtmps") == 0)
    {
      test_rtmp (task, url, tls_validation);
    }
  else if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
    {
      test_whip (task, url, token, tls_validation);
    }
  else if (g_strcmp0 (scheme, "srt") == 0)
    {
      test_srt (task, url);
    }
  else if (g_strcmp0 (scheme, "file") == 0)
    {
      test_file (task, url);
    }
  else
    {
      g_autofree char *shown = relay_mask_url (url);

      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("“%s” cannot be tested without going live"), shown);
    }
}

/* Returns: (transfer full): what was reached, for people */
char *
relay_connection_test_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
