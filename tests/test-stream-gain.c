/* test-stream-gain.c: the program's sound at a gain, or muted, as its own
 * level reports it, and kept when the source is replaced
 *
 * The test source's tone is steady, so its level is one number: -20 dB of
 * gain must take 20 dB off it, and muting must leave the silence of the
 * stream's background. A new source must come in at the gain and mute the
 * stream already has, from its first sound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <math.h>

#include "core/media/relay-test-source.h"
#include "core/relay-studio.h"
#include "relay-test-util.h"

#define TIMEOUT_MS 20000
/* What level reports for a tone: within this of what the gain predicts */
#define TOLERANCE_DB 1.0
/* Digital silence is far below this; the quietest real sound is above it */
#define SILENCE_DB (-90.0)
/* Reports (100 ms each) taken once the level has settled */
#define SETTLED_REPORTS 5

typedef struct
{
  RelayStream *stream;
  guint reports;
  double rms_db;
  /* the loudest and quietest since the last reset */
  double loudest_db;
  double quietest_db;
  guint target;
  guint sources_started;
  guint volume_notifies;
  guint muted_notifies;
} Meter;

static void
meter_reset (Meter *meter)
{
  meter->loudest_db = -G_MAXDOUBLE;
  meter->quietest_db = G_MAXDOUBLE;
}

static void
on_audio_level (RelayStream *stream, double rms_db, double peak_db, Meter *meter)
{
  meter->reports++;
  meter->rms_db = rms_db;
  meter->loudest_db = MAX (meter->loudest_db, rms_db);
  meter->quietest_db = MIN (meter->quietest_db, rms_db);
}

static void
on_source_started (RelayStream *stream, Meter *meter)
{
  meter->sources_started++;
}

static void
on_notify (RelayStream *stream, GParamSpec *pspec, Meter *meter)
{
  if (g_str_equal (pspec->name, "volume"))
    meter->volume_notifies++;
  else if (g_str_equal (pspec->name, "muted"))
    meter->muted_notifies++;
}

static gboolean
has_reports (gpointer user_data)
{
  Meter *meter = user_data;

  return meter->reports >= meter->target;
}

/* Waits for @count more reports, and says the loudest and quietest of them. */
static void
wait_for_reports (Meter *meter, guint count)
{
  meter_reset (meter);
  meter->target = meter->reports + count;
  g_assert_true (relay_test_wait_until (has_reports, meter, TIMEOUT_MS));
}

typedef struct
{
  Meter *meter;
  double low_db;
  double high_db;
} LevelWait;

static gboolean
level_within (gpointer user_data)
{
  LevelWait *wait = user_data;

  return wait->meter->reports > 0 && wait->meter->rms_db >= wait->low_db
         && wait->meter->rms_db <= wait->high_db;
}

/* Waits for the level to reach @expected_db, then checks it stays there. */
static void
assert_level_settles (Meter *meter, double expected_db)
{
  LevelWait wait = { meter, expected_db - TOLERANCE_DB, expected_db + TOLERANCE_DB };

  if (!relay_test_wait_until (level_within, &wait, TIMEOUT_MS))
    g_error ("the level is %.1f dB, not %.1f dB", meter->rms_db, expected_db);
  wait_for_reports (meter, SETTLED_REPORTS);
  g_test_message ("level %.1f…%.1f dB, expected %.1f dB", meter->quietest_db, meter->loudest_db,
                  expected_db);
  g_assert_cmpfloat (meter->quietest_db, >=, expected_db - TOLERANCE_DB);
  g_assert_cmpfloat (meter->loudest_db, <=, expected_db + TOLERANCE_DB);
}

static void
assert_silent (Meter *meter)
{
  LevelWait wait = { meter, -INFINITY, SILENCE_DB };

  if (!relay_test_wait_until (level_within, &wait, TIMEOUT_MS))
    g_error ("the level is %.1f dB, not silence", meter->rms_db);
  wait_for_reports (meter, SETTLED_REPORTS);
  g_assert_cmpfloat (meter->loudest_db, <, SILENCE_DB);
}

static gboolean
source_started (gpointer user_data)
{
  Meter *meter = user_data;

  return meter->sources_started > 0;
}

static void
set_new_source (Meter *meter)
{
  g_autoptr (RelaySource) source = relay_test_source_new ();
  g_autoptr (GError) error = NULL;

  meter->sources_started = 0;
  g_assert_true (relay_stream_set_source (meter->stream, source, &error));
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (source_started, meter, TIMEOUT_MS));
}

static void
test_gain_and_mute (void)
{
  /* small: only the sound matters here */
  RelayProgramFormat format = { 320, 180, 15, 48000, 2 };
  g_autoptr (RelayStudio) studio = relay_studio_new (&format, NULL);
  g_autoptr (GError) error = NULL;
  Meter meter = { 0 };
  double tone_db, volume;
  gboolean muted;

  g_assert_true (relay_studio_start (studio, &error));
  g_assert_no_error (error);
  meter.stream = relay_studio_get_program (studio);
  g_object_get (meter.stream, "volume", &volume, "muted", &muted, NULL);
  g_assert_cmpfloat (volume, ==, 1.0);
  g_assert_false (muted);
  g_signal_connect (meter.stream, "audio-level", G_CALLBACK (on_audio_level), &meter);
  relay_stream_watch_audio_level (meter.stream);
  g_signal_connect (meter.stream, "source-started", G_CALLBACK (on_source_started), &meter);
  g_signal_connect (meter.stream, "notify", G_CALLBACK (on_notify), &meter);

  /* Without a source: the background's silence */
  assert_silent (&meter);

  /* The tone as it is */
  set_new_source (&meter);
  {
    LevelWait heard = { &meter, SILENCE_DB, 0 };

    g_assert_true (relay_test_wait_until (level_within, &heard, TIMEOUT_MS));
  }
  wait_for_reports (&meter, SETTLED_REPORTS);
  tone_db = meter.rms_db;
  g_test_message ("the tone: %.1f dB", tone_db);
  g_assert_cmpfloat (meter.loudest_db - meter.quietest_db, <, TOLERANCE_DB);

  /* -20 dB */
  g_object_set (meter.stream, "volume", 0.1, NULL);
  g_assert_cmpuint (meter.volume_notifies, ==, 1);
  assert_level_settles (&meter, tone_db - 20);

  /* Muted, then heard again at the same gain */
  g_object_set (meter.stream, "muted", TRUE, NULL);
  g_object_set (meter.stream, "muted", TRUE, NULL);
  g_assert_cmpuint (meter.muted_notifies, ==, 1);
  assert_silent (&meter);
  g_object_set (meter.stream, "muted", FALSE, NULL);
  assert_level_settles (&meter, tone_db - 20);

  /* A new source while muted stays silent from its first sound on */
  g_object_set (meter.stream, "muted", TRUE, NULL);
  assert_silent (&meter);
  set_new_source (&meter);
  wait_for_reports (&meter, SETTLED_REPORTS);
  g_assert_cmpfloat (meter.loudest_db, <, SILENCE_DB);
  g_object_get (meter.stream, "volume", &volume, "muted", &muted, NULL);
  g_assert_cmpfloat (volume, ==, 0.1);
  g_assert_true (muted);

  /* and plays at the stream's gain once unmuted */
  g_object_set (meter.stream, "muted", FALSE, NULL);
  assert_level_settles (&meter, tone_db - 20);

  /* A new source at -20 dB is never heard at full level (the old one may
   * still sound beside it for a moment: two tones, up to 6 dB louder) */
  set_new_source (&meter);
  wait_for_reports (&meter, SETTLED_REPORTS);
  g_assert_cmpfloat (meter.loudest_db, <, tone_db - 10);
  assert_level_settles (&meter, tone_db - 20);

  /* Back to the tone as it is */
  g_object_set (meter.stream, "volume", 1.0, NULL);
  assert_level_settles (&meter, tone_db);

  g_signal_handlers_disconnect_by_data (meter.stream, &meter);
  g_assert_true (relay_test_shutdown_studio (studio, TIMEOUT_MS));
}

static GstPadProbeReturn
add_duration (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    g_atomic_pointer_add ((gsize *) user_data, GST_BUFFER_DURATION (buffer) / GST_MSECOND);
  return GST_PAD_PROBE_OK;
}

static gboolean
mixed_a_second (gpointer user_data)
{
  return g_atomic_pointer_get ((gsize *) user_data) >= 1000;
}

/* Nobody watches the level: the mixer's sound goes by unmeasured (ten
 * messages a second per stream, for nobody, crowded the bus), until someone
 * does. */
static void
test_level_only_when_watched (void)
{
  RelayProgramFormat format = { 320, 180, 15, 48000, 2 };
  g_autoptr (RelayStudio) studio = relay_studio_new (&format, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) mixed = NULL;
  gsize mixed_ms = 0;
  Meter meter = { 0 };

  g_assert_true (relay_studio_start (studio, &error));
  meter.stream = relay_studio_get_program (studio);
  g_signal_connect (meter.stream, "audio-level", G_CALLBACK (on_audio_level), &meter);
  g_signal_connect (meter.stream, "source-started", G_CALLBACK (on_source_started), &meter);
  set_new_source (&meter);
  mixed =
      gst_element_get_static_pad (relay_stream_get_mixer (meter.stream, RELAY_MEDIA_AUDIO), "src");
  gst_pad_add_probe (mixed, GST_PAD_PROBE_TYPE_BUFFER, add_duration, &mixed_ms, NULL);

  g_assert_true (relay_test_wait_until (mixed_a_second, &mixed_ms, TIMEOUT_MS));
  g_assert_cmpuint (meter.reports, ==, 0);

  relay_stream_watch_audio_level (meter.stream);
  wait_for_reports (&meter, SETTLED_REPORTS);

  g_signal_handlers_disconnect_by_data (meter.stream, &meter);
  g_assert_true (relay_test_shutdown_studio (studio, TIMEOUT_MS));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/stream/gain-and-mute", test_gain_and_mute);
  g_test_add_func ("/stream/level-only-when-watched", test_level_only_when_watched);

  return g_test_run ();
}
