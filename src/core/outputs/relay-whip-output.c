/* relay-whip-output.c
 *
 * Publishing to a WHIP endpoint: the output's endpoint, token, ICE servers
 * and trickle, the bin of each attempt, the figures of the current one. An
 * attempt (one webrtcbin and one WHIP session) is in relay-whip-attempt.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include "relay-link-header.h"
#include "relay-mask.h"
#include "relay-webrtc.h"
#include "relay-whip-output-private.h"

G_DEFINE_FINAL_TYPE (RelayWhipOutput, relay_whip_output, RELAY_TYPE_OUTPUT)

enum
{
  PROP_0,
  PROP_ENDPOINT,
  PROP_TOKEN,
  PROP_TLS_VALIDATION,
  PROP_TRICKLE,
  PROP_ICE_SERVERS,
  PROP_DATA_CHANNEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ICE servers */

/* Whether the output uses @server already (webrtcbin's form). */
gboolean
_relay_whip_output_has_ice_server (RelayWhipOutput *self, const char *server)
{
  GPtrArray *servers = self->ice_servers;

  for (guint i = 0; i < servers->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (servers, i), server))
        return TRUE;
    }
  return FALSE;
}

/* RelayOutput */

static GstElement *
relay_whip_output_create_bin (RelayOutput *output, GError **error)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  GstElement *webrtc;
  RelayH264Profile profile = RELAY_H264_PROFILE_DEFAULT;

  webrtc = relay_webrtc_bin_add_new (GST_BIN (bin), (const char *const *) self->ice_servers->pdata,
                                     error);
  g_object_get (self, "h264-profile", &profile, NULL);
  if (webrtc == NULL
      || !relay_webrtc_add_senders (bin, webrtc, relay_output_get_video_enabled (output),
                                    relay_output_get_audio_enabled (output), profile, NULL, error))
    return NULL;

  relay_whip_attempt_create (self, bin, webrtc);
  return g_steal_pointer (&bin);
}

static void
relay_whip_output_attempt_started (RelayOutput *output, GstElement *bin)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  RelayWhipAttempt *attempt = relay_whip_attempt_from_bin (bin);

  self->current = attempt;
  relay_webrtc_stats_init (&self->stats);
  relay_whip_attempt_start (attempt);
}

static void
relay_whip_output_query_progress (RelayOutput *output, GstElement *bin,
                                  RelayOutputProgress *progress)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  RelayWhipAttempt *attempt = relay_whip_attempt_from_bin (bin);

  if (attempt == NULL || attempt != self->current)
    return;

  progress->bytes_sent = self->stats.bytes_sent;
  progress->connected = attempt->connection_state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED;
  /* packets go out whether anyone reads them: only receiver reports tell */
  progress->acknowledges = progress->connected;
  progress->acknowledged = attempt->acknowledged;
  progress->acknowledged_us = attempt->stats_us;

  relay_whip_attempt_query_stats (attempt);
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!relay_whip_client_delete_finish (RELAY_WHIP_CLIENT (source), result, &error))
    g_debug ("WHIP: session not deleted: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
relay_whip_output_end_attempt_async (RelayOutput *output, GstElement *bin,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (output);
  RelayWhipAttempt *attempt = relay_whip_attempt_from_bin (bin);
  GTask *task = g_task_new (self, NULL, callback, user_data);

  if (attempt == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  relay_whip_attempt_end (attempt);
  if (self->current == attempt)
    {
      self->current = NULL;
      self->stats.connection_state = GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED;
    }

  g_task_set_task_data (task, relay_whip_attempt_ref (attempt), relay_whip_attempt_unref);
  relay_whip_client_delete_async (attempt->client, on_deleted, task);
}

static void
relay_whip_output_end_attempt_finish (RelayOutput *output, GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

/* Public */

/**
 * relay_whip_output_get_stats:
 * @stats: (out caller-allocates)
 *
 * The figures of the current connection, or of the last one.
 */
void
relay_whip_output_get_stats (RelayWhipOutput *self, RelayWhipStats *stats)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->bitrate = relay_output_get_bitrate (RELAY_OUTPUT (self));
  if (self->current != NULL)
    stats->ice_restarts = self->current->ice_restarts;
}

/* Returns: (nullable): the session the server made for the current attempt
 * (its Location), secrets included: show it masked */
const char *
relay_whip_output_get_session_url (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  if (self->current == NULL || self->current->client == NULL)
    return NULL;
  return relay_whip_client_get_session_url (self->current->client);
}

/* Returns: (array zero-terminated=1): the STUN and TURN servers in use, as
 * webrtcbin takes them: the user's, then those servers announced */
const char *const *
relay_whip_output_get_ice_servers (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  return (const char *const *) self->ice_servers->pdata;
}

/**
 * relay_whip_output_set_ice_servers:
 * @servers: (array zero-terminated=1) (nullable): `stun:`, `turn:` or
 *   `turns:` URLs; TURN ones with their credentials
 *   (`turn://user:password@host:port`)
 *
 * Used from the next attempt on.
 */
void
relay_whip_output_set_ice_servers (RelayWhipOutput *self, const char *const *servers)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  g_ptr_array_set_size (self->ice_servers, 0);
  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      char *server = relay_link_header_ice_server_to_webrtc (servers[i], NULL, NULL);

      if (server == NULL)
        {
          g_autofree char *shown = relay_mask_url (servers[i]);

          g_warning ("WHIP: unusable ICE server %s (TURN needs turn://user:password@host)", shown);
          continue;
        }
      if (_relay_whip_output_has_ice_server (self, server))
        g_free (server);
      else
        g_ptr_array_add (self->ice_servers, server);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICE_SERVERS]);
}

gboolean
relay_whip_output_get_trickle (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), FALSE);

  return self->trickle;
}

/* Off: the offer waits for every candidate (up to a few seconds) before it
 * is posted. Turns off by itself when a server refuses PATCH. */
void
relay_whip_output_set_trickle (RelayWhipOutput *self, gboolean trickle)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  trickle = !!trickle;
  if (self->trickle == trickle)
    return;
  self->trickle = trickle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRICKLE]);
}

void
relay_whip_output_set_data_channel (RelayWhipOutput *self, gboolean data_channel)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  data_channel = !!data_channel;
  if (self->data_channel == data_channel)
    return;
  self->data_channel = data_channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_CHANNEL]);
}

/**
 * relay_whip_output_restart_ice:
 *
 * Restarts ICE on the current connection, as after a change of network: new
 * credentials and candidates through the WHIP session, the media going on.
 * When the server refuses, the attempt fails and the next one POSTs afresh.
 * Does nothing unless connected.
 */
void
relay_whip_output_restart_ice (RelayWhipOutput *self)
{
  g_return_if_fail (RELAY_IS_WHIP_OUTPUT (self));

  if (self->current != NULL && self->current->connected_once)
    relay_whip_attempt_restart_ice (self->current);
}

/* Returns: (transfer full) (nullable): the current attempt's webrtcbin */
GstElement *
relay_whip_output_dup_webrtcbin (RelayWhipOutput *self)
{
  g_return_val_if_fail (RELAY_IS_WHIP_OUTPUT (self), NULL);

  return self->current ? gst_object_ref (self->current->webrtc) : NULL;
}

/* GObject */

static void
relay_whip_output_constructed (GObject *object)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  G_OBJECT_CLASS (relay_whip_output_parent_class)->constructed (object);

  relay_mask_register_secret (self->token);
  self->session = soup_session_new_with_options ("user-agent", "Relaycast/" PACKAGE_VERSION, NULL);
}

static void
relay_whip_output_finalize (GObject *object)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  g_clear_object (&self->session);
  g_ptr_array_unref (self->ice_servers);
  g_free (self->endpoint);
  g_free (self->token);
  G_OBJECT_CLASS (relay_whip_output_parent_class)->finalize (object);
}

static void
relay_whip_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_TLS_VALIDATION:
        g_value_set_boolean (value, self->tls_validation);
        break;
      case PROP_TRICKLE:
        g_value_set_boolean (value, self->trickle);
        break;
      case PROP_ICE_SERVERS:
        g_value_set_boxed (value, self->ice_servers->pdata);
        break;
      case PROP_DATA_CHANNEL:
        g_value_set_boolean (value, self->data_channel);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_output_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayWhipOutput *self = RELAY_WHIP_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_ENDPOINT:
        self->endpoint = g_value_dup_string (value);
        break;
      case PROP_TOKEN:
        self->token = g_value_dup_string (value);
        break;
      case PROP_TLS_VALIDATION:
        self->tls_validation = g_value_get_boolean (value);
        break;
      case PROP_TRICKLE:
        relay_whip_output_set_trickle (self, g_value_get_boolean (value));
        break;
      case PROP_ICE_SERVERS:
        relay_whip_output_set_ice_servers (self, g_value_get_boxed (value));
        break;
      case PROP_DATA_CHANNEL:
        relay_whip_output_set_data_channel (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_whip_output_class_init (RelayWhipOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);
  const GParamFlags secret = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = relay_whip_output_constructed;
  object_class->finalize = relay_whip_output_finalize;
  object_class->get_property = relay_whip_output_get_property;
  object_class->set_property = relay_whip_output_set_property;

  output_class->audio_codec = RELAY_AUDIO_CODEC_OPUS;
  /* the DELETE ends the session; media needs no end of stream */
  output_class->finish_with_eos = FALSE;
  output_class->create_bin = relay_whip_output_create_bin;
  output_class->attempt_started = relay_whip_output_attempt_started;
  output_class->query_progress = relay_whip_output_query_progress;
  output_class->end_attempt_async = relay_whip_output_end_attempt_async;
  output_class->end_attempt_finish = relay_whip_output_end_attempt_finish;

  /* Write-only: a WHIP URL may carry a key in its path (see display-url). */
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, secret);
  /* Sent as Authorization: Bearer. */
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, secret);
  /* Off only for test servers with self-signed certificates. */
  properties[PROP_TLS_VALIDATION] =
      g_param_spec_boolean ("tls-validation", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRICKLE] = g_param_spec_boolean ("trickle", NULL, NULL, TRUE, writable);
  properties[PROP_ICE_SERVERS] =
      g_param_spec_boxed ("ice-servers", NULL, NULL, G_TYPE_STRV, writable);
  /* The offer asks for a data channel (an m=application line), from the
   * next attempt on: Red5's "datachannel". Nothing is sent on it. */
  properties[PROP_DATA_CHANNEL] =
      g_param_spec_boolean ("data-channel", NULL, NULL, FALSE, writable);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_whip_output_init (RelayWhipOutput *self)
{
  self->tls_validation = TRUE;
  self->trickle = TRUE;
  self->ice_servers = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  relay_webrtc_stats_init (&self->stats);
}

/**
 * relay_whip_output_new:
 * @endpoint: the WHIP endpoint, http:// or https://
 * @options: the output's options; its token goes in Authorization: Bearer
 */
RelayOutput *
relay_whip_output_new (const char *endpoint, const RelayOutputOptions *options)
{
  const char *names[] = { "endpoint", "token", "tls-validation" };
  GValue values[G_N_ELEMENTS (names)] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  g_autofree char *display = g_strconcat ("whip+", endpoint, NULL);
  RelayOutput *self;

  g_value_init (&values[0], G_TYPE_STRING);
  g_value_set_string (&values[0], endpoint);
  g_value_init (&values[1], G_TYPE_STRING);
  g_value_set_string (&values[1], options->token);
  g_value_init (&values[2], G_TYPE_BOOLEAN);
  g_value_set_boolean (&values[2], options->tls_validation);

  self = relay_output_new_with_options (RELAY_TYPE_WHIP_OUTPUT, options, display,
                                        G_N_ELEMENTS (names), names, values);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_value_unset (&values[i]);
  if (options->ice_servers != NULL)
    relay_whip_output_set_ice_servers (RELAY_WHIP_OUTPUT (self), options->ice_servers);
  return self;
}
