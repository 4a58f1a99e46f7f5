/* relay-low-priority-pool.c
 *
 * A task pool whose threads run at a lower scheduling priority (a higher
 * nice value) than the rest of the process. The encoders' streaming threads
 * come from it: x264's bursts of several milliseconds on every CPU kept the
 * main thread, where the API answers and the window draws, waiting for a CPU
 * a fifth of the time. Nice is per thread on Linux and inherited by the
 * threads a thread starts, so x264's own threads, started from its element's
 * streaming thread, yield too. The pool's threads serve only its tasks: a
 * thread of GStreamer's shared pool, once lowered, could go on to run a
 * mixer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "relay-low-priority-pool.h"

/* Enough for the main thread to take a CPU at once when it wakes, while the
 * encoders keep their frame rate on a machine with CPUs to spare for both. */
#define LOWER_BY 5

struct _RelayLowPriorityPool
{
  GstTaskPool parent_instance;
};

G_DEFINE_FINAL_TYPE (RelayLowPriorityPool, relay_low_priority_pool, GST_TYPE_TASK_POOL)

typedef struct
{
  GstTaskPoolFunction func;
  gpointer data;
} PoolCall;

static GPrivate lowered;

static void
lower_this_thread (void)
{
  pid_t thread = (pid_t) syscall (SYS_gettid);
  int nice;

  errno = 0;
  nice = getpriority (PRIO_PROCESS, (id_t) thread);
  if (errno == 0 && setpriority (PRIO_PROCESS, (id_t) thread, MIN (nice + LOWER_BY, 19)) != 0)
    g_debug ("cannot lower the priority of thread %d: %s", (int) thread, g_strerror (errno));
  g_private_set (&lowered, GINT_TO_POINTER (TRUE));
}

static void
run_lowered (gpointer user_data)
{
  g_autofree PoolCall *call = user_data;

  if (g_private_get (&lowered) == NULL)
    lower_this_thread ();
  call->func (call->data);
}

static gpointer
relay_low_priority_pool_push (GstTaskPool *pool, GstTaskPoolFunction func, gpointer user_data,
                              GError **error)
{
  PoolCall *call = g_new (PoolCall, 1);
  gpointer id;

  call->func = func;
  call->data = user_data;
  id = GST_TASK_POOL_CLASS (relay_low_priority_pool_parent_class)
           ->push (pool, run_lowered, call, error);
  if (error != NULL && *error != NULL)
    g_free (call);
  return id;
}

static void
relay_low_priority_pool_class_init (RelayLowPriorityPoolClass *klass)
{
  GST_TASK_POOL_CLASS (klass)->push = relay_low_priority_pool_push;
}

static void
relay_low_priority_pool_init (RelayLowPriorityPool *self)
{
}

/* Returns: (transfer none): the pool, prepared, for the whole process */
GstTaskPool *
relay_low_priority_pool_get_default (void)
{
  static GstTaskPool *pool;

  if (g_once_init_enter (&pool))
    {
      GstTaskPool *made = gst_object_ref_sink (g_object_new (RELAY_TYPE_LOW_PRIORITY_POOL, NULL));
      g_autoptr (GError) error = NULL;

      gst_task_pool_prepare (made, &error);
      g_assert_no_error (error);
      g_once_init_leave (&pool, made);
    }
  return pool;
}
