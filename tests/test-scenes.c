/* test-scenes.c: layers and scenes round trip through JSON and refuse what is
 * wrong by name; a scene sums up its changes and keeps its layers in order;
 * scenes.json is saved a moment after changes, one write for many, read back
 * whole, moved aside when damaged and never written over when newer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "core/relay-error.h"
#include "core/scenes/relay-scene-store.h"
#include "relay-test-util.h"

#define DEADLINE_MS 10000

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
to_string (JsonNode *node)
{
  g_autoptr (JsonNode) owned = node;

  return json_to_string (owned, FALSE);
}

static RelayLayer *
layer_with_everything (void)
{
  RelayRect rect = { -20, 30, 640, 360 };
  RelayCrop crop = { 1, 2, 3, 4 };
  RelayLayer *layer = relay_layer_new (RELAY_LAYER_SOURCE_TEXT, &rect);

  relay_layer_set_name (layer, "Lower third");
  relay_layer_set_opacity (layer, 0.5);
  relay_layer_set_visible (layer, FALSE);
  relay_layer_set_fit (layer, RELAY_LAYER_FIT_COVER);
  relay_layer_set_crop (layer, &crop);
  relay_layer_set_volume (layer, 2.5);
  relay_layer_set_muted (layer, TRUE);
  relay_layer_set_text (layer, "Ада Лавлейс");
  relay_layer_set_font (layer, "Serif Italic 30");
  relay_layer_set_color (layer, 0x80112233);
  return layer;
}

static void
assert_same_layer (RelayLayer *a, RelayLayer *b)
{
  RelayRect rect_a, rect_b;
  RelayCrop crop_a, crop_b;

  relay_layer_get_rect (a, &rect_a);
  relay_layer_get_rect (b, &rect_b);
  relay_layer_get_crop (a, &crop_a);
  relay_layer_get_crop (b, &crop_b);
  g_assert_cmpstr (relay_layer_get_name (a), ==, relay_layer_get_name (b));
  g_assert_cmpstr (relay_layer_get_source (a), ==, relay_layer_get_source (b));
  g_assert_cmpmem (&rect_a, sizeof rect_a, &rect_b, sizeof rect_b);
  g_assert_cmpmem (&crop_a, sizeof crop_a, &crop_b, sizeof crop_b);
  g_assert_cmpfloat (relay_layer_get_opacity (a), ==, relay_layer_get_opacity (b));
  g_assert_cmpint (relay_layer_get_visible (a), ==, relay_layer_get_visible (b));
  g_assert_cmpint (relay_layer_get_fit (a), ==, relay_layer_get_fit (b));
  g_assert_cmpfloat (relay_layer_get_volume (a), ==, relay_layer_get_volume (b));
  g_assert_cmpint (relay_layer_get_muted (a), ==, relay_layer_get_muted (b));
  g_assert_cmpstr (relay_layer_get_text (a), ==, relay_layer_get_text (b));
  g_assert_cmpstr (relay_layer_get_font (a), ==, relay_layer_get_font (b));
  g_assert_cmphex (relay_layer_get_color (a), ==, relay_layer_get_color (b));
}

/* Every property goes out under the API's camelCase names and comes back. */
static void
test_layer_round_trip (void)
{
  g_autoptr (RelayLayer) layer = layer_with_everything ();
  g_autoptr (RelayLayer) again = NULL;
  g_autoptr (JsonNode) node = relay_layer_to_json (layer);
  g_autoptr (GError) error = NULL;
  g_autofree char *crop = NULL;
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, relay_layer_get_id (layer));
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "text");
  g_assert_cmpint (json_object_get_int_member (object, "x"), ==, -20);
  g_assert_cmpint (json_object_get_int_member (object, "height"), ==, 360);
  g_assert_cmpfloat (json_object_get_double_member (object, "opacity"), ==, 0.5);
  g_assert_false (json_object_get_boolean_member (object, "visible"));
  g_assert_cmpstr (json_object_get_string_member (object, "fit"), ==, "cover");
  crop = to_string (json_node_copy (json_object_get_member (object, "crop")));
  g_assert_cmpstr (crop, ==, "{\"left\":1,\"top\":2,\"right\":3,\"bottom\":4}");
  g_assert_cmpfloat (json_object_get_double_member (object, "volume"), ==, 2.5);
  g_assert_true (json_object_get_boolean_member (object, "muted"));
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "Ада Лавлейс");
  g_assert_cmpstr (json_object_get_string_member (object, "font"), ==, "Serif Italic 30");
  g_assert_cmpstr (json_object_get_string_member (object, "color"), ==, "#11223380");

  again = relay_layer_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relay_layer_get_id (again), ==, relay_layer_get_id (layer));
  assert_same_layer (again, layer);
}

/* Defaults stay out of the JSON, and come back as defaults; what this version
 * does not know is written back as it was. */
static void
test_layer_defaults (void)
{
  g_autoptr (JsonObject) object =
      parse_object ("{\"id\": \"l1\", \"source\": \"camera\", \"x\": 0, \"y\": 0, \"width\": 1280, "
                    "\"height\": 720, \"shadow\": {\"blur\": 4}}");
  g_autoptr (RelayLayer) layer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;

  layer = relay_layer_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (relay_layer_get_opacity (layer), ==, 1.0);
  g_assert_true (relay_layer_get_visible (layer));
  g_assert_cmpint (relay_layer_get_fit (layer), ==, RELAY_LAYER_FIT_STRETCH);
  g_assert_cmpfloat (relay_layer_get_volume (layer), ==, 1.0);
  g_assert_false (relay_layer_get_muted (layer));
  g_assert_cmpstr (relay_layer_get_font (layer), ==, RELAY_LAYER_DEFAULT_FONT);
  g_assert_cmphex (relay_layer_get_color (layer), ==, 0xFFFFFFFF);

  written = to_string (relay_layer_to_json (layer));
  g_assert_cmpstr (written, ==,
                   "{\"id\":\"l1\",\"source\":\"camera\",\"x\":0,\"y\":0,\"width\":1280,"
                   "\"height\":720,\"shadow\":{\"blur\":4}}");
}

static void
test_color (void)
{
  guint32 argb = 0;
  g_autofree char *opaque = relay_color_to_string (0xFF0A0B0C);
  g_autofree char *clear = relay_color_to_string (0x000A0B0C);

  g_assert_true (relay_color_parse ("#FF8000", &argb));
  g_assert_cmphex (argb, ==, 0xFFFF8000);
  g_assert_true (relay_color_parse ("#ff800040", &argb));
  g_assert_cmphex (argb, ==, 0x40FF8000);
  g_assert_cmpstr (opaque, ==, "#0a0b0c");
  g_assert_cmpstr (clear, ==, "#0a0b0c00");

  g_assert_false (relay_color_parse ("FF8000", &argb));
  g_assert_false (relay_color_parse ("#FF800", &argb));
  g_assert_false (relay_color_parse ("#FF80001", &argb));
  g_assert_false (relay_color_parse ("#GG8000", &argb));
  g_assert_false (relay_color_parse ("", &argb));
  g_assert_false (relay_color_parse (NULL, &argb));
}

typedef struct
{
  const char *json;
  const char *problem;
  /* the member a scene's error is about, as the REST API names it */
  const char *field;
} Invalid;

#define LAYER(members) "{\"id\": \"l1\", \"source\": \"test\", " members "}"

static const Invalid invalid_layers[] = {
  { LAYER ("\"opacity\": 1.5"), "layer “l1”: “opacity” must be a number from 0 to 1" },
  { LAYER ("\"opacity\": \"half\""), "layer “l1”: “opacity” must be a number" },
  { LAYER ("\"volume\": -1"), "layer “l1”: “volume” must be a number from 0 to 4" },
  { LAYER ("\"color\": \"#12345\""), "layer “l1”: “color” must be a color" },
  { LAYER ("\"color\": 16777215"), "layer “l1”: “color” must be a color" },
  { LAYER ("\"fit\": \"tile\""), "layer “l1”: “fit” must be one of stretch, contain, cover" },
  { LAYER ("\"width\": 0"), "layer “l1”: “width” must be a whole number from 1 to" },
  { LAYER ("\"x\": \"10\""), "layer “l1”: “x” must be a whole number" },
  { LAYER ("\"y\": 1.5"), "layer “l1”: “y” must be a whole number" },
  { LAYER ("\"visible\": \"yes\""), "layer “l1”: “visible” must be true or false" },
  { LAYER ("\"text\": 5"), "layer “l1”: “text” must be text" },
  { LAYER ("\"crop\": [1, 2]"), "layer “l1”: “crop” must be an object" },
  { LAYER ("\"crop\": {\"left\": -1}"), "layer “l1”: “crop.left” must be a whole number" },
  { "{\"id\": \"l1\", \"x\": 5}", "layer “l1”: “source” is missing" },
  { "{\"id\": \"l1\", \"source\": \"\"}", "layer “l1”: “source” is missing" },
  { "{\"source\": \"test\", \"opacity\": 2}", "a layer: “opacity”" },
  { "{\"id\": \"a b\", \"source\": \"test\"}", "a layer has no valid “id”" },
  { "{\"id\": 7, \"source\": \"test\"}", "a layer has no valid “id”" },
};

static void
test_layer_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_layers); i++)
    {
      g_autoptr (JsonObject) object = parse_object (invalid_layers[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (RelayLayer) layer = relay_layer_new_from_json (object, &error);

      g_test_message ("%s → %s", invalid_layers[i].json, error ? error->message : "(none)");
      g_assert_null (layer);
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (error->message, invalid_layers[i].problem));
    }
}

static const Invalid invalid_scenes[] = {
  { "{\"id\": \"s1\", \"layers\": [{\"id\": \"a\", \"source\": \"test\"}, "
    "{\"id\": \"a\", \"source\": \"camera\"}]}",
    "scene “s1”: two layers have the id “a”", "layers[1].id" },
  { "{\"id\": \"s1\", \"layers\": [{\"id\": \"a\", \"source\": \"test\", \"opacity\": -0.1}]}",
    "scene “s1”: layer “a”: “opacity” must be a number from 0 to 1", "layers[0].opacity" },
  { "{\"id\": \"s1\", \"layers\": [{\"source\": \"test\"}, {\"source\": \"test\", "
    "\"crop\": {\"top\": -1}}]}",
    "scene “s1”: a layer: “crop.top” must be a whole number", "layers[1].crop" },
  { "{\"id\": \"s1\", \"layers\": [{\"x\": 1}]}", "scene “s1”: a layer: “source” is missing",
    "layers[0].source" },
  { "{\"id\": \"s1\", \"layers\": {}}", "scene “s1”: “layers” is not a list", "layers" },
  { "{\"id\": \"s1\", \"layers\": [3]}", "scene “s1”: a layer is not a JSON object", "layers[0]" },
  { "{\"id\": \"s1\", \"name\": 3}", "scene “s1”: “name” must be text", "name" },
  { "{\"name\": \"Main\"}", "a scene has no valid “id”", "id" },
};

static void
test_scene_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_scenes); i++)
    {
      g_autoptr (JsonObject) object = parse_object (invalid_scenes[i].json);
      g_autoptr (GError) error = NULL;
      g_autofree char *field = NULL;
      g_autoptr (RelayScene) scene = relay_scene_new_from_json_full (object, &field, &error);

      g_test_message ("%s → %s", invalid_scenes[i].json, error ? error->message : "(none)");
      g_assert_null (scene);
      g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (error->message, invalid_scenes[i].problem));
      g_assert_cmpstr (field, ==, invalid_scenes[i].field);
    }
}

static RelayScene *
scene_with_layers (const char *id, const char *name, guint n_layers)
{
  RelayScene *scene = relay_scene_new (id, name);

  for (guint i = 0; i < n_layers; i++)
    {
      RelayRect rect = { 10 * i, 20 * i, 100 + i, 50 + i };
      g_autoptr (RelayLayer) layer = relay_layer_new ("test", &rect);

      relay_scene_add_layer (scene, layer);
    }
  return scene;
}

static void
test_scene_round_trip (void)
{
  g_autoptr (RelayScene) scene = scene_with_layers ("s1", "Interview", 2);
  g_autoptr (RelayLayer) everything = layer_with_everything ();
  g_autoptr (RelayScene) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  relay_scene_add_layer (scene, everything);
  node = relay_scene_to_json (scene);
  written = json_to_string (node, FALSE);
  again = relay_scene_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  rewritten = to_string (relay_scene_to_json (again));

  g_assert_cmpstr (rewritten, ==, written);
  g_assert_cmpstr (relay_scene_get_id (again), ==, "s1");
  g_assert_cmpstr (relay_scene_get_name (again), ==, "Interview");
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_get_layers (again)), ==, 3);
  assert_same_layer (relay_scene_find_layer (again, relay_layer_get_id (everything)), everything);
}

static void
count (gpointer instance, guint *counter)
{
  (*counter)++;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *counter)
{
  (*counter)++;
}

/* A listener woken by any of set_rect's notifications sees the whole new rectangle. */
static void
on_x_notified (RelayLayer *layer, GParamSpec *pspec, guint *counter)
{
  RelayRect rect;

  relay_layer_get_rect (layer, &rect);
  g_assert_cmpint (rect.height, ==, 90);
  (*counter)++;
}

static void
test_scene_changed (void)
{
  g_autoptr (RelayScene) scene = scene_with_layers ("s1", "Main", 1);
  g_autoptr (RelayLayer) layer = g_list_model_get_item (relay_scene_get_layers (scene), 0);
  g_autoptr (RelayLayer) other = NULL;
  RelayRect rect = { 1, 2, 3, 4 };
  RelayRect moved = { 5, 6, 70, 90 };
  RelayCrop crop = { 8, 0, 0, 0 };
  guint changed = 0, layer_changed = 0, notified = 0, x_notified = 0;

  relay_layer_set_rect (layer, &rect);
  g_signal_connect (scene, "changed", G_CALLBACK (count), &changed);
  g_signal_connect (layer, "changed", G_CALLBACK (count), &layer_changed);
  g_signal_connect (layer, "notify", G_CALLBACK (count_notify), &notified);
  g_signal_connect (layer, "notify::x", G_CALLBACK (on_x_notified), &x_notified);

  relay_layer_set_rect (layer, &moved);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (layer_changed, ==, 1);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_cmpuint (x_notified, ==, 1);
  g_signal_handlers_disconnect_by_func (layer, on_x_notified, &x_notified);

  /* no change, no signal */
  relay_layer_set_rect (layer, &moved);
  relay_layer_set_opacity (layer, 1.0);
  relay_scene_set_name (scene, "Main");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 4);

  relay_layer_set_crop (layer, &crop);
  g_assert_cmpuint (changed, ==, 2);
  g_object_set (layer, "opacity", 0.25, NULL);
  g_assert_cmpuint (changed, ==, 3);
  relay_layer_set_text (layer, "hello");
  g_assert_cmpuint (changed, ==, 4);
  relay_scene_set_name (scene, "Renamed");
  g_assert_cmpuint (changed, ==, 5);

  other = relay_layer_new ("camera", &rect);
  relay_scene_add_layer (scene, other);
  g_assert_cmpuint (changed, ==, 6);
  g_assert_true (relay_scene_move_layer (scene, relay_layer_get_id (other), 0));
  g_assert_cmpuint (changed, ==, 7);
  g_assert_true (relay_scene_remove_layer (scene, relay_layer_get_id (layer)));
  g_assert_cmpuint (changed, ==, 8);

  /* a layer that left the scene no longer changes it */
  relay_layer_set_rect (layer, &rect);
  g_assert_cmpuint (changed, ==, 8);
  relay_layer_set_visible (other, FALSE);
  g_assert_cmpuint (changed, ==, 9);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, GString *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static char *
order (RelayScene *scene)
{
  GListModel *layers = relay_scene_get_layers (scene);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);

      g_string_append (names, relay_layer_get_name (layer));
    }
  return g_string_free (names, FALSE);
}

static void
assert_order (RelayScene *scene, const char *expected)
{
  g_autofree char *names = order (scene);

  g_assert_cmpstr (names, ==, expected);
}

static RelayLayer *
named_layer (const char *name)
{
  RelayRect rect = { 0, 0, 16, 9 };
  RelayLayer *layer = relay_layer_new ("test", &rect);

  relay_layer_set_name (layer, name);
  return layer;
}

static void
test_scene_order (void)
{
  g_autoptr (RelayScene) scene = relay_scene_new ("s1", NULL);
  g_autoptr (GString) log = g_string_new (NULL);
  RelayLayer *layers[5];

  g_assert_cmpstr (relay_scene_get_name (scene), ==, "s1");
  g_signal_connect (relay_scene_get_layers (scene), "items-changed", G_CALLBACK (on_items_changed),
                    log);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      char name[2] = { 'a' + i, '\0' };

      layers[i] = named_layer (name);
    }

  relay_scene_add_layer (scene, layers[0]);
  relay_scene_add_layer (scene, layers[1]);
  relay_scene_insert_layer (scene, layers[2], 0);
  relay_scene_insert_layer (scene, layers[3], 99);
  assert_order (scene, "cabd");
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 0-0+1 3-0+1 ");
  g_string_truncate (log, 0);

  /* a move is one change spanning where the layer was and where it goes */
  g_assert_true (relay_scene_move_layer (scene, relay_layer_get_id (layers[2]), 2));
  assert_order (scene, "abcd");
  g_assert_true (relay_scene_move_layer (scene, relay_layer_get_id (layers[3]), 0));
  assert_order (scene, "dabc");
  g_assert_true (relay_scene_move_layer (scene, relay_layer_get_id (layers[0]), 99));
  assert_order (scene, "dbca");
  g_assert_true (relay_scene_move_layer (scene, relay_layer_get_id (layers[1]), 1));
  g_assert_false (relay_scene_move_layer (scene, relay_layer_get_id (layers[4]), 0));
  g_assert_cmpstr (log->str, ==, "0-3+3 0-4+4 1-3+3 ");
  g_string_truncate (log, 0);

  g_assert_true (relay_scene_remove_layer (scene, relay_layer_get_id (layers[1])));
  g_assert_false (relay_scene_remove_layer (scene, relay_layer_get_id (layers[1])));
  assert_order (scene, "dca");
  g_assert_cmpstr (log->str, ==, "1-1+0 ");
  g_assert_true (relay_scene_find_layer (scene, relay_layer_get_id (layers[2])) == layers[2]);
  g_assert_null (relay_scene_find_layer (scene, relay_layer_get_id (layers[1])));

  /* a second layer with an id the scene has is a mistake of the caller */
  g_test_expect_message ("relaycast-core", G_LOG_LEVEL_CRITICAL, "*relay_scene_find_layer*");
  relay_scene_add_layer (scene, layers[3]);
  g_test_assert_expected_messages ();
  assert_order (scene, "dca");

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    g_object_unref (layers[i]);
}

static void
test_scene_duplicate (void)
{
  g_autoptr (RelayScene) scene = scene_with_layers ("s1", "Main", 2);
  g_autoptr (RelayLayer) everything = layer_with_everything ();
  g_autoptr (RelayScene) copy = NULL;
  GListModel *layers, *copied;

  relay_scene_add_layer (scene, everything);
  copy = relay_scene_duplicate (scene, "s2", "Main (copy)");
  g_assert_cmpstr (relay_scene_get_id (copy), ==, "s2");
  g_assert_cmpstr (relay_scene_get_name (copy), ==, "Main (copy)");

  layers = relay_scene_get_layers (scene);
  copied = relay_scene_get_layers (copy);
  g_assert_cmpuint (g_list_model_get_n_items (copied), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (RelayLayer) a = g_list_model_get_item (layers, i);
      g_autoptr (RelayLayer) b = g_list_model_get_item (copied, i);

      g_assert_true (a != b);
      g_assert_cmpstr (relay_layer_get_id (a), !=, relay_layer_get_id (b));
      assert_same_layer (a, b);
    }
}

/* The ids of @scene's layers, bottom first, joined by spaces */
static char *
layer_ids (RelayScene *scene)
{
  GListModel *layers = relay_scene_get_layers (scene);
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr (RelayLayer) layer = g_list_model_get_item (layers, i);

      g_strv_builder_add (ids, relay_layer_get_id (layer));
    }
  list = g_strv_builder_end (ids);
  return g_strjoinv (" ", list);
}

/* A scene replaced by another of its id (a PUT of the REST API) keeps its
 * object and the layers it keeps: what shows it moves them live. */
static void
test_scene_replace (void)
{
  g_autoptr (JsonObject) before = parse_object (
      "{\"id\": \"s1\", \"name\": \"Main\", \"layers\": ["
      "{\"id\": \"bg\", \"source\": \"color\", \"color\": \"#ff0000\", \"width\": 1280, "
      "\"height\": 720},"
      "{\"id\": \"pip\", \"source\": \"color\", \"x\": 880, \"y\": 440, \"width\": 320, "
      "\"height\": 240},"
      "{\"id\": \"logo\", \"source\": \"test\", \"width\": 64, \"height\": 64}]}");
  g_autoptr (JsonObject) after = parse_object (
      "{\"id\": \"s1\", \"name\": \"Renamed\", \"future\": true, \"layers\": ["
      "{\"id\": \"title\", \"source\": \"text\", \"text\": \"Hi\", \"width\": 400, "
      "\"height\": 80},"
      "{\"id\": \"pip\", \"source\": \"color\", \"x\": 80, \"y\": 80, \"width\": 320, "
      "\"height\": 240, \"opacity\": 0.5},"
      "{\"id\": \"bg\", \"source\": \"color\", \"color\": \"#ff0000\", \"width\": 1280, "
      "\"height\": 720}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayScene) scene = relay_scene_new_from_json (before, &error);
  g_autoptr (RelayScene) wanted = relay_scene_new_from_json (after, &error);
  g_autoptr (RelayLayer) pip = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *json = NULL;
  g_autofree char *wanted_json = NULL;
  guint changed = 0, pip_changed = 0;
  RelayRect rect;

  g_assert_no_error (error);
  pip = g_object_ref (relay_scene_find_layer (scene, "pip"));
  g_signal_connect (scene, "changed", G_CALLBACK (count), &changed);
  g_signal_connect (pip, "changed", G_CALLBACK (count), &pip_changed);

  relay_scene_replace (scene, wanted);
  /* one change for the whole, one for the layer however many settings moved */
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (pip_changed, ==, 1);
  g_assert_cmpstr (relay_scene_get_name (scene), ==, "Renamed");
  ids = layer_ids (scene);
  g_assert_cmpstr (ids, ==, "title pip bg");
  /* the same layer object, moved */
  g_assert_true (relay_scene_find_layer (scene, "pip") == pip);
  relay_layer_get_rect (pip, &rect);
  g_assert_cmpint (rect.x, ==, 80);
  g_assert_cmpfloat (relay_layer_get_opacity (pip), ==, 0.5);
  json = to_string (relay_scene_to_json (scene));
  wanted_json = to_string (relay_scene_to_json (wanted));
  g_assert_cmpstr (json, ==, wanted_json);

  /* the same again changes nothing */
  relay_scene_replace (scene, wanted);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (pip_changed, ==, 1);
}

/* The store */

static gboolean
load (RelaySceneStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_scene_store_load_async (store, NULL, relay_test_keep_result, &result);
  return relay_scene_store_load_finish (store, relay_test_wait_for_result (&result), error);
}

static gboolean
save (RelaySceneStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  relay_scene_store_save_async (store, NULL, relay_test_keep_result, &result);
  return relay_scene_store_save_finish (store, relay_test_wait_for_result (&result), error);
}

static char *
scenes_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "relaycast", "scenes.json", NULL);
}

static void
write_file (const char *path, const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Polls @predicate every few milliseconds until it holds or the deadline. */
static gboolean
poll_until (RelayTestPredicate predicate, gpointer user_data)
{
  guint ticker = g_timeout_add (20, tick, NULL);
  gboolean done = relay_test_wait_until (predicate, user_data, DEADLINE_MS);

  g_source_remove (ticker);
  return done;
}

static char *
store_as_json (RelaySceneStore *store)
{
  GListModel *scenes = relay_scene_store_get_scenes (store);
  g_autoptr (GString) text = g_string_new (relay_scene_store_get_program_scene (store));

  for (guint i = 0; i < g_list_model_get_n_items (scenes); i++)
    {
      g_autoptr (RelayScene) scene = g_list_model_get_item (scenes, i);
      g_autofree char *json = to_string (relay_scene_to_json (scene));

      g_string_append_printf (text, "\n%s", json);
    }
  return g_strdup (text->str);
}

static void
test_store_round_trip (void)
{
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (RelaySceneStore) again = relay_scene_store_new (NULL);
  g_autoptr (RelayScene) main_scene = scene_with_layers ("main", "Main", 2);
  g_autoptr (RelayScene) interview = scene_with_layers ("interview", "Interview", 1);
  g_autoptr (RelayLayer) everything = layer_with_everything ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = scenes_path ();
  g_autofree char *saved = NULL;
  g_autofree char *loaded = NULL;
  g_autoptr (JsonObject) root = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpstr (relay_scene_store_get_path (store), ==, path);
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  relay_scene_add_layer (interview, everything);
  g_assert_true (relay_scene_store_add (store, main_scene, &error));
  g_assert_true (relay_scene_store_add (store, interview, &error));
  relay_scene_store_set_program_scene (store, "interview");
  g_assert_true (save (store, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  root = parse_object (contents);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, RELAY_SCENE_STORE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (root, "programScene"), ==, "interview");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "scenes")), ==, 2);

  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  saved = store_as_json (store);
  loaded = store_as_json (again);
  g_assert_cmpstr (loaded, ==, saved);
  g_assert_cmpstr (relay_scene_store_get_program_scene (again), ==, "interview");
  g_assert_nonnull (relay_scene_store_lookup_by_name (again, "Interview"));
}

static void
test_store_list (void)
{
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (RelayScene) a = relay_scene_new ("a", "Main");
  g_autoptr (RelayScene) same_id = relay_scene_new ("a", "Other");
  g_autoptr (RelayScene) same_name = relay_scene_new ("b", "Main");
  g_autoptr (GError) error = NULL;
  g_autofree char *id = relay_scene_store_make_id (store, "scene");

  g_assert_true (g_regex_match_simple ("^scene-[0-9a-f]{6}$", id, 0, 0));
  g_assert_true (relay_scene_store_add (store, a, &error));
  g_assert_false (relay_scene_store_add (store, same_id, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (relay_scene_store_add (store, same_name, &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "“Main”"));
  g_clear_error (&error);

  relay_scene_store_set_program_scene (store, "a");
  g_assert_true (relay_scene_store_remove (store, "a", &error));
  g_assert_null (relay_scene_store_get_program_scene (store));
  g_assert_false (relay_scene_store_remove (store, "a", &error));
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (store)), ==, 0);

  /* written now rather than when the store goes, after the test */
  g_assert_true (save (store, &error));
}

static void
test_store_missing_file (void)
{
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = scenes_path ();

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (store)), ==, 0);
  g_assert_null (relay_scene_store_get_program_scene (store));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char *
find_backup (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *prefix = g_strconcat (path, ".broken-", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (folder, name, NULL);

      if (g_str_has_prefix (child, prefix))
        {
          g_assert_null (found);
          found = g_steal_pointer (&child);
        }
    }
  return found;
}

static const Invalid damaged_files[] = {
  { "{\"version\": 1, \"scenes\": [{\"id\": \"main\", \"layers\": [", "Parse error" },
  { "{\"version\": 1, \"scenes\": [{\"id\": \"main\", \"layers\": [{\"id\": \"a\", "
    "\"source\": \"test\", \"fit\": \"tile\"}]}]}",
    "scene “main”: layer “a”: “fit” must be one of" },
  { "{\"version\": 1, \"scenes\": [{\"id\": \"a\", \"name\": \"Main\"}, "
    "{\"id\": \"b\", \"name\": \"Main\"}]}",
    "two scenes are named “Main”" },
  { "{\"version\": 1, \"scenes\": [{\"id\": \"a\"}, {\"id\": \"a\", \"name\": \"B\"}]}",
    "two scenes have the id “a”" },
  { "{\"version\": 1, \"programScene\": 3, \"scenes\": []}", "“programScene”" },
  { "{\"scenes\": []}", "no schema “version”" },
};

/* A damaged file is reported, naming it and what is wrong, kept aside byte for
 * byte, and the store starts empty. */
static void
test_store_damaged (gconstpointer data)
{
  const Invalid *damaged = data;
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = scenes_path ();
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;

  write_file (path, damaged->json);
  g_assert_false (load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, damaged->problem));

  backup = find_backup (path);
  g_assert_nonnull (backup);
  g_assert_nonnull (strstr (error->message, backup));
  kept = read_file (backup);
  g_assert_cmpstr (kept, ==, damaged->json);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (relay_scene_store_get_scenes (store)), ==, 0);
}

/* A file from a newer Relaycast is neither read nor written over. */
static void
test_store_newer (void)
{
  const char *newer = "{\"version\": 2, \"scenes\": [{\"id\": \"x\", \"shape\": \"new\"}]}\n";
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (RelayScene) scene = scene_with_layers ("main", "Main", 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = scenes_path ();
  g_autofree char *after = NULL;

  write_file (path, newer);
  g_assert_false (load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "newer Relaycast (schema version 2"));
  g_clear_error (&error);

  g_assert_true (relay_scene_store_add (store, scene, &error));
  g_assert_false (save (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  after = read_file (path);
  g_assert_cmpstr (after, ==, newer);
  g_assert_null (find_backup (path));
}

typedef struct
{
  char *path;
  RelayRect rect;
  guint writes;
} Autosave;

static gboolean
file_has_rect (gpointer user_data)
{
  Autosave *autosave = user_data;
  g_autofree char *contents = read_file (autosave->path);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *layer;

  if (contents == NULL || !json_parser_load_from_data (parser, contents, -1, NULL))
    return FALSE;
  layer = json_array_get_object_element (
      json_object_get_array_member (
          json_array_get_object_element (
              json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "scenes"),
              0),
          "layers"),
      0);
  return json_object_get_int_member (layer, "x") == autosave->rect.x
         && json_object_get_int_member (layer, "y") == autosave->rect.y
         && json_object_get_int_member (layer, "width") == autosave->rect.width
         && json_object_get_int_member (layer, "height") == autosave->rect.height;
}

/* Each write replaces the file by renaming a new one over it. */
static void
on_folder_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                   Autosave *autosave)
{
  GFile *landed = event == G_FILE_MONITOR_EVENT_RENAMED ? other : file;
  g_autofree char *path = landed ? g_file_get_path (landed) : NULL;

  if ((event == G_FILE_MONITOR_EVENT_RENAMED || event == G_FILE_MONITOR_EVENT_MOVED_IN
       || event == G_FILE_MONITOR_EVENT_CREATED)
      && g_strcmp0 (path, autosave->path) == 0)
    autosave->writes++;
}

static gboolean
written_once (gpointer user_data)
{
  Autosave *autosave = user_data;

  return autosave->writes > 0 && file_has_rect (autosave);
}

/* A drag: a hundred steps, the main loop turning between them, saved without
 * asking, in a few writes rather than a hundred; disposing of the store saves
 * what is still pending. */
static void
test_store_autosave (void)
{
  g_autoptr (RelaySceneStore) store = relay_scene_store_new (NULL);
  g_autoptr (RelayScene) scene = scene_with_layers ("main", "Main", 1);
  g_autoptr (RelayLayer) layer = g_list_model_get_item (relay_scene_get_layers (scene), 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GFileMonitor) monitor = NULL;
  g_autofree char *folder_path = NULL;
  Autosave autosave = { scenes_path () };

  folder_path = g_path_get_dirname (autosave.path);
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  folder = g_file_new_for_path (folder_path);
  monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_folder_changed), &autosave);

  g_assert_true (load (store, &error));
  g_assert_true (relay_scene_store_add (store, scene, &error));
  for (int i = 0; i < 100; i++)
    {
      autosave.rect = (RelayRect){ i, 2 * i, 320 + i, 180 + i };
      relay_layer_set_rect (layer, &autosave.rect);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_assert_true (poll_until (written_once, &autosave));
  g_test_message ("%u writes", autosave.writes);
  g_assert_cmpuint (autosave.writes, <, 10);

  /* a change still waiting when the store goes is written all the same */
  autosave.rect = (RelayRect){ -5, -6, 7, 8 };
  relay_layer_set_rect (layer, &autosave.rect);
  g_clear_object (&store);
  g_assert_true (poll_until (file_has_rect, &autosave));

  g_free (autosave.path);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/scenes/layer/round-trip", test_layer_round_trip);
  g_test_add_func ("/scenes/layer/defaults", test_layer_defaults);
  g_test_add_func ("/scenes/layer/color", test_color);
  g_test_add_func ("/scenes/layer/invalid", test_layer_invalid);
  g_test_add_func ("/scenes/scene/round-trip", test_scene_round_trip);
  g_test_add_func ("/scenes/scene/invalid", test_scene_invalid);
  g_test_add_func ("/scenes/scene/changed", test_scene_changed);
  g_test_add_func ("/scenes/scene/order", test_scene_order);
  g_test_add_func ("/scenes/scene/duplicate", test_scene_duplicate);
  g_test_add_func ("/scenes/scene/replace", test_scene_replace);
  g_test_add_func ("/scenes/store/round-trip", test_store_round_trip);
  g_test_add_func ("/scenes/store/list", test_store_list);
  g_test_add_func ("/scenes/store/missing-file", test_store_missing_file);
  for (guint i = 0; i < G_N_ELEMENTS (damaged_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/scenes/store/damaged/%u", i);

      g_test_add_data_func (name, &damaged_files[i], test_store_damaged);
    }
  g_test_add_func ("/scenes/store/newer-schema", test_store_newer);
  g_test_add_func ("/scenes/store/autosave", test_store_autosave);

  return g_test_run ();
}
