/* relay-destination-draft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/relay-mask.h"
#include "core/relay-studio.h"
#include "core/relay-rtmp-url.h"
#include "relay-destination-draft.h"

G_DEFINE_BOXED_TYPE (RelayDestinationDraft, relay_destination_draft, relay_destination_draft_copy,
                     relay_destination_draft_free)

RelayDestinationDraft *
relay_destination_draft_new (void)
{
  return g_new0 (RelayDestinationDraft, 1);
}

/* A destination given as a whole URL (on the command line): an RTMP URL is
 * split into its server and its key, as the dialog shows them. */
RelayDestinationDraft *
relay_destination_draft_new_for_url (const char *url)
{
  RelayDestinationDraft *self = relay_destination_draft_new ();
  const RelayProvider *provider = relay_providers_guess_for_url (url);
  g_autoptr (RelayRtmpUrl) rtmp_url = NULL;
  const char *last_slash = strrchr (url, '/');

  self->provider_id = g_strdup (provider->id);
  self->label = relay_mask_url (url);
  self->stream_name = g_strdup (RELAY_PROGRAM_STREAM_NAME);

  if (provider->protocol == RELAY_PROVIDER_PROTOCOL_RTMP
      && (rtmp_url = relay_rtmp_url_parse (url, NULL)) != NULL && last_slash != NULL)
    {
      self->server_url = g_strndup (url, last_slash - url);
      self->stream_key = g_strdup (last_slash + 1);
    }
  else
    {
      self->server_url = g_strdup (url);
    }
  return self;
}

RelayDestinationDraft *
relay_destination_draft_copy (const RelayDestinationDraft *self)
{
  RelayDestinationDraft *copy = relay_destination_draft_new ();

  copy->id = g_strdup (self->id);
  copy->provider_id = g_strdup (self->provider_id);
  copy->label = g_strdup (self->label);
  copy->server_url = g_strdup (self->server_url);
  copy->stream_key = g_strdup (self->stream_key);
  copy->stream_name = g_strdup (self->stream_name);
  return copy;
}

void
relay_destination_draft_free (RelayDestinationDraft *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->provider_id);
  g_free (self->label);
  g_free (self->server_url);
  g_free (self->stream_key);
  g_free (self->stream_name);
  g_free (self);
}

const RelayProvider *
relay_destination_draft_get_provider (const RelayDestinationDraft *self)
{
  const RelayProvider *provider = relay_providers_lookup (self->provider_id);

  return provider ? provider : relay_providers_guess_for_url (self->server_url);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return TRUE;
}

static void
field_error (RelayDraftField field, RelayDraftField *out_field, GError **error, const char *message)
{
  if (out_field != NULL)
    *out_field = field;
  g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, message);
}

static char *
build_rtmp_url (const RelayDestinationDraft *self, const char *key, RelayDraftField *out_field,
                GError **error)
{
  g_autoptr (RelayRtmpUrl) server_only = NULL;
  g_autoptr (RelayRtmpUrl) url = NULL;

  /* The server is checked on its own first, so its mistakes are not blamed on the key. */
  server_only = relay_rtmp_url_new_split (self->server_url, "key", NULL, error);
  if (server_only == NULL)
    {
      if (out_field != NULL)
        *out_field = RELAY_DRAFT_FIELD_SERVER_URL;
      return NULL;
    }

  if (is_blank (key))
    {
      field_error (RELAY_DRAFT_FIELD_STREAM_KEY, out_field, error, _ ("Enter the stream key"));
      return NULL;
    }
  if (strchr (key, '/') != NULL)
    {
      field_error (RELAY_DRAFT_FIELD_STREAM_KEY, out_field, error,
                   _ ("The stream key must not contain “/”"));
      return NULL;
    }

  url = relay_rtmp_url_new_split (self->server_url, key, NULL, error);
  if (url == NULL)
    {
      if (out_field != NULL)
        *out_field = RELAY_DRAFT_FIELD_STREAM_KEY;
      return NULL;
    }
  return relay_rtmp_url_to_string (url);
}

static char *
build_file_url (const RelayDestinationDraft *self, RelayDraftField *out_field, GError **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (self->server_url);
  g_autoptr (GFile) file = NULL;

  if (scheme != NULL && g_strcmp0 (scheme, "file") != 0)
    {
      field_error (RELAY_DRAFT_FIELD_SERVER_URL, out_field, error,
                   _ ("Enter a file path or a file:// URI"));
      return NULL;
    }
  file = scheme ? g_file_new_for_uri (self->server_url) : g_file_new_for_path (self->server_url);
  if (!g_path_is_absolute (g_file_peek_path (file) ? g_file_peek_path (file) : ""))
    {
      field_error (RELAY_DRAFT_FIELD_SERVER_URL, out_field, error,
                   _ ("Enter the full path of the recording"));
      return NULL;
    }
  return g_file_get_uri (file);
}

/**
 * relay_destination_draft_build_url:
 * @saved_key: (nullable): the key on record, used when the draft has none
 * @out_field: (out) (optional): the field an error is about
 *
 * Returns: (transfer full): the destination's URL, secrets included; never
 *   show it, give it to relay_output_new_for_uri()
 */
char *
relay_destination_draft_build_url (const RelayDestinationDraft *self, const char *saved_key,
                                   RelayDraftField *out_field, GError **error)
{
  const char *key = self->stream_key && *self->stream_key ? self->stream_key : saved_key;

  if (out_field != NULL)
    *out_field = RELAY_DRAFT_FIELD_NONE;

  if (is_blank (self->label))
    {
      field_error (RELAY_DRAFT_FIELD_LABEL, out_field, error, _ ("Enter a name"));
      return NULL;
    }
  if (is_blank (self->server_url))
    {
      field_error (RELAY_DRAFT_FIELD_SERVER_URL, out_field, error,
                   relay_destination_draft_get_provider (self)->protocol
                           == RELAY_PROVIDER_PROTOCOL_FILE
                       ? _ ("Enter the path of the recording")
                       : _ ("Enter the server URL"));
      return NULL;
    }

  switch (relay_destination_draft_get_provider (self)->protocol)
    {
      case RELAY_PROVIDER_PROTOCOL_RTMP:
        return build_rtmp_url (self, key, out_field, error);
      case RELAY_PROVIDER_PROTOCOL_FILE:
        return build_file_url (self, out_field, error);
      case RELAY_PROVIDER_PROTOCOL_WHIP:
      default:
        return g_strstrip (g_strdup (self->server_url));
    }
}
