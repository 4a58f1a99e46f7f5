/* test-window-audio.c: the program's sound from the window: its mute button
 * and its gain, heard on the level meter, and both kept for the next start
 *
 * The test source's tone is steady, so the meter's peak is one number: muted
 * it falls to the meter's floor, at -20 dB it stands 20 dB lower. The
 * controls follow the program too when something else changes it. Run again
 * in Russian as test-window-audio-ru: the button's words and the gain's unit
 * are translated. The gain's scale and the window are left as screenshots in
 * the build folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-audio-controls.h"
#include "ui/relay-format.h"
#include "ui/relay-level-meter.h"

#define TIMEOUT_MS 30000
/* the meter's reading of a tone: within this of what the gain predicts */
#define TOLERANCE_DB 1.5

typedef struct
{
  RelayApplication *application;
  RelayWindow *window;
  RelayStream *program;
  RelayLevelMeter *meter;
  GtkToggleButton *mute_button;
  GtkMenuButton *gain_button;
  GtkLabel *gain_label;
  GtkRange *gain_scale;
} Window;

static gpointer
audio_child (RelayAudioControls *controls, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (controls), RELAY_TYPE_AUDIO_CONTROLS, name);
}

static void
window_start (Window *window)
{
  RelayRunOptions options = relay_ui_test_options ();
  RelayAudioControls *controls;

  window->application = relay_ui_test_start (&options, &window->window);
  window->program = relay_studio_get_program (relay_window_get_studio (window->window));
  window->meter = RELAY_LEVEL_METER (gtk_widget_get_template_child (
      GTK_WIDGET (window->window), RELAY_TYPE_WINDOW, "level_meter"));
  controls = RELAY_AUDIO_CONTROLS (gtk_widget_get_template_child (
      GTK_WIDGET (window->window), RELAY_TYPE_WINDOW, "audio_controls"));
  window->mute_button = audio_child (controls, "mute_button");
  window->gain_button = audio_child (controls, "gain_button");
  window->gain_label = audio_child (controls, "gain_label");
  window->gain_scale = audio_child (controls, "gain_scale");
}

typedef struct
{
  RelayLevelMeter *meter;
  double low_db;
  double high_db;
} PeakWait;

static gboolean
peak_within (gpointer user_data)
{
  PeakWait *wait = user_data;
  double peak = relay_level_meter_get_peak (wait->meter);

  return peak >= wait->low_db && peak <= wait->high_db;
}

static void
wait_for_peak (Window *window, double low_db, double high_db)
{
  PeakWait wait = { window->meter, low_db, high_db };

  if (!relay_test_wait_until (peak_within, &wait, TIMEOUT_MS))
    g_error ("the meter reads %.1f dB, not %.1f…%.1f dB",
             relay_level_meter_get_peak (window->meter), low_db, high_db);
}

static double
volume_of (RelayStream *program)
{
  double volume;

  g_object_get (program, "volume", &volume, NULL);
  return volume;
}

static gboolean
muted (RelayStream *program)
{
  gboolean value;

  g_object_get (program, "muted", &value, NULL);
  return value;
}

static gboolean
in_russian (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "ru") == 0;
}

/* What a person reads on the mute button, as the catalogue says it */
static void
assert_mute_button (Window *window, gboolean active)
{
  const char *icon = gtk_button_get_icon_name (GTK_BUTTON (window->mute_button));

  g_assert_cmpint (gtk_toggle_button_get_active (window->mute_button), ==, active);
  g_assert_cmpstr (icon, ==, active ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->mute_button)), ==,
                   in_russian () ? "Выключить звук" : "Mute");
}

static void
assert_gain_shown (Window *window, const char *english, const char *russian)
{
  g_assert_cmpstr (gtk_label_get_label (window->gain_label), ==, in_russian () ? russian : english);
}

typedef struct
{
  RelayStream *program;
  guint reports;
  double loudest_db;
} Heard;

static void
on_audio_level (RelayStream *program, double rms_db, double peak_db, Heard *heard)
{
  /* only once the source plays: the background is silent anyway */
  if (!relay_stream_is_source_flowing (program))
    return;
  heard->reports++;
  heard->loudest_db = MAX (heard->loudest_db, peak_db);
}

static gboolean
heard_enough (gpointer user_data)
{
  Heard *heard = user_data;

  /* half a second of the source */
  return heard->reports >= 5;
}

static void
test_mute_and_gain (void)
{
  Window window;
  double tone_db;
  gboolean handled = FALSE;

  window_start (&window);
  g_assert_cmpfloat (volume_of (window.program), ==, 1.0);
  g_assert_false (muted (window.program));
  assert_mute_button (&window, FALSE);
  assert_gain_shown (&window, "0 dB", "0 дБ");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window.gain_button)), ==,
                   in_russian () ? "Громкость" : "Volume");

  /* The test pattern's tone: its peak, steady */
  wait_for_peak (&window, -30, 0);
  tone_db = relay_level_meter_get_peak (window.meter);
  g_test_message ("the tone peaks at %.1f dB", tone_db);

  /* Muted: the meter falls to its floor; unmuted, the tone is back */
  g_signal_emit_by_name (window.mute_button, "clicked");
  g_assert_true (muted (window.program));
  assert_mute_button (&window, TRUE);
  wait_for_peak (&window, -G_MAXDOUBLE, RELAY_LEVEL_METER_FLOOR_DB);
  g_signal_emit_by_name (window.mute_button, "clicked");
  g_assert_false (muted (window.program));
  assert_mute_button (&window, FALSE);
  wait_for_peak (&window, tone_db - TOLERANCE_DB, tone_db + TOLERANCE_DB);

  /* The gain's scale, moved as the keyboard or a drag does: -20 dB */
  gtk_menu_button_popup (window.gain_button);
  g_signal_emit_by_name (window.gain_scale, "change-value", GTK_SCROLL_JUMP, -20.0, &handled);
  g_assert_cmpfloat_with_epsilon (volume_of (window.program), 0.1, 1e-6);
  assert_gain_shown (&window, "−20 dB", "−20 дБ");
  wait_for_peak (&window, tone_db - 20 - TOLERANCE_DB, tone_db - 20 + TOLERANCE_DB);
  relay_ui_test_save_screenshot (GTK_WIDGET (window.gain_scale), "gain");
  relay_ui_test_save_screenshot (GTK_WIDGET (window.window), "window");
  gtk_menu_button_popdown (window.gain_button);

  /* Changed elsewhere (the API, the settings), the controls follow */
  g_object_set (window.program, "volume", 2.0, "muted", TRUE, NULL);
  assert_gain_shown (&window, "+6 dB", "+6 дБ");
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (window.gain_scale), 6.02, 0.01);
  assert_mute_button (&window, TRUE);

  /* Kept for the next start */
  relay_ui_test_stop (window.application);
  window_start (&window);
  g_assert_cmpfloat_with_epsilon (volume_of (window.program), 2.0, 1e-6);
  g_assert_true (muted (window.program));
  assert_mute_button (&window, TRUE);
  assert_gain_shown (&window, "+6 dB", "+6 дБ");
  /* silent from the source's first sound: it came in muted */
  {
    Heard heard = { window.program, 0, -G_MAXDOUBLE };

    g_signal_connect (window.program, "audio-level", G_CALLBACK (on_audio_level), &heard);
    g_assert_true (relay_test_wait_until (heard_enough, &heard, TIMEOUT_MS));
    g_signal_handlers_disconnect_by_data (window.program, &heard);
    g_assert_cmpfloat (heard.loudest_db, <, RELAY_LEVEL_METER_FLOOR_DB);
    g_assert_cmpfloat (relay_level_meter_get_peak (window.meter), ==, RELAY_LEVEL_METER_FLOOR_DB);
  }

  /* Back to the sound as it is, for whichever test runs next in this process */
  g_object_set (window.program, "volume", 1.0, "muted", FALSE, NULL);
  wait_for_peak (&window, tone_db - TOLERANCE_DB, tone_db + TOLERANCE_DB);
  relay_ui_test_stop (window.application);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-audio/mute-and-gain", test_mute_and_gain);

  return g_test_run ();
}
