/* relay-api-relay-request.h: what startrtmp and stoprtmp ask, and the mixing layout made a scene
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "core/scenes/relay-scene.h"

G_BEGIN_DECLS

typedef struct
{
  char *stream_name;
  RelayRect rect;
  int zorder;
  double alpha;
} RelayApiLayoutRegion;

typedef struct
{
  guint width;
  guint height;
  guint32 background;
  /* of RelayApiLayoutRegion, as given */
  GPtrArray *regions;
} RelayApiLayout;

RelayApiLayout *relay_api_layout_parse (JsonObject *object, GError **error);
void relay_api_layout_free (RelayApiLayout *layout);
JsonNode *relay_api_layout_to_json (const RelayApiLayout *layout);
void relay_api_layout_apply (const RelayApiLayout *layout, RelayScene *scene);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayApiLayout, relay_api_layout_free)

typedef struct
{
  /* one of them */
  char *task_id;
  char *user_id;
  /* NULL: the task's URLs stay */
  char **push_urls;
  /* NULL: the task's picture stays */
  RelayApiLayout *layout;
  char *stream_name;
  /* the pushes' picture size (0: the stream's or the canvas's) */
  guint width;
  guint height;
} RelayApiRelayStart;

void relay_api_relay_start_clear (RelayApiRelayStart *start);
gboolean relay_api_relay_parse_start (JsonObject *body, RelayApiRelayStart *out, GError **error);
gboolean relay_api_relay_parse_stop (JsonObject *body, char **id, gboolean *by_user,
                                     GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayApiRelayStart, relay_api_relay_start_clear)

G_END_DECLS
