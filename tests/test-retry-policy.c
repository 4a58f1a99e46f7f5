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

/* Forever, with a backoff: three tries at the set delay, then doubling to a minute. */
static void
test_forever (void)
{
  RelayRetryPolicy policy = { .attempts = 0, .delay_ms = 500 };
  const guint expected[] = { 500, 500, 500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
  guint delay = 0;

  for (guint failures = 1; failures <= G_N_ELEMENTS (expected); failures++)
    {
      g_assert_true (
          relay_retry_policy_next (&policy, failures, RELAY_FAILURE_TRANSIENT, 0, &delay));
      g_assert_cmpuint (delay, ==, expected[failures - 1]);
    }
  g_assert_true (relay_retry_policy_next (&policy, 100000, RELAY_FAILURE_TRANSIENT, 0, &delay));
  g_assert_cmpuint (delay, ==, 60000);

  /* a set delay longer than the longest is kept */
  policy.delay_ms = 120000;
  g_assert_true (relay_retry_policy_next (&policy, 20, RELAY_FAILURE_TRANSIENT, 0, &delay));
  g_assert_cmpuint (delay, ==, 120000);
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
