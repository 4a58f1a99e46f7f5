/* relay-retry-policy.h: how often and how long an output tries again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAY_RETRY_DEFAULT_ATTEMPTS 3
#define RELAY_RETRY_DEFAULT_DELAY_MS 10000
/* Retrying forever, the delay doubles after this many tries at the set one,
 * up to the longest (or the set delay, if longer). */
#define RELAY_RETRY_BACKOFF_AFTER    3
#define RELAY_RETRY_LONGEST_DELAY_MS 60000

typedef struct
{
  /* retries after the first failure; 0 retries forever, backing off */
  guint attempts;
  guint delay_ms;
} RelayRetryPolicy;

typedef enum
{
  /* a failure worth trying again: refused, lost, timed out, 503 */
  RELAY_FAILURE_TRANSIENT,
  /* retrying cannot help: rejected credentials, bad configuration */
  RELAY_FAILURE_PERMANENT,
} RelayFailureKind;

gboolean relay_retry_policy_next (const RelayRetryPolicy *policy, guint failed_attempts,
                                  RelayFailureKind kind, guint server_delay_ms,
                                  guint *out_delay_ms);

G_END_DECLS
