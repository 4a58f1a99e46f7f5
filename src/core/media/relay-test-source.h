/* relay-test-source.h: a moving test pattern with a running clock, and a tone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-source.h"

G_BEGIN_DECLS

#define RELAY_TYPE_TEST_SOURCE (relay_test_source_get_type ())

G_DECLARE_FINAL_TYPE (RelayTestSource, relay_test_source, RELAY, TEST_SOURCE, RelaySource)

RelaySource *relay_test_source_new (void);

G_END_DECLS
