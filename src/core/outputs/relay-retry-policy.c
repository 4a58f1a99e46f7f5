/* relay-retry-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-retry-policy.h"

/* A destination tried forever is not hammered through a long outage: after a
 * few tries at the set delay, the wait doubles up to a minute. */
static guint
delay_for (const RelayRetryPolicy *policy, guint failed_attempts)
{
  guint64 delay = policy->delay_ms;
  guint longest = MAX (policy->delay_ms, RELAY_RETRY_LONGEST_DELAY_MS);

  if (policy->attempts != 0 || failed_attempts <= RELAY_RETRY_BACKOFF_AFTER)
    return policy->delay_ms;
  for (guint i = RELAY_RETRY_BACKOFF_AFTER; i < failed_attempts && delay < longest; i++)
    delay *= 2;
  return (guint) MIN (delay, longest);
}

/**
 * relay_retry_policy_next:
 * @policy: the output's policy
 * @failed_attempts: failures so far in this run of failures, the one just seen included
 * @kind: whether the failure can go away by itself
 * @server_delay_ms: a delay the server asked for (Retry-After), or 0
 * @out_delay_ms: (out): how long to wait before the next attempt
 *
 * Returns: %TRUE when another attempt should be made
 */
gboolean
relay_retry_policy_next (const RelayRetryPolicy *policy, guint failed_attempts,
                         RelayFailureKind kind, guint server_delay_ms, guint *out_delay_ms)
{
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (failed_attempts > 0, FALSE);

  if (out_delay_ms != NULL)
    *out_delay_ms = 0;

  if (kind == RELAY_FAILURE_PERMANENT)
    return FALSE;

  if (policy->attempts != 0 && failed_attempts > policy->attempts)
    return FALSE;

  if (out_delay_ms != NULL)
    *out_delay_ms = server_delay_ms > 0 ? server_delay_ms : delay_for (policy, failed_attempts);

  return TRUE;
}
