/* relay-rtmp-reader.h: what an RTMP server says, read from its chunk stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A command message (AMF0) of the server: what a client waits for */
typedef struct
{
  /* "_result", "_error", "onStatus", "close"… */
  char *name;
  double transaction;
  /* the first number among its arguments (createStream's stream id), or -1 */
  double number;
  /* of its information object (NULL when it has none): "NetConnection.Connect.Rejected"… */
  char *code;
  char *level;
  char *description;
} RelayRtmpCommand;

void relay_rtmp_command_free (RelayRtmpCommand *command);

typedef struct _RelayRtmpReader RelayRtmpReader;

RelayRtmpReader *relay_rtmp_reader_new (void);
void relay_rtmp_reader_free (RelayRtmpReader *self);
gboolean relay_rtmp_reader_push (RelayRtmpReader *self, const guint8 *data, gsize size,
                                 GError **error);
RelayRtmpCommand *relay_rtmp_reader_pop (RelayRtmpReader *self);
guint32 relay_rtmp_reader_get_chunk_size (RelayRtmpReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayRtmpCommand, relay_rtmp_command_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayRtmpReader, relay_rtmp_reader_free)

G_END_DECLS
