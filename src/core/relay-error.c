/* relay-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-error.h"

G_DEFINE_QUARK (relay - error - quark, relay_error)
