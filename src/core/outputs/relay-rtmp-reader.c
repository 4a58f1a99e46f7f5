/* relay-rtmp-reader.c
 *
 * The bytes an RTMP server sends after the handshake are chunks: each names
 * its chunk stream and carries a piece (at most the server's chunk size) of
 * one message. The reader keeps what it was given until a chunk is whole,
 * puts messages together, follows Set Chunk Size and Abort, and decodes the
 * command messages (AMF0) into what a client acts on: the command's name, its
 * transaction and its information object's code and description. Everything
 * else a server may send a client (window sizes, peer bandwidth, user control
 * events, data) needs no answer in a short exchange and is skipped.
 *
 * The server is not trusted: every length is checked against what arrived
 * and against bounds a command never comes near.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-rtmp-reader.h"

#define DEFAULT_CHUNK_SIZE 128
/* Commands are a few hundred bytes; a server sends a client nothing larger
 * before it publishes. */
#define MAX_MESSAGE_SIZE   (1024 * 1024)
#define MAX_CHUNK_STREAMS  64
#define MAX_AMF_DEPTH      16
#define EXTENDED_TIMESTAMP 0xffffff

#define MESSAGE_SET_CHUNK_SIZE 1
#define MESSAGE_ABORT          2
#define MESSAGE_COMMAND_AMF3   17
#define MESSAGE_COMMAND_AMF0   20

#define AMF0_NUMBER       0x00
#define AMF0_BOOLEAN      0x01
#define AMF0_STRING       0x02
#define AMF0_OBJECT       0x03
#define AMF0_NULL         0x05
#define AMF0_UNDEFINED    0x06
#define AMF0_ECMA_ARRAY   0x08
#define AMF0_OBJECT_END   0x09
#define AMF0_STRICT_ARRAY 0x0a
#define AMF0_DATE         0x0b
#define AMF0_LONG_STRING  0x0c

typedef struct
{
  gboolean started;
  /* the last header's timestamp field was followed by an extended one */
  gboolean extended;
  guint32 length;
  guint8 type;
  /* the message being put together; NULL between messages */
  GByteArray *payload;
} ChunkStream;

struct _RelayRtmpReader
{
  GByteArray *pending;
  guint32 chunk_size;
  /* chunk stream id -> ChunkStream */
  GHashTable *streams;
  GQueue commands;
};

void
relay_rtmp_command_free (RelayRtmpCommand *command)
{
  if (command == NULL)
    return;

  g_free (command->name);
  g_free (command->code);
  g_free (command->level);
  g_free (command->description);
  g_free (command);
}

static void
chunk_stream_free (gpointer data)
{
  ChunkStream *stream = data;

  if (stream->payload != NULL)
    g_byte_array_unref (stream->payload);
  g_free (stream);
}

RelayRtmpReader *
relay_rtmp_reader_new (void)
{
  RelayRtmpReader *self = g_new0 (RelayRtmpReader, 1);

  self->pending = g_byte_array_new ();
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->streams = g_hash_table_new_full (NULL, NULL, NULL, chunk_stream_free);
  g_queue_init (&self->commands);
  return self;
}

void
relay_rtmp_reader_free (RelayRtmpReader *self)
{
  if (self == NULL)
    return;

  g_byte_array_unref (self->pending);
  g_hash_table_unref (self->streams);
  g_queue_clear_full (&self->commands, (GDestroyNotify) relay_rtmp_command_free);
  g_free (self);
}

guint32
relay_rtmp_reader_get_chunk_size (RelayRtmpReader *self)
{
  return self->chunk_size;
}

static gboolean
set_unreadable (GError **error, const char *reason)
{
  g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_FAILED, reason);
  return FALSE;
}

/* AMF0 */

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize pos;
} Cursor;

static gboolean
cursor_take (Cursor *cursor, gsize count, const guint8 **out, GError **error)
{
  if (cursor->size - cursor->pos < count)
    return set_unreadable (error, _ ("a command ends in the middle of a value"));

  *out = cursor->data + cursor->pos;
  cursor->pos += count;
  return TRUE;
}

static gboolean
read_u8 (Cursor *cursor, guint8 *out, GError **error)
{
  const guint8 *p;

  if (!cursor_take (cursor, 1, &p, error))
    return FALSE;
  *out = p[0];
  return TRUE;
}

static gboolean
read_u16 (Cursor *cursor, guint16 *out, GError **error)
{
  const guint8 *p;

  if (!cursor_take (cursor, 2, &p, error))
    return FALSE;
  *out = (guint16) (p[0] << 8 | p[1]);
  return TRUE;
}

static gboolean
read_u32 (Cursor *cursor, guint32 *out, GError **error)
{
  const guint8 *p;

  if (!cursor_take (cursor, 4, &p, error))
    return FALSE;
  *out = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
  return TRUE;
}

static gboolean
read_number (Cursor *cursor, double *out, GError **error)
{
  const guint8 *p;
  guint64 bits = 0;

  if (!cursor_take (cursor, 8, &p, error))
    return FALSE;
  for (guint i = 0; i < 8; i++)
    bits = bits << 8 | p[i];
  memcpy (out, &bits, sizeof *out);
  return TRUE;
}

/* The text of a string value (@length bytes, not NUL-terminated), valid UTF-8 */
static gboolean
read_text (Cursor *cursor, gsize length, char **out, GError **error)
{
  const guint8 *p;

  if (!cursor_take (cursor, length, &p, error))
    return FALSE;
  if (out != NULL)
    *out = g_utf8_make_valid ((const char *) p, (gssize) length);
  return TRUE;
}

static void
replace_text (char **field, char **value)
{
  g_free (*field);
  *field = g_steal_pointer (value);
}

static gboolean read_value (Cursor *cursor, guint depth, RelayRtmpCommand *command,
                            char **out_string, GError **error);

/* An object's or ECMA array's properties up to the end marker; the strings
 * of a top-level one are kept when they are the information people read. */
static gboolean
read_properties (Cursor *cursor, guint depth, RelayRtmpCommand *command, GError **error)
{
  g_autoptr (RelayRtmpCommand) info = g_new0 (RelayRtmpCommand, 1);

  for (;;)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      guint16 length;

      if (!read_u16 (cursor, &length, error))
        return FALSE;
      if (length == 0)
        {
          guint8 marker;

          if (!read_u8 (cursor, &marker, error))
            return FALSE;
          if (marker != AMF0_OBJECT_END)
            return set_unreadable (error, _ ("an object has a property without a name"));
          break;
        }
      if (!read_text (cursor, length, &key, error)
          || !read_value (cursor, depth + 1, NULL, &value, error))
        return FALSE;

      if (value == NULL)
        continue;
      if (g_str_equal (key, "code"))
        replace_text (&info->code, &value);
      else if (g_str_equal (key, "level"))
        replace_text (&info->level, &value);
      else if (g_str_equal (key, "description"))
        replace_text (&info->description, &value);
    }

  /* the first object that says what happened is the information object */
  if (command != NULL && command->code == NULL && info->code != NULL)
    {
      command->code = g_steal_pointer (&info->code);
      command->level = g_steal_pointer (&info->level);
      command->description = g_steal_pointer (&info->description);
    }
  return TRUE;
}

/* Reads one value. @command: (nullable): where a top-level argument's
 * number and information go. @out_string: (nullable): the value when it is a
 * string. */
static gboolean
read_value (Cursor *cursor, guint depth, RelayRtmpCommand *command, char **out_string,
            GError **error)
{
  guint8 marker;
  guint16 length16;
  guint32 length32;
  double number;

  if (depth > MAX_AMF_DEPTH)
    return set_unreadable (error, _ ("values are nested too deep"));
  if (!read_u8 (cursor, &marker, error))
    return FALSE;

  switch (marker)
    {
      case AMF0_NUMBER:
        if (!read_number (cursor, &number, error))
          return FALSE;
        if (command != NULL && command->number < 0)
          command->number = number;
        return TRUE;
      case AMF0_BOOLEAN:
        return read_u8 (cursor, &marker, error);
      case AMF0_STRING:
        return read_u16 (cursor, &length16, error)
               && read_text (cursor, length16, out_string, error);
      case AMF0_LONG_STRING:
        return read_u32 (cursor, &length32, error)
               && read_text (cursor, length32, out_string, error);
      case AMF0_NULL:
      case AMF0_UNDEFINED:
        return TRUE;
      case AMF0_ECMA_ARRAY:
        /* its count is a hint; the end marker ends it */
        if (!read_u32 (cursor, &length32, error))
          return FALSE;
        return read_properties (cursor, depth, command, error);
      case AMF0_OBJECT:
        return read_properties (cursor, depth, command, error);
      case AMF0_STRICT_ARRAY:
        if (!read_u32 (cursor, &length32, error))
          return FALSE;
        /* each value takes a byte at least */
        if (length32 > cursor->size - cursor->pos)
          return set_unreadable (error, _ ("a command ends in the middle of a value"));
        for (guint32 i = 0; i < length32; i++)
          {
            if (!read_value (cursor, depth + 1, NULL, NULL, error))
              return FALSE;
          }
        return TRUE;
      case AMF0_DATE:
        return read_number (cursor, &number, error) && read_u16 (cursor, &length16, error);
      default:
        {
          g_autofree char *reason =
              g_strdup_printf (_ ("a value of an unknown type (0x%02x)"), marker);

          return set_unreadable (error, reason);
        }
    }
}

static gboolean
decode_command (RelayRtmpReader *self, const guint8 *data, gsize size, GError **error)
{
  g_autoptr (RelayRtmpCommand) command = g_new0 (RelayRtmpCommand, 1);
  Cursor cursor = { data, size, 0 };

  command->number = -1;
  if (!read_value (&cursor, 0, NULL, &command->name, error))
    return FALSE;
  if (command->name == NULL)
    return set_unreadable (error, _ ("a command has no name"));

  /* the transaction is the first number; the information comes after it */
  if (!read_value (&cursor, 0, command, NULL, error))
    return FALSE;
  command->transaction = command->number;
  command->number = -1;

  while (cursor.pos < cursor.size)
    {
      if (!read_value (&cursor, 0, command, NULL, error))
        return FALSE;
    }

  g_queue_push_tail (&self->commands, g_steal_pointer (&command));
  return TRUE;
}

/* Messages */

static guint32
read_be (const guint8 *p, guint count)
{
  guint32 value = 0;

  for (guint i = 0; i < count; i++)
    value = value << 8 | p[i];
  return value;
}

static gboolean
dispatch (RelayRtmpReader *self, guint8 type, GByteArray *payload, GError **error)
{
  switch (type)
    {
      case MESSAGE_SET_CHUNK_SIZE:
        {
          guint32 size;

          if (payload->len < 4)
            return set_unreadable (error, _ ("a Set Chunk Size message is too short"));
          size = read_be (payload->data, 4) & 0x7fffffff;
          if (size == 0)
            return set_unreadable (error, _ ("the server set a chunk size of 0"));
          self->chunk_size = size;
          return TRUE;
        }
      case MESSAGE_ABORT:
        {
          ChunkStream *stream;

          if (payload->len < 4)
            return set_unreadable (error, _ ("an Abort message is too short"));
          stream =
              g_hash_table_lookup (self->streams, GUINT_TO_POINTER (read_be (payload->data, 4)));
          if (stream != NULL)
            g_clear_pointer (&stream->payload, g_byte_array_unref);
          return TRUE;
        }
      case MESSAGE_COMMAND_AMF3:
        /* an AMF0 command after a format byte */
        if (payload->len < 1)
          return set_unreadable (error, _ ("a command has no name"));
        return decode_command (self, payload->data + 1, payload->len - 1, error);
      case MESSAGE_COMMAND_AMF0:
        return decode_command (self, payload->data, payload->len, error);
      default:
        return TRUE;
    }
}

/* Chunks */

static const guint header_sizes[] = { 11, 7, 3, 0 };

/* Takes one whole chunk from the front of the pending bytes. Returns FALSE
 * with @error unset when the chunk has not all arrived yet. */
static gboolean
take_chunk (RelayRtmpReader *self, GError **error)
{
  const guint8 *data = self->pending->data;
  gsize available = self->pending->len;
  gsize pos = 1;
  guint fmt;
  guint32 csid;
  guint32 timestamp_field = 0;
  guint32 length;
  guint8 type;
  gboolean extended;
  gsize received;
  gsize piece;
  ChunkStream *stream;

  if (available < 1)
    return FALSE;

  fmt = data[0] >> 6;
  csid = data[0] & 0x3f;
  if (csid == 0)
    {
      if (available < 2)
        return FALSE;
      csid = 64 + data[1];
      pos = 2;
    }
  else if (csid == 1)
    {
      if (available < 3)
        return FALSE;
      csid = 64 + data[1] + data[2] * 256;
      pos = 3;
    }

  if (available < pos + header_sizes[fmt])
    return FALSE;

  stream = g_hash_table_lookup (self->streams, GUINT_TO_POINTER (csid));
  if (fmt != 0 && (stream == NULL || !stream->started))
    return set_unreadable (error, _ ("a chunk continues a message that never began"));
  if (stream == NULL && g_hash_table_size (self->streams) >= MAX_CHUNK_STREAMS)
    return set_unreadable (error, _ ("too many chunk streams"));

  length = stream ? stream->length : 0;
  type = stream ? stream->type : 0;
  if (fmt <= 2)
    timestamp_field = read_be (data + pos, 3);
  if (fmt <= 1)
    {
      length = read_be (data + pos + 3, 3);
      type = data[pos + 6];
    }
  pos += header_sizes[fmt];

  extended = fmt == 3 ? stream->extended : timestamp_field == EXTENDED_TIMESTAMP;
  if (extended)
    {
      if (available < pos + 4)
        return FALSE;
      pos += 4;
    }

  if (length > MAX_MESSAGE_SIZE)
    {
      g_autofree char *reason =
          g_strdup_printf (_ ("a message of %u bytes, more than any command"), length);

      return set_unreadable (error, reason);
    }

  /* a header other than type 3 begins a new message */
  received = (fmt == 3 && stream->payload != NULL) ? stream->payload->len : 0;
  piece = MIN (self->chunk_size, length - received);
  if (available < pos + piece)
    return FALSE;

  /* the whole chunk is there */
  if (stream == NULL)
    {
      stream = g_new0 (ChunkStream, 1);
      g_hash_table_insert (self->streams, GUINT_TO_POINTER (csid), stream);
    }
  stream->started = TRUE;
  stream->extended = extended;
  stream->length = length;
  stream->type = type;
  if (received == 0)
    {
      g_clear_pointer (&stream->payload, g_byte_array_unref);
      stream->payload = g_byte_array_sized_new (length);
    }
  g_byte_array_append (stream->payload, data + pos, piece);
  g_byte_array_remove_range (self->pending, 0, pos + piece);

  if (stream->payload->len == stream->length)
    {
      g_autoptr (GByteArray) payload = g_steal_pointer (&stream->payload);

      if (!dispatch (self, type, payload, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * relay_rtmp_reader_push:
 * @data: bytes the server sent after the handshake
 *
 * Returns: %FALSE with @error set, in a few words, when the server sent
 *   something no RTMP server would (the connection is then of no use)
 */
gboolean
relay_rtmp_reader_push (RelayRtmpReader *self, const guint8 *data, gsize size, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_byte_array_append (self->pending, data, size);
  while (take_chunk (self, &local_error))
    ;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full) (nullable): the oldest command not taken yet */
RelayRtmpCommand *
relay_rtmp_reader_pop (RelayRtmpReader *self)
{
  return g_queue_pop_head (&self->commands);
}
