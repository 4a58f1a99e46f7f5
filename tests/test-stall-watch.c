/* test-stall-watch.c: when a destination counts as stalled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/outputs/relay-stall-watch.h"

#define S G_USEC_PER_SEC

/* Feeds one update a second: @rate bytes in, @taken bytes acknowledged each;
 * returns the second at which the watch said stalled, or -1. */
static int
run (RelayStallWatch *watch, int *second, int seconds, guint64 *offered, guint64 *acknowledged,
     guint64 rate, guint64 taken)
{
  for (int i = 0; i < seconds; i++, (*second)++)
    {
      *offered += rate;
      *acknowledged += taken;
      if (relay_stall_watch_update (watch, (gint64) *second * S, *offered, *acknowledged, 0))
        return *second;
    }
  return -1;
}

static void
test_stalls_within_the_timeout (void)
{
  g_autoptr (RelayStallWatch) watch = relay_stall_watch_new (10000);
  guint64 offered = 0, acknowledged = 0;
  int second = 0;

  /* a healthy minute, then nothing taken from second 60 on */
  g_assert_cmpint (run (watch, &second, 60, &offered, &acknowledged, 300000, 300000), ==, -1);
  /* the last progress was seen at second 59: said at the last update before 10 s of nothing */
  g_assert_cmpint (run (watch, &second, 20, &offered, &acknowledged, 300000, 0), ==, 68);
}

static void
test_a_trickle_is_a_stall (void)
{
  g_autoptr (RelayStallWatch) watch = relay_stall_watch_new (5000);
  guint64 offered = 0, acknowledged = 0;
  int second = 0;

  g_assert_cmpint (run (watch, &second, 5, &offered, &acknowledged, 300000, 300000), ==, -1);
  /* a window that creeps open without the server reading */
  g_assert_cmpint (run (watch, &second, 20, &offered, &acknowledged, 300000, 4000), ==, 8);
}

static void
test_catching_up_or_silence_is_no_stall (void)
{
  g_autoptr (RelayStallWatch) watch = relay_stall_watch_new (5000);
  guint64 offered = 0, acknowledged = 0;
  int second = 0;

  for (int round = 0; round < 10; round++)
    {
      /* receiver reports every other second: nothing, then everything */
      g_assert_cmpint (run (watch, &second, 2, &offered, &acknowledged, 100000, 0), ==, -1);
      g_assert_cmpint (run (watch, &second, 1, &offered, &acknowledged, 100000, 300000), ==, -1);
    }
  /* nothing comes in (the source paused): nothing to take */
  g_assert_cmpint (run (watch, &second, 20, &offered, &acknowledged, 0, 0), ==, -1);
  /* a slow destination that still takes a good share is not stalled */
  g_assert_cmpint (run (watch, &second, 20, &offered, &acknowledged, 100000, 30000), ==, -1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stall-watch/stalls-within-the-timeout", test_stalls_within_the_timeout);
  g_test_add_func ("/stall-watch/a-trickle-is-a-stall", test_a_trickle_is_a_stall);
  g_test_add_func ("/stall-watch/catching-up-or-silence-is-no-stall",
                   test_catching_up_or_silence_is_no_stall);
  return g_test_run ();
}
