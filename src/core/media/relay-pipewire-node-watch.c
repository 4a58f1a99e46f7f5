/* relay-pipewire-node-watch.c
 *
 * Says when a PipeWire node goes away: pipewiresrc (0.3.65) is silent when
 * its target is destroyed (its stream pauses and waits for ever), so a screen
 * cast whose producer died, or whose monitor was unplugged, would freeze on
 * its last frame with nobody told.
 *
 * The watch is a client of PipeWire of its own, on a remote that shows the
 * node (the portal opens one for each call, with access to the cast's node
 * and nothing else), and listens to its registry: a client cannot share
 * pipewiresrc's connection, and a duplicate of its fd is the same socket.
 * PipeWire's loop runs on the GLib main context, through its fd: no thread to
 * stop, nothing to marshal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <pipewire/pipewire.h>

#include "relay-error.h"
#include "relay-pipewire-node-watch.h"

struct _RelayPipewireNodeWatch
{
  GObject parent_instance;

  guint32 node_id;
  struct pw_loop *loop;
  struct pw_context *context;
  struct pw_core *core;
  struct pw_registry *registry;
  struct spa_hook core_listener;
  struct spa_hook registry_listener;
  GSource *source;
  /* the round trip after which the registry has listed what exists */
  int listed_seq;
  gboolean seen;
  gboolean gone;
  GSource *report;
};

G_DEFINE_FINAL_TYPE (RelayPipewireNodeWatch, relay_pipewire_node_watch, G_TYPE_OBJECT)

enum
{
  SIGNAL_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
emit_removed (gpointer user_data)
{
  RelayPipewireNodeWatch *self = user_data;

  g_clear_pointer (&self->report, g_source_unref);
  g_signal_emit (self, signals[SIGNAL_REMOVED], 0);
  return G_SOURCE_REMOVE;
}

/* Once, and from an idle: a handler may drop the watch, which must not be
 * destroyed from inside its own loop's iteration. */
static void
report_gone (RelayPipewireNodeWatch *self, const char *why)
{
  if (self->gone)
    return;
  self->gone = TRUE;
  g_debug ("PipeWire node %u: %s", self->node_id, why);
  self->report = g_idle_source_new ();
  g_source_set_callback (self->report, emit_removed, self, NULL);
  g_source_attach (self->report, g_source_get_context (self->source));
}

static void
on_global (void *data, uint32_t id, uint32_t permissions, const char *type, uint32_t version,
           const struct spa_dict *props)
{
  RelayPipewireNodeWatch *self = data;

  if (id == self->node_id)
    self->seen = TRUE;
}

static void
on_global_remove (void *data, uint32_t id)
{
  RelayPipewireNodeWatch *self = data;

  if (id == self->node_id)
    report_gone (self, "removed");
}

static const struct pw_registry_events registry_events = {
  PW_VERSION_REGISTRY_EVENTS,
  .global = on_global,
  .global_remove = on_global_remove,
};

static void
on_core_done (void *data, uint32_t id, int seq)
{
  RelayPipewireNodeWatch *self = data;

  /* gone before the watch started */
  if (id == PW_ID_CORE && seq == self->listed_seq && !self->seen)
    report_gone (self, "not there");
}

/* the connection itself failed: PipeWire stopped, or dropped the remote */
static void
on_core_error (void *data, uint32_t id, int seq, int res, const char *message)
{
  RelayPipewireNodeWatch *self = data;

  if (id == PW_ID_CORE)
    report_gone (self, message);
}

static const struct pw_core_events core_events = {
  PW_VERSION_CORE_EVENTS,
  .done = on_core_done,
  .error = on_core_error,
};

static gboolean
on_loop_ready (int fd, GIOCondition condition, gpointer user_data)
{
  RelayPipewireNodeWatch *self = user_data;

  pw_loop_iterate (self->loop, 0);
  return G_SOURCE_CONTINUE;
}

/**
 * relay_pipewire_node_watch_new:
 * @fd: (transfer full): a PipeWire remote that no other client uses
 * @node_id: the node to watch
 *
 * Emits #RelayPipewireNodeWatch::removed on the thread-default main context
 * once the node is gone (or was already), or PipeWire is.
 *
 * Returns: (transfer full): the watch, or %NULL with @error set
 */
RelayPipewireNodeWatch *
relay_pipewire_node_watch_new (int fd, guint32 node_id, GError **error)
{
  g_autoptr (RelayPipewireNodeWatch) self = g_object_new (RELAY_TYPE_PIPEWIRE_NODE_WATCH, NULL);

  self->node_id = node_id;
  if (!(self->loop = pw_loop_new (NULL)))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, "no PipeWire loop: %s",
                   g_strerror (errno));
      g_close (fd, NULL);
      return NULL;
    }
  pw_loop_enter (self->loop);
  if (!(self->context = pw_context_new (self->loop, NULL, 0)))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, "no PipeWire context: %s",
                   g_strerror (errno));
      g_close (fd, NULL);
      return NULL;
    }
  /* the core owns the fd from here on */
  if (!(self->core = pw_context_connect_fd (self->context, fd, NULL, 0)))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_CONNECTION_LOST,
                   "cannot connect to PipeWire: %s", g_strerror (errno));
      return NULL;
    }
  pw_core_add_listener (self->core, &self->core_listener, &core_events, self);
  self->registry = pw_core_get_registry (self->core, PW_VERSION_REGISTRY, 0);
  pw_registry_add_listener (self->registry, &self->registry_listener, &registry_events, self);
  self->listed_seq = pw_core_sync (self->core, PW_ID_CORE, 0);

  self->source = g_unix_fd_source_new (pw_loop_get_fd (self->loop), G_IO_IN | G_IO_ERR);
  g_source_set_callback (self->source, G_SOURCE_FUNC (on_loop_ready), self, NULL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
  return g_steal_pointer (&self);
}

/* Returns: whether the node is there: the registry listed it, and it has
 * not gone yet */
gboolean
relay_pipewire_node_watch_is_watching (RelayPipewireNodeWatch *self)
{
  g_return_val_if_fail (RELAY_IS_PIPEWIRE_NODE_WATCH (self), FALSE);

  return self->seen && !self->gone;
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
relay_pipewire_node_watch_finalize (GObject *object)
{
  RelayPipewireNodeWatch *self = RELAY_PIPEWIRE_NODE_WATCH (object);

  g_clear_pointer (&self->report, destroy_source);
  g_clear_pointer (&self->source, destroy_source);
  if (self->registry != NULL)
    {
      spa_hook_remove (&self->registry_listener);
      pw_proxy_destroy ((struct pw_proxy *) self->registry);
    }
  if (self->core != NULL)
    {
      spa_hook_remove (&self->core_listener);
      pw_core_disconnect (self->core);
    }
  g_clear_pointer (&self->context, pw_context_destroy);
  if (self->loop != NULL)
    pw_loop_leave (self->loop);
  g_clear_pointer (&self->loop, pw_loop_destroy);

  G_OBJECT_CLASS (relay_pipewire_node_watch_parent_class)->finalize (object);
}

static void
relay_pipewire_node_watch_class_init (RelayPipewireNodeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relay_pipewire_node_watch_finalize;

  pw_init (NULL, NULL);

  /* The node was destroyed, or PipeWire dropped the connection. */
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relay_pipewire_node_watch_init (RelayPipewireNodeWatch *self)
{
}
