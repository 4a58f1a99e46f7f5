/* relay-api-red5-request.h: a Red5 restream request: read from a body, checked,
 * updated, and written as the answer or as the entry that persists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-api-json.h"

G_BEGIN_DECLS

typedef enum
{
  RELAY_API_RED5_CREATE,
  RELAY_API_RED5_UPDATE,
  RELAY_API_RED5_KILL,
  RELAY_API_RED5_LIST,
} RelayApiRed5Action;

/* Which parameters a request named: an update changes only those. */
typedef enum
{
  RELAY_API_RED5_TYPE = 1 << 0,
  RELAY_API_RED5_SERVICE_PROVIDER = 1 << 1,
  RELAY_API_RED5_ENDPOINT = 1 << 2,
  RELAY_API_RED5_BEARER_TOKEN = 1 << 3,
  RELAY_API_RED5_AUDIO = 1 << 4,
  RELAY_API_RED5_VIDEO = 1 << 5,
  RELAY_API_RED5_DATACHANNEL = 1 << 6,
  RELAY_API_RED5_INSERTABLE_STREAM = 1 << 7,
  RELAY_API_RED5_IMMEDIATE = 1 << 8,
  RELAY_API_RED5_ATTEMPTS = 1 << 9,
  RELAY_API_RED5_DELAY = 1 << 10,
  RELAY_API_RED5_PERSIST = 1 << 11,
  RELAY_API_RED5_SIZE = 1 << 12,
} RelayApiRed5Field;

/* Changing these means a new connection: the output is made again. */
#define RELAY_API_RED5_RECONNECTING_FIELDS                                                         \
  (RELAY_API_RED5_TYPE | RELAY_API_RED5_SERVICE_PROVIDER | RELAY_API_RED5_ENDPOINT                 \
   | RELAY_API_RED5_BEARER_TOKEN | RELAY_API_RED5_AUDIO | RELAY_API_RED5_VIDEO                     \
   | RELAY_API_RED5_SIZE | RELAY_API_RED5_DATACHANNEL)

typedef struct
{
  RelayApiRed5Action action;
  char *guid;
  char *context;
  char *name;
  gint level;
  /* "whip-push" or "rtmp-push" */
  char *type;
  /* "twitch", "dolby", "red5" or "none" */
  char *service_provider;
  char *endpoint;
  char *bearer_token;
  gboolean audio;
  gboolean video;
  gboolean datachannel;
  gboolean insertable_stream;
  gboolean immediate;
  guint attempts;
  guint delay_s;
  gboolean persist;
  /* the picture sent (0: the stream's size) */
  guint width;
  guint height;
  RelayApiRed5Field given;
} RelayApiRed5Request;

void relay_api_red5_request_clear (RelayApiRed5Request *request);
void relay_api_red5_request_free (RelayApiRed5Request *request);
RelayApiRed5Request *relay_api_red5_request_copy (const RelayApiRed5Request *request);
RelayApiRed5Request *relay_api_red5_request_new_for_output (RelayOutput *output);

gboolean relay_api_red5_parse (JsonObject *body, const char *path_context, RelayApiRed5Request *out,
                               GError **error);
gboolean relay_api_red5_request_validate (RelayApiRed5Request *request, GError **error);
gboolean relay_api_red5_request_check_persistable (const RelayApiRed5Request *request,
                                                   GError **error);
void relay_api_red5_request_apply_update (RelayApiRed5Request *target,
                                          const RelayApiRed5Request *update);

JsonNode *relay_api_red5_request_to_json (const RelayApiRed5Request *request, RelayOutput *output,
                                          const char *restore_error);
JsonObject *relay_api_red5_request_to_store_entry (const RelayApiRed5Request *request);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiRed5Request, relay_api_red5_request_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayApiRed5Request, relay_api_red5_request_free)

G_END_DECLS
