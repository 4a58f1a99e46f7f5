/* relay-screenshots.c: drives the real window for data/screenshots/take-screenshots.sh
 *
 *   relay-screenshots OUTPUT_DIR RTMP_PORT
 *
 * Saves three destinations (two on the local nginx-rtmp at RTMP_PORT, one on
 * a closed port so that it fails), then shows the window idle, live on them
 * with a scene on air (the test pattern again as a picture-in-picture), its
 * Scenes page, then the destination dialog, and after each state is reached
 * captures the screen with `xwd -root | convert`; live, it also saves the
 * window alone at 360×640, as a phone shows it. It runs under tests/peers/with-keyring.sh,
 * which gives it a keyring and a configuration folder of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-layer-list.h"

#define TIMEOUT_MS 30000

typedef struct
{
  const char *provider_id;
  const char *name;
  char *server;
  const char *key;
} Destination;

static void
capture (const char *directory, const char *name)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command =
      g_strdup_printf ("sh -c 'xwd -root -silent | convert xwd:- png:%s'", quoted);
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("cannot capture %s: %s", name, error->message);
  g_print ("%s\n", path);
}

/* Saved, with its key in the keyring, before the window starts. */
static void
save_destination (const Destination *destination)
{
  g_autofree char *id = g_strdup_printf ("%s-screenshot", destination->provider_id);
  g_autoptr (RelayDestination) saved =
      relay_destination_new (id, destination->provider_id, RELAY_DESTINATION_KIND_RTMP);

  g_object_set (saved, "name", destination->name, "server-url", destination->server, "attempts", 1,
                "retry-delay", 1, NULL);
  relay_ui_test_save_destination (saved, destination->key);
}

typedef struct
{
  RelayWindow *window;
  RelayPreview *preview;
} Scene;

static gboolean
preview_running (gpointer user_data)
{
  Scene *scene = user_data;

  return relay_preview_get_frames_shown (scene->preview) > 60;
}

static gboolean
all_listed (gpointer user_data)
{
  Scene *scene = user_data;

  return g_list_model_get_n_items (relay_window_get_destinations (scene->window)) == 3;
}

/* Two destinations live and sending, the third failing. */
static gboolean
live_scene_ready (gpointer user_data)
{
  Scene *scene = user_data;
  GListModel *destinations = relay_window_get_destinations (scene->window);

  for (guint i = 0; i < g_list_model_get_n_items (destinations); i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (destinations, i);
      RelayOutput *output = relay_destination_item_get_output (item);
      gboolean failing = i == 2;

      /* given up on, or trying again after its failure */
      if (failing && relay_destination_item_get_error (item) == NULL
          && (output == NULL
              || (relay_output_get_state (output) != RELAY_OUTPUT_STATE_FAILED
                  && relay_output_get_state (output) != RELAY_OUTPUT_STATE_RETRYING)))
        return FALSE;
      if (!failing
          && (output == NULL || relay_output_get_state (output) != RELAY_OUTPUT_STATE_LIVE
              || relay_output_get_bitrate (output) == 0
              || relay_output_get_uptime_us (output) < 5 * G_USEC_PER_SEC))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scenes_loaded (gpointer window)
{
  return relay_window_get_director (window) != NULL;
}

/* The window has drawn what it was asked to: the preview has drawn @frames since */
static void
wait_for_frames (Scene *scene, guint frames)
{
  RelayUiTestFrameWait wait = { scene->preview,
                                relay_preview_get_frames_shown (scene->preview) + frames };

  if (!relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS))
    g_error ("the preview stopped");
}

static gpointer
window_child (RelayWindow *window, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, name);
}

/* A scene of the test pattern over itself, in the bottom-right quarter, not
 * outlined yet */
static void
put_scene_on_air (RelayWindow *window)
{
  if (!relay_test_wait_until (scenes_loaded, window, TIMEOUT_MS))
    g_error ("the saved scenes did not load");
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-scene", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-layer",
                                  g_variant_new_string ("test"));
  relay_layer_list_select (window_child (window, "layer_list"), NULL);
}

static gboolean
shows_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_type (child, type))
        return TRUE;
    }
  return FALSE;
}

/* The failure's toast has gone (AdwToastWidget is libadwaita's own). */
static gboolean
toasts_gone (gpointer window)
{
  GType toast = g_type_from_name ("AdwToastWidget");

  return toast == G_TYPE_INVALID || !shows_type (window, toast);
}

typedef struct
{
  GtkWidget *dialog;
  RelayPreview *preview;
  guint64 frames;
} DialogShown;

/* The dialog is on screen and the window behind it has drawn since. */
static gboolean
dialog_drawn (gpointer user_data)
{
  DialogShown *shown = user_data;

  if (!gtk_widget_get_mapped (shown->dialog))
    return FALSE;
  if (shown->frames == 0)
    shown->frames = relay_preview_get_frames_shown (shown->preview) + 15;
  return relay_preview_get_frames_shown (shown->preview) >= shown->frames;
}

int
main (int argc, char *argv[])
{
  g_autofree char *locale_dir = NULL;
  RelayRunOptions options = { 0 };
  RelayApplication *application;
  RelayWindow *window;
  Destination destinations[3];
  Scene scene;
  GtkWidget *dialog;
  guint port;

  if (argc != 3)
    {
      g_printerr ("usage: relay-screenshots OUTPUT_DIR RTMP_PORT\n");
      return 2;
    }
  port = (guint) g_ascii_strtoull (argv[2], NULL, 10);

  setlocale (LC_ALL, "");
  locale_dir = g_build_filename (BUILD_ROOT, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  gst_init (&argc, &argv);

  destinations[0] =
      (Destination){ "youtube", "YouTube", g_strdup_printf ("rtmp://127.0.0.1:%u/live", port),
                     "yt-2f9c-8k1q-55ab" };
  destinations[1] =
      (Destination){ "twitch", "Twitch", g_strdup_printf ("rtmp://127.0.0.1:%u/live", port),
                     "live_81234_abcd" };
  destinations[2] = (Destination){ "facebook", "Facebook Live",
                                   g_strdup ("rtmps://127.0.0.1:1/rtmp/"), "FB-1234567890-abc" };
  for (guint i = 0; i < G_N_ELEMENTS (destinations); i++)
    save_destination (&destinations[i]);

  options.source = (char *) "test";
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_resize (GTK_WINDOW (window), 1280, 800);
  scene = (Scene){ window, relay_window_get_preview (window) };
  if (!relay_test_wait_until (all_listed, &scene, TIMEOUT_MS))
    g_error ("the saved destinations are not listed");

  if (!relay_test_wait_until (preview_running, &scene, TIMEOUT_MS))
    g_error ("the preview shows nothing");
  capture (argv[1], "main-idle.png");

  put_scene_on_air (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  if (!relay_test_wait_until (live_scene_ready, &scene, TIMEOUT_MS))
    {
      GListModel *listed = relay_window_get_destinations (window);

      for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
        {
          g_autoptr (RelayDestinationItem) item = g_list_model_get_item (listed, i);
          RelayOutput *output = relay_destination_item_get_output (item);

          g_printerr ("%s: %s %s\n", relay_destination_item_get_id (item),
                      output ? relay_output_describe_state (output) : "no output",
                      relay_destination_item_get_error (item) ?: "");
        }
      g_error ("the destinations did not reach their states");
    }
  /* the picture-in-picture's source has started */
  wait_for_frames (&scene, 60);
  capture (argv[1], "main-live.png");

  /* the Scenes page, the layer outlined on the preview */
  {
    GtkWidget *scene_list = window_child (window, "scene_list");
    RelayScene *on_air = relay_director_get_program_scene (relay_window_get_director (window));
    g_autoptr (RelayLayer) layer = g_list_model_get_item (relay_scene_get_layers (on_air), 0);

    adw_view_stack_set_visible_child_name (
        ADW_VIEW_STACK (gtk_widget_get_ancestor (scene_list, ADW_TYPE_VIEW_STACK)), "scenes");
    relay_layer_list_select (window_child (window, "layer_list"), relay_layer_get_id (layer));
    if (!relay_test_wait_until (relay_ui_test_is_laid_out, scene_list, TIMEOUT_MS)
        || !relay_test_wait_until (toasts_gone, window, TIMEOUT_MS))
      g_error ("the Scenes page did not show");
    wait_for_frames (&scene, 15);
    capture (argv[1], "scenes.png");
    relay_layer_list_select (window_child (window, "layer_list"), NULL);
    adw_view_stack_set_visible_child_name (
        ADW_VIEW_STACK (gtk_widget_get_ancestor (scene_list, ADW_TYPE_VIEW_STACK)), "destinations");
  }

  /* a phone's window, which has no frame */
  {
    g_autofree char *narrow = g_build_filename (argv[1], "narrow.png", NULL);
    g_autoptr (GtkStyleProvider) frameless = relay_ui_test_remove_window_frames ();

    relay_ui_test_resize (GTK_WINDOW (window), 360, 640);
    if (!relay_test_wait_until (toasts_gone, window, TIMEOUT_MS))
      g_error ("the toasts stay");
    relay_ui_test_save_png (GTK_WIDGET (window), narrow);
    g_print ("%s\n", narrow);
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (), frameless);
    relay_ui_test_resize (GTK_WINDOW (window), 1280, 800);
  }

  g_action_group_activate_action (G_ACTION_GROUP (window), "end", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
  relay_destination_dialog_set_provider (
      RELAY_DESTINATION_DIALOG (dialog),
      relay_provider_lookup ("youtube", RELAY_DESTINATION_KIND_RTMP));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (
                             dialog, RELAY_TYPE_DESTINATION_DIALOG, "key_row")),
                         "abcd-efgh-ijkl-mnop");
  {
    DialogShown shown = { dialog, scene.preview, 0 };

    if (!relay_test_wait_until (dialog_drawn, &shown, TIMEOUT_MS))
      g_error ("the dialog did not show");
  }
  capture (argv[1], "destination-dialog.png");

  for (guint i = 0; i < G_N_ELEMENTS (destinations); i++)
    g_free (destinations[i].server);
  relay_ui_test_stop (application);
  return 0;
}
