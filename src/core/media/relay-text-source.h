/* relay-text-source.h: a text or a clock, as a layer's source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_TEXT_SOURCE (relay_text_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayTextSource, relay_text_source, RELAY, TEXT_SOURCE, RelaySource)

RelaySource *relay_text_source_new (const char *text, const char *font, guint32 argb);
RelaySource *relay_text_source_new_clock (const char *font, guint32 argb);
gboolean relay_text_source_get_clock (RelayTextSource *self);
void relay_text_source_set_text (RelayTextSource *self, const char *text);
void relay_text_source_set_font (RelayTextSource *self, const char *font);
void relay_text_source_set_color (RelayTextSource *self, guint32 argb);

G_END_DECLS
