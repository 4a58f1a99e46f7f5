/* relay-picture-group.h: a destination's picture in its dialog: its size, its
 * scene and where a cut of the program is centred
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/config/relay-destination.h"

G_BEGIN_DECLS

#define RELAY_TYPE_PICTURE_GROUP (relay_picture_group_get_type ())

G_DECLARE_FINAL_TYPE (RelayPictureGroup, relay_picture_group, RELAY, PICTURE_GROUP,
                      AdwPreferencesGroup)

void relay_picture_group_set_scenes (RelayPictureGroup *self, GListModel *scenes);
void relay_picture_group_set_size (RelayPictureGroup *self, guint width, guint height);
void relay_picture_group_get_size (RelayPictureGroup *self, guint *width, guint *height);
void relay_picture_group_load (RelayPictureGroup *self, RelayDestination *destination);
void relay_picture_group_apply (RelayPictureGroup *self, RelayDestination *destination);

G_END_DECLS
