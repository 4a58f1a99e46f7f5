/* relay-image-source.h: a still picture from a file (PNG, JPEG, SVG), as a layer's source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_IMAGE_SOURCE (relay_image_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayImageSource, relay_image_source, RELAY, IMAGE_SOURCE, RelaySource)

RelaySource *relay_image_source_new (const char *location);
const char *relay_image_source_get_uri (RelayImageSource *self);

G_END_DECLS
