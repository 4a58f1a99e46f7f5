/* relay-source-item.h: one choice of the source picker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "core/media/relay-source.h"
#include "core/media/relay-stream.h"

G_BEGIN_DECLS

typedef enum
{
  RELAY_SOURCE_KIND_TEST,
  RELAY_SOURCE_KIND_CAMERA,
  RELAY_SOURCE_KIND_STREAM,
  /* the whole X11 screen, or one of its windows by its title */
  RELAY_SOURCE_KIND_SCREEN,
  RELAY_SOURCE_KIND_WINDOW,
  /* these two ask for a file or a URL first */
  RELAY_SOURCE_KIND_FILE,
  RELAY_SOURCE_KIND_URL,
} RelaySourceKind;

#define RELAY_TYPE_SOURCE_ITEM (relay_source_item_get_type ())

G_DECLARE_FINAL_TYPE (RelaySourceItem, relay_source_item, RELAY, SOURCE_ITEM, GObject)

RelaySourceItem *relay_source_item_new (RelaySourceKind kind, const char *title,
                                        const char *icon_name);
RelaySourceItem *relay_source_item_new_for_camera (GstDevice *camera);
RelaySourceItem *relay_source_item_new_for_stream (RelayStream *stream);
RelaySourceItem *relay_source_item_new_for_window (const char *title);
RelaySourceKind relay_source_item_get_kind (RelaySourceItem *self);
const char *relay_source_item_get_title (RelaySourceItem *self);
const char *relay_source_item_get_icon_name (RelaySourceItem *self);
GstDevice *relay_source_item_get_camera (RelaySourceItem *self);
RelaySource *relay_source_item_create_source (RelaySourceItem *self, GstDevice *microphone);
gboolean relay_source_item_is_for (RelaySourceItem *self, RelaySource *source);

G_END_DECLS
