/* relay-output-attempt.h: one attempt of an output, for the output's own use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-output.h"
#include "relay-stream.h"

G_BEGIN_DECLS

typedef struct _RelayOutputAttempt RelayOutputAttempt;

typedef void (*RelayOutputAttemptEndedFunc) (RelayOutput *output);

RelayOutputAttempt *relay_output_attempt_new (RelayOutput *output, RelayStream *stream,
                                              GError **error);
void relay_output_attempt_teardown (RelayOutputAttempt *attempt, gboolean graceful,
                                    gboolean was_connected, RelayOutputAttemptEndedFunc ended);
void relay_output_attempt_switch_audio (RelayOutputAttempt *attempt);

GstElement *relay_output_attempt_get_bin (RelayOutputAttempt *attempt);
gboolean relay_output_attempt_contains (RelayOutputAttempt *attempt, GstObject *object);
guint64 relay_output_attempt_get_bytes_offered (RelayOutputAttempt *attempt);
guint64 relay_output_attempt_get_bytes_in (RelayOutputAttempt *attempt);
void relay_output_attempt_count_frames (RelayOutputAttempt *attempt, guint64 *sent,
                                        guint64 *dropped);
guint64 relay_output_attempt_get_queued_ns (RelayOutputAttempt *attempt);
RelayEncoder *relay_output_attempt_get_encoder (RelayOutputAttempt *attempt, RelayMediaKind kind);

/* What the attempt asks of its output (relay-output.c) */
void relay_output_get_encoding_profiles (RelayOutput *self, RelayStream *stream,
                                         RelayVideoProfile *video, RelayAudioProfile *audio);
RelayOutputAttempt *relay_output_get_current_attempt (RelayOutput *self);

G_END_DECLS
