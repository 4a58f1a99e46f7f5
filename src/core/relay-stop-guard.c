/* relay-stop-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "relay-stop-guard.h"

/* The studio gives up on outputs that do not stop after 6 s; this is for a
 * thread stuck where nothing can wake it (a write to a pipe nobody reads). */
#define STOP_WATCHDOG_S 9

static void
write_stderr (const char *message, size_t length)
{
  /* async-signal-safe, unlike stdio */
  ssize_t written = write (STDERR_FILENO, message, length);

  (void) written;
}

static void
exit_at_once (int signum)
{
  static const char message[] = "relaycast: stopped at once, without a clean teardown\n";

  write_stderr (message, sizeof message - 1);
  _exit (128 + signum);
}

static gpointer
stop_watchdog (gpointer user_data)
{
  static const char message[] = "relaycast: the teardown did not end in time, stopped anyway\n";

  g_usleep (STOP_WATCHDOG_S * G_USEC_PER_SEC);
  write_stderr (message, sizeof message - 1);
  _exit (1);
  return NULL;
}

/**
 * relay_stop_guard_arm:
 *
 * Called as a clean stop begins, in the window as headless: from then on a
 * second SIGINT or SIGTERM ends the process at once, in the signal handler
 * itself, whatever the main context is doing (it replaces GLib's handler,
 * whose sources stay: removing them would put the default action back), and
 * a teardown still going after a while ends it too.
 */
void
relay_stop_guard_arm (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = exit_at_once;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  g_thread_unref (g_thread_new ("relay-stop-watchdog", stop_watchdog, NULL));
}
