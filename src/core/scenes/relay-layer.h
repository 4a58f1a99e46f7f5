/* relay-layer.h: one source placed on a stream's canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "relay-color.h"
#include "relay-enums.h"

G_BEGIN_DECLS

/* Layer sources beside the stream sources relay_source_new_for_spec() knows
 * ("test", "camera", URIs, paths) and "stream:NAME": */
#define RELAY_LAYER_SOURCE_COLOR  "color"   /* the layer's color, filling its rectangle */
#define RELAY_LAYER_SOURCE_TEXT   "text"    /* the layer's text, font and color */
#define RELAY_LAYER_SOURCE_CLOCK  "clock"   /* the time of day, in the layer's font and color */
#define RELAY_LAYER_SOURCE_IMAGE  "image:"  /* prefix of an image file's URI or path */
#define RELAY_LAYER_SOURCE_STREAM "stream:" /* prefix of another stream's name */

/* A layer showing another stream of the studio: this prefix, then its name */
#define RELAY_LAYER_SOURCE_STREAM "stream:"

/* A Pango font description: the text and clock layers' font when none is set */
#define RELAY_LAYER_DEFAULT_FONT "Sans Bold 48"
/* The largest coordinate, size or crop a layer takes, in pixels */
#define RELAY_LAYER_MAX_EXTENT 32768

#define RELAY_TYPE_LAYER (relay_layer_get_type ())

G_DECLARE_FINAL_TYPE (RelayLayer, relay_layer, RELAY, LAYER, GObject)

typedef struct
{
  int x;
  int y;
  int width;
  int height;
} RelayRect;

typedef struct
{
  guint left;
  guint top;
  guint right;
  guint bottom;
} RelayCrop;

RelayLayer *relay_layer_new (const char *source, const RelayRect *rect);
RelayLayer *relay_layer_new_from_json (JsonObject *object, GError **error);
RelayLayer *relay_layer_new_from_json_full (JsonObject *object, char **field, GError **error);
JsonNode *relay_layer_to_json (RelayLayer *self);
RelayLayer *relay_layer_duplicate (RelayLayer *self);
void relay_layer_copy_settings (RelayLayer *self, RelayLayer *from);

const char *relay_layer_get_id (RelayLayer *self);
const char *relay_layer_get_name (RelayLayer *self);
void relay_layer_set_name (RelayLayer *self, const char *name);
const char *relay_layer_get_source (RelayLayer *self);
void relay_layer_set_source (RelayLayer *self, const char *source);
void relay_layer_get_rect (RelayLayer *self, RelayRect *rect);
void relay_layer_set_rect (RelayLayer *self, const RelayRect *rect);
double relay_layer_get_opacity (RelayLayer *self);
void relay_layer_set_opacity (RelayLayer *self, double opacity);
gboolean relay_layer_get_visible (RelayLayer *self);
void relay_layer_set_visible (RelayLayer *self, gboolean visible);
RelayLayerFit relay_layer_get_fit (RelayLayer *self);
void relay_layer_set_fit (RelayLayer *self, RelayLayerFit fit);
void relay_layer_get_crop (RelayLayer *self, RelayCrop *crop);
void relay_layer_set_crop (RelayLayer *self, const RelayCrop *crop);
double relay_layer_get_volume (RelayLayer *self);
void relay_layer_set_volume (RelayLayer *self, double volume);
gboolean relay_layer_get_muted (RelayLayer *self);
void relay_layer_set_muted (RelayLayer *self, gboolean muted);
const char *relay_layer_get_text (RelayLayer *self);
void relay_layer_set_text (RelayLayer *self, const char *text);
const char *relay_layer_get_font (RelayLayer *self);
void relay_layer_set_font (RelayLayer *self, const char *font);
guint32 relay_layer_get_color (RelayLayer *self);
void relay_layer_set_color (RelayLayer *self, guint32 argb);

G_END_DECLS
