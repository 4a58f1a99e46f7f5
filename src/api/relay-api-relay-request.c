/* relay-api-relay-request.c
 *
 * What startrtmp and stoprtmp ask: a task id or a user id, push URLs, and a
 * mixing layout.
 *
 * A relay task's mixing layout is a canvas and regions, each a Relaycast
 * stream in a rectangle. It becomes a scene: the background a colour layer at
 * the bottom, each region a "stream:NAME" layer, ordered by zOrder. A new
 * layout updates that scene's layers in place rather than making new ones,
 * so that a region's stream stays open while it moves: the scene mixer sees
 * a layer moved, not a source closed and another opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "relay-api-json.h"
#include "relay-api-relay-request.h"

#define MAX_REGIONS 64
/* zOrder only orders: any integer a client is likely to send */
#define MAX_ZORDER 1000000

static void
region_free (RelayApiLayoutRegion *region)
{
  g_free (region->stream_name);
  g_free (region);
}

void
relay_api_layout_free (RelayApiLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->regions);
  g_free (layout);
}

static gboolean
read_canvas (JsonObject *object, RelayApiLayout *layout, GError **error)
{
  const char *scope = "layout.canvas";
  g_autofree char *background = NULL;

  if (!relay_api_read_video_size (object, scope, RELAY_API_REQUIRED, &layout->width,
                                  &layout->height, error)
      || !relay_api_read_string (object, scope, "background", RELAY_API_OPTIONAL, &background,
                                 error))
    return FALSE;
  layout->background = 0xFF000000u;
  if (background != NULL && !relay_color_parse (background, &layout->background))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "layout.canvas.background",
                           _ ("“layout.canvas.background” must be a colour written #RRGGBB or "
                              "#RRGGBBAA"));
      return FALSE;
    }
  return TRUE;
}

/* The rectangle must lie on the canvas: each bound is read with the range
 * that keeps it there, so the error names the member that leaves it. */
static gboolean
read_region (JsonObject *object, const char *scope, const RelayApiLayout *layout,
             RelayApiLayoutRegion *region, GError **error)
{
  RelayRect *rect = &region->rect;

  region->alpha = 1.0;
  return relay_api_read_string (object, scope, "streamName", RELAY_API_REQUIRED,
                                &region->stream_name, error)
         && relay_api_read_int (object, scope, "x", RELAY_API_REQUIRED, 0, layout->width - 1,
                                &rect->x, error)
         && relay_api_read_int (object, scope, "y", RELAY_API_REQUIRED, 0, layout->height - 1,
                                &rect->y, error)
         && relay_api_read_int (object, scope, "width", RELAY_API_REQUIRED, 1,
                                layout->width - rect->x, &rect->width, error)
         && relay_api_read_int (object, scope, "height", RELAY_API_REQUIRED, 1,
                                layout->height - rect->y, &rect->height, error)
         && relay_api_read_int (object, scope, "zOrder", RELAY_API_OPTIONAL, -MAX_ZORDER,
                                MAX_ZORDER, &region->zorder, error)
         && relay_api_read_double (object, scope, "alpha", RELAY_API_OPTIONAL, 0.0, 1.0,
                                   &region->alpha, error);
}

static gboolean
read_regions (JsonObject *object, RelayApiLayout *layout, GError **error)
{
  JsonNode *node = json_object_get_member (object, "regions");
  JsonArray *array;
  guint length;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (json_node_get_array (node)) > MAX_REGIONS)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "layout.regions",
                           _ ("“layout.regions” must be an array of at most %u objects"),
                           MAX_REGIONS);
      return FALSE;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *scope = g_strdup_printf ("layout.regions[%u]", i);
      RelayApiLayoutRegion *region = g_new0 (RelayApiLayoutRegion, 1);

      g_ptr_array_add (layout->regions, region);
      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          /* TRANSLATORS: the second %s is a JSON type, "a string", "a number"... */
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, scope, _ ("“%s” must be %s"), scope,
                               _ ("an object"));
          return FALSE;
        }
      if (!read_region (json_node_get_object (item), scope, layout, region, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * relay_api_layout_parse:
 * @object: the request's "layout"
 *
 * Checks the shape only: whether the streams exist is the caller's to say.
 *
 * Returns: (transfer full): the layout, or %NULL with @error naming the field
 */
RelayApiLayout *
relay_api_layout_parse (JsonObject *object, GError **error)
{
  g_autoptr (RelayApiLayout) layout = g_new0 (RelayApiLayout, 1);
  JsonObject *canvas = NULL;

  layout->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) region_free);
  if (!relay_api_read_object (object, "layout", "canvas", RELAY_API_REQUIRED, &canvas, error)
      || !read_canvas (canvas, layout, error) || !read_regions (object, layout, error))
    return NULL;
  return g_steal_pointer (&layout);
}

/* Returns: (transfer full): the layout as it is composed, every member given */
JsonNode *
relay_api_layout_to_json (const RelayApiLayout *layout)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *background = relay_color_to_string (layout->background);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "canvas");
  json_builder_begin_object (builder);
  relay_api_add_int (builder, "width", layout->width);
  relay_api_add_int (builder, "height", layout->height);
  relay_api_add_string (builder, "background", background);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "regions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < layout->regions->len; i++)
    {
      const RelayApiLayoutRegion *region = g_ptr_array_index (layout->regions, i);

      json_builder_begin_object (builder);
      relay_api_add_string (builder, "streamName", region->stream_name);
      relay_api_add_int (builder, "x", region->rect.x);
      relay_api_add_int (builder, "y", region->rect.y);
      relay_api_add_int (builder, "width", region->rect.width);
      relay_api_add_int (builder, "height", region->rect.height);
      relay_api_add_int (builder, "zOrder", region->zorder);
      json_builder_set_member_name (builder, "alpha");
      json_builder_add_double_value (builder, region->alpha);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Lower zOrder first; equal ones in the order given. */
static gint
compare_zorder (gconstpointer a, gconstpointer b)
{
  const RelayApiLayoutRegion *first = *(RelayApiLayoutRegion *const *) a;
  const RelayApiLayoutRegion *second = *(RelayApiLayoutRegion *const *) b;

  return (first->zorder > second->zorder) - (first->zorder < second->zorder);
}

/* Returns: (transfer none) (nullable): the first layer showing @spec that is
 * not taken yet */
static RelayLayer *
take_layer (RelayScene *scene, const char *spec, GHashTable *taken)
{
  GListModel *layers = relay_scene_get_layers (scene);

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);

      if (g_str_equal (relay_layer_get_source (layer), spec)
          && !g_hash_table_contains (taken, layer))
        {
          g_hash_table_add (taken, layer);
          return layer;
        }
    }
  return NULL;
}

/* Returns: (transfer none): a new layer of @scene, already taken */
static RelayLayer *
add_layer (RelayScene *scene, const char *spec, const RelayRect *rect, GHashTable *taken)
{
  g_autoptr (RelayLayer) layer = relay_layer_new (spec, rect);

  /* filled, as mixing services do: the picture cropped, never squeezed */
  relay_layer_set_fit (layer, RELAY_LAYER_FIT_COVER);
  relay_scene_add_layer (scene, layer);
  g_hash_table_add (taken, layer);
  return layer;
}

/**
 * relay_api_layout_apply:
 * @scene: the task's scene, empty the first time
 *
 * Makes @scene compose @layout: layers that show a stream the layout still
 * shows are moved, resized and reordered, not made again.
 */
void
relay_api_layout_apply (const RelayApiLayout *layout, RelayScene *scene)
{
  const RelayRect canvas = { 0, 0, (int) layout->width, (int) layout->height };
  g_autoptr (GPtrArray) regions = g_ptr_array_new ();
  g_autoptr (GHashTable) taken = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  GListModel *layers = relay_scene_get_layers (scene);
  RelayLayer *background = take_layer (scene, RELAY_LAYER_SOURCE_COLOR, taken);

  if (background == NULL)
    background = add_layer (scene, RELAY_LAYER_SOURCE_COLOR, &canvas, taken);
  relay_layer_set_rect (background, &canvas);
  relay_layer_set_color (background, layout->background);
  g_ptr_array_add (order, background);

  /* sorted apart: the layout keeps the order it was given in */
  g_ptr_array_extend (regions, layout->regions, NULL, NULL);
  g_ptr_array_sort (regions, compare_zorder);
  for (guint i = 0; i < regions->len; i++)
    {
      const RelayApiLayoutRegion *region = g_ptr_array_index (regions, i);
      g_autofree char *spec = g_strconcat (RELAY_LAYER_SOURCE_STREAM, region->stream_name, NULL);
      RelayLayer *layer = take_layer (scene, spec, taken);

      if (layer == NULL)
        layer = add_layer (scene, spec, &region->rect, taken);
      relay_layer_set_rect (layer, &region->rect);
      relay_layer_set_opacity (layer, region->alpha);
      g_ptr_array_add (order, layer);
    }

  for (guint i = g_list_model_get_n_items (layers); i > 0; i--)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i - 1);

      if (!g_hash_table_contains (taken, layer))
        relay_scene_remove_layer (scene, relay_layer_get_id (layer));
    }
  for (guint i = 0; i < order->len; i++)
    relay_scene_move_layer (scene, relay_layer_get_id (g_ptr_array_index (order, i)), i);
}

/* Requests */

void
relay_api_relay_start_clear (RelayApiRelayStart *start)
{
  g_clear_pointer (&start->task_id, g_free);
  g_clear_pointer (&start->user_id, g_free);
  g_clear_pointer (&start->push_urls, g_strfreev);
  g_clear_pointer (&start->stream_name, g_free);
  g_clear_pointer (&start->layout, relay_api_layout_free);
}

/* A task id or a user id, never both. */
static gboolean
read_id (JsonObject *body, char **task_id, char **user_id, GError **error)
{
  if (!relay_api_read_string (body, NULL, "taskId", RELAY_API_OPTIONAL, task_id, error)
      || !relay_api_read_string (body, NULL, "userId", RELAY_API_OPTIONAL, user_id, error))
    return FALSE;

  if (*task_id != NULL && *user_id != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "userId",
                           _ ("Give “taskId” (a relayed broadcast) or “userId” (a user’s stream), "
                              "not both"));
      return FALSE;
    }
  /* read again as required: missing or empty, the error says so */
  if (*user_id != NULL)
    return **user_id != '\0'
           || relay_api_read_string (body, NULL, "userId", RELAY_API_REQUIRED, user_id, error);
  return (*task_id != NULL && **task_id != '\0')
         || relay_api_read_string (body, NULL, "taskId", RELAY_API_REQUIRED, task_id, error);
}

gboolean
relay_api_relay_parse_start (JsonObject *body, RelayApiRelayStart *out, GError **error)
{
  JsonObject *layout = NULL;

  if (!read_id (body, &out->task_id, &out->user_id, error)
      || !relay_api_read_string_array (body, NULL, "pushUrls", RELAY_API_OPTIONAL, &out->push_urls,
                                       error)
      || !relay_api_read_object (body, NULL, "layout", RELAY_API_OPTIONAL, &layout, error)
      || !relay_api_read_string (body, NULL, "streamName", RELAY_API_OPTIONAL, &out->stream_name,
                                 error)
      || !relay_api_read_video_size (body, NULL, RELAY_API_OPTIONAL, &out->width, &out->height,
                                     error))
    return FALSE;

  if (out->push_urls != NULL && out->push_urls[0] == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "pushUrls",
                           _ ("“pushUrls” needs at least one URL (stoprtmp ends a task)"));
      return FALSE;
    }
  if (out->user_id != NULL && layout != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "layout",
                           _ ("A user’s push carries the user’s stream as it is: a layout needs a "
                              "“taskId”"));
      return FALSE;
    }
  if (out->user_id != NULL && out->stream_name != NULL
      && !g_str_equal (out->stream_name, out->user_id))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "streamName",
                           _ ("A user’s push carries the stream named by “userId”"));
      return FALSE;
    }
  if (layout != NULL && !(out->layout = relay_api_layout_parse (layout, error)))
    return FALSE;
  return TRUE;
}

gboolean
relay_api_relay_parse_stop (JsonObject *body, char **id, gboolean *by_user, GError **error)
{
  g_autofree char *task_id = NULL;
  g_autofree char *user_id = NULL;

  if (!read_id (body, &task_id, &user_id, error))
    return FALSE;
  *by_user = user_id != NULL;
  *id = *by_user ? g_steal_pointer (&user_id) : g_steal_pointer (&task_id);
  return TRUE;
}
