/* test-window-sources.c: the window's program under Xvfb: the preview paints
 * real frames, streams published to Relaycast can become the program source,
 * a file that ends says so and the picker marks what is on air, a file with
 * its Loop switch on plays again without saying it ended, cameras
 * and microphones plugged in and out while it runs come and go in the source
 * picker, and the X11 screen and its windows are among its choices.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "core/media/relay-camera-source.h"
#include "core/media/relay-screen-source.h"
#include "core/media/relay-source-factory.h"
#include "core/media/relay-stream-source.h"
#include "core/media/relay-test-source.h"
#include "core/media/relay-uri-source.h"
#include "relay-test-device-provider.h"
#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-source-item.h"
#include "ui/relay-source-picker.h"

#define TIMEOUT_MS 30000

static guint
count_colours (const guchar *pixels, int width, int height)
{
  g_autoptr (GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (int y = 0; y < height; y += 8)
    for (int x = 0; x < width; x += 8)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        g_hash_table_add (colours, GUINT_TO_POINTER (p[0] << 16 | p[1] << 8 | p[2]));
      }
  return g_hash_table_size (colours);
}

static void
test_preview_paints (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayPreview *preview = relay_window_get_preview (window);
  RelayUiTestFrameWait wait = { preview, 10 };
  g_autofree guchar *first = NULL;
  g_autofree guchar *later = NULL;
  int width, height, later_width, later_height;

  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
  first = relay_ui_test_download_frame (preview, &width, &height);
  g_assert_cmpint (width, ==, RELAY_PREVIEW_WIDTH);
  g_assert_cmpint (height, ==, RELAY_PREVIEW_HEIGHT);
  /* The SMPTE bars and the clock: many colours, not a black or uniform picture. */
  g_assert_cmpuint (count_colours (first, width, height), >, 20);

  wait.frames = relay_preview_get_frames_shown (preview) + 5;
  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
  later = relay_ui_test_download_frame (preview, &later_width, &later_height);
  g_assert_cmpint (later_width, ==, width);
  /* The pattern scrolls: the frames keep changing. */
  g_assert_true (memcmp (first, later, (gsize) width * height * 4) != 0);

  relay_ui_test_stop (application);
}

static gboolean
program_shows_stream (gpointer user_data)
{
  RelayStream *program = user_data;

  return RELAY_IS_STREAM_SOURCE (relay_stream_get_source (program));
}

static void
test_published_stream_as_source (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayStudio *studio = relay_window_get_studio (window);
  RelaySourcePicker *picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GListModel *items = relay_source_picker_get_items (picker);
  g_autoptr (RelaySource) guest_source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;
  RelayUiTestFrameWait wait = { relay_window_get_preview (window), 0 };
  guint guest_position = G_MAXUINT;

  /* A stream published to Relaycast (a WHIP publish) joins the picker... */
  g_assert_nonnull (relay_studio_add_stream (studio, "guest", guest_source, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_STREAM)
        {
          g_assert_cmpstr (relay_source_item_get_title (item), ==, "guest");
          guest_position = i;
        }
    }
  g_assert_cmpuint (guest_position, !=, G_MAXUINT);

  /* ...becomes the program source, and the preview keeps painting... */
  relay_source_picker_choose (picker, guest_position);
  g_assert_true (
      relay_test_wait_until (program_shows_stream, relay_studio_get_program (studio), TIMEOUT_MS));
  wait.frames = relay_preview_get_frames_shown (wait.preview) + 10;
  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));

  /* ...and leaves the picker when it ends. */
  g_assert_true (relay_studio_remove_stream (studio, "guest", &error));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (relay_source_item_get_kind (item), !=, RELAY_SOURCE_KIND_STREAM);
    }

  relay_ui_test_stop (application);
}

/* Hot-plug: cameras and microphones come and go through a GstDeviceProvider
 * of the test's own (tests/relay-test-device-provider.c), found by the
 * window's GstDeviceMonitor like any hardware. */

#define CAMERA_NAME           "Relaycast Test Camera"
#define MICROPHONE_NAME       "Relaycast Test Microphone"
#define MICROPHONE_NEW_NAME   "Relaycast Test Microphone (default)"
#define SPARE_NAME            "Relaycast Spare Camera"
#define SPARE_NEW_NAME        "Relaycast Spare Camera (USB 3)"
#define SPARE_MICROPHONE_NAME "Relaycast Spare Microphone"
#define CAMERA_GREEN_LEVEL    0xc0
#define CAMERA_GREEN          (0xff000000 | CAMERA_GREEN_LEVEL << 8)
#define SPARE_BLUE            0xff0000c0
/* the 4:3 camera is pillarboxed in the 16:9 program, and the ball covers a little */
#define CAMERA_SHARE 0.6
/* a sine at this volume is about -5 dBFS RMS, the test pattern's tone -15 */
#define MICROPHONE_VOLUME 0.8
#define MICROPHONE_RMS_DB -8.0

/* Returns: the position of the camera called @title in the picker, or G_MAXUINT */
static guint
find_camera (GListModel *items, const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_CAMERA
          && g_strcmp0 (relay_source_item_get_title (item), title) == 0)
        return i;
    }
  return G_MAXUINT;
}

static guint
count_cameras (GListModel *items)
{
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      count += relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_CAMERA;
    }
  return count;
}

/* Returns: the position of @name in the microphone drop-down, or G_MAXUINT */
static guint
find_microphone (GtkDropDown *dropdown, const char *name)
{
  GListModel *names = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
        return i;
    }
  return G_MAXUINT;
}

typedef struct
{
  RelaySourcePicker *picker;
  GtkDropDown *microphones;
  RelayStream *program;
  /* what the step waits for */
  const char *camera_listed;
  const char *camera_gone;
  const char *microphone_listed;
  const char *microphone_gone;
  GstDevice *camera_on_air;
  GstDevice *microphone_on_air;
  gboolean no_source;
  double rms_db;
} HotplugWait;

static gboolean
hotplug_done (gpointer user_data)
{
  HotplugWait *wait = user_data;
  GListModel *items = relay_source_picker_get_items (wait->picker);
  RelaySource *source = relay_stream_get_source (wait->program);
  g_autoptr (GstDevice) camera = NULL;
  g_autoptr (GstDevice) microphone = NULL;

  if (RELAY_IS_CAMERA_SOURCE (source))
    g_object_get (source, "camera", &camera, "microphone", &microphone, NULL);

  return (wait->camera_listed == NULL || find_camera (items, wait->camera_listed) != G_MAXUINT)
         && (wait->camera_gone == NULL || find_camera (items, wait->camera_gone) == G_MAXUINT)
         && (wait->microphone_listed == NULL
             || find_microphone (wait->microphones, wait->microphone_listed) != G_MAXUINT)
         && (wait->microphone_gone == NULL
             || find_microphone (wait->microphones, wait->microphone_gone) == G_MAXUINT)
         && (wait->camera_on_air == NULL || camera == wait->camera_on_air)
         && (wait->microphone_on_air == NULL || microphone == wait->microphone_on_air)
         && (!wait->no_source || source == NULL);
}

/* Clears what the last step waited for. */
static void
hotplug_wait_reset (HotplugWait *wait)
{
  wait->camera_listed = wait->camera_gone = NULL;
  wait->microphone_listed = wait->microphone_gone = NULL;
  wait->camera_on_air = wait->microphone_on_air = NULL;
  wait->no_source = FALSE;
}

static void
on_program_level (RelayStream *program, double rms_db, double peak_db, HotplugWait *wait)
{
  wait->rms_db = rms_db;
}

static gboolean
microphone_heard (gpointer user_data)
{
  HotplugWait *wait = user_data;

  return wait->rms_db > MICROPHONE_RMS_DB;
}

/* The share of the preview's picture (sampled) with neither red nor blue and
 * about this much green: the test camera's background, or black. Red and
 * blue are alike here, whatever the byte order of the download. */
static double
share_of_green (RelayPreview *preview, int green)
{
  int width, height;
  g_autofree guchar *pixels = relay_ui_test_download_frame (preview, &width, &height);
  guint close = 0, sampled = 0;

  for (int y = 0; y < height; y += 8)
    for (int x = 0; x < width; x += 8)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        close += p[0] < 48 && p[2] < 48 && ABS (p[1] - green) < 48;
        sampled++;
      }
  return (double) close / sampled;
}

static gboolean G_GNUC_PRINTF (2, 3)
    log_mentions_printf (RelayWindow *window, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return relay_ui_test_log_mentions (window, text);
}

static void
wait_for_frames (RelayPreview *preview, guint count)
{
  RelayUiTestFrameWait wait = { preview, relay_preview_get_frames_shown (preview) + count };

  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
}

static void
test_camera_hotplug (void)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application = relay_ui_test_start (&options, &window);
  RelayStudio *studio = relay_window_get_studio (window);
  RelayPreview *preview = relay_window_get_preview (window);
  RelaySourcePicker *picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GListModel *items = relay_source_picker_get_items (picker);
  GtkDropDown *microphones = GTK_DROP_DOWN (gtk_widget_get_template_child (
      GTK_WIDGET (picker), RELAY_TYPE_SOURCE_PICKER, "microphone_dropdown"));
  GtkLabel *source_label = GTK_LABEL (gtk_widget_get_template_child (
      GTK_WIDGET (picker), RELAY_TYPE_SOURCE_PICKER, "source_label"));
  HotplugWait wait = { picker, microphones, relay_studio_get_program (studio) };
  g_autoptr (GstDevice) camera = NULL;
  g_autoptr (GstDevice) microphone = NULL;
  g_autoptr (GstDevice) spare = NULL;
  g_autoptr (GstDevice) spare_renamed = NULL;
  g_autoptr (GstDevice) spare_microphone = NULL;
  g_autoptr (GstDevice) microphone_renamed = NULL;
  RelaySource *on_air;
  g_autoptr (GstDevice) camera_again = NULL;

  g_signal_connect (wait.program, "audio-level", G_CALLBACK (on_program_level), &wait);
  wait_for_frames (preview, 5);
  g_assert_cmpuint (count_cameras (items), ==, 0);

  /* Plugged in while the window is open, they are offered at once. */
  camera = relay_test_device_provider_plug_camera (CAMERA_NAME, CAMERA_GREEN);
  spare_microphone = relay_test_device_provider_plug_microphone (SPARE_MICROPHONE_NAME, 0.1);
  microphone = relay_test_device_provider_plug_microphone (MICROPHONE_NAME, MICROPHONE_VOLUME);
  wait.camera_listed = CAMERA_NAME;
  wait.microphone_listed = MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 1);

  /* The camera with that microphone goes on air: its picture in the preview,
   * its sound in the program. */
  hotplug_wait_reset (&wait);
  gtk_drop_down_set_selected (microphones, find_microphone (microphones, MICROPHONE_NAME));
  relay_source_picker_choose (picker, find_camera (items, CAMERA_NAME));
  wait.camera_on_air = camera;
  wait.microphone_on_air = microphone;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpstr (gtk_label_get_label (source_label), ==, CAMERA_NAME);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (microphones)));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);
  g_assert_true (relay_test_wait_until (microphone_heard, &wait, TIMEOUT_MS));
  /* With its microphone's name beside it and the sound's buttons, the
   * source's row still fits a phone (relay_ui_test_resize() checks the
   * window took the size); the name is shortened, not the window widened. */
  relay_ui_test_resize (GTK_WINDOW (window), 360, 640);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (microphones)));
  relay_ui_test_resize (GTK_WINDOW (window), 1000, 700);

  on_air = relay_stream_get_source (wait.program);

  /* A device that changes is listed once, under its new name, and leaves when
   * its new version is unplugged; the camera on air is not disturbed. */
  spare = relay_test_device_provider_plug_camera (SPARE_NAME, SPARE_BLUE);
  hotplug_wait_reset (&wait);
  wait.camera_listed = SPARE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  spare_renamed = relay_test_device_provider_rename (spare, SPARE_NEW_NAME);
  wait.camera_listed = SPARE_NEW_NAME;
  wait.camera_gone = SPARE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 2);
  relay_test_device_provider_unplug (spare_renamed);
  hotplug_wait_reset (&wait);
  wait.camera_gone = SPARE_NEW_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 1);

  /* A microphone listed before the chosen one leaves: the chosen one stays
   * chosen, though its place in the list changed. */
  relay_test_device_provider_unplug (spare_microphone);
  hotplug_wait_reset (&wait);
  wait.microphone_gone = SPARE_MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==,
                    find_microphone (microphones, MICROPHONE_NAME));

  /* The microphone on air changes (another default, say): it stays chosen
   * under its new name. */
  microphone_renamed = relay_test_device_provider_rename (microphone, MICROPHONE_NEW_NAME);
  hotplug_wait_reset (&wait);
  wait.microphone_listed = MICROPHONE_NEW_NAME;
  wait.microphone_gone = MICROPHONE_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==,
                    find_microphone (microphones, MICROPHONE_NEW_NAME));

  /* None of this touched the program. */
  g_assert_true (relay_stream_get_source (wait.program) == on_air);
  g_assert_false (relay_ui_test_log_mentions (window, SPARE_NAME));
  g_assert_false (relay_ui_test_log_mentions (window, SPARE_MICROPHONE_NAME));

  /* The microphone on air unplugged, in its new version: the camera goes on
   * with the default one, said so. */
  relay_test_device_provider_unplug (microphone_renamed);
  hotplug_wait_reset (&wait);
  wait.microphone_gone = MICROPHONE_NEW_NAME;
  wait.camera_on_air = camera;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  {
    g_autoptr (GstDevice) now_microphone = NULL;

    g_object_get (relay_stream_get_source (wait.program), "microphone", &now_microphone, NULL);
    g_assert_null (now_microphone);
  }
  g_assert_cmpuint (gtk_drop_down_get_selected (microphones), ==, 0);
  g_assert_true (log_mentions_printf (
      window, _ ("The microphone “%s” was disconnected; the camera goes on with the default one"),
      MICROPHONE_NEW_NAME));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);

  /* The camera on air unplugged: it leaves the list, the program goes to black
   * and silence, said so, and the preview keeps painting. */
  relay_test_device_provider_unplug (camera);
  hotplug_wait_reset (&wait);
  wait.camera_gone = CAMERA_NAME;
  wait.no_source = TRUE;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  g_assert_cmpuint (count_cameras (items), ==, 0);
  g_assert_true (log_mentions_printf (window, _ ("The camera “%s” was disconnected"), CAMERA_NAME));
  g_assert_cmpstr (gtk_label_get_label (source_label), ==, _ ("No Source"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (microphones)));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, 0), >, 0.95);

  /* Plugged in again, it is offered again and goes back on air. */
  camera_again = relay_test_device_provider_plug_camera (CAMERA_NAME, CAMERA_GREEN);
  hotplug_wait_reset (&wait);
  wait.camera_listed = CAMERA_NAME;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  relay_source_picker_choose (picker, find_camera (items, CAMERA_NAME));
  wait.camera_on_air = camera_again;
  g_assert_true (relay_test_wait_until (hotplug_done, &wait, TIMEOUT_MS));
  wait_for_frames (preview, 10);
  g_assert_cmpfloat (share_of_green (preview, CAMERA_GREEN_LEVEL), >, CAMERA_SHARE);

  g_signal_handlers_disconnect_by_data (wait.program, &wait);
  relay_test_device_provider_unplug (camera_again);
  relay_ui_test_stop (application);
}

typedef struct
{
  RelayWindow *window;
  const char *text;
} LoggedWait;

static gboolean
logged (gpointer user_data)
{
  LoggedWait *wait = user_data;

  return relay_ui_test_log_mentions (wait->window, wait->text);
}

/* The label under @root (shown or not, as in a closed popover) that reads @text */
static GtkWidget *
label_anywhere (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = label_anywhere (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the picker's row for @title carries the on-air mark */
static gboolean
marked_current (RelayWindow *window, const char *title)
{
  GtkWidget *picker = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  GtkWidget *label = label_anywhere (picker, title);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (gtk_widget_get_last_child (gtk_widget_get_parent (label)));
}

/* A file that ends says so, by the file's name, and what to do about it. */
static void
test_file_end_said (void)
{
  g_autofree char *folder = g_dir_make_tmp ("relaycast-file-end-XXXXXX", NULL);
  g_autofree char *clip = g_build_filename (folder, "short clip.mkv", NULL);
  const char *argv[] = { "ffmpeg",
                         "-v",
                         "error",
                         "-f",
                         "lavfi",
                         "-i",
                         "testsrc=duration=1:size=320x240:rate=30",
                         "-f",
                         "lavfi",
                         "-i",
                         "sine=duration=1",
                         "-c:v",
                         "libx264",
                         "-c:a",
                         "aac",
                         "-shortest",
                         clip,
                         NULL };
  g_autofree char *made = relay_test_command_output (argv);
  g_autofree char *ended = g_strdup_printf (
      _ ("“%s” ended: the program is black until you choose a source"), "short clip.mkv");
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (GError) error = NULL;
  RelayApplication *application;
  RelayWindow *window;
  LoggedWait wait;

  g_assert_nonnull (made);
  application = relay_ui_test_start (&options, &window);
  /* the picker marks what is on air: the test pattern, then the file */
  g_assert_true (marked_current (window, _ ("Test Pattern")));
  g_assert_false (marked_current (window, _ ("Video File…")));
  source = relay_source_new_for_spec (clip, &error);
  g_assert_no_error (error);
  g_assert_true (relay_window_set_source (window, source, &error));
  wait = (LoggedWait){ window, ended };
  g_assert_true (relay_test_wait_until (logged, &wait, TIMEOUT_MS));
  g_assert_false (marked_current (window, _ ("Test Pattern")));
  g_assert_true (marked_current (window, _ ("Video File…")));
  /* the black picture says why */
  {
    g_autofree char *said = g_strdup_printf (_ ("“%s” ended"), "short clip.mkv");

    g_assert_cmpstr (relay_preview_get_status (relay_window_get_preview (window)), ==, said);
  }

  relay_ui_test_stop (application);
  g_remove (clip);
  g_rmdir (folder);
}

/* The mean of the preview's green, sampled: grey's brightness. */
static double
preview_brightness (RelayPreview *preview)
{
  int width, height;
  g_autofree guchar *pixels = relay_ui_test_download_frame (preview, &width, &height);
  double sum = 0;
  guint sampled = 0;

  for (int y = 0; y < height; y += 8)
    for (int x = 0; x < width; x += 8)
      {
        sum += pixels[((gsize) y * width + x) * 4 + 1];
        sampled++;
      }
  return sum / sampled;
}

typedef struct
{
  RelayPreview *preview;
  /* what the preview says when the file ends */
  const char *ended;
  guint64 frames_seen;
  double brightness;
  /* how often the picture went from bright to dark: the file starting again */
  guint restarts;
  gboolean said_ended;
} LoopWait;

static gboolean
restarted_twice_or_ended (gpointer user_data)
{
  LoopWait *wait = user_data;
  guint64 frames = relay_preview_get_frames_shown (wait->preview);

  wait->said_ended |= g_strcmp0 (relay_preview_get_status (wait->preview), wait->ended) == 0;
  if (frames != wait->frames_seen)
    {
      double brightness = preview_brightness (wait->preview);

      wait->frames_seen = frames;
      if (wait->brightness - brightness > 100)
        wait->restarts++;
      wait->brightness = brightness;
    }
  return wait->said_ended || wait->restarts >= 2;
}

typedef struct
{
  RelayPreview *preview;
  const char *status;
} StatusWait;

static gboolean
preview_says (gpointer user_data)
{
  StatusWait *wait = user_data;

  return g_strcmp0 (relay_preview_get_status (wait->preview), wait->status) == 0;
}

/* The Loop switch beside a file on air: on, the file plays again from its
 * start (its frames grow brighter, from dark each time) and the preview never
 * says it ended; off, it ends at its next end. */
static void
test_file_loops (void)
{
  g_autofree char *folder = g_dir_make_tmp ("relaycast-loop-XXXXXX", NULL);
  g_autofree char *clip = g_build_filename (folder, "ramp.mp4", NULL);
  const char *argv[] = { "ffmpeg",
                         "-v",
                         "error",
                         "-f",
                         "lavfi",
                         "-i",
                         "color=c=black:size=320x180:rate=30:d=2",
                         "-f",
                         "lavfi",
                         "-i",
                         "sine=frequency=660",
                         "-vf",
                         "geq=lum='40+3*N':cb=128:cr=128",
                         "-t",
                         "2",
                         "-c:v",
                         "libx264",
                         "-pix_fmt",
                         "yuv420p",
                         "-c:a",
                         "aac",
                         "-shortest",
                         clip,
                         NULL };
  g_autofree char *made = relay_test_command_output (argv);
  g_autofree char *ended = g_strdup_printf (_ ("“%s” ended"), "ramp.mp4");
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelaySource) source = NULL;
  g_autoptr (RelaySource) pattern = NULL;
  g_autoptr (GError) error = NULL;
  RelayApplication *application;
  RelayWindow *window;
  GtkWidget *picker, *loop;
  LoopWait wait;

  g_assert_nonnull (made);
  application = relay_ui_test_start (&options, &window);
  picker = GTK_WIDGET (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  loop =
      GTK_WIDGET (gtk_widget_get_template_child (picker, RELAY_TYPE_SOURCE_PICKER, "loop_button"));
  /* for files only */
  g_assert_false (gtk_widget_get_visible (loop));

  source = relay_source_new_for_spec (clip, &error);
  g_assert_no_error (error);
  g_assert_true (relay_window_set_source (window, source, &error));
  g_assert_true (gtk_widget_get_visible (loop));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (loop)));
  /* the switch turns the file's loop on and off */
  g_signal_emit_by_name (loop, "clicked");
  g_assert_true (relay_uri_source_get_loop (RELAY_URI_SOURCE (source)));
  g_signal_emit_by_name (loop, "clicked");
  g_assert_false (relay_uri_source_get_loop (RELAY_URI_SOURCE (source)));
  g_signal_emit_by_name (loop, "clicked");
  g_assert_true (relay_uri_source_get_loop (RELAY_URI_SOURCE (source)));

  wait = (LoopWait){ relay_window_get_preview (window), ended };
  g_assert_true (relay_test_wait_until (restarted_twice_or_ended, &wait, TIMEOUT_MS));
  g_assert_false (wait.said_ended);
  g_assert_cmpuint (wait.restarts, >=, 2);
  g_assert_false (relay_ui_test_log_mentions (window, ended));

  /* off, the file ends where it ends next */
  g_signal_emit_by_name (loop, "clicked");
  g_assert_false (relay_uri_source_get_loop (RELAY_URI_SOURCE (source)));
  {
    StatusWait said = { relay_window_get_preview (window), ended };

    g_assert_true (relay_test_wait_until (preview_says, &said, TIMEOUT_MS));
  }

  /* another source has no switch */
  pattern = relay_source_new_for_spec ("test", &error);
  g_assert_true (relay_window_set_source (window, pattern, &error));
  g_assert_false (gtk_widget_get_visible (loop));

  relay_ui_test_stop (application);
  g_remove (clip);
  g_rmdir (folder);
}

/* A network stream that has not sent its first picture: the preview says it
 * waits for it, and says nothing once a source delivers. */
static void
test_waiting_for_video (void)
{
  g_autoptr (GSocketListener) silent = g_socket_listener_new ();
  guint port = relay_test_free_port ();
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:%u/camera", port);
  g_autofree char *waiting = NULL;
  RelayRunOptions options = relay_ui_test_options ();
  g_autoptr (RelaySource) stream = NULL;
  g_autoptr (RelaySource) pattern = NULL;
  g_autoptr (GError) error = NULL;
  RelayApplication *application;
  RelayWindow *window;
  StatusWait wait;

  /* accepts connections (the kernel does) and never answers */
  g_assert_true (g_socket_listener_add_inet_port (silent, port, NULL, &error));
  g_assert_no_error (error);
  application = relay_ui_test_start (&options, &window);
  wait = (StatusWait){ relay_window_get_preview (window), NULL };
  g_assert_true (relay_test_wait_until (preview_says, &wait, TIMEOUT_MS));

  stream = relay_source_new_for_spec (url, &error);
  g_assert_no_error (error);
  g_assert_true (relay_window_set_source (window, stream, &error));
  waiting = g_strdup_printf (_ ("Waiting for video from “%s”…"), relay_source_get_title (stream));
  wait.status = waiting;
  g_assert_true (relay_test_wait_until (preview_says, &wait, TIMEOUT_MS));

  pattern = relay_source_new_for_spec ("test", &error);
  g_assert_no_error (error);
  g_assert_true (relay_window_set_source (window, pattern, &error));
  wait.status = NULL;
  g_assert_true (relay_test_wait_until (preview_says, &wait, TIMEOUT_MS));

  relay_ui_test_stop (application);
}

/* Whether the preview's bottom right, where the window leaves the root
 * window uncovered on Xvfb's 1280x800 screen, is red: inside the black bars
 * that screen's 16:10 leaves on each side of the 16:9 program */
static gboolean
preview_corner_red (gpointer user_data)
{
  int width, height;
  g_autofree guchar *pixels = relay_ui_test_download_frame (user_data, &width, &height);
  /* B, G, R, A (CAIRO_FORMAT_ARGB32 on a little-endian machine) */
  const guchar *p = pixels + ((gsize) (height - 4) * width + width - width / 8) * 4;

  return p[2] > 200 && p[1] < 50 && p[0] < 50;
}

static gboolean
program_shows_screen (gpointer user_data)
{
  return RELAY_IS_SCREEN_SOURCE (relay_stream_get_source (user_data));
}

/* On X11 the picker offers the screen, which the preview then shows. */
static void
test_screen_as_source (void)
{
  /* ImageMagick paints the root window and leaves, with 1 even then */
  char *paint[] = { "display", "-window", "root", "-size", "8x8", "xc:#ff0000", NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  RelaySourcePicker *picker;
  GListModel *items;
  guint position = G_MAXUINT;
  RelayUiTestFrameWait wait = { NULL, 5 };

  g_assert_true (
      g_spawn_sync (NULL, paint, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  application = relay_ui_test_start (&options, &window);
  wait.preview = relay_window_get_preview (window);
  picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  items = relay_source_picker_get_items (picker);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_SCREEN)
        {
          g_assert_cmpstr (relay_source_item_get_title (item), ==, _ ("Screen"));
          position = i;
        }
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  /* the test pattern first */
  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
  g_assert_false (preview_corner_red (relay_window_get_preview (window)));

  relay_source_picker_choose (picker, position);
  g_assert_true (relay_test_wait_until (program_shows_screen,
                                        relay_studio_get_program (relay_window_get_studio (window)),
                                        TIMEOUT_MS));
  g_assert_true (
      relay_test_wait_until (preview_corner_red, relay_window_get_preview (window), TIMEOUT_MS));
  g_assert_true (marked_current (window, _ ("Screen")));

  relay_ui_test_stop (application);
}

#define PICKED_WINDOW "Relaycast Picked Window"

/* Whether the preview's centre is green */
static gboolean
preview_centre_green (gpointer user_data)
{
  int width, height;
  g_autofree guchar *pixels = relay_ui_test_download_frame (user_data, &width, &height);
  const guchar *p = pixels + ((gsize) (height / 2) * width + width / 2) * 4;

  return p[1] > 200 && p[2] < 50 && p[0] < 50;
}

/* The windows shown are listed when the picker opens; one picked fills the
 * program. */
static void
test_window_as_source (void)
{
  /* 16:9, beside the window under test */
  char *show[] = { "display", "-title",  PICKED_WINDOW, "-geometry", "+1000+100",
                   "-size",   "240x135", "xc:#00ff00",  NULL };
  char *wait_shown[] = { "xdotool", "search",      "--sync", "--onlyvisible",
                         "--name",  PICKED_WINDOW, NULL };
  RelayRunOptions options = relay_ui_test_options ();
  RelayWindow *window;
  RelayApplication *application;
  RelaySourcePicker *picker;
  GtkWidget *popover;
  GListModel *items;
  GPid shown;
  guint position = G_MAXUINT;
  RelayUiTestFrameWait wait = { NULL, 5 };

  g_assert_true (g_spawn_async (NULL, show, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &shown, NULL));
  g_assert_true (g_spawn_sync (NULL, wait_shown, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               NULL, NULL, NULL));
  application = relay_ui_test_start (&options, &window);
  wait.preview = relay_window_get_preview (window);
  g_assert_true (relay_test_wait_until (relay_ui_test_preview_has_shown, &wait, TIMEOUT_MS));
  picker = RELAY_SOURCE_PICKER (
      gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "source_picker"));
  popover = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (picker),
                                                       RELAY_TYPE_SOURCE_PICKER, "source_popover"));
  gtk_popover_popup (GTK_POPOVER (popover));
  items = relay_source_picker_get_items (picker);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (RelaySourceItem) item = g_list_model_get_item (items, i);

      if (relay_source_item_get_kind (item) == RELAY_SOURCE_KIND_WINDOW
          && g_str_equal (relay_source_item_get_title (item), PICKED_WINDOW))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  /* the list with its windows, left in the build folder */
  relay_ui_test_save_screenshot (popover, "windows");

  relay_source_picker_choose (picker, position);
  g_assert_true (
      relay_test_wait_until (preview_centre_green, relay_window_get_preview (window), TIMEOUT_MS));
  g_assert_true (marked_current (window, PICKED_WINDOW));

  relay_ui_test_stop (application);
  kill (shown, SIGTERM);
  g_spawn_close_pid (shown);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);
  relay_test_device_provider_register ();

  g_test_add_func ("/window-sources/preview-paints", test_preview_paints);
  g_test_add_func ("/window-sources/published-stream-as-source", test_published_stream_as_source);
  g_test_add_func ("/window-sources/file-end-said", test_file_end_said);
  g_test_add_func ("/window-sources/file-loops", test_file_loops);
  g_test_add_func ("/window-sources/waiting-for-video", test_waiting_for_video);
  g_test_add_func ("/window-sources/camera-hotplug", test_camera_hotplug);
  g_test_add_func ("/window-sources/screen-as-source", test_screen_as_source);
  g_test_add_func ("/window-sources/window-as-source", test_window_as_source);

  return g_test_run ();
}
