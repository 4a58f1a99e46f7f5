/* relay-audio-controls.h: a stream's sound: a mute and a gain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/media/relay-stream.h"

G_BEGIN_DECLS

#define RELAY_TYPE_AUDIO_CONTROLS (relay_audio_controls_get_type ())

G_DECLARE_FINAL_TYPE (RelayAudioControls, relay_audio_controls, RELAY, AUDIO_CONTROLS, GtkWidget)

/* The gain control's range, in dB */
#define RELAY_AUDIO_CONTROLS_MIN_DB (-30.0)
#define RELAY_AUDIO_CONTROLS_MAX_DB 12.0

void relay_audio_controls_set_stream (RelayAudioControls *self, RelayStream *stream);

G_END_DECLS
