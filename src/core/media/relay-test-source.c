/* relay-test-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-gst-util.h"
#include "relay-test-pattern.h"
#include "relay-test-source.h"

struct _RelayTestSource
{
  RelaySource parent_instance;
};

G_DEFINE_FINAL_TYPE (RelayTestSource, relay_test_source, RELAY_TYPE_SOURCE)

#define TONE_FREQUENCY_HZ 440.0
#define TONE_VOLUME       0.25

static GstElement *
relay_test_source_create_bin (RelaySource *source, const RelayProgramFormat *format, GError **error)
{
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autoptr (GstCaps) audio_caps = relay_program_format_audio_caps (format);
  GstElement *pattern, *tone, *tone_caps;

  /* The scrolling pattern gives the encoder real motion to work on, as a camera would. */
  pattern = relay_test_pattern_new (format);
  g_object_set (pattern, "clock", TRUE, NULL);
  gst_bin_add (GST_BIN (bin), pattern);
  if (!(tone = relay_bin_add_new (GST_BIN (bin), "audiotestsrc", error))
      || !(tone_caps = relay_bin_add_new (GST_BIN (bin), "capsfilter", error)))
    return NULL;

  g_object_set (tone, "is-live", TRUE, "freq", TONE_FREQUENCY_HZ, "volume", TONE_VOLUME, NULL);
  g_object_set (tone_caps, "caps", audio_caps, NULL);

  gst_element_link (tone, tone_caps);

  relay_ghost_static_pad (bin, pattern, "src", "video");
  relay_ghost_static_pad (bin, tone_caps, "src", "audio");

  return g_steal_pointer (&bin);
}

static void
relay_test_source_class_init (RelayTestSourceClass *klass)
{
  RelaySourceClass *source_class = RELAY_SOURCE_CLASS (klass);

  source_class->create_bin = relay_test_source_create_bin;
}

static void
relay_test_source_init (RelayTestSource *self)
{
}

RelaySource *
relay_test_source_new (void)
{
  return g_object_new (RELAY_TYPE_TEST_SOURCE, "description", _ ("Test pattern"), "title",
                       _ ("Test Pattern"), NULL);
}
