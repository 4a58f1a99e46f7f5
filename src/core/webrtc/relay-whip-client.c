/* relay-whip-client.c
 *
 * One WHIP session (RFC 9725): POST the offer, PATCH trickled candidates and
 * ICE restarts to the session URL, DELETE it at the end.
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
#include <gst/sdp/sdp.h>
#include <string.h>

#include "relay-error.h"
#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-whip-client.h"

#define POST_TIMEOUT_MS  15000
#define PATCH_TIMEOUT_MS 5000
/* A stop never waits long on a server that has gone away. */
#define DELETE_TIMEOUT_MS 2000
#define MAX_REDIRECTS     5
/* Candidates found this close together go out in one PATCH. */
#define TRICKLE_BATCH_MS      20
#define SERVER_TEXT_MAX_CHARS 200
#define RETRY_AFTER_MAX_S     3600

/* not in libsoup 3.2 */
#define STATUS_TOO_EARLY         425
#define STATUS_TOO_MANY_REQUESTS 429

#define SDP_TYPE     "application/sdp"
#define SDPFRAG_TYPE "application/trickle-ice-sdpfrag"

G_DEFINE_QUARK (relay - whip - error - quark, relay_whip_error)

typedef struct
{
  guint mline_index;
  char *candidate;
} Candidate;

struct _RelayWhipClient
{
  GObject parent_instance;

  SoupSession *session;
  char *endpoint;
  char *token;
  gboolean tls_validation;
  gboolean trickle;

  /* cancels everything but the final DELETE */
  GCancellable *cancellable;

  GstSDPMessage *offer;
  GstSDPMessage *answer;
  char *session_url;
  char *etag;
  guint retry_after_ms;
  GPtrArray *ice_servers;

  GPtrArray *pending_candidates;
  gboolean end_of_candidates;
  gboolean patching;
  guint batch_source_id;
};

G_DEFINE_FINAL_TYPE (RelayWhipClient, relay_whip_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ENDPOINT,
  PROP_TOKEN,
  PROP_TRICKLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->candidate);
  g_free (candidate);
}

/* Requests */

typedef struct
{
  RelayWhipClient *self;
  char *method;
  GUri *uri;
  GBytes *body;
  const char *content_type;
  char *if_match;
  gboolean follow_redirects;
  guint redirects;
  guint timeout_ms;

  SoupMessage *message;
  GCancellable *cancellable;
  /* the client's and the caller's, which cancel this one */
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
  g_clear_pointer (&request->uri, g_uri_unref);
  g_free (request->method);
  g_object_unref (request->self);
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
  RelayWhipClient *self = request->self;
  SoupMessage *message = soup_message_new_from_uri (request->method, request->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (self->token != NULL && *self->token != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message, request->content_type, request->body);
  if (!self->tls_validation)
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
  soup_session_send_and_read_async (request->self->session, request->message, G_PRIORITY_DEFAULT,
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

/* The task (data: Request) resolves to the response body; the message holds
 * the status and headers. Requests of the session (@session_bound) end with
 * the client's cancellable, the final DELETE only with its own timeout. */
static GTask *
request_new (RelayWhipClient *self, const char *method, const char *uri, GBytes *body,
             const char *content_type, guint timeout_ms, gboolean session_bound,
             GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  g_autoptr (GError) error = NULL;

  request->self = g_object_ref (self);
  request->method = g_strdup (method);
  request->uri = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, &error);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->content_type = content_type;
  request->timeout_ms = timeout_ms;
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, request_free);

  request_link (request, 0, session_bound ? self->cancellable : NULL);
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

static void
request_start (GTask *task)
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

static GBytes *
request_finish (GAsyncResult *result, SoupMessage **message, GError **error)
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
  g_autofree char *valid = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  gboolean textual = type == NULL || (g_str_has_prefix (type, "text/") && !strstr (type, "html"))
                     || strstr (type, "json") != NULL;

  if (data == NULL || size == 0 || !textual)
    return NULL;

  valid = g_utf8_make_valid (data, (gssize) size);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          if (text->len > 0 && text->str[text->len - 1] != ' ')
            g_string_append_c (text, ' ');
        }
      else
        {
          g_string_append_unichar (text, c);
        }
    }
  g_strchomp (text->str);
  if (text->str[0] == '\0')
    return NULL;

  if (g_utf8_strlen (text->str, -1) > SERVER_TEXT_MAX_CHARS)
    {
      g_autofree char *head = g_utf8_substring (text->str, 0, SERVER_TEXT_MAX_CHARS);

      return g_strconcat (head, "…", NULL);
    }
  return g_strdup (text->str);
}

static GError *
http_error (SoupMessage *message, GBytes *body)
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

/* Retry-After: seconds or an HTTP date (RFC 9110 §10.2.3). */
static guint
parse_retry_after (SoupMessage *message)
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

/* ICE servers (RFC 9725 §4.6) */

static void
skip_spaces (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

static void
take_string (char **field, char **value)
{
  g_free (*field);
  *field = g_steal_pointer (value);
}

static char *
parse_link_param_value (const char **p)
{
  g_autoptr (GString) value = g_string_new (NULL);

  skip_spaces (p);
  if (**p == '"')
    {
      for ((*p)++; **p != '\0' && **p != '"'; (*p)++)
        {
          if (**p == '\\' && (*p)[1] != '\0')
            (*p)++;
          g_string_append_c (value, **p);
        }
      if (**p == '"')
        (*p)++;
    }
  else
    {
      for (; **p != '\0' && **p != ';' && **p != ','; (*p)++)
        g_string_append_c (value, **p);
      g_strchomp (value->str);
      value->len = strlen (value->str);
    }
  return g_string_free (g_steal_pointer (&value), FALSE);
}

static gboolean
rel_has_ice_server (const char *rel)
{
  g_auto (GStrv) words = g_strsplit (rel ? rel : "", " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (words[i], "ice-server") == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * relay_whip_ice_server_to_webrtc:
 * @url: a STUN or TURN URL as in a Link header (`stun:host:port`,
 *   `turn:host:port?transport=udp`) or as webrtcbin takes it (`turn://u:p@host`)
 * @username: (nullable): for TURN
 * @credential: (nullable): for TURN
 *
 * Returns: (nullable): the server as webrtcbin's stun-server or
 *   add-turn-server take it, or %NULL if webrtcbin cannot use it
 */
char *
relay_whip_ice_server_to_webrtc (const char *url, const char *username, const char *credential)
{
  const char *colon = url ? strchr (url, ':') : NULL;
  g_autofree char *scheme = NULL;
  const char *rest;

  if (colon == NULL)
    return NULL;

  scheme = g_ascii_strdown (url, colon - url);
  rest = colon + 1;
  if (g_str_has_prefix (rest, "//"))
    rest += 2;
  if (*rest == '\0')
    return NULL;

  if (g_str_equal (scheme, "stun"))
    return g_strconcat ("stun://", rest, NULL);

  if (g_str_equal (scheme, "turn") || g_str_equal (scheme, "turns"))
    {
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;

      if (strchr (rest, '@') != NULL)
        return g_strconcat (scheme, "://", rest, NULL);
      if (username == NULL || credential == NULL)
        return NULL;

      user = g_uri_escape_string (username, NULL, FALSE);
      password = g_uri_escape_string (credential, NULL, FALSE);
      return g_strconcat (scheme, "://", user, ":", password, "@", rest, NULL);
    }

  return NULL;
}

/* Link: <stun:stun.example.net>; rel="ice-server",
 *       <turn:turn.example.net?transport=udp>; rel="ice-server";
 *       username="user"; credential="secret"; credential-type="password" */
static void
parse_ice_servers (RelayWhipClient *self, SoupMessage *message)
{
  const char *p =
      soup_message_headers_get_list (soup_message_get_response_headers (message), "Link");

  g_ptr_array_set_size (self->ice_servers, 0);
  while (p != NULL && *p != '\0')
    {
      g_autofree char *url = NULL;
      g_autofree char *rel = NULL;
      g_autofree char *username = NULL;
      g_autofree char *credential = NULL;
      const char *end;
      char *server;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      if (*p != '<' || (end = strchr (p, '>')) == NULL)
        break;
      url = g_strndup (p + 1, end - p - 1);
      p = end + 1;

      for (skip_spaces (&p); *p == ';'; skip_spaces (&p))
        {
          const char *name = ++p;
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;

          skip_spaces (&name);
          for (p = name; g_ascii_isalnum (*p) || *p == '-' || *p == '*'; p++)
            ;
          key = g_ascii_strdown (name, p - name);
          skip_spaces (&p);
          if (*p == '=')
            {
              p++;
              value = parse_link_param_value (&p);
            }

          if (g_str_equal (key, "rel"))
            take_string (&rel, &value);
          else if (g_str_equal (key, "username"))
            take_string (&username, &value);
          else if (g_str_equal (key, "credential"))
            take_string (&credential, &value);
        }

      if (!rel_has_ice_server (rel))
        continue;

      relay_mask_register_secret (credential);
      server = relay_whip_ice_server_to_webrtc (url, username, credential);
      if (server != NULL)
        g_ptr_array_add (self->ice_servers, server);
      else
        g_debug ("WHIP: ignoring ICE server %s (unsupported or without credentials)", url);
    }
}

/* SDP fragments (RFC 8840) */

static const char *
ice_attribute (const GstSDPMessage *sdp, const char *key)
{
  const char *value = gst_sdp_message_get_attribute_val (sdp, key);

  for (guint i = 0; value == NULL && i < gst_sdp_message_medias_len (sdp); i++)
    value = gst_sdp_media_get_attribute_val (gst_sdp_message_get_media (sdp, i), key);
  return value;
}

static void
append_media_section (GString *out, const GstSDPMedia *media)
{
  const char *mid = gst_sdp_media_get_attribute_val (media, "mid");

  g_string_append_printf (out, "m=%s 9 %s", gst_sdp_media_get_media (media),
                          gst_sdp_media_get_proto (media));
  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++)
    g_string_append_printf (out, " %s", gst_sdp_media_get_format (media, i));
  g_string_append (out, "\r\n");
  if (mid != NULL)
    g_string_append_printf (out, "a=mid:%s\r\n", mid);
}

/* The offer's ICE credentials, then the media sections with candidates: for
 * an ICE restart every section with the candidates the offer carries, for
 * trickle the sections of the candidates found since the last PATCH. */
static char *
build_fragment (const GstSDPMessage *sdp, GPtrArray *pending_candidates, gboolean restart,
                gboolean end_of_candidates)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\n",
                          ice_attribute (sdp, "ice-ufrag"), ice_attribute (sdp, "ice-pwd"));

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      g_autoptr (GString) lines = g_string_new (NULL);
      /* with max-bundle the first section speaks for all */
      gboolean end = end_of_candidates && i == 0;

      for (guint j = 0; restart && j < gst_sdp_media_attributes_len (media); j++)
        {
          const GstSDPAttribute *attribute = gst_sdp_media_get_attribute (media, j);

          if (g_str_equal (attribute->key, "candidate"))
            g_string_append_printf (lines, "a=candidate:%s\r\n", attribute->value);
        }
      for (guint j = 0; !restart && j < pending_candidates->len; j++)
        {
          Candidate *candidate = g_ptr_array_index (pending_candidates, j);

          if (candidate->mline_index == i)
            g_string_append_printf (lines, "a=%s\r\n", candidate->candidate);
        }

      if (!restart && lines->len == 0 && !end)
        continue;

      append_media_section (out, media);
      g_string_append (out, lines->str);
      if (end)
        g_string_append (out, "a=end-of-candidates\r\n");
    }

  return g_string_free (out, FALSE);
}

/**
 * relay_whip_sdp_restart_fragment:
 * @sdp: an offer or answer with new ICE credentials and its candidates
 *
 * Returns: (transfer full): what an ICE restart's PATCH (or its answer)
 *   carries: the credentials and every media section with its candidates
 */
char *
relay_whip_sdp_restart_fragment (const GstSDPMessage *sdp)
{
  return build_fragment (sdp, NULL, TRUE, TRUE);
}

static void
media_replace_attribute (GstSDPMedia *media, const char *key, const char *value)
{
  for (guint i = 0; i < gst_sdp_media_attributes_len (media); i++)
    {
      if (g_str_equal (gst_sdp_media_get_attribute (media, i)->key, key))
        {
          GstSDPAttribute attribute;

          gst_sdp_attribute_set (&attribute, key, value);
          gst_sdp_media_replace_attribute (media, i, &attribute);
        }
    }
}

static void
message_replace_attribute (GstSDPMessage *sdp, const char *key, const char *value)
{
  for (guint i = 0; i < gst_sdp_message_attributes_len (sdp); i++)
    {
      if (g_str_equal (gst_sdp_message_get_attribute (sdp, i)->key, key))
        {
          GstSDPAttribute attribute;

          gst_sdp_attribute_set (&attribute, key, value);
          gst_sdp_message_replace_attribute (sdp, i, &attribute);
        }
    }
}

/* Replaces the ICE credentials wherever @sdp has them (session or media level). */
void
relay_whip_sdp_set_ice_credentials (GstSDPMessage *sdp, const char *ufrag, const char *pwd)
{
  message_replace_attribute (sdp, "ice-ufrag", ufrag);
  message_replace_attribute (sdp, "ice-pwd", pwd);
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (sdp, i);

      media_replace_attribute (media, "ice-ufrag", ufrag);
      media_replace_attribute (media, "ice-pwd", pwd);
    }
}

static void
media_remove_candidates (GstSDPMedia *media)
{
  for (guint i = gst_sdp_media_attributes_len (media); i > 0; i--)
    {
      const char *key = gst_sdp_media_get_attribute (media, i - 1)->key;

      if (g_str_equal (key, "candidate") || g_str_equal (key, "end-of-candidates"))
        gst_sdp_media_remove_attribute (media, i - 1);
    }
}

/**
 * relay_whip_sdp_with_fragment:
 * @sdp: the peer's last description
 * @fragment: the peer's ICE restart (RFC 8840)
 *
 * Returns: (transfer full) (nullable): @sdp with the new credentials and
 *   candidates, the peer's description after the restart; %NULL with @error
 *   set when @fragment has no new credentials
 */
GstSDPMessage *
relay_whip_sdp_with_fragment (const GstSDPMessage *sdp, const char *fragment, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (fragment, "\n", -1);
  g_autoptr (GPtrArray) mids = g_ptr_array_new ();
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();
  const char *ufrag = NULL, *pwd = NULL, *mid = NULL;
  GstSDPMessage *updated = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);

      if (g_str_has_prefix (line, "a=ice-ufrag:"))
        ufrag = line + strlen ("a=ice-ufrag:");
      else if (g_str_has_prefix (line, "a=ice-pwd:"))
        pwd = line + strlen ("a=ice-pwd:");
      else if (g_str_has_prefix (line, "m="))
        mid = NULL;
      else if (g_str_has_prefix (line, "a=mid:"))
        mid = line + strlen ("a=mid:");
      else if (g_str_has_prefix (line, "a=candidate:"))
        {
          g_ptr_array_add (mids, (gpointer) mid);
          g_ptr_array_add (candidates, line + strlen ("a=candidate:"));
        }
    }

  if (ufrag == NULL || pwd == NULL)
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED,
                           _ ("the ICE restart carries no new credentials"));
      return NULL;
    }

  gst_sdp_message_copy (sdp, &updated);
  relay_whip_sdp_set_ice_credentials (updated, ufrag, pwd);
  for (guint i = 0; i < gst_sdp_message_medias_len (updated); i++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (updated, i);
      const char *media_mid = gst_sdp_media_get_attribute_val (media, "mid");

      media_remove_candidates (media);
      for (guint j = 0; j < candidates->len; j++)
        {
          const char *candidate_mid = g_ptr_array_index (mids, j);

          if (candidate_mid != NULL ? g_strcmp0 (candidate_mid, media_mid) == 0 : i == 0)
            gst_sdp_media_add_attribute (media, "candidate", g_ptr_array_index (candidates, j));
        }
    }

  return updated;
}

static gboolean
parse_sdp (const char *text, GstSDPMessage **out, const char *what, GError **error)
{
  GstSDPMessage *sdp = NULL;

  gst_sdp_message_new (&sdp);
  if (text == NULL
      || gst_sdp_message_parse_buffer ((const guint8 *) text, strlen (text), sdp) != GST_SDP_OK
      || gst_sdp_message_medias_len (sdp) == 0)
    {
      gst_sdp_message_free (sdp);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("%s is not a usable SDP"), what);
      return FALSE;
    }

  if (*out != NULL)
    gst_sdp_message_free (*out);
  *out = sdp;
  return TRUE;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strndup (data ? data : "", size);
}

/* POST */

static void schedule_trickle (RelayWhipClient *self);

static void
on_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *request_url = NULL;
  g_autofree char *answer = NULL;
  SoupMessage *message;
  const char *location;
  guint status;

  body = request_finish (result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == STATUS_TOO_MANY_REQUESTS)
        self->retry_after_ms = parse_retry_after (message);
      g_task_return_error (task, http_error (message, body));
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (location == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                               _ ("the WHIP server answered %u without a session URL"), status);
      return;
    }

  request_url = g_uri_to_string (soup_message_get_uri (message));
  g_free (self->session_url);
  self->session_url = g_uri_resolve_relative (request_url, location, G_URI_FLAGS_NONE, &error);
  if (self->session_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (self->etag);
  self->etag =
      g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  parse_ice_servers (self, message);

  answer = bytes_to_string (body);
  if (!parse_sdp (answer, &self->answer, _ ("The WHIP server’s answer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    g_autofree char *shown = relay_mask_url (self->session_url);

    g_debug ("WHIP: session %s created (ETag %s, %u ICE servers)", shown,
             self->etag ? self->etag : "none", self->ice_servers->len);
  }
  schedule_trickle (self);
  g_task_return_pointer (task, g_steal_pointer (&answer), g_free);
}

/**
 * relay_whip_client_post_offer_async:
 * @offer_sdp: the local offer: without candidates when they are trickled,
 *   with them all when not
 *
 * Creates the session. Candidates given before it exists are sent once it does.
 */
void
relay_whip_client_post_offer_async (RelayWhipClient *self, const char *offer_sdp,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (offer_sdp != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_post_offer_async);
  self->retry_after_ms = 0;

  if (!parse_sdp (offer_sdp, &self->offer, _ ("The offer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = g_bytes_new (offer_sdp, strlen (offer_sdp));
  request = request_new (self, "POST", self->endpoint, body, SDP_TYPE, POST_TIMEOUT_MS, TRUE,
                         cancellable, on_posted, g_steal_pointer (&task));
  if (request == NULL)
    return;
  ((Request *) g_task_get_task_data (request))->follow_redirects = TRUE;
  request_start (request);
}

/* Returns: (transfer full): the SDP answer */
char *
relay_whip_client_post_offer_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Trickle ICE */

static void
on_trickle_patched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage *message;
  guint status;

  self->patching = FALSE;
  body = request_finish (result, &message, &error);
  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("WHIP: candidates not sent: %s", error->message);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED || status == SOUP_STATUS_NOT_IMPLEMENTED)
    {
      g_debug ("WHIP: the server takes no trickled candidates (%u)", status);
      relay_whip_client_set_trickle (self, FALSE);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autoptr (GError) refused = http_error (message, body);

      g_debug ("WHIP: candidates refused: %s", refused->message);
    }

  schedule_trickle (self);
}

static gboolean
send_trickle_patch (gpointer user_data)
{
  RelayWhipClient *self = user_data;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *fragment = NULL;
  gboolean end = self->end_of_candidates;
  GTask *request;

  self->batch_source_id = 0;
  fragment = build_fragment (self->offer, self->pending_candidates, FALSE, end);
  g_ptr_array_set_size (self->pending_candidates, 0);
  self->end_of_candidates = FALSE;

  body = g_bytes_new_take (fragment, strlen (fragment));
  fragment = NULL;
  request = request_new (self, "PATCH", self->session_url, body, SDPFRAG_TYPE, PATCH_TIMEOUT_MS,
                         TRUE, NULL, on_trickle_patched, NULL);
  if (request == NULL)
    return G_SOURCE_REMOVE;

  ((Request *) g_task_get_task_data (request))->if_match = g_strdup (self->etag);
  self->patching = TRUE;
  request_start (request);
  return G_SOURCE_REMOVE;
}

static void
schedule_trickle (RelayWhipClient *self)
{
  if (!self->trickle || self->session_url == NULL || self->patching || self->batch_source_id != 0
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->pending_candidates->len == 0 && !self->end_of_candidates)
    return;

  self->batch_source_id = g_timeout_add (TRICKLE_BATCH_MS, send_trickle_patch, self);
}

/**
 * relay_whip_client_add_local_candidate:
 * @candidate: as webrtcbin's on-ice-candidate gives it ("candidate:…")
 *
 * Sends the candidate in the next PATCH, if the session trickles.
 */
void
relay_whip_client_add_local_candidate (RelayWhipClient *self, guint mline_index,
                                       const char *candidate)
{
  Candidate *item;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (candidate != NULL);

  if (!self->trickle || *candidate == '\0')
    return;

  item = g_new0 (Candidate, 1);
  item->mline_index = mline_index;
  item->candidate = g_str_has_prefix (candidate, "candidate:")
                        ? g_strdup (candidate)
                        : g_strconcat ("candidate:", candidate, NULL);
  g_ptr_array_add (self->pending_candidates, item);
  schedule_trickle (self);
}

void
relay_whip_client_end_of_candidates (RelayWhipClient *self)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  if (!self->trickle)
    return;

  self->end_of_candidates = TRUE;
  schedule_trickle (self);
}

/* ICE restart */

static void
on_restarted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *fragment = NULL;
  SoupMessage *message;
  GstSDPMessage *answer;
  const char *etag;

  body = request_finish (result, &message, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_error (task, http_error (message, body));
      return;
    }

  fragment = bytes_to_string (body);
  answer = relay_whip_sdp_with_fragment (self->answer, fragment, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  gst_sdp_message_free (self->answer);
  self->answer = answer;
  etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
  if (etag != NULL)
    {
      g_free (self->etag);
      self->etag = g_strdup (etag);
    }
  g_task_return_pointer (task, gst_sdp_message_as_text (answer), g_free);
}

/**
 * relay_whip_client_restart_ice_async:
 * @offer_sdp: the new local offer: new ICE credentials, and the candidates
 *   to use with them
 *
 * Asks the server for new ICE credentials and candidates (a PATCH with
 * If-Match: "*").
 */
void
relay_whip_client_restart_ice_async (RelayWhipClient *self, const char *offer_sdp,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  char *fragment;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));
  g_return_if_fail (offer_sdp != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_restart_ice_async);

  if (self->session_url == NULL || self->answer == NULL)
    {
      g_task_return_new_error (task, RELAY_ERROR, RELAY_ERROR_FAILED,
                               _ ("there is no WHIP session to restart"));
      return;
    }
  if (!parse_sdp (offer_sdp, &self->offer, _ ("The offer"), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Candidates of the old credentials mean nothing to the restarted agent. */
  g_ptr_array_set_size (self->pending_candidates, 0);
  self->end_of_candidates = FALSE;

  fragment = relay_whip_sdp_restart_fragment (self->offer);
  body = g_bytes_new_take (fragment, strlen (fragment));
  request = request_new (self, "PATCH", self->session_url, body, SDPFRAG_TYPE, PATCH_TIMEOUT_MS,
                         TRUE, cancellable, on_restarted, g_steal_pointer (&task));
  if (request == NULL)
    return;
  ((Request *) g_task_get_task_data (request))->if_match = g_strdup ("\"*\"");
  request_start (request);
}

/* Returns: (transfer full): the updated remote description (a full SDP answer) */
char *
relay_whip_client_restart_ice_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DELETE */

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  SoupMessage *message;

  body = request_finish (result, &message, &error);
  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_task_return_error (task, http_error (message, body));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * relay_whip_client_delete_async:
 *
 * Ends the session: stops everything in flight, then deletes the session URL
 * (if there is one) without waiting more than a moment for the server.
 */
void
relay_whip_client_delete_async (RelayWhipClient *self, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *url = NULL;
  GTask *request;

  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, relay_whip_client_delete_async);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->batch_source_id, g_source_remove);

  url = g_steal_pointer (&self->session_url);
  if (url == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  request = request_new (self, "DELETE", url, NULL, NULL, DELETE_TIMEOUT_MS, FALSE, NULL,
                         on_deleted, g_steal_pointer (&task));
  if (request != NULL)
    request_start (request);
}

gboolean
relay_whip_client_delete_finish (RelayWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Errors */

static gboolean
status_is_transient (int status)
{
  return status >= 500 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == STATUS_TOO_EARLY
         || status == STATUS_TOO_MANY_REQUESTS;
}

/**
 * relay_whip_client_explain_error:
 * @message: (out): a short sentence, secrets masked
 *
 * Returns: whether trying again can help: not after the server refused the
 *   token or the offer
 */
RelayFailureKind
relay_whip_client_explain_error (RelayWhipClient *self, const GError *error, char **message)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *peer = NULL;

  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), RELAY_FAILURE_TRANSIENT);
  g_return_val_if_fail (error != NULL, RELAY_FAILURE_TRANSIENT);

  if (error->domain == RELAY_WHIP_ERROR)
    {
      *message = relay_mask_redact (error->message);
      return status_is_transient (error->code) ? RELAY_FAILURE_TRANSIENT : RELAY_FAILURE_PERMANENT;
    }

  uri = g_uri_parse (self->endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      int port = g_uri_get_port (uri);

      if (port < 0)
        port = g_str_equal (g_uri_get_scheme (uri), "https") ? 443 : 80;
      peer = g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
    }
  return relay_failure_classify (error, NULL, peer, message);
}

/* Accessors */

gboolean
relay_whip_client_get_trickle (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), FALSE);

  return self->trickle;
}

/* Off: candidates go in the offer only (the server refused PATCH, or the
 * caller waits for gathering to finish). */
void
relay_whip_client_set_trickle (RelayWhipClient *self, gboolean trickle)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  trickle = !!trickle;
  if (self->trickle == trickle)
    return;

  self->trickle = trickle;
  if (!trickle)
    {
      g_clear_handle_id (&self->batch_source_id, g_source_remove);
      g_ptr_array_set_size (self->pending_candidates, 0);
      self->end_of_candidates = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRICKLE]);
}

void
relay_whip_client_set_tls_validation (RelayWhipClient *self, gboolean validate)
{
  g_return_if_fail (RELAY_IS_WHIP_CLIENT (self));

  self->tls_validation = validate;
}

/* The session URL, once the server created the session. */
const char *
relay_whip_client_get_session_url (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return self->session_url;
}

const char *
relay_whip_client_get_etag (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return self->etag;
}

/* The delay the server asked for with its last refusal (503, 429), or 0. */
guint
relay_whip_client_get_retry_after_ms (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), 0);

  return self->retry_after_ms;
}

/* Returns: (array zero-terminated=1): the server's ICE servers (its Link
 * headers), as webrtcbin takes them */
const char *const *
relay_whip_client_get_ice_servers (RelayWhipClient *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_CLIENT (self), NULL);

  return (const char *const *) self->ice_servers->pdata;
}

/* GObject */

static void
relay_whip_client_constructed (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  G_OBJECT_CLASS (relay_whip_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new ();
  relay_mask_register_secret (self->token);
}

static void
relay_whip_client_dispose (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->batch_source_id, g_source_remove);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (relay_whip_client_parent_class)->dispose (object);
}

static void
relay_whip_client_finalize (GObject *object)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->offer, gst_sdp_message_free);
  g_clear_pointer (&self->answer, gst_sdp_message_free);
  g_ptr_array_unref (self->pending_candidates);
  g_ptr_array_unref (self->ice_servers);
  g_free (self->endpoint);
  g_free (self->token);
  g_free (self->session_url);
  g_free (self->etag);
  G_OBJECT_CLASS (relay_whip_client_parent_class)->finalize (object);
}

static void
relay_whip_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_ENDPOINT:
        g_value_set_string (value, self->endpoint);
        break;
      case PROP_TRICKLE:
        g_value_set_boolean (value, self->trickle);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_client_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayWhipClient *self = RELAY_WHIP_CLIENT (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        self->session = g_value_dup_object (value);
        break;
      case PROP_ENDPOINT:
        self->endpoint = g_value_dup_string (value);
        break;
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        break;
      case PROP_TRICKLE:
        relay_whip_client_set_trickle (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_client_class_init (RelayWhipClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = relay_whip_client_constructed;
  object_class->dispose = relay_whip_client_dispose;
  object_class->finalize = relay_whip_client_finalize;
  object_class->get_property = relay_whip_client_get_property;
  object_class->set_property = relay_whip_client_set_property;

  /* Shared by the sessions of one destination; a new one when NULL. */
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION, construct);
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, construct);
  /* Sent as Authorization: Bearer; never readable. */
  properties[PROP_TOKEN] =
      g_param_spec_string ("token", NULL, NULL, NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Candidates go out in PATCH requests; turns off when the server refuses them. */
  properties[PROP_TRICKLE] =
      g_param_spec_boolean ("trickle", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_whip_client_init (RelayWhipClient *self)
{
  self->tls_validation = TRUE;
  self->trickle = TRUE;
  self->cancellable = g_cancellable_new ();
  self->pending_candidates = g_ptr_array_new_with_free_func (candidate_free);
  self->ice_servers = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

/**
 * relay_whip_client_new:
 * @session: (nullable): the HTTP session to share
 * @endpoint: the WHIP endpoint (http:// or https://)
 * @token: (nullable): the bearer token
 */
RelayWhipClient *
relay_whip_client_new (SoupSession *session, const char *endpoint, const char *token)
{
  return g_object_new (RELAY_TYPE_WHIP_CLIENT, "session", session, "endpoint", endpoint, "token",
                       token, NULL);
}
