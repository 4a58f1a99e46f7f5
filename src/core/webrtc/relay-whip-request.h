/* relay-whip-request.h: one HTTP request of a WHIP session: its timeout and
 * cancellation, the redirects it follows, what the server answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

GTask *relay_whip_request_new (gpointer source_object, SoupSession *session, const char *method,
                               const char *uri, guint timeout_ms, GCancellable *session_cancellable,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
void relay_whip_request_set_body (GTask *task, GBytes *body, const char *content_type);
void relay_whip_request_set_token (GTask *task, const char *token);
void relay_whip_request_set_tls_validation (GTask *task, gboolean validate);
void relay_whip_request_set_if_match (GTask *task, const char *if_match);
void relay_whip_request_follow_redirects (GTask *task);
void relay_whip_request_start (GTask *task);
GBytes *relay_whip_request_finish (GAsyncResult *result, SoupMessage **message, GError **error);

GError *relay_whip_request_http_error (SoupMessage *message, GBytes *body);
guint relay_whip_request_retry_after_ms (SoupMessage *message);

G_END_DECLS
