/* relay-error.h: the error domain of Relaycast's own failures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAY_ERROR (relay_error_quark ())

typedef enum
{
  RELAY_ERROR_INVALID_ARGUMENT,
  RELAY_ERROR_NOT_FOUND,
  RELAY_ERROR_EXISTS,
  RELAY_ERROR_MISSING_ELEMENT,
  RELAY_ERROR_NO_DEVICE,
  RELAY_ERROR_CONNECTION_REFUSED,
  RELAY_ERROR_HOST_NOT_FOUND,
  RELAY_ERROR_TLS,
  RELAY_ERROR_REJECTED,
  RELAY_ERROR_UNAUTHORIZED,
  RELAY_ERROR_TIMED_OUT,
  RELAY_ERROR_CONNECTION_LOST,
  RELAY_ERROR_NO_SECRET_SERVICE,
  RELAY_ERROR_FAILED,
  /* a kind of destination or source this build cannot handle (yet) */
  RELAY_ERROR_NOT_SUPPORTED,
  /* it cannot change while in use (a format while broadcasting) */
  RELAY_ERROR_BUSY,
} RelayErrorCode;

GQuark relay_error_quark (void);

G_END_DECLS
