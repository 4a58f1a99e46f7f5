/* relay-stall-watch.c
 *
 * Fed once a second with two byte counts of a live attempt: what entered it
 * (before its leaky queue, so a blocked sink does not hide it) and what the
 * destination acknowledged taking (how far an RTMP server opened its TCP
 * window, what WebRTC receiver reports covered). A destination that takes
 * less than a quarter of what came in, second after second, is stalled at
 * the last update before the timeout is over. A second in which nothing came in proves nothing and
 * restarts the count; so does a second in which the destination caught up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-stall-watch.h"

/* Less than this share of the incoming bytes taken counts as nothing. */
#define DRAIN_DIVISOR 4

struct _RelayStallWatch
{
  gint64 timeout_us;
  gboolean primed;
  guint64 offered;
  guint64 acknowledged;
  gint64 last_us;
  /* when the acknowledged count of the last update was read */
  gint64 acknowledged_us;
  /* 0: the destination kept up at the last update */
  gint64 behind_since_us;
};

/* @timeout_ms: how long a destination may take nothing before it is stalled */
RelayStallWatch *
relay_stall_watch_new (guint timeout_ms)
{
  RelayStallWatch *self = g_new0 (RelayStallWatch, 1);

  self->timeout_us = (gint64) timeout_ms * 1000;
  return self;
}

void
relay_stall_watch_free (RelayStallWatch *self)
{
  g_free (self);
}

/**
 * relay_stall_watch_update:
 * @offered: bytes that entered the attempt so far
 * @acknowledged: a count the destination moves forward as it takes them
 *   (it may stand still or, with some protocols, step back a little)
 * @acknowledged_us: when @acknowledged was read, if before @now_us (WebRTC
 *   statistics come a poll late); 0 for now
 *
 * Returns: whether the destination is stalled
 */
gboolean
relay_stall_watch_update (RelayStallWatch *self, gint64 now_us, guint64 offered,
                          guint64 acknowledged, gint64 acknowledged_us)
{
  guint64 came_in, taken;
  gint64 step_us;

  g_return_val_if_fail (self != NULL, FALSE);

  if (acknowledged_us == 0 || acknowledged_us > now_us)
    acknowledged_us = now_us;

  if (!self->primed)
    {
      self->primed = TRUE;
      self->offered = offered;
      self->acknowledged = acknowledged;
      self->last_us = now_us;
      self->acknowledged_us = acknowledged_us;
      return FALSE;
    }

  came_in = offered > self->offered ? offered - self->offered : 0;
  taken = acknowledged > self->acknowledged ? acknowledged - self->acknowledged : 0;
  self->offered = offered;
  self->acknowledged = MAX (acknowledged, self->acknowledged);
  /* nothing taken since the last update's reading */
  if (self->behind_since_us == 0)
    self->behind_since_us = self->acknowledged_us;
  self->acknowledged_us = acknowledged_us;
  step_us = now_us - self->last_us;
  self->last_us = now_us;

  if (came_in == 0 || taken * DRAIN_DIVISOR >= came_in)
    {
      self->behind_since_us = 0;
      return FALSE;
    }
  /* said now if the next update would come after the timeout */
  return now_us - self->behind_since_us + step_us >= self->timeout_us;
}
