/* relay-api-server.c
 *
 * One SoupServer on the main context. Every request is checked when its
 * headers arrive, before any body is read: the Host must name this server
 * (DNS rebinding), an Origin must be this server's own (cross-site requests
 * from a browser), the token must match, and the body must fit in 1 MiB.
 * A refused request is answered then, its body not waited for. Then a router
 * hands it to the dialect that owns its path; dialects only translate between
 * their shapes and RelayStudio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/outputs/relay-stall-watch.h"
#include "relay-api-connection.h"
#include "relay-api-live777.h"
#include "relay-api-scenes.h"
#include "relay-api-metrics.h"
#include "relay-api-red5.h"
#include "relay-api-relay.h"
#include "relay-api-resources.h"
#include "relay-api-server.h"
#include "relay-api-wcs.h"
#include "relay-api-webrtc.h"
#include "relay-api-access.h"

#define OPENAPI_RESOURCE "/io/github/relaycast/Relaycast/api/openapi.json"

struct _RelayApiServer
{
  GObject parent_instance;

  /* the studio, keyring, settings and routes the dialects share */
  RelayApiContext *context;
  char *token;
  SoupServer *soup;
  char *address;
  guint port;
  GPtrArray *dialects;
  GBytes *openapi;
};

G_DEFINE_FINAL_TYPE (RelayApiServer, relay_api_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Checks made before the body is read */

/* Whether a body is still to come that libsoup would read before answering:
 * with "Expect: 100-continue" the client waits for the answer instead. */
static gboolean
body_is_pending (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  if (soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE)
    return FALSE;
  switch (soup_message_headers_get_encoding (headers))
    {
      case SOUP_ENCODING_CONTENT_LENGTH:
        return soup_message_headers_get_content_length (headers) > 0;
      case SOUP_ENCODING_CHUNKED:
      case SOUP_ENCODING_EOF:
        return TRUE;
      default:
        return FALSE;
    }
}

/* Sets the error answer and, if a body is still to come, sends it at once:
 * @message is then likely freed. */
static void
refuse (SoupServerMessage *message, guint status, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *body = NULL;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  gsize length;

  relay_api_set_error (&error, status, NULL, "%s", text);
  node = relay_api_error_to_json (error);
  body = json_to_string (node, FALSE);

  /* Whatever the client sends now is thrown away, not kept. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (message));
  soup_message_headers_replace (response_headers, "Connection", "close");
  soup_message_headers_replace (response_headers, "Cache-Control", "no-store");
  soup_server_message_set_status (message, status, NULL);
  length = strlen (body);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);

  if (body_is_pending (message))
    relay_api_connection_answer_now (message);
}

static void on_got_chunk (SoupServerMessage *message, GBytes *chunk, RelayApiServer *self);

/* CORS for a page the user allowed: its requests carry the token like any
 * other; a preflight (which never does) is answered here. Returns whether
 * the request was a preflight. */
static gboolean
allow_cross_origin (SoupServerMessage *message, const char *origin)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (response_headers, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (response_headers, "Vary", "Origin");
  soup_message_headers_replace (response_headers, "Access-Control-Expose-Headers",
                                "Location, ETag, Link");

  if (!g_str_equal (soup_server_message_get_method (message), "OPTIONS")
      || soup_message_headers_get_one (headers, "Access-Control-Request-Method") == NULL)
    return FALSE;

  soup_message_headers_replace (response_headers, "Access-Control-Allow-Methods",
                                "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  soup_message_headers_replace (response_headers, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type, If-Match, token");
  soup_message_headers_replace (response_headers, "Access-Control-Max-Age", "600");
  soup_server_message_set_status (message, SOUP_STATUS_NO_CONTENT, NULL);
  return TRUE;
}

static void
on_got_headers (SoupServerMessage *message, RelayApiServer *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *origin;
  char **allowed_origins;

  relay_api_connection_got_headers (message);
  /* libsoup itself refused it already (a malformed request line or path) */
  if (soup_server_message_get_status (message) != 0)
    return;

  if (!relay_api_host_is_allowed (soup_message_headers_get_one (headers, "Host"), self->address,
                                  self->port))
    {
      refuse (message, SOUP_STATUS_MISDIRECTED_REQUEST,
              _ ("The Host header does not name this server: use 127.0.0.1, [::1] or localhost "
                 "with the server's port"));
      return;
    }

  origin = soup_message_headers_get_one (headers, "Origin");
  allowed_origins = relay_api_context_get_settings (self->context)->allowed_origins;
  if (origin != NULL && allowed_origins != NULL
      && g_strv_contains ((const char *const *) allowed_origins, origin))
    {
      if (allow_cross_origin (message, origin))
        return;
    }
  else if (!relay_api_origin_is_allowed (origin, self->address, self->port))
    {
      refuse (message, SOUP_STATUS_FORBIDDEN, _ ("Requests from web pages are refused"));
      return;
    }

  if (!relay_api_context_get_settings (self->context)->without_token
      && !relay_api_credentials_match (soup_message_headers_get_one (headers, "Authorization"),
                                       soup_message_headers_get_one (headers, "token"),
                                       self->token))
    {
      SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);

      soup_message_headers_append (response_headers, "WWW-Authenticate",
                                   "Bearer realm=\"Relaycast\"");
      soup_message_headers_append (response_headers, "WWW-Authenticate",
                                   "Basic realm=\"Relaycast\"");
      refuse (message, SOUP_STATUS_UNAUTHORIZED,
              self->token ? _ ("A valid API token is needed: Authorization: Bearer TOKEN")
                          : _ ("No API token is set: every request is refused"));
      return;
    }

  switch (soup_message_headers_get_encoding (headers))
    {
      case SOUP_ENCODING_CONTENT_LENGTH:
        if (soup_message_headers_get_content_length (headers) > RELAY_API_MAX_BODY_BYTES)
          refuse (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                  _ ("The body is larger than 1 MiB"));
        break;
      case SOUP_ENCODING_CHUNKED:
        /* no length announced: counted as it comes */
        g_signal_connect (message, "got-chunk", G_CALLBACK (on_got_chunk), self);
        break;
      default:
        break;
    }
}

static void
on_got_chunk (SoupServerMessage *message, GBytes *chunk, RelayApiServer *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (soup_server_message_get_status (message) == 0 && body->length > RELAY_API_MAX_BODY_BYTES)
    refuse (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, _ ("The body is larger than 1 MiB"));
}

/* The server owns the SoupServer and with it every message: plain connections do. */
static void
on_request_started (SoupServer *soup, SoupServerMessage *message, RelayApiServer *self)
{
  relay_api_connection_request_started (message);
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers), self);
}

static void
on_request_done (SoupServer *soup, SoupServerMessage *message, RelayApiServer *self)
{
  relay_api_connection_request_done (message);
}

/* Routing */

static void
serve_openapi (RelayApiRequest *request, gpointer user_data)
{
  RelayApiServer *self = user_data;

  /* stored compressed: inflated once */
  if (self->openapi == NULL)
    self->openapi = g_resource_lookup_data (relay_api_get_resource (), OPENAPI_RESOURCE,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  relay_api_request_reply_bytes (request, SOUP_STATUS_OK, "application/json", self->openapi);
}

static void
handle_request (SoupServer *soup, SoupServerMessage *message, const char *path, GHashTable *query,
                gpointer user_data)
{
  RelayApiServer *self = user_data;

  relay_api_context_dispatch (self->context, message, path);
}

/* Listening */

/**
 * relay_api_parse_listen_address:
 * @text: "ADDR:PORT", "[V6ADDR]:PORT", "localhost:PORT", ":PORT" or "PORT"
 *
 * Port 0 lets the system pick one. The address defaults to 127.0.0.1.
 */
gboolean
relay_api_parse_listen_address (const char *text, char **address, guint *port, GError **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  guint value;

  if (text == NULL || *text == '\0')
    goto invalid;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto invalid;
      host = g_strndup (text + 1, end - text - 1);
      port_text = end + 2;
    }
  else if (strchr (text, ':') != NULL)
    {
      const char *colon = strrchr (text, ':');

      host = g_strndup (text, colon - text);
      port_text = colon + 1;
    }
  else
    port_text = text;

  if (!relay_api_parse_port (port_text, &value))
    goto invalid;

  if (host == NULL || *host == '\0' || g_ascii_strcasecmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup (RELAY_API_DEFAULT_ADDRESS);
    }
  else
    {
      g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (host);

      if (inet == NULL)
        goto invalid;
    }

  *address = g_steal_pointer (&host);
  *port = value;
  return TRUE;

invalid:
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("Invalid API address “%s”: use ADDRESS:PORT, as in 127.0.0.1:8080"),
               text ? text : "");
  return FALSE;
}

static guint
bound_port (SoupServer *soup)
{
  GSList *listeners = soup_server_get_listeners (soup);
  guint port = 0;

  if (listeners != NULL)
    {
      g_autoptr (GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  return port;
}

/* --api-auth none is for the reference documents' curl examples, run on this
 * machine: checked before anything starts, and again when listening. */
gboolean
relay_api_check_without_token (const char *address, GError **error)
{
  g_autoptr (GInetAddress) inet =
      g_inet_address_new_from_string (address ? address : RELAY_API_DEFAULT_ADDRESS);

  if (inet != NULL && g_inet_address_get_is_loopback (inet))
    return TRUE;
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("--api-auth none serves the API without a token, so only on a loopback "
                  "address (127.0.0.1 or ::1), not %s: other machines could reach it"),
               address);
  return FALSE;
}

/* A server reachable from other machines needs a token: without one anybody
 * on the network could go live in the user's name. */
gboolean
relay_api_server_listen (RelayApiServer *self, const char *address, guint port, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GError) listen_error = NULL;

  g_return_val_if_fail (RELAY_IS_API_SERVER (self), FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);

  inet = g_inet_address_new_from_string (address ? address : RELAY_API_DEFAULT_ADDRESS);
  if (inet == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("Invalid API address “%s”"),
                   address);
      return FALSE;
    }
  if (relay_api_context_get_settings (self->context)->without_token
      && !relay_api_check_without_token (address, error))
    return FALSE;
  if (!g_inet_address_get_is_loopback (inet) && (self->token == NULL || *self->token == '\0'))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("Refusing to serve the API on %s without a token: other machines could "
                      "reach it"),
                   address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, port);
  socket = relay_api_connection_listen (socket_address, &listen_error);
  if (socket == NULL || !soup_server_listen_socket (self->soup, socket, 0, &listen_error))
    {
      g_autofree char *where = g_inet_address_to_string (inet);

      /* said in the user's words, the port first: it is what they can change */
      if (g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     _ ("Port %u on %s is taken by another program: choose another port"), port,
                     where);
      else
        g_set_error (error, listen_error->domain, listen_error->code,
                     _ ("The API cannot listen on %s port %u: %s"), where, port,
                     listen_error->message);
      return FALSE;
    }

  self->address = g_inet_address_to_string (inet);
  self->port = bound_port (self->soup);
  g_debug ("API listening on %s port %u", self->address, self->port);
  return TRUE;
}

/* A new token (the old one regenerated): it applies to the next request. */
void
relay_api_server_set_token (RelayApiServer *self, const char *token)
{
  g_return_if_fail (RELAY_IS_API_SERVER (self));
  g_return_if_fail (token != NULL && *token != '\0');

  relay_mask_register_secret (token);
  g_free (self->token);
  self->token = g_strdup (token);
}

void
relay_api_server_disconnect (RelayApiServer *self)
{
  g_return_if_fail (RELAY_IS_API_SERVER (self));

  soup_server_disconnect (self->soup);
}

guint
relay_api_server_get_port (RelayApiServer *self)
{
  g_return_val_if_fail (RELAY_IS_API_SERVER (self), 0);

  return self->port;
}

char *
relay_api_server_get_url (RelayApiServer *self)
{
  g_return_val_if_fail (RELAY_IS_API_SERVER (self), NULL);

  if (self->address == NULL)
    return NULL;
  return g_strdup_printf (strchr (self->address, ':') ? "http://[%s]:%u" : "http://%s:%u",
                          self->address, self->port);
}

/* GObject */

/**
 * relay_api_server_new:
 * @secrets: (nullable): where tokens of persisted restreams go (default: the keyring)
 */
RelayApiServer *
relay_api_server_new (RelayBroadcast *broadcast, const char *token, RelaySecrets *secrets,
                      const RelayApiSettings *settings)
{
  RelayApiServer *self;

  g_return_val_if_fail (RELAY_IS_BROADCAST (broadcast), NULL);

  self = g_object_new (RELAY_TYPE_API_SERVER, "token", token, NULL);
  self->context = relay_api_context_new (broadcast, secrets, settings);

  relay_api_context_add_route (self->context, "GET", "/api/openapi.json", serve_openapi, self);
  g_ptr_array_add (self->dialects, relay_api_wcs_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_relay_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_red5_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_live777_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_scenes_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_webrtc_new (self->context));
  g_ptr_array_add (self->dialects, relay_api_metrics_new_for_context (self->context));
  return self;
}

static void
relay_api_server_dispose (GObject *object)
{
  RelayApiServer *self = RELAY_API_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->context != NULL)
    relay_api_context_clear_routes (self->context);
  g_ptr_array_set_size (self->dialects, 0);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (relay_api_server_parent_class)->dispose (object);
}

static void
relay_api_server_finalize (GObject *object)
{
  RelayApiServer *self = RELAY_API_SERVER (object);

  g_free (self->token);
  g_free (self->address);
  g_clear_pointer (&self->openapi, g_bytes_unref);
  g_ptr_array_unref (self->dialects);
  G_OBJECT_CLASS (relay_api_server_parent_class)->finalize (object);
}

static void
relay_api_server_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RelayApiServer *self = RELAY_API_SERVER (object);

  switch (prop_id)
    {
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        relay_mask_register_secret (self->token);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_api_server_class_init (RelayApiServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_server_dispose;
  object_class->finalize = relay_api_server_finalize;
  object_class->set_property = relay_api_server_set_property;

  /* Write-only: the token never leaves the server once given. */
  properties[PROP_TOKEN] =
      g_param_spec_string ("token", NULL, NULL, NULL,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_api_server_init (RelayApiServer *self)
{
  self->dialects = g_ptr_array_new_with_free_func (g_object_unref);
  self->soup = soup_server_new ("server-header", "Relaycast", NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_done), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_done), self);
}
