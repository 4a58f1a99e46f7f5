/* relay-scenes-cli.c
 *
 *   relaycast scenes list|show|remove …
 *
 * Scenes are made in the window or through the REST API; the command line
 * lists them, shows one, removes one, and puts one on air (`--scene NAME`).
 * They are named by the name people gave them, as `--scene` names them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-cli.h"
#include "relay-scenes-cli.h"

/* Reads the saved scenes into @store. A damaged file is moved aside and
 * reported; the store is empty then, and still usable. */
gboolean
relay_scenes_cli_load (RelaySceneStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_scene_store_load_async (store, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_scene_store_load_finish (store, result, error);
}

gboolean
relay_scenes_cli_save (RelaySceneStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  RelayCliWaiter waiter = { NULL };

  relay_scene_store_save_async (store, NULL, relay_cli_waiter_ready, &waiter);
  result = relay_cli_waiter_await (&waiter);
  return relay_scene_store_save_finish (store, result, error);
}

/**
 * relay_scenes_cli_lookup:
 * @name: what the user typed: a scene's name
 *
 * Returns: (transfer none): the scene, or %NULL with @error (a
 *   %G_OPTION_ERROR: the argument is wrong) listing the names there are
 */
RelayScene *
relay_scenes_cli_lookup (RelaySceneStore *store, const char *name, GError **error)
{
  RelayScene *scene = relay_scene_store_lookup_by_name (store, name);
  GListModel *scenes = relay_scene_store_get_scenes (store);
  guint n = g_list_model_get_n_items (scenes);
  g_autoptr (GString) names = NULL;

  if (scene != NULL)
    return scene;

  if (n == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("No saved scene is named “%s”: there are no saved scenes"), name);
      return NULL;
    }

  names = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayScene) saved = g_list_model_get_item (scenes, i);

      /* TRANSLATORS: one scene's name in the list of those there are */
      g_string_append_printf (names, _ ("%s“%s”"), i > 0 ? ", " : "", relay_scene_get_name (saved));
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("No saved scene is named “%s”; the saved scenes are %s"), name, names->str);
  return NULL;
}

static RelaySceneStore *
load_store (GError **error)
{
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);

  return relay_scenes_cli_load (store, error) ? g_steal_pointer (&store) : NULL;
}

/**
 * relay_scenes_cli_find_id:
 * @name: a saved scene's name, as `destination add --scene` takes it
 *
 * Destinations keep the scene's id, which a rename leaves as it was.
 *
 * Returns: (transfer full): the scene's id, or %NULL with @error set
 */
char *
relay_scenes_cli_find_id (const char *name, GError **error)
{
  g_autoptr (RelaySceneStore) store = load_store (error);
  RelayScene *scene = store ? relay_scenes_cli_lookup (store, name, error) : NULL;

  return scene ? g_strdup (relay_scene_get_id (scene)) : NULL;
}

/* Returns: (transfer full): the name of the saved scene @id, or @id when it is gone */
char *
relay_scenes_cli_name_of (const char *id)
{
  g_autoptr (RelaySceneStore) store = load_store (NULL);
  RelayScene *scene = store ? relay_scene_store_lookup (store, id) : NULL;

  return g_strdup (scene ? relay_scene_get_name (scene) : id);
}

static gboolean
is_on_air (RelaySceneStore *store, RelayScene *scene)
{
  return g_strcmp0 (relay_scene_store_get_program_scene (store), relay_scene_get_id (scene)) == 0;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* "Main (main-1a2b3c): 2 layers (on air)" */
static void
print_scene_line (RelaySceneStore *store, RelayScene *scene)
{
  guint n_layers = g_list_model_get_n_items (relay_scene_get_layers (scene));

  g_print (ngettext ("%s (%s): %u layer", "%s (%s): %u layers", n_layers),
           relay_scene_get_name (scene), relay_scene_get_id (scene), n_layers);
  g_print ("%s\n", is_on_air (store, scene) ? _ (" (on air)") : "");
}

static int
command_list (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (RelaySceneStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json,
                                     N_ ("Print them as scenes.json holds them"), NULL },
                                   { NULL } };
  GListModel *scenes;
  guint n;

  g_option_context_set_summary (context, _ ("Shows the saved scenes."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!relay_cli_parse_command (context, &argc, &argv, NULL, NULL, &error)
      || !(store = load_store (&error)))
    return relay_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonNode) node = relay_scene_store_to_json (store);

      print_json (node);
      return EXIT_SUCCESS;
    }

  scenes = relay_scene_store_get_scenes (store);
  n = g_list_model_get_n_items (scenes);
  if (n == 0)
    g_print ("%s\n", _ ("No saved scenes. Make them in the window or with POST /api/scenes."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (scenes, i);

      print_scene_line (store, scene);
    }
  return EXIT_SUCCESS;
}

/* "  2. color #0000ff at 880,440, 320×240, hidden" */
static void
print_layer (guint position, RelayLayer *layer)
{
  g_autoptr (GString) line = g_string_new (relay_layer_get_source (layer));
  RelayRect rect;

  if (g_str_equal (relay_layer_get_source (layer), RELAY_LAYER_SOURCE_COLOR))
    {
      g_autofree char *color = relay_color_to_string (relay_layer_get_color (layer));

      g_string_append_printf (line, " %s", color);
    }
  relay_layer_get_rect (layer, &rect);
  /* TRANSLATORS: a layer's place and size on the canvas, in pixels */
  g_string_append_printf (line, _ (" at %d,%d, %d×%d"), rect.x, rect.y, rect.width, rect.height);
  if (relay_layer_get_opacity (layer) < 1.0)
    g_string_append_printf (line, _ (", opacity %.0f%%"), relay_layer_get_opacity (layer) * 100);
  if (!relay_layer_get_visible (layer))
    g_string_append (line, _ (", hidden"));
  g_print ("  %u. %s\n", position, line->str);
}

static int
command_show (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("NAME"));
  g_autoptr (RelaySceneStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json,
                                     N_ ("Print it as scenes.json and the REST API write it"),
                                     NULL },
                                   { NULL } };
  const char *name = NULL;
  RelayScene *scene;
  GListModel *layers;

  g_option_context_set_summary (context,
                                _ ("Shows a saved scene’s layers, from the bottom to the top."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!relay_cli_parse_command (context, &argc, &argv, &name,
                                _ ("Give one scene name (see “relaycast scenes list”)"), &error)
      || !(store = load_store (&error)) || !(scene = relay_scenes_cli_lookup (store, name, &error)))
    return relay_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonNode) node = relay_scene_to_json (scene);

      print_json (node);
      return EXIT_SUCCESS;
    }

  print_scene_line (store, scene);
  layers = relay_scene_get_layers (scene);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);

      print_layer (i + 1, layer);
    }
  return EXIT_SUCCESS;
}

static int
command_remove (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("NAME"));
  g_autoptr (RelaySceneStore) store = NULL;
  g_autoptr (GError) error = NULL;
  const char *name = NULL;
  RelayScene *scene;

  g_option_context_set_summary (
      context, _ ("Removes a saved scene. If it was on air, the next start has no scene on air."));
  if (!relay_cli_parse_command (context, &argc, &argv, &name,
                                _ ("Give one scene name (see “relaycast scenes list”)"), &error)
      || !(store = load_store (&error)) || !(scene = relay_scenes_cli_lookup (store, name, &error))
      || !relay_scene_store_remove (store, relay_scene_get_id (scene), &error)
      || !relay_scenes_cli_save (store, &error))
    return relay_cli_fail (error);
  return EXIT_SUCCESS;
}

static void
print_usage (void)
{
  g_print ("%s\n", _ ("Usage:\n"
                      "  relaycast scenes list [--json]\n"
                      "  relaycast scenes show NAME [--json]\n"
                      "  relaycast scenes remove NAME\n"
                      "\n"
                      "Scenes are saved in $XDG_CONFIG_HOME/relaycast/scenes.json. Make them in\n"
                      "the window or with the REST API (POST /api/scenes).\n"
                      "Go live with one: relaycast --headless --scene NAME --output URL"));
}

int
relay_scenes_cli_run (int argc, char **argv)
{
  static const RelayCliCommand commands[] = {
    { "list", command_list },
    { "show", command_show },
    { "remove", command_remove },
  };

  return relay_cli_run_command ("scenes", commands, G_N_ELEMENTS (commands), print_usage, argc,
                                argv);
}
