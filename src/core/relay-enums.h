/* relay-enums.h: enumerations shared by the core, the API and the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RelayOutputState:
 * @RELAY_OUTPUT_STATE_IDLE: created, not started
 * @RELAY_OUTPUT_STATE_WAITING: started, waiting for its stream to go live
 * @RELAY_OUTPUT_STATE_CONNECTING: connecting to the destination
 * @RELAY_OUTPUT_STATE_LIVE: media reaches the destination
 * @RELAY_OUTPUT_STATE_RETRYING: failed, another attempt is scheduled
 * @RELAY_OUTPUT_STATE_FAILED: gave up; see the last error
 * @RELAY_OUTPUT_STATE_STOPPED: stopped on request, finalised
 * @RELAY_OUTPUT_STATE_STALLED: was live, but the destination stopped taking
 *   what it is sent; another attempt is scheduled
 */
typedef enum
{
  RELAY_OUTPUT_STATE_IDLE,
  RELAY_OUTPUT_STATE_WAITING,
  RELAY_OUTPUT_STATE_CONNECTING,
  RELAY_OUTPUT_STATE_LIVE,
  RELAY_OUTPUT_STATE_RETRYING,
  RELAY_OUTPUT_STATE_FAILED,
  RELAY_OUTPUT_STATE_STOPPED,
  RELAY_OUTPUT_STATE_STALLED,
} RelayOutputState;

/**
 * RelayOnAirState:
 * @RELAY_ON_AIR_OFF: no broadcast
 * @RELAY_ON_AIR_CONNECTING: a broadcast whose destinations are all still
 *   trying (connecting, retrying, stalled)
 * @RELAY_ON_AIR_LIVE: at least one destination is live
 * @RELAY_ON_AIR_DOWN: a broadcast that reaches no one and whose destinations
 *   have all given up (or that has none)
 */
typedef enum
{
  RELAY_ON_AIR_OFF,
  RELAY_ON_AIR_CONNECTING,
  RELAY_ON_AIR_LIVE,
  RELAY_ON_AIR_DOWN,
} RelayOnAirState;

/**
 * RelayLayerFit:
 * @RELAY_LAYER_FIT_STRETCH: the source fills the layer's rectangle, its shape changed
 * @RELAY_LAYER_FIT_CONTAIN: the whole source, its shape kept, with transparent bars
 * @RELAY_LAYER_FIT_COVER: the rectangle filled, its shape kept, the overflow cropped
 */
typedef enum
{
  RELAY_LAYER_FIT_STRETCH,
  RELAY_LAYER_FIT_CONTAIN,
  RELAY_LAYER_FIT_COVER,
} RelayLayerFit;

typedef enum
{
  RELAY_MEDIA_VIDEO,
  RELAY_MEDIA_AUDIO,
} RelayMediaKind;

typedef enum
{
  RELAY_AUDIO_CODEC_AAC,
  RELAY_AUDIO_CODEC_OPUS,
} RelayAudioCodec;

typedef enum
{
  RELAY_H264_PROFILE_DEFAULT,
  RELAY_H264_PROFILE_CONSTRAINED_BASELINE,
  RELAY_H264_PROFILE_MAIN,
  RELAY_H264_PROFILE_HIGH,
} RelayH264Profile;

typedef enum
{
  RELAY_STREAM_STATE_OFFLINE,
  RELAY_STREAM_STATE_LIVE,
} RelayStreamState;

/**
 * RelayDestinationKind:
 * @RELAY_DESTINATION_KIND_RTMP: RTMP or RTMPS, the stream key ends the URL
 * @RELAY_DESTINATION_KIND_WHIP: WebRTC over WHIP, a token goes beside the URL
 * @RELAY_DESTINATION_KIND_RECORDING: a new file in a folder at each start
 * @RELAY_DESTINATION_KIND_SRT: MPEG-TS over SRT, the passphrase and stream ID kept as the key
 */
typedef enum
{
  RELAY_DESTINATION_KIND_RTMP,
  RELAY_DESTINATION_KIND_WHIP,
  RELAY_DESTINATION_KIND_RECORDING,
  RELAY_DESTINATION_KIND_SRT,
} RelayDestinationKind;

const char *relay_output_state_to_string (RelayOutputState state);
const char *relay_destination_kind_to_string (RelayDestinationKind kind);
gboolean relay_destination_kind_from_string (const char *text, RelayDestinationKind *kind);

G_END_DECLS
