/* relay-api-scenes.c
 *
 * The saved scenes, and which is on air, in the shape scenes.json holds them:
 *
 *   GET    /api/scenes               {"programScene": id or null, "scenes": [scene…]}
 *   POST   /api/scenes               a scene (its id made when missing): 201, Location
 *   GET    /api/scenes/:id           the scene
 *   PUT    /api/scenes/:id           its name and layers replaced: the scene
 *   DELETE /api/scenes/:id           204; a scene on air leaves the air
 *   POST   /api/scenes/:id/activate  {"fade": ms} optional: 204
 *
 * They are the director's scenes, the window's too: a scene changed here is
 * changed everywhere, and on air at once. PUT changes the scene in place
 * (RelayScene's replace), so a scene on air moves its layers live rather
 * than being cut to a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-api-scenes.h"

#define SCENES_PATH "/api/scenes"

struct _RelayApiScenes
{
  GObject parent_instance;

  RelayApiContext *context;
};

G_DEFINE_FINAL_TYPE (RelayApiScenes, relay_api_scenes, G_TYPE_OBJECT)

/* NULL with a 503 until the window or the command line has made a director. */
static RelayDirector *
get_director (RelayApiScenes *self, GError **error)
{
  RelayDirector *director =
      relay_broadcast_get_director (relay_api_context_get_broadcast (self->context));

  if (director == NULL)
    relay_api_set_error (error, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL,
                         _ ("Scenes are not available"));
  return director;
}

/* The scene of the path's id: NULL with a 404 when there is none. */
static RelayScene *
lookup_scene (RelaySceneStore *store, RelayApiRequest *request, GError **error)
{
  const char *id = relay_api_request_get_param (request, "sceneId");
  RelayScene *scene = relay_scene_store_lookup (store, id);

  if (scene == NULL)
    relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, "sceneId", _ ("No scene has the id “%s”"),
                         id);
  return scene;
}

/* A layer may show another stream, never the program it is composed on:
 * the picture would feed itself. */
static gboolean
check_sources (RelayApiScenes *self, RelayScene *scene, GError **error)
{
  RelayStudio *studio = relay_api_context_get_studio (self->context);
  GListModel *layers = relay_scene_get_layers (scene);

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);
      const char *source = relay_layer_get_source (layer);
      g_autofree char *field = NULL;
      const char *name;
      RelayStream *stream;

      if (!g_str_has_prefix (source, RELAY_LAYER_SOURCE_STREAM))
        continue;
      name = source + strlen (RELAY_LAYER_SOURCE_STREAM);
      stream = relay_studio_lookup_stream (studio, name);
      field = g_strdup_printf ("layers[%u].source", i);
      if (stream == NULL)
        {
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("No stream named “%s”"),
                               name);
          return FALSE;
        }
      if (stream == relay_studio_get_program (studio))
        {
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                               _ ("A scene cannot show “%s”: it is the program the scene is "
                                  "composed on"),
                               name);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * parse_scene:
 * @id: the scene's id: the path's (PUT), or NULL to take the body's or make
 *   one (POST)
 *
 * Returns: (transfer full): the body's scene, checked, or %NULL with @error
 *   naming the field at fault
 */
static RelayScene *
parse_scene (RelayApiScenes *self, RelayApiRequest *request, RelaySceneStore *store, const char *id,
             GError **error)
{
  g_autoptr (JsonObject) body = relay_api_request_read_object (request, error);
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (GList) members = NULL;
  g_autoptr (RelayScene) scene = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *given_id = NULL;
  g_autofree char *made_id = NULL;
  g_autofree char *field = NULL;

  if (body == NULL
      || !relay_api_read_string (body, NULL, "id", RELAY_API_OPTIONAL, &given_id, error))
    return NULL;
  if (id != NULL && given_id != NULL && !g_str_equal (id, given_id))
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "id",
                           _ ("“id” must be the scene’s, “%s”, or left out"), id);
      return NULL;
    }
  if (id == NULL)
    id = given_id ? given_id : (made_id = relay_scene_store_make_id (store, "scene"));

  /* the body's members (read-only, as parsed) with the id the scene takes */
  object = json_object_new ();
  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_ref (json_object_get_member (body, l->data)));
  json_object_set_string_member (object, "id", id);

  scene = relay_scene_new_from_json_full (object, &field, &local_error);
  if (scene == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, "%s", local_error->message);
      return NULL;
    }
  if (!check_sources (self, scene, error))
    return NULL;
  return g_steal_pointer (&scene);
}

static void
reply_scene (RelayApiRequest *request, guint status, RelayScene *scene)
{
  g_autoptr (JsonNode) answer = relay_scene_to_json (scene);

  relay_api_request_reply_json (request, status, answer);
}

/* Handlers */

static void
handle_list (RelayApiRequest *request, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (user_data, &error);
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonNode) answer = NULL;
  RelaySceneStore *store;
  GListModel *scenes;
  JsonArray *array;

  if (director == NULL)
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  store = relay_director_get_store (director);
  object = json_object_new ();
  json_object_set_string_member (object, "programScene",
                                 relay_scene_store_get_program_scene (store));
  scenes = relay_scene_store_get_scenes (store);
  array = json_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (scenes); i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (scenes, i);

      json_array_add_element (array, relay_scene_to_json (scene));
    }
  json_object_set_array_member (object, "scenes", array);
  answer = json_node_init_object (json_node_alloc (), object);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

static void
handle_create (RelayApiRequest *request, gpointer user_data)
{
  RelayApiScenes *self = user_data;
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (self, &error);
  RelaySceneStore *store = director ? relay_director_get_store (director) : NULL;
  g_autoptr (RelayScene) scene = NULL;
  g_autofree char *location = NULL;

  if (store != NULL && (scene = parse_scene (self, request, store, NULL, &error)) != NULL)
    {
      if (relay_scene_store_lookup (store, relay_scene_get_id (scene)) != NULL)
        relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "id",
                             _ ("A scene with the id “%s” already exists"),
                             relay_scene_get_id (scene));
      else if (relay_scene_store_lookup_by_name (store, relay_scene_get_name (scene)) != NULL)
        relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "name",
                             _ ("A scene named “%s” already exists"), relay_scene_get_name (scene));
      else
        relay_scene_store_add (store, scene, &error);
    }
  if (error != NULL)
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  g_debug ("scene %s made", relay_scene_get_id (scene));
  location = g_strconcat (SCENES_PATH "/", relay_scene_get_id (scene), NULL);
  soup_message_headers_replace (
      soup_server_message_get_response_headers (relay_api_request_get_message (request)),
      "Location", location);
  reply_scene (request, SOUP_STATUS_CREATED, scene);
}

static void
handle_get (RelayApiRequest *request, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (user_data, &error);
  RelayScene *scene = NULL;

  if (director != NULL)
    scene = lookup_scene (relay_director_get_store (director), request, &error);
  if (scene == NULL)
    relay_api_request_reply_error (request, error);
  else
    reply_scene (request, SOUP_STATUS_OK, scene);
}

static void
handle_replace (RelayApiRequest *request, gpointer user_data)
{
  RelayApiScenes *self = user_data;
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (self, &error);
  RelaySceneStore *store = director ? relay_director_get_store (director) : NULL;
  RelayScene *scene = store ? lookup_scene (store, request, &error) : NULL;
  g_autoptr (RelayScene) wanted = NULL;
  RelayScene *named;

  if (scene != NULL
      && (wanted = parse_scene (self, request, store, relay_scene_get_id (scene), &error)) != NULL)
    {
      named = relay_scene_store_lookup_by_name (store, relay_scene_get_name (wanted));
      if (named != NULL && named != scene)
        relay_api_set_error (&error, SOUP_STATUS_CONFLICT, "name",
                             _ ("A scene named “%s” already exists"),
                             relay_scene_get_name (wanted));
    }
  if (error != NULL)
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  g_debug ("scene %s replaced", relay_scene_get_id (scene));
  relay_scene_replace (scene, wanted);
  reply_scene (request, SOUP_STATUS_OK, scene);
}

static void
handle_delete (RelayApiRequest *request, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (user_data, &error);
  RelaySceneStore *store = director ? relay_director_get_store (director) : NULL;
  RelayScene *scene = store ? lookup_scene (store, request, &error) : NULL;

  if (scene == NULL || !relay_scene_store_remove (store, relay_scene_get_id (scene), &error))
    relay_api_request_reply_error (request, error);
  else
    relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

static void
handle_activate (RelayApiRequest *request, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  RelayDirector *director = get_director (user_data, &error);
  RelayScene *scene =
      director ? lookup_scene (relay_director_get_store (director), request, &error) : NULL;
  g_autoptr (JsonObject) body = NULL;
  guint fade_ms = 0;

  if (scene == NULL || !relay_api_request_read_optional_object (request, &body, &error)
      || (body != NULL
          && !relay_api_read_uint (body, NULL, "fade", RELAY_API_OPTIONAL,
                                   RELAY_API_SCENES_MAX_FADE_MS, &fade_ms, &error))
      || !relay_director_activate (director, relay_scene_get_id (scene), fade_ms, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }
  relay_api_request_reply_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* GObject */

RelayApiScenes *
relay_api_scenes_new (RelayApiContext *context)
{
  RelayApiScenes *self = g_object_new (RELAY_TYPE_API_SCENES, NULL);

  self->context = context;
  relay_api_context_add_route (context, "GET", SCENES_PATH, handle_list, self);
  relay_api_context_add_route (context, "POST", SCENES_PATH, handle_create, self);
  relay_api_context_add_route (context, "GET", SCENES_PATH "/:sceneId", handle_get, self);
  relay_api_context_add_route (context, "PUT", SCENES_PATH "/:sceneId", handle_replace, self);
  relay_api_context_add_route (context, "DELETE", SCENES_PATH "/:sceneId", handle_delete, self);
  relay_api_context_add_route (context, "POST", SCENES_PATH "/:sceneId/activate", handle_activate,
                               self);
  return self;
}

static void
relay_api_scenes_class_init (RelayApiScenesClass *klass)
{
}

static void
relay_api_scenes_init (RelayApiScenes *self)
{
}
