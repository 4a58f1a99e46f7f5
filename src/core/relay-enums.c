/* relay-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "relay-enums.h"

/* Stable machine names: they appear in logs, the REST API and tests. */
const char *
relay_output_state_to_string (RelayOutputState state)
{
  switch (state)
    {
      case RELAY_OUTPUT_STATE_IDLE:
        return "idle";
      case RELAY_OUTPUT_STATE_WAITING:
        return "waiting";
      case RELAY_OUTPUT_STATE_CONNECTING:
        return "connecting";
      case RELAY_OUTPUT_STATE_LIVE:
        return "live";
      case RELAY_OUTPUT_STATE_RETRYING:
        return "retrying";
      case RELAY_OUTPUT_STATE_FAILED:
        return "failed";
      case RELAY_OUTPUT_STATE_STOPPED:
        return "stopped";
      case RELAY_OUTPUT_STATE_STALLED:
        return "stalled";
      default:
        return "unknown";
    }
}

/* The names saved in destinations.json and typed on the command line. */
const char *
relay_destination_kind_to_string (RelayDestinationKind kind)
{
  switch (kind)
    {
      case RELAY_DESTINATION_KIND_WHIP:
        return "whip";
      case RELAY_DESTINATION_KIND_RECORDING:
        return "recording";
      case RELAY_DESTINATION_KIND_SRT:
        return "srt";
      case RELAY_DESTINATION_KIND_RTMP:
      default:
        return "rtmp";
    }
}

gboolean
relay_destination_kind_from_string (const char *text, RelayDestinationKind *kind)
{
  if (g_strcmp0 (text, "rtmp") == 0)
    *kind = RELAY_DESTINATION_KIND_RTMP;
  else if (g_strcmp0 (text, "whip") == 0)
    *kind = RELAY_DESTINATION_KIND_WHIP;
  else if (g_strcmp0 (text, "recording") == 0)
    *kind = RELAY_DESTINATION_KIND_RECORDING;
  else if (g_strcmp0 (text, "srt") == 0)
    *kind = RELAY_DESTINATION_KIND_SRT;
  else
    return FALSE;
  return TRUE;
}
