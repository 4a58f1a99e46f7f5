/* relay-layer.c
 *
 * A layer is one source placed on a stream's canvas: where (a rectangle in
 * canvas pixels, above the layers before it in its scene), how (opacity, crop,
 * fit, shown or hidden) and, for sources with sound, how loud. Text, clock and
 * colour layers also carry what they draw.
 *
 * Its JSON form is the one the REST API speaks for layouts (camelCase, the
 * crop as one object, the colour as CSS "#RRGGBB[AA]", defaults left out);
 * members this version does not know are kept and written back unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-destination.h"
#include "relay-enum-types.h"
#include "relay-error.h"
#include "relay-json-value.h"
#include "relay-layer.h"

#define DEFAULT_COLOR 0xFFFFFFFFu

struct _RelayLayer
{
  GObject parent_instance;

  char *id;
  char *name;
  char *source;
  RelayRect rect;
  double opacity;
  gboolean visible;
  RelayLayerFit fit;
  RelayCrop crop;
  double volume;
  gboolean muted;
  char *text;
  char *font;
  guint32 color;

  /* members written by another version of Relaycast, kept as they were */
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (RelayLayer, relay_layer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SOURCE,
  PROP_X,
  PROP_Y,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_OPACITY,
  PROP_VISIBLE,
  PROP_FIT,
  PROP_CROP_LEFT,
  PROP_CROP_TOP,
  PROP_CROP_RIGHT,
  PROP_CROP_BOTTOM,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_TEXT,
  PROP_FONT,
  PROP_COLOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* JSON members that are a property of the same name and type */
static const char *const plain_members[] = {
  "name",    "source", "x",      "y",     "width", "height", "opacity",
  "visible", "fit",    "volume", "muted", "text",  "font",
};

static const char *const crop_members[] = { "left", "top", "right", "bottom" };

/* Each setter notifies the properties that really changed, then "changed"
 * once, so a scene hears one change per call however many properties moved. */

static gboolean
update_string (RelayLayer *self, char **field, const char *text, guint prop)
{
  /* empty means unset */
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (*field, text) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/* A number or flag: TRUE, notified, when it really changed */
#define UPDATE(field, value, prop)                                                                 \
  ((field) != (value)                                                                              \
       ? ((field) = (value), g_object_notify_by_pspec (G_OBJECT (self), properties[prop]), TRUE)   \
       : FALSE)

static void
emit_changed (RelayLayer *self, gboolean changed)
{
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static int *
rect_member (RelayRect *rect, guint prop)
{
  int *members[] = { &rect->x, &rect->y, &rect->width, &rect->height };

  return members[prop - PROP_X];
}

static guint *
crop_member (RelayCrop *crop, guint prop)
{
  guint *members[] = { &crop->left, &crop->top, &crop->right, &crop->bottom };

  return members[prop - PROP_CROP_LEFT];
}

static void
relay_layer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayLayer *self = RELAY_LAYER (object);
  RelayRect rect = self->rect;
  RelayCrop crop = self->crop;

  switch (prop_id)
    {
      case PROP_ID:
        self->id = g_value_dup_string (value);
        break;
      case PROP_NAME:
        relay_layer_set_name (self, g_value_get_string (value));
        break;
      case PROP_SOURCE:
        emit_changed (self,
                      update_string (self, &self->source, g_value_get_string (value), PROP_SOURCE));
        break;
      case PROP_X:
      case PROP_Y:
      case PROP_WIDTH:
      case PROP_HEIGHT:
        *rect_member (&rect, prop_id) = g_value_get_int (value);
        relay_layer_set_rect (self, &rect);
        break;
      case PROP_OPACITY:
        relay_layer_set_opacity (self, g_value_get_double (value));
        break;
      case PROP_VISIBLE:
        relay_layer_set_visible (self, g_value_get_boolean (value));
        break;
      case PROP_FIT:
        relay_layer_set_fit (self, g_value_get_enum (value));
        break;
      case PROP_CROP_LEFT:
      case PROP_CROP_TOP:
      case PROP_CROP_RIGHT:
      case PROP_CROP_BOTTOM:
        *crop_member (&crop, prop_id) = g_value_get_uint (value);
        relay_layer_set_crop (self, &crop);
        break;
      case PROP_VOLUME:
        relay_layer_set_volume (self, g_value_get_double (value));
        break;
      case PROP_MUTED:
        relay_layer_set_muted (self, g_value_get_boolean (value));
        break;
      case PROP_TEXT:
        relay_layer_set_text (self, g_value_get_string (value));
        break;
      case PROP_FONT:
        relay_layer_set_font (self, g_value_get_string (value));
        break;
      case PROP_COLOR:
        relay_layer_set_color (self, g_value_get_uint (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_layer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayLayer *self = RELAY_LAYER (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_string (value, self->id);
        break;
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_SOURCE:
        g_value_set_string (value, self->source);
        break;
      case PROP_X:
      case PROP_Y:
      case PROP_WIDTH:
      case PROP_HEIGHT:
        g_value_set_int (value, *rect_member (&self->rect, prop_id));
        break;
      case PROP_OPACITY:
        g_value_set_double (value, self->opacity);
        break;
      case PROP_VISIBLE:
        g_value_set_boolean (value, self->visible);
        break;
      case PROP_FIT:
        g_value_set_enum (value, self->fit);
        break;
      case PROP_CROP_LEFT:
      case PROP_CROP_TOP:
      case PROP_CROP_RIGHT:
      case PROP_CROP_BOTTOM:
        g_value_set_uint (value, *crop_member (&self->crop, prop_id));
        break;
      case PROP_VOLUME:
        g_value_set_double (value, self->volume);
        break;
      case PROP_MUTED:
        g_value_set_boolean (value, self->muted);
        break;
      case PROP_TEXT:
        g_value_set_string (value, self->text);
        break;
      case PROP_FONT:
        g_value_set_string (value, self->font);
        break;
      case PROP_COLOR:
        g_value_set_uint (value, self->color);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_layer_finalize (GObject *object)
{
  RelayLayer *self = RELAY_LAYER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->source);
  g_free (self->text);
  g_free (self->font);
  g_clear_pointer (&self->extra, json_object_unref);
  G_OBJECT_CLASS (relay_layer_parent_class)->finalize (object);
}

static void
relay_layer_class_init (RelayLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const int max = RELAY_LAYER_MAX_EXTENT;

  object_class->finalize = relay_layer_finalize;
  object_class->get_property = relay_layer_get_property;
  object_class->set_property = relay_layer_set_property;

  properties[PROP_ID] = g_param_spec_string (
      "id", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /* "test", "camera", a URI or path, "stream:NAME", or a RELAY_LAYER_SOURCE_* */
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  /* canvas pixels; a layer may stand partly outside the canvas */
  properties[PROP_X] = g_param_spec_int ("x", NULL, NULL, -max, max, 0, flags);
  properties[PROP_Y] = g_param_spec_int ("y", NULL, NULL, -max, max, 0, flags);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 1, max, 1, flags);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 1, max, 1, flags);
  properties[PROP_OPACITY] = g_param_spec_double ("opacity", NULL, NULL, 0.0, 1.0, 1.0, flags);
  properties[PROP_VISIBLE] = g_param_spec_boolean ("visible", NULL, NULL, TRUE, flags);
  properties[PROP_FIT] =
      g_param_spec_enum ("fit", NULL, NULL, RELAY_TYPE_LAYER_FIT, RELAY_LAYER_FIT_STRETCH, flags);
  /* source pixels cut off each edge before the source is fitted */
  properties[PROP_CROP_LEFT] = g_param_spec_uint ("crop-left", NULL, NULL, 0, max, 0, flags);
  properties[PROP_CROP_TOP] = g_param_spec_uint ("crop-top", NULL, NULL, 0, max, 0, flags);
  properties[PROP_CROP_RIGHT] = g_param_spec_uint ("crop-right", NULL, NULL, 0, max, 0, flags);
  properties[PROP_CROP_BOTTOM] = g_param_spec_uint ("crop-bottom", NULL, NULL, 0, max, 0, flags);
  /* linear gain, for sources with sound */
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 4.0, 1.0, flags);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags);
  /* what a text layer shows */
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  /* a Pango font description, for text and clock layers */
  properties[PROP_FONT] = g_param_spec_string ("font", NULL, NULL, RELAY_LAYER_DEFAULT_FONT, flags);
  /* 0xAARRGGBB: a colour layer's fill, a text or clock layer's ink */
  properties[PROP_COLOR] =
      g_param_spec_uint ("color", NULL, NULL, 0, G_MAXUINT32, DEFAULT_COLOR, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RelayLayer::changed:
   *
   * After any change of the layer, once per setter call (so once for all the
   * properties relay_layer_set_rect() or relay_layer_set_crop() changed).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
relay_layer_init (RelayLayer *self)
{
  self->rect.width = 1;
  self->rect.height = 1;
  self->opacity = 1.0;
  self->visible = TRUE;
  self->fit = RELAY_LAYER_FIT_STRETCH;
  self->volume = 1.0;
  self->font = g_strdup (RELAY_LAYER_DEFAULT_FONT);
  self->color = DEFAULT_COLOR;
}

/**
 * relay_layer_new:
 * @source: what it shows (see the "source" property)
 * @rect: where, in canvas pixels
 *
 * Returns: (transfer full): a layer with a new random id and the defaults:
 *   opaque, visible, stretched, uncropped, at full volume
 */
RelayLayer *
relay_layer_new (const char *source, const RelayRect *rect)
{
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (source != NULL && *source != '\0', NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  return g_object_new (RELAY_TYPE_LAYER, "id", id, "source", source, "x", rect->x, "y", rect->y,
                       "width", rect->width, "height", rect->height, NULL);
}

static gboolean
crop_from_json (RelayLayer *self, JsonNode *node, GError **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("“crop” must be an object with “left”, “top”, “right” and “bottom”"));
      return FALSE;
    }

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (crop_members); i++)
    {
      JsonNode *edge = json_object_get_member (object, crop_members[i]);
      GParamSpec *pspec = properties[PROP_CROP_LEFT + i];
      g_autofree char *member = NULL;
      g_auto (GValue) value = G_VALUE_INIT;

      if (edge == NULL)
        continue;
      member = g_strconcat ("crop.", crop_members[i], NULL);
      if (!relay_json_value_from_node (pspec, member, edge, &value, error))
        return FALSE;
      g_object_set_property (G_OBJECT (self), pspec->name, &value);
    }
  return TRUE;
}

static gboolean
color_from_json (RelayLayer *self, JsonNode *node, GError **error)
{
  guint32 argb;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || !relay_color_parse (json_node_get_string (node), &argb))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("“color” must be a color written #RRGGBB or #RRGGBBAA"));
      return FALSE;
    }
  relay_layer_set_color (self, argb);
  return TRUE;
}

static gboolean
member_from_json (RelayLayer *self, const char *member, JsonNode *node, GError **error)
{
  g_auto (GValue) value = G_VALUE_INIT;
  GParamSpec *pspec;

  if (g_strcmp0 (member, "crop") == 0)
    return crop_from_json (self, node, error);
  if (g_strcmp0 (member, "color") == 0)
    return color_from_json (self, node, error);
  if (!g_strv_contains ((const char *const *) plain_members, member))
    {
      json_object_set_member (self->extra, member, json_node_copy (node));
      return TRUE;
    }

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), member);
  if (!relay_json_value_from_node (pspec, member, node, &value, error))
    return FALSE;
  g_object_set_property (G_OBJECT (self), member, &value);
  return TRUE;
}

/**
 * relay_layer_new_from_json:
 * @object: a layer as relay_layer_to_json() writes it; without an "id" the
 *   layer gets a new random one
 *
 * Returns: (transfer full): the layer, or %NULL with @error
 *   (%RELAY_ERROR_INVALID_ARGUMENT) naming the layer and the member that is
 *   wrong
 */
RelayLayer *
relay_layer_new_from_json (JsonObject *object, GError **error)
{
  return relay_layer_new_from_json_full (object, NULL, error);
}

/* Sets *@field, when asked for, to the member @error is about. */
static void
set_field (char **field, const char *member)
{
  if (field != NULL)
    *field = g_strdup (member);
}

/**
 * relay_layer_new_from_json_full:
 * @field: (out) (optional): on error, the member that is wrong ("opacity",
 *   "crop"…), for those that answer with it (the REST API)
 *
 * As relay_layer_new_from_json().
 */
RelayLayer *
relay_layer_new_from_json_full (JsonObject *object, char **field, GError **error)
{
  g_autoptr (RelayLayer) self = NULL;
  g_autoptr (GList) members = NULL;
  g_autofree char *random_id = NULL;
  g_autofree char *label = NULL;
  JsonNode *id_node;
  const char *id;

  g_return_val_if_fail (object != NULL, NULL);

  id_node = json_object_get_member (object, "id");
  if (id_node == NULL)
    {
      id = random_id = g_uuid_string_random ();
      label = g_strdup (_ ("a layer"));
    }
  else
    {
      id = JSON_NODE_HOLDS_VALUE (id_node) && json_node_get_value_type (id_node) == G_TYPE_STRING
               ? json_node_get_string (id_node)
               : NULL;
      /* ids name layers in the REST API's paths and in log lines */
      if (!relay_destination_id_is_valid (id))
        {
          g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("a layer has no valid “id” (letters, digits, “-”, “_” or “.”)"));
          set_field (field, "id");
          return NULL;
        }
      label = g_strdup_printf (_ ("layer “%s”"), id);
    }

  self = g_object_new (RELAY_TYPE_LAYER, "id", id, NULL);
  self->extra = json_object_new ();

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_strcmp0 (l->data, "id") != 0
          && !member_from_json (self, l->data, json_object_get_member (object, l->data), error))
        {
          g_prefix_error (error, "%s: ", label);
          set_field (field, l->data);
          return NULL;
        }
    }

  if (self->source == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, "%s: %s", label,
                   _ ("“source” is missing"));
      set_field (field, "source");
      return NULL;
    }

  return g_steal_pointer (&self);
}

static void
set_property_member (JsonObject *object, RelayLayer *self, guint prop, const char *member,
                     gboolean even_default)
{
  g_auto (GValue) value = G_VALUE_INIT;

  g_value_init (&value, properties[prop]->value_type);
  g_object_get_property (G_OBJECT (self), properties[prop]->name, &value);
  if (!even_default && g_param_value_defaults (properties[prop], &value))
    return;
  json_object_set_member (object, member, relay_json_value_to_node (&value));
}

/**
 * relay_layer_to_json:
 *
 * Returns: (transfer full): an object node: the id, source and rectangle,
 *   the other settings that differ from their defaults, then the members
 *   this version did not know
 */
JsonNode *
relay_layer_to_json (RelayLayer *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (GList) extra_members = NULL;
  JsonNode *root;

  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);

  json_object_set_string_member (object, "id", self->id);
  for (guint i = 0; i < G_N_ELEMENTS (plain_members); i++)
    {
      guint prop =
          g_object_class_find_property (G_OBJECT_GET_CLASS (self), plain_members[i])->param_id;

      /* the rectangle is always written: it is the layer's place */
      set_property_member (object, self, prop, plain_members[i],
                           prop >= PROP_X && prop <= PROP_HEIGHT);
    }

  if (self->crop.left != 0 || self->crop.top != 0 || self->crop.right != 0
      || self->crop.bottom != 0)
    {
      g_autoptr (JsonObject) crop = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (crop_members); i++)
        set_property_member (crop, self, PROP_CROP_LEFT + i, crop_members[i], TRUE);
      json_object_set_object_member (object, "crop", g_steal_pointer (&crop));
    }

  if (self->color != DEFAULT_COLOR)
    {
      g_autofree char *color = relay_color_to_string (self->color);

      json_object_set_string_member (object, "color", color);
    }

  if (self->extra != NULL)
    extra_members = json_object_get_members (self->extra);
  for (GList *l = extra_members; l != NULL; l = l->next)
    {
      if (!json_object_has_member (object, l->data))
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (self->extra, l->data)));
    }

  root = json_node_alloc ();
  json_node_init_object (root, object);
  return root;
}

/**
 * relay_layer_duplicate:
 *
 * Returns: (transfer full): a layer with the same settings under a new id
 */
RelayLayer *
relay_layer_duplicate (RelayLayer *self)
{
  g_autofree char *id = g_uuid_string_random ();
  RelayLayer *copy;

  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);

  copy = g_object_new (RELAY_TYPE_LAYER, "id", id, NULL);
  copy->name = g_strdup (self->name);
  copy->source = g_strdup (self->source);
  copy->rect = self->rect;
  copy->opacity = self->opacity;
  copy->visible = self->visible;
  copy->fit = self->fit;
  copy->crop = self->crop;
  copy->volume = self->volume;
  copy->muted = self->muted;
  copy->text = g_strdup (self->text);
  g_free (copy->font);
  copy->font = g_strdup (self->font);
  copy->color = self->color;
  /* never changed once read: it can be shared */
  if (self->extra != NULL)
    copy->extra = json_object_ref (self->extra);
  return copy;
}

/**
 * relay_layer_copy_settings:
 * @from: the layer whose settings @self takes, all but its id
 *
 * Changes @self in place, as a scene replaced through the REST API does:
 * whatever shows it follows, and hears one "changed" however much changed.
 */
void
relay_layer_copy_settings (RelayLayer *self, RelayLayer *from)
{
  gboolean changed;

  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (RELAY_IS_LAYER (from));

  g_object_freeze_notify (G_OBJECT (self));
  changed = update_string (self, &self->name, from->name, PROP_NAME);
  changed |= update_string (self, &self->source, from->source, PROP_SOURCE);
  changed |= UPDATE (self->rect.x, from->rect.x, PROP_X);
  changed |= UPDATE (self->rect.y, from->rect.y, PROP_Y);
  changed |= UPDATE (self->rect.width, from->rect.width, PROP_WIDTH);
  changed |= UPDATE (self->rect.height, from->rect.height, PROP_HEIGHT);
  changed |= UPDATE (self->opacity, from->opacity, PROP_OPACITY);
  changed |= UPDATE (self->visible, from->visible, PROP_VISIBLE);
  changed |= UPDATE (self->fit, from->fit, PROP_FIT);
  changed |= UPDATE (self->crop.left, from->crop.left, PROP_CROP_LEFT);
  changed |= UPDATE (self->crop.top, from->crop.top, PROP_CROP_TOP);
  changed |= UPDATE (self->crop.right, from->crop.right, PROP_CROP_RIGHT);
  changed |= UPDATE (self->crop.bottom, from->crop.bottom, PROP_CROP_BOTTOM);
  changed |= UPDATE (self->volume, from->volume, PROP_VOLUME);
  changed |= UPDATE (self->muted, from->muted, PROP_MUTED);
  changed |= update_string (self, &self->text, from->text, PROP_TEXT);
  changed |= update_string (self, &self->font, from->font, PROP_FONT);
  changed |= UPDATE (self->color, from->color, PROP_COLOR);
  if (!relay_json_object_equal0 (self->extra, from->extra))
    {
      g_clear_pointer (&self->extra, json_object_unref);
      /* never changed once read: it can be shared */
      self->extra = from->extra ? json_object_ref (from->extra) : NULL;
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self, changed);
}

const char *
relay_layer_get_id (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);
  return self->id;
}

/* Returns: (nullable): the name the user gave it */
const char *
relay_layer_get_name (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);
  return self->name;
}

void
relay_layer_set_name (RelayLayer *self, const char *name)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  emit_changed (self, update_string (self, &self->name, name, PROP_NAME));
}

const char *
relay_layer_get_source (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);
  return self->source;
}

void
relay_layer_set_source (RelayLayer *self, const char *source)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (source != NULL && *source != '\0');
  emit_changed (self, update_string (self, &self->source, source, PROP_SOURCE));
}

void
relay_layer_get_rect (RelayLayer *self, RelayRect *rect)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (rect != NULL);
  *rect = self->rect;
}

static gboolean
coordinate_is_valid (int value, int min)
{
  return value >= min && value <= RELAY_LAYER_MAX_EXTENT;
}

/* Moves and resizes at once: each changed property is notified, and "changed"
 * comes once, after them. */
void
relay_layer_set_rect (RelayLayer *self, const RelayRect *rect)
{
  gboolean changed;

  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (rect != NULL);
  g_return_if_fail (coordinate_is_valid (rect->x, -RELAY_LAYER_MAX_EXTENT));
  g_return_if_fail (coordinate_is_valid (rect->y, -RELAY_LAYER_MAX_EXTENT));
  g_return_if_fail (coordinate_is_valid (rect->width, 1));
  g_return_if_fail (coordinate_is_valid (rect->height, 1));

  g_object_freeze_notify (G_OBJECT (self));
  changed = UPDATE (self->rect.x, rect->x, PROP_X);
  changed |= UPDATE (self->rect.y, rect->y, PROP_Y);
  changed |= UPDATE (self->rect.width, rect->width, PROP_WIDTH);
  changed |= UPDATE (self->rect.height, rect->height, PROP_HEIGHT);
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self, changed);
}

double
relay_layer_get_opacity (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), 1.0);
  return self->opacity;
}

void
relay_layer_set_opacity (RelayLayer *self, double opacity)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (opacity >= 0.0 && opacity <= 1.0);
  emit_changed (self, UPDATE (self->opacity, opacity, PROP_OPACITY));
}

gboolean
relay_layer_get_visible (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), FALSE);
  return self->visible;
}

void
relay_layer_set_visible (RelayLayer *self, gboolean visible)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  emit_changed (self, UPDATE (self->visible, !!visible, PROP_VISIBLE));
}

RelayLayerFit
relay_layer_get_fit (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), RELAY_LAYER_FIT_STRETCH);
  return self->fit;
}

void
relay_layer_set_fit (RelayLayer *self, RelayLayerFit fit)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (fit <= RELAY_LAYER_FIT_COVER);
  emit_changed (self, UPDATE (self->fit, fit, PROP_FIT));
}

void
relay_layer_get_crop (RelayLayer *self, RelayCrop *crop)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (crop != NULL);
  *crop = self->crop;
}

/* Crops all four edges at once, notified as relay_layer_set_rect() is. */
void
relay_layer_set_crop (RelayLayer *self, const RelayCrop *crop)
{
  gboolean changed;

  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (crop != NULL);
  g_return_if_fail (crop->left <= RELAY_LAYER_MAX_EXTENT && crop->top <= RELAY_LAYER_MAX_EXTENT
                    && crop->right <= RELAY_LAYER_MAX_EXTENT
                    && crop->bottom <= RELAY_LAYER_MAX_EXTENT);

  g_object_freeze_notify (G_OBJECT (self));
  changed = UPDATE (self->crop.left, crop->left, PROP_CROP_LEFT);
  changed |= UPDATE (self->crop.top, crop->top, PROP_CROP_TOP);
  changed |= UPDATE (self->crop.right, crop->right, PROP_CROP_RIGHT);
  changed |= UPDATE (self->crop.bottom, crop->bottom, PROP_CROP_BOTTOM);
  g_object_thaw_notify (G_OBJECT (self));
  emit_changed (self, changed);
}

double
relay_layer_get_volume (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), 1.0);
  return self->volume;
}

/* A linear gain from 0 to 4 (+12 dB). */
void
relay_layer_set_volume (RelayLayer *self, double volume)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  g_return_if_fail (volume >= 0.0 && volume <= 4.0);
  emit_changed (self, UPDATE (self->volume, volume, PROP_VOLUME));
}

gboolean
relay_layer_get_muted (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), FALSE);
  return self->muted;
}

void
relay_layer_set_muted (RelayLayer *self, gboolean muted)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  emit_changed (self, UPDATE (self->muted, !!muted, PROP_MUTED));
}

/* Returns: (nullable): what a text layer shows */
const char *
relay_layer_get_text (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);
  return self->text;
}

void
relay_layer_set_text (RelayLayer *self, const char *text)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  emit_changed (self, update_string (self, &self->text, text, PROP_TEXT));
}

const char *
relay_layer_get_font (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), NULL);
  return self->font;
}

/* @font: (nullable): a Pango font description; NULL or empty: the default */
void
relay_layer_set_font (RelayLayer *self, const char *font)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  if (font == NULL || *font == '\0')
    font = RELAY_LAYER_DEFAULT_FONT;
  emit_changed (self, update_string (self, &self->font, font, PROP_FONT));
}

/* Returns: the colour as 0xAARRGGBB */
guint32
relay_layer_get_color (RelayLayer *self)
{
  g_return_val_if_fail (RELAY_IS_LAYER (self), DEFAULT_COLOR);
  return self->color;
}

void
relay_layer_set_color (RelayLayer *self, guint32 argb)
{
  g_return_if_fail (RELAY_IS_LAYER (self));
  emit_changed (self, UPDATE (self->color, argb, PROP_COLOR));
}
