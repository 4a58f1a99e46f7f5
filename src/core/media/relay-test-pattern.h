/* relay-test-pattern.h: a live, scrolling SMPTE test pattern, drawn once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/base/gstpushsrc.h>

#include "relay-profile.h"

G_BEGIN_DECLS

#define RELAY_TYPE_TEST_PATTERN (relay_test_pattern_get_type ())

G_DECLARE_FINAL_TYPE (RelayTestPattern, relay_test_pattern, RELAY, TEST_PATTERN, GstPushSrc)

GstElement *relay_test_pattern_new (const RelayProgramFormat *format);

G_END_DECLS
