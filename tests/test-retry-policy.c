/* test-retry-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/outputs/relay-retry-policy.h"

static void
test_bounded (void)
{
  RelayRetryPolicy policy = { .attempts = 3, .delay_ms = 10000 };
  guint delay = 0;

  for (guint failures = 1; failures <= 3; failures++)
    {
      g_assert_true (
          relay_retry_policy_next (&policy, failures, RELAY_FAILURE_TRANSIENT, 0, &delay));
      g_assert_cmpuint (delay, ==, 10000);
    }
  g_assert_false (relay_retry_policy_next (&policy, 4, RELAY_FAILURE_TRANSIENT, 0, &delay));
  g_assert_cmpuint (delay, ==, 0);
}

static void
test_forever (void)
{
  RelayRetryPolicy policy = { .attempts = 0, .delay_ms = 500 };
  guint delay = 0;

  for (guint failures = 1; failures < 10000; failures += 997)
    g_assert_true (relay_retry_policy_next (&policy, failures, RELAY_FAILURE_TRANSIENT, 0, &delay));
  g_assert_cmpuint (delay, ==, 500);
}

static void
test_permanent_never_retries (void)
{
  RelayRetryPolicy policy = { .attempts = 0, .delay_ms = 500 };

  g_assert_false (relay_retry_policy_next (&policy, 1, RELAY_FAILURE_PERMANENT, 0, NULL));
}

static void
test_server_delay_wins (void)
{
  RelayRetryPolicy policy = { .attempts = 3, .delay_ms = 10000 };
  guint delay = 0;

  g_assert_true (relay_retry_policy_next (&policy, 1, RELAY_FAILURE_TRANSIENT, 2000, &delay));
  g_assert_cmpuint (delay, ==, 2000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retry-policy/bounded", test_bounded);
  g_test_add_func ("/retry-policy/forever", test_forever);
  g_test_add_func ("/retry-policy/permanent", test_permanent_never_retries);
  g_test_add_func ("/retry-policy/server-delay", test_server_delay_wins);

  return g_test_run ();
}
