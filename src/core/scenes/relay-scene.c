/* relay-scene.c
 *
 * A scene is a named, ordered list of layers: the first is at the bottom,
 * each one drawn over those before it. Whoever shows or saves a scene listens
 * to "changed", which sums up every change of its name, its list and its
 * layers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-destination.h"
#include "relay-error.h"
#include "relay-json-value.h"
#include "relay-scene.h"

struct _RelayScene
{
  GObject parent_instance;

  char *id;
  char *name;
  /* of RelayLayer, bottom first */
  GListStore *layers;

  /* members written by another version of Relaycast, kept as they were */
  JsonObject *extra;

  /* relay_scene_replace() under way: "changed" waits for its end */
  gboolean replacing;
  gboolean changed_while_replacing;
};

G_DEFINE_FINAL_TYPE (RelayScene, relay_scene, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (RelayScene *self)
{
  if (self->replacing)
    self->changed_while_replacing = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_layer_changed (RelayLayer *layer, RelayScene *self)
{
  emit_changed (self);
}

static void
relay_scene_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayScene *self = RELAY_SCENE (object);

  switch (prop_id)
    {
      case PROP_ID:
        self->id = g_value_dup_string (value);
        break;
      case PROP_NAME:
        relay_scene_set_name (self, g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_scene_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayScene *self = RELAY_SCENE (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_string (value, self->id);
        break;
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_scene_finalize (GObject *object)
{
  RelayScene *self = RELAY_SCENE (object);

  g_free (self->id);
  g_free (self->name);
  /* the layers' handlers went with the scene (g_signal_connect_object) */
  g_object_unref (self->layers);
  g_clear_pointer (&self->extra, json_object_unref);
  G_OBJECT_CLASS (relay_scene_parent_class)->finalize (object);
}

static void
relay_scene_class_init (RelaySceneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_scene_finalize;
  object_class->get_property = relay_scene_get_property;
  object_class->set_property = relay_scene_set_property;

  properties[PROP_ID] = g_param_spec_string (
      "id", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* how people (and `--scene NAME`) pick it */
  properties[PROP_NAME] =
      g_param_spec_string ("name", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RelayScene::changed:
   *
   * After any change of the scene: its name, its list of layers (added,
   * removed, moved) or any of its layers (once per RelayLayer::changed).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
relay_scene_init (RelayScene *self)
{
  self->layers = g_list_store_new (RELAY_TYPE_LAYER);
}

/**
 * relay_scene_new:
 * @id: letters, digits, "-", "_" or "." (see relay_destination_id_is_valid())
 * @name: (nullable): its name for people; NULL: the id
 *
 * Returns: (transfer full): a scene with no layers
 */
RelayScene *
relay_scene_new (const char *id, const char *name)
{
  g_return_val_if_fail (relay_destination_id_is_valid (id), NULL);

  return g_object_new (RELAY_TYPE_SCENE, "id", id, "name", name, NULL);
}

/* Sets *@field, when asked for, to "layers[@index]" and @member after a dot. */
static void
set_layer_field (char **field, guint index, const char *member)
{
  if (field != NULL)
    *field = g_strdup_printf ("layers[%u]%s%s", index, member ? "." : "", member ? member : "");
}

static gboolean
layers_from_json (RelayScene *self, JsonNode *node, char **field, GError **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("“layers” is not a list"));
      if (field != NULL)
        *field = g_strdup ("layers");
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr (RelayLayer) layer = NULL;
      g_autofree char *member = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                               _ ("a layer is not a JSON object"));
          set_layer_field (field, i, NULL);
          return FALSE;
        }
      layer = relay_layer_new_from_json_full (json_node_get_object (element), &member, error);
      if (layer == NULL)
        {
          set_layer_field (field, i, member);
          return FALSE;
        }
      if (relay_scene_find_layer (self, relay_layer_get_id (layer)) != NULL)
        {
          g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                       _ ("two layers have the id “%s”"), relay_layer_get_id (layer));
          set_layer_field (field, i, "id");
          return FALSE;
        }
      relay_scene_add_layer (self, layer);
    }
  return TRUE;
}

/**
 * relay_scene_new_from_json:
 * @object: a scene as relay_scene_to_json() writes it
 *
 * Returns: (transfer full): the scene, or %NULL with @error
 *   (%RELAY_ERROR_INVALID_ARGUMENT) naming the scene, the layer and the
 *   member that is wrong
 */
RelayScene *
relay_scene_new_from_json (JsonObject *object, GError **error)
{
  return relay_scene_new_from_json_full (object, NULL, error);
}

/**
 * relay_scene_new_from_json_full:
 * @field: (out) (optional): on error, the member that is wrong: "id", "name",
 *   "layers", or a layer's as "layers[2].opacity" (the REST API answers with it)
 *
 * As relay_scene_new_from_json().
 */
RelayScene *
relay_scene_new_from_json_full (JsonObject *object, char **field, GError **error)
{
  g_autoptr (RelayScene) self = NULL;
  g_autoptr (GList) members = NULL;
  JsonNode *id_node;
  const char *id = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  id_node = json_object_get_member (object, "id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node)
      && json_node_get_value_type (id_node) == G_TYPE_STRING)
    id = json_node_get_string (id_node);
  if (!relay_destination_id_is_valid (id))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("a scene has no valid “id” (letters, digits, “-”, “_” or “.”)"));
      if (field != NULL)
        *field = g_strdup ("id");
      return NULL;
    }

  self = g_object_new (RELAY_TYPE_SCENE, "id", id, NULL);
  self->extra = json_object_new ();

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);

      if (g_strcmp0 (member, "id") == 0)
        continue;
      if (g_strcmp0 (member, "name") == 0)
        {
          if (!JSON_NODE_HOLDS_NULL (node)
              && (!JSON_NODE_HOLDS_VALUE (node)
                  || json_node_get_value_type (node) != G_TYPE_STRING))
            {
              g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("scene “%s”: “name” must be text"), id);
              if (field != NULL)
                *field = g_strdup ("name");
              return NULL;
            }
          relay_scene_set_name (self, json_node_get_string (node));
        }
      else if (g_strcmp0 (member, "layers") == 0)
        {
          if (!layers_from_json (self, node, field, error))
            {
              g_prefix_error (error, _ ("scene “%s”: "), id);
              return NULL;
            }
        }
      else
        json_object_set_member (self->extra, member, json_node_copy (node));
    }

  return g_steal_pointer (&self);
}

/**
 * relay_scene_to_json:
 *
 * Returns: (transfer full): an object node: "id", "name" when set, "layers"
 *   (bottom first), then the members this version did not know
 */
JsonNode *
relay_scene_to_json (RelayScene *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (GList) extra_members = NULL;
  JsonArray *layers = json_array_new ();
  guint n;

  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);

  json_object_set_string_member (object, "id", self->id);
  if (self->name != NULL)
    json_object_set_string_member (object, "name", self->name);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      json_array_add_element (layers, relay_layer_to_json (layer));
    }
  json_object_set_array_member (object, "layers", layers);

  if (self->extra != NULL)
    extra_members = json_object_get_members (self->extra);
  for (GList *l = extra_members; l != NULL; l = l->next)
    {
      if (!json_object_has_member (object, l->data))
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (self->extra, l->data)));
    }

  return json_node_init_object (json_node_alloc (), object);
}

/**
 * relay_scene_duplicate:
 * @id: the copy's id
 * @name: (nullable): the copy's name
 *
 * Returns: (transfer full): a scene with a copy of each layer (under new ids)
 */
RelayScene *
relay_scene_duplicate (RelayScene *self, const char *id, const char *name)
{
  RelayScene *copy;
  guint n;

  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);
  g_return_val_if_fail (relay_destination_id_is_valid (id), NULL);

  copy = relay_scene_new (id, name);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
      g_autoptr (RelayLayer) layer_copy = relay_layer_duplicate (layer);

      relay_scene_add_layer (copy, layer_copy);
    }
  /* never changed once read: it can be shared */
  if (self->extra != NULL)
    copy->extra = json_object_ref (self->extra);
  return copy;
}

/**
 * relay_scene_replace:
 * @from: a scene with @self's id, thrown away after: its new layers are taken
 *   as they are
 *
 * Gives @self @from's name, layers and unknown members in place, so a scene
 * on air changes live rather than being cut to another: layers are matched
 * by id, those @from lacks removed, the others updated, new ones added, and
 * all put in @from's order. One "changed" tells of it all.
 */
void
relay_scene_replace (RelayScene *self, RelayScene *from)
{
  GListModel *wanted;
  guint n;

  g_return_if_fail (RELAY_IS_SCENE (self));
  g_return_if_fail (RELAY_IS_SCENE (from));

  wanted = G_LIST_MODEL (from->layers);
  n = g_list_model_get_n_items (wanted);
  self->replacing = TRUE;
  self->changed_while_replacing = FALSE;

  relay_scene_set_name (self, from->name);
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->layers)); i-- > 0;)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      if (relay_scene_find_layer (from, relay_layer_get_id (layer)) == NULL)
        relay_scene_remove_layer (self, relay_layer_get_id (layer));
    }
  /* the first i layers are in place: the next one is moved or put beside them */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (wanted, i);
      RelayLayer *mine = relay_scene_find_layer (self, relay_layer_get_id (layer));

      if (mine == NULL)
        relay_scene_insert_layer (self, layer, i);
      else
        {
          relay_layer_copy_settings (mine, layer);
          relay_scene_move_layer (self, relay_layer_get_id (layer), i);
        }
    }
  if (!relay_json_object_equal0 (self->extra, from->extra))
    {
      g_clear_pointer (&self->extra, json_object_unref);
      /* never changed once read: it can be shared */
      self->extra = from->extra ? json_object_ref (from->extra) : NULL;
      self->changed_while_replacing = TRUE;
    }

  self->replacing = FALSE;
  if (self->changed_while_replacing)
    emit_changed (self);
}

const char *
relay_scene_get_id (RelayScene *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);
  return self->id;
}

/* The name for people; the id when none was given. */
const char *
relay_scene_get_name (RelayScene *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);
  return self->name ? self->name : self->id;
}

void
relay_scene_set_name (RelayScene *self, const char *name)
{
  g_return_if_fail (RELAY_IS_SCENE (self));

  /* empty means unset */
  if (name != NULL && *name == '\0')
    name = NULL;
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  emit_changed (self);
}

/* Returns: (transfer none): the scene's RelayLayers, bottom first */
GListModel *
relay_scene_get_layers (RelayScene *self)
{
  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);
  return G_LIST_MODEL (self->layers);
}

/* Returns: (transfer none) (nullable): the layer with this id, and where */
static RelayLayer *
find (RelayScene *self, const char *layer_id, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));

  for (guint i = 0; i < n; i++)
    {
      RelayLayer *layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

      /* the store keeps its own reference */
      g_object_unref (layer);
      if (g_strcmp0 (relay_layer_get_id (layer), layer_id) == 0)
        {
          *position = i;
          return layer;
        }
    }
  return NULL;
}

/* Returns: (transfer none) (nullable): the layer with this id */
RelayLayer *
relay_scene_find_layer (RelayScene *self, const char *layer_id)
{
  guint position;

  g_return_val_if_fail (RELAY_IS_SCENE (self), NULL);
  return find (self, layer_id, &position);
}

/* Puts @layer on top of the others. */
void
relay_scene_add_layer (RelayScene *self, RelayLayer *layer)
{
  g_return_if_fail (RELAY_IS_SCENE (self));

  relay_scene_insert_layer (self, layer, G_MAXUINT);
}

/**
 * relay_scene_insert_layer:
 * @layer: a layer whose id is not in the scene yet
 * @position: where, 0 being the bottom; past the end: on top
 */
void
relay_scene_insert_layer (RelayScene *self, RelayLayer *layer, guint position)
{
  g_return_if_fail (RELAY_IS_SCENE (self));
  g_return_if_fail (RELAY_IS_LAYER (layer));
  g_return_if_fail (relay_scene_find_layer (self, relay_layer_get_id (layer)) == NULL);

  position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->layers)));
  g_signal_connect_object (layer, "changed", G_CALLBACK (on_layer_changed), self, 0);
  g_list_store_insert (self->layers, position, layer);
  emit_changed (self);
}

/* Returns: whether the scene had a layer with this id */
gboolean
relay_scene_remove_layer (RelayScene *self, const char *layer_id)
{
  RelayLayer *layer;
  guint position;

  g_return_val_if_fail (RELAY_IS_SCENE (self), FALSE);

  layer = find (self, layer_id, &position);
  if (layer == NULL)
    return FALSE;

  g_signal_handlers_disconnect_by_func (layer, on_layer_changed, self);
  g_list_store_remove (self->layers, position);
  emit_changed (self);
  return TRUE;
}

/**
 * relay_scene_move_layer:
 * @position: where it goes, 0 being the bottom; past the end: on top
 *
 * Moves the layer in one "items-changed" that spans the positions it left
 * and took, so a view sees a move, not a removal.
 *
 * Returns: whether the scene has a layer with this id
 */
gboolean
relay_scene_move_layer (RelayScene *self, const char *layer_id, guint position)
{
  g_autoptr (GPtrArray) span = NULL;
  guint from, first, n;

  g_return_val_if_fail (RELAY_IS_SCENE (self), FALSE);

  if (find (self, layer_id, &from) == NULL)
    return FALSE;
  position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->layers)) - 1);
  if (position == from)
    return TRUE;

  first = MIN (from, position);
  n = MAX (from, position) - first + 1;
  span = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (span, g_list_model_get_item (G_LIST_MODEL (self->layers), i));
  /* the layer leaves one end of the span and takes the other */
  if (from < position)
    g_ptr_array_add (span, g_ptr_array_steal_index (span, 0));
  else
    g_ptr_array_insert (span, 0, g_ptr_array_steal_index (span, n - 1));

  g_list_store_splice (self->layers, first, n, span->pdata, n);
  emit_changed (self);
  return TRUE;
}
