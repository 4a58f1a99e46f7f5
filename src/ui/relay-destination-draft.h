/* relay-destination-draft.h: what the destination dialog collects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "relay-providers.h"

G_BEGIN_DECLS

typedef struct
{
  /* NULL for a new destination */
  char *id;
  char *provider_id;
  char *label;
  /* an ingest URL, a WHIP endpoint or a recording's path */
  char *server_url;
  /* the stream key (RTMP) or bearer token (WHIP); NULL keeps the saved one */
  char *stream_key;
  /* the Relaycast stream it carries */
  char *stream_name;
} RelayDestinationDraft;

typedef enum
{
  RELAY_DRAFT_FIELD_NONE,
  RELAY_DRAFT_FIELD_LABEL,
  RELAY_DRAFT_FIELD_SERVER_URL,
  RELAY_DRAFT_FIELD_STREAM_KEY,
} RelayDraftField;

#define RELAY_TYPE_DESTINATION_DRAFT (relay_destination_draft_get_type ())

GType relay_destination_draft_get_type (void) G_GNUC_CONST;

RelayDestinationDraft *relay_destination_draft_new (void);
RelayDestinationDraft *relay_destination_draft_new_for_url (const char *url);
RelayDestinationDraft *relay_destination_draft_copy (const RelayDestinationDraft *self);
void relay_destination_draft_free (RelayDestinationDraft *self);
const RelayProvider *relay_destination_draft_get_provider (const RelayDestinationDraft *self);
char *relay_destination_draft_build_url (const RelayDestinationDraft *self, const char *saved_key,
                                         RelayDraftField *out_field, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayDestinationDraft, relay_destination_draft_free)

G_END_DECLS
