/* relay-socket-probe.c
 *
 * rtmp2sink keeps its socket to itself, so the probe finds it among the
 * process's descriptors: the newest TCP socket connected to the server's
 * address and port that no other probe holds. It then reads the socket's
 * TCP_INFO: the bytes the server's kernel acknowledged plus the window it
 * still offers is the right edge of that window, which moves forward only
 * when the server's program reads. A server that stops reading (stopped,
 * hung, overloaded) leaves it standing still at once, long before its
 * receive buffer and our send buffer are full.
 *
 * The descriptor is not ours: each read checks that it is still the same
 * socket (its inode) before trusting what it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gio/gio.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "relay-socket-probe.h"

struct _RelaySocketProbe
{
  guint16 port;
  /* GInetAddress: the server's addresses, once resolved */
  GList *addresses;
  GCancellable *cancellable;
  int fd;
  gint64 inode;
};

/* inodes of the sockets a probe holds, on the main thread */
static GHashTable *claimed;

static void
on_resolved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  RelaySocketProbe *self = user_data;

  if (addresses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("stall watch: the server's address is unknown: %s", error->message);
      return;
    }
  self->addresses = addresses;
}

/* @host: the server, a name or an address; resolved here as rtmp2sink does */
RelaySocketProbe *
relay_socket_probe_new (const char *host, guint16 port)
{
  RelaySocketProbe *self = g_new0 (RelaySocketProbe, 1);
  GInetAddress *address = g_inet_address_new_from_string (host);

  self->port = port;
  self->fd = -1;
  if (address != NULL)
    {
      self->addresses = g_list_prepend (NULL, address);
    }
  else
    {
      g_autoptr (GResolver) resolver = g_resolver_get_default ();

      self->cancellable = g_cancellable_new ();
      g_resolver_lookup_by_name_async (resolver, host, self->cancellable, on_resolved, self);
    }
  return self;
}

void
relay_socket_probe_free (RelaySocketProbe *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0 && claimed != NULL)
    g_hash_table_remove (claimed, &self->inode);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_object_unref (self->cancellable);
    }
  g_resolver_free_addresses (self->addresses);
  g_free (self);
}

static gboolean
is_server (RelaySocketProbe *self, int fd)
{
  struct sockaddr_storage storage;
  socklen_t length = sizeof storage;
  int type = 0;
  socklen_t type_length = sizeof type;
  g_autoptr (GSocketAddress) peer = NULL;
  GInetAddress *peer_address;

  if (getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &type_length) != 0 || type != SOCK_STREAM
      || getpeername (fd, (struct sockaddr *) &storage, &length) != 0
      || (storage.ss_family != AF_INET && storage.ss_family != AF_INET6))
    return FALSE;

  peer = g_socket_address_new_from_native (&storage, length);
  if (peer == NULL || g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (peer)) != self->port)
    return FALSE;
  peer_address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer));
  for (GList *l = self->addresses; l != NULL; l = l->next)
    {
      if (g_inet_address_equal (l->data, peer_address))
        return TRUE;
    }
  return FALSE;
}

static gboolean
find_socket (RelaySocketProbe *self)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  if (dir == NULL || self->addresses == NULL)
    return FALSE;
  if (claimed == NULL)
    claimed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name);
      struct stat info;

      if (fstat (fd, &info) != 0 || !S_ISSOCK (info.st_mode)
          || g_hash_table_contains (claimed, &(gint64){ (gint64) info.st_ino })
          || !is_server (self, fd))
        continue;
      /* the newest: sockets get increasing inodes */
      if (self->fd < 0 || (gint64) info.st_ino > self->inode)
        {
          self->fd = fd;
          self->inode = (gint64) info.st_ino;
        }
    }

  if (self->fd < 0)
    return FALSE;
  g_hash_table_add (claimed, g_memdup2 (&self->inode, sizeof self->inode));
  return TRUE;
}

/**
 * relay_socket_probe_read:
 * @room: (out): how far into the stream the server has made room so far
 *
 * Returns: whether the socket was found and is still open
 */
gboolean
relay_socket_probe_read (RelaySocketProbe *self, guint64 *room)
{
  struct tcp_info info = { 0 };
  socklen_t length = sizeof info;
  struct stat status;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->fd < 0 && !find_socket (self))
    return FALSE;
  if (fstat (self->fd, &status) != 0 || (gint64) status.st_ino != self->inode
      || getsockopt (self->fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0
      || length < offsetof (struct tcp_info, tcpi_bytes_acked) + sizeof info.tcpi_bytes_acked)
    return FALSE;

  *room = info.tcpi_bytes_acked;
  /* kernels before 5.4 do not tell the window: then only what was acknowledged */
  if (length >= offsetof (struct tcp_info, tcpi_snd_wnd) + sizeof info.tcpi_snd_wnd)
    *room += info.tcpi_snd_wnd;
  return TRUE;
}
