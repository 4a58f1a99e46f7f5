/* relay-output-run.c
 *
 * An output's state machine. Each start of an output is an attempt
 * (relay-output-attempt.c), polled once a second: live once media reaches the
 * destination, failed when one of its elements errs or it does not connect in
 * time, stalled when a live destination stops taking what it is sent. When an
 * attempt fails, its bin is taken out of the pipeline and, if the retry policy
 * allows, a fresh one is built after the delay; nothing else in the pipeline
 * notices.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-failure.h"
#include "relay-mask.h"
#include "relay-output-internal.h"
#include "relay-output-private.h"

#define POLL_INTERVAL_MS   1000
#define CONNECT_TIMEOUT_US (30 * G_USEC_PER_SEC)

/* State machine */

static void fail_attempt (RelayOutput *self, RelayFailureKind kind, guint retry_after_ms,
                          const char *message, RelayOutputState retry_state);

/* The destination went quiet: what it cannot take is dropped from this
 * output's queue only, until the retry policy's next attempt. */
static void
watch_for_stall (RelayOutput *self, const RelayOutputProgress *progress, gint64 now)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  g_autofree char *message = NULL;

  if (priv->stall_watch == NULL
      || !relay_stall_watch_update (priv->stall_watch, now,
                                    relay_output_attempt_get_bytes_offered (priv->attempt),
                                    progress->acknowledged, progress->acknowledged_us))
    return;

  priv->stalls++;
  message =
      g_strdup_printf (_ ("nothing acknowledged for %u s"), (priv->stall_timeout_ms + 999) / 1000);
  fail_attempt (self, RELAY_FAILURE_TRANSIENT, 0, message, RELAY_OUTPUT_STATE_STALLED);
}

static gboolean
poll_progress (gpointer user_data)
{
  RelayOutput *self = user_data;
  RelayOutputPrivate *priv = relay_output_get_private (self);
  RelayOutputClass *klass = RELAY_OUTPUT_GET_CLASS (self);
  RelayOutputProgress progress = { 0 };
  gint64 now = g_get_monotonic_time ();
  RelayOutputAttempt *attempt = priv->attempt;

  if (attempt == NULL)
    {
      priv->poll_source_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (klass->query_progress != NULL)
    klass->query_progress (self, relay_output_attempt_get_bin (attempt), &progress);
  if (progress.bytes_sent == 0 && !progress.connected)
    {
      progress.bytes_sent = relay_output_attempt_get_bytes_in (attempt);
      progress.connected = klass->query_progress == NULL && progress.bytes_sent > 0;
    }

  if (priv->last_poll_us > 0 && now > priv->last_poll_us
      && progress.bytes_sent >= priv->attempt_bytes)
    priv->bitrate = (guint) ((progress.bytes_sent - priv->attempt_bytes) * 8 * G_USEC_PER_SEC
                             / (now - priv->last_poll_us));
  priv->attempt_bytes = progress.bytes_sent;
  priv->last_poll_us = now;

  if (priv->state == RELAY_OUTPUT_STATE_CONNECTING)
    {
      if (progress.connected)
        {
          priv->failures = 0;
          priv->was_live = TRUE;
          priv->live_since_us = now;
          if (progress.acknowledges && priv->stall_timeout_ms > 0)
            priv->stall_watch = relay_stall_watch_new (priv->stall_timeout_ms);
          relay_output_notify_attempt (self);
          relay_output_set_state (self, RELAY_OUTPUT_STATE_LIVE);
        }
      else if (now - priv->connecting_since_us > CONNECT_TIMEOUT_US)
        {
          relay_output_report_failure (self, RELAY_FAILURE_TRANSIENT, 0,
                                       _ ("connection timed out"));
          return G_SOURCE_CONTINUE;
        }
    }
  else if (priv->state == RELAY_OUTPUT_STATE_LIVE)
    {
      watch_for_stall (self, &progress, now);
    }

  relay_output_emit_stats_updated (self);
  return G_SOURCE_CONTINUE;
}

static void
begin_attempt (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  RelayOutputClass *klass = RELAY_OUTPUT_GET_CLASS (self);
  g_autoptr (GError) error = NULL;

  g_return_if_fail (priv->attempt == NULL);
  g_return_if_fail (priv->stream != NULL);

  priv->attempt = relay_output_attempt_new (self, priv->stream, &error);
  if (priv->attempt == NULL)
    {
      g_debug ("output %s: cannot start: %s", priv->id, error->message);
      relay_output_set_last_error (self, error->message);
      relay_output_set_state (self, RELAY_OUTPUT_STATE_FAILED);
      return;
    }

  priv->connecting_since_us = g_get_monotonic_time ();
  priv->last_poll_us = 0;
  priv->attempt_bytes = 0;
  if (priv->poll_source_id == 0)
    priv->poll_source_id = g_timeout_add (POLL_INTERVAL_MS, poll_progress, self);

  relay_output_set_state (self, RELAY_OUTPUT_STATE_CONNECTING);

  if (klass->attempt_started != NULL)
    klass->attempt_started (self, relay_output_attempt_get_bin (priv->attempt));
}

/* A stop waits for the ends of the attempts taken down before it. */
static void
attempt_ended (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_debug ("output %s: attempt cleaned up", priv->id);
  priv->teardowns_pending--;
  if (priv->teardowns_pending == 0 && priv->attempt == NULL)
    {
      g_autoptr (GPtrArray) tasks = g_steal_pointer (&priv->stop_tasks);

      priv->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < tasks->len; i++)
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }
}

static void
teardown_attempt (RelayOutput *self, gboolean graceful)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  RelayOutputAttempt *attempt = g_steal_pointer (&priv->attempt);
  guint64 sent, dropped;

  if (attempt == NULL)
    return;

  relay_output_attempt_count_frames (attempt, &sent, &dropped);
  priv->frames_sent_before += sent;
  priv->frames_dropped_before += dropped;
  priv->bytes_before += priv->attempt_bytes;
  priv->attempt_bytes = 0;
  priv->bitrate = 0;
  priv->live_since_us = 0;
  g_clear_pointer (&priv->stall_watch, relay_stall_watch_free);
  g_clear_handle_id (&priv->poll_source_id, g_source_remove);

  priv->teardowns_pending++;
  relay_output_attempt_teardown (attempt, graceful, priv->state == RELAY_OUTPUT_STATE_LIVE,
                                 attempt_ended);
}

static gboolean
retry_now (gpointer user_data)
{
  RelayOutput *self = user_data;
  RelayOutputPrivate *priv = relay_output_get_private (self);

  priv->retry_source_id = 0;
  priv->next_retry_at_us = 0;
  priv->reconnects++;

  if (priv->stream != NULL && relay_stream_get_state (priv->stream) == RELAY_STREAM_STATE_LIVE)
    begin_attempt (self);
  else
    relay_output_set_state (self, RELAY_OUTPUT_STATE_WAITING);

  return G_SOURCE_REMOVE;
}

/**
 * relay_output_report_failure:
 * @kind: whether trying again can help
 * @retry_after_ms: a delay the server asked for, or 0 for the output's own
 * @message: what went wrong, in a few words
 *
 * Ends the current attempt and schedules the next one, or gives up.
 */
void
relay_output_report_failure (RelayOutput *self, RelayFailureKind kind, guint retry_after_ms,
                             const char *message)
{
  g_return_if_fail (RELAY_IS_OUTPUT (self));

  fail_attempt (self, kind, retry_after_ms, message, RELAY_OUTPUT_STATE_RETRYING);
}

/* @retry_state: the state while the next attempt waits (retrying, stalled) */
static void
fail_attempt (RelayOutput *self, RelayFailureKind kind, guint retry_after_ms, const char *message,
              RelayOutputState retry_state)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  guint delay_ms = 0;

  if (priv->attempt == NULL)
    return;

  g_debug ("output %s: attempt failed: %s", priv->id, message);
  relay_output_set_last_error (self, message);
  teardown_attempt (self, FALSE);

  /* A server that accepted this URL and key before may still hold the
   * session it lost (nginx answers "already publishing" until it notices):
   * what fails at once on a first connection is worth retrying here. */
  if (priv->was_live && kind == RELAY_FAILURE_PERMANENT)
    kind = RELAY_FAILURE_TRANSIENT;

  priv->failures++;
  relay_output_notify_attempt (self);

  if (relay_retry_policy_next (&priv->policy, priv->failures, kind, retry_after_ms, &delay_ms))
    {
      priv->next_retry_at_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
      priv->retry_source_id = g_timeout_add (delay_ms, retry_now, self);
      relay_output_set_state (self, retry_state);
    }
  else
    {
      relay_output_set_state (self, RELAY_OUTPUT_STATE_FAILED);
    }
}

gboolean
relay_output_handle_message (RelayOutput *self, GstMessage *message)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  RelayOutputClass *klass = RELAY_OUTPUT_GET_CLASS (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_ERROR:
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *debug = NULL;
          g_autofree char *explained = NULL;
          RelayFailureKind kind;

          /* Late messages from an attempt already being taken down. */
          if (priv->attempt == NULL
              || !relay_output_attempt_contains (priv->attempt, GST_MESSAGE_SRC (message)))
            return TRUE;

          gst_message_parse_error (message, &error, &debug);
          {
            g_autofree char *shown_debug = relay_mask_redact (debug);
            g_autofree char *shown_error = relay_mask_redact (error->message);

            g_debug ("output %s: element error: %s (%s)", priv->id, shown_error,
                     shown_debug ? shown_debug : "");
          }

          if (klass->explain_error != NULL)
            kind = klass->explain_error (self, error, debug, &explained);
          else
            kind = relay_failure_classify (error, debug, NULL, &explained);

          relay_output_report_failure (self, kind, 0, explained);
          return TRUE;
        }
      case GST_MESSAGE_WARNING:
        {
          g_autoptr (GError) warning = NULL;

          gst_message_parse_warning (message, &warning, NULL);
          {
            g_autofree char *shown = relay_mask_redact (warning->message);

            g_debug ("output %s: warning: %s", priv->id, shown);
          }
          return TRUE;
        }
      default:
        return FALSE;
    }
}

/* Studio-facing lifecycle */

void
relay_output_start (RelayOutput *self, RelayStream *stream)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));
  g_return_if_fail (RELAY_IS_STREAM (stream));

  if (priv->attempt != NULL || priv->retry_source_id != 0)
    return;

  g_set_object (&priv->stream, stream);
  priv->failures = 0;
  begin_attempt (self);
}

/* The stream went away (a publisher left): wait for it, keeping nothing open. */
void
relay_output_wait_for_stream (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  g_clear_handle_id (&priv->retry_source_id, g_source_remove);
  teardown_attempt (self, TRUE);
  g_clear_object (&priv->stream);
  relay_output_set_state (self, RELAY_OUTPUT_STATE_WAITING);
}

void
relay_output_stop_async (RelayOutput *self, GAsyncReadyCallback callback, gpointer user_data)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAY_IS_OUTPUT (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, relay_output_stop_async);

  g_clear_handle_id (&priv->retry_source_id, g_source_remove);
  teardown_attempt (self, TRUE);
  g_clear_object (&priv->stream);
  if (priv->state != RELAY_OUTPUT_STATE_FAILED)
    relay_output_set_state (self, RELAY_OUTPUT_STATE_STOPPED);

  if (priv->teardowns_pending == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_ptr_array_add (priv->stop_tasks, g_steal_pointer (&task));
}

gboolean
relay_output_stop_finish (RelayOutput *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

RelayStream *
relay_output_get_stream (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return priv->stream;
}

/* Figures of the run */

/* Seconds until the next attempt, rounded up; 0 when none is scheduled. */
guint
relay_output_get_next_retry_s (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  gint64 remaining;

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  if (priv->retry_source_id == 0)
    return 0;
  remaining = priv->next_retry_at_us - g_get_monotonic_time ();
  return remaining > 0 ? (guint) ((remaining + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

guint
relay_output_get_reconnects (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->reconnects;
}

/* Times a live destination stalled (see RelayOutputOptions.stall_timeout_ms). */
guint
relay_output_get_stalls (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->stalls;
}

guint
relay_output_get_stall_timeout_ms (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->stall_timeout_ms;
}

guint64
relay_output_get_bytes_sent (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->bytes_before + priv->attempt_bytes;
}

/* Video frames handed to the destination. */
guint64
relay_output_get_frames_sent (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  guint64 sent, dropped;

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  relay_output_attempt_count_frames (priv->attempt, &sent, &dropped);
  return priv->frames_sent_before + sent;
}

/* Video frames this destination lost because it could not keep up (its
 * queue overflowed, then the wait for a keyframe). */
guint64
relay_output_get_frames_dropped (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  guint64 sent, dropped;

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  relay_output_attempt_count_frames (priv->attempt, &sent, &dropped);
  return priv->frames_dropped_before + dropped;
}

/* Video waiting in this destination's queue, in nanoseconds. */
guint64
relay_output_get_queued_ns (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return relay_output_attempt_get_queued_ns (priv->attempt);
}

/* Returns: (transfer none) (nullable): the shared encoder the current attempt
 * takes @kind from */
RelayEncoder *
relay_output_get_encoder (RelayOutput *self, RelayMediaKind kind)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  return relay_output_attempt_get_encoder (priv->attempt, kind);
}

/* Bits per second over the last poll interval. */
guint
relay_output_get_bitrate (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  return priv->bitrate;
}

gint64
relay_output_get_uptime_us (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), 0);

  if (priv->state != RELAY_OUTPUT_STATE_LIVE || priv->live_since_us == 0)
    return 0;
  return g_get_monotonic_time () - priv->live_since_us;
}

/* Whether the output is trying to deliver: connecting, live or about to retry. */
gboolean
relay_output_is_active (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), FALSE);

  return priv->attempt != NULL || priv->retry_source_id != 0;
}

/* "retrying (attempt 1 of 3, next try in 10 s): connection refused" */
char *
relay_output_describe_state (RelayOutput *self)
{
  RelayOutputPrivate *priv = relay_output_get_private (self);
  const char *error = priv->last_error ? priv->last_error : "";

  g_return_val_if_fail (RELAY_IS_OUTPUT (self), NULL);

  switch (priv->state)
    {
      case RELAY_OUTPUT_STATE_RETRYING:
        if (priv->policy.attempts == 0)
          return g_strdup_printf (_ ("retrying (attempt %u, next try in %u s): %s"), priv->failures,
                                  relay_output_get_next_retry_s (self), error);
        return g_strdup_printf (_ ("retrying (attempt %u of %u, next try in %u s): %s"),
                                priv->failures, priv->policy.attempts,
                                relay_output_get_next_retry_s (self), error);
      case RELAY_OUTPUT_STATE_STALLED:
        return g_strdup_printf (_ ("stalled (%s), connecting again in %u s"), error,
                                relay_output_get_next_retry_s (self));
      case RELAY_OUTPUT_STATE_FAILED:
        return g_strdup_printf (_ ("failed: %s"), error);
      case RELAY_OUTPUT_STATE_IDLE:
        return g_strdup (_ ("idle"));
      case RELAY_OUTPUT_STATE_WAITING:
        return g_strdup (_ ("waiting for the stream"));
      case RELAY_OUTPUT_STATE_CONNECTING:
        return g_strdup (_ ("connecting"));
      case RELAY_OUTPUT_STATE_LIVE:
        return g_strdup (_ ("live"));
      case RELAY_OUTPUT_STATE_STOPPED:
        return g_strdup (_ ("stopped"));
      default:
        return g_strdup (relay_output_state_to_string (priv->state));
    }
}
