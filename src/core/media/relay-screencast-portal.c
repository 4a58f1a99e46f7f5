/* relay-screencast-portal.c
 *
 * A screen cast session of the desktop portal (org.freedesktop.portal.ScreenCast),
 * over GDBus: no libportal, one dependency less. Starting it creates the
 * session, selects a monitor or a window (the portal asks the person, unless
 * a restore token from an earlier start says what they chose), starts it and
 * opens the PipeWire remote that holds its stream's node. The session stays
 * open while the object lives: the stream ends with it. The node may go away
 * with the session left open (its producer died, its monitor was unplugged):
 * a watch on the remote says so.
 *
 * Each portal call answers at once with a Request object whose Response
 * signal brings the result later (after a dialog, perhaps): the signal is
 * subscribed to before the call, on the path the handle token makes, so it
 * cannot be missed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "relay-error.h"
#include "relay-pipewire-node-watch.h"
#include "relay-screencast-portal.h"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define SCREENCAST_IFACE "org.freedesktop.portal.ScreenCast"
#define REQUEST_IFACE    "org.freedesktop.portal.Request"
#define SESSION_IFACE    "org.freedesktop.portal.Session"

/* the portal's bits for what to offer and how to draw the pointer */
#define SOURCE_MONITOR  1
#define SOURCE_WINDOW   2
#define CURSOR_HIDDEN   1
#define CURSOR_EMBEDDED 2
/* the choice is kept until the person revokes it */
#define PERSIST_UNTIL_REVOKED 2

/* the response of a Request the person cancelled */
#define RESPONSE_CANCELLED 1

#define CHECK_TIMEOUT_MS 5000

typedef void (*ResponseFunc) (GTask *task, GVariant *results);

struct _RelayScreencastPortal
{
  GObject parent_instance;

  GDBusConnection *connection;
  char *session_handle;
  int fd;
  guint32 node_id;
  char *restore_token;
  guint closed_id;
  RelayPipewireNodeWatch *node_watch;

  /* while starting */
  GTask *task;
  guint response_id;
  ResponseFunc on_response;
  char *token_in;
  guint32 cursor_mode;
};

G_DEFINE_FINAL_TYPE (RelayScreencastPortal, relay_screencast_portal, G_TYPE_OBJECT)

enum
{
  SIGNAL_CLOSED,
  SIGNAL_NODE_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
ask_bus_for_portal (void)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (
      bus, PORTAL_NAME, PORTAL_PATH, "org.freedesktop.DBus.Properties", "Get",
      g_variant_new ("(ss)", SCREENCAST_IFACE, "version"), G_VARIANT_TYPE ("(v)"),
      G_DBUS_CALL_FLAGS_NONE, CHECK_TIMEOUT_MS, NULL, &error);
  if (reply == NULL)
    g_debug ("no screen cast portal: %s", error->message);
  return reply != NULL;
}

/**
 * relay_screencast_portal_is_available:
 *
 * Whether the session bus has a portal that casts screens: a desktop
 * backend (GNOME's, KDE's, wlroots') gives it one. The first call blocks
 * until the portal answers, started by the bus if need be; the answer holds
 * for the rest of the run, so that screens opened later do not wait again.
 */
gboolean
relay_screencast_portal_is_available (void)
{
  static gsize answer;

  if (g_once_init_enter (&answer))
    g_once_init_leave (&answer, ask_bus_for_portal () ? 2 : 1);
  return answer == 2;
}

static void
unsubscribe_response (RelayScreencastPortal *self)
{
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->response_id);
  self->response_id = 0;
}

static void
finish_with_error (RelayScreencastPortal *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  unsubscribe_response (self);
  g_task_return_error (task, error);
}

/* A call the portal refused or failed, in the person's terms; takes @error. */
static void
finish_with_call_error (RelayScreencastPortal *self, GError *error)
{
  g_dbus_error_strip_remote_error (error);
  finish_with_error (self, g_error_new (RELAY_ERROR, RELAY_ERROR_NOT_SUPPORTED,
                                        _ ("The desktop portal cannot share the screen: %s"),
                                        error->message));
  g_error_free (error);
}

static gboolean
return_if_cancelled (GTask *task)
{
  RelayScreencastPortal *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  finish_with_error (self, error);
  return TRUE;
}

static void
on_response (GDBusConnection *connection, const char *sender, const char *path, const char *iface,
             const char *signal, GVariant *parameters, gpointer user_data)
{
  RelayScreencastPortal *self = user_data;
  g_autoptr (GVariant) results = NULL;
  guint32 response;

  unsubscribe_response (self);
  if (self->task == NULL || return_if_cancelled (self->task))
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  if (response != 0)
    {
      finish_with_error (
          self, g_error_new_literal (RELAY_ERROR, RELAY_ERROR_REJECTED,
                                     response == RESPONSE_CANCELLED
                                         ? _ ("Screen sharing was not allowed")
                                         : _ ("The desktop portal could not share the screen")));
      return;
    }
  self->on_response (self->task, results);
}

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayScreencastPortal *self = g_task_get_source_object (task);
  g_autoptr (GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL && self->task == task)
    finish_with_call_error (self, error);
  else
    g_clear_error (&error);
}

/* Calls @method of the ScreenCast portal for @session (if any, with the
 * window to put a dialog over, if any) with @options and a fresh handle token
 * among them; @next gets the results. */
static void
call_request (GTask *task, const char *method, const char *session, const char *parent_window,
              GVariantBuilder *options, ResponseFunc next)
{
  RelayScreencastPortal *self = g_task_get_source_object (task);
  static guint counter;
  g_autofree char *token = g_strdup_printf ("relaycast%u_%u", g_random_int (), ++counter);
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (self->connection) + 1);
  g_autofree char *path = NULL;
  GVariantBuilder params;

  /* the request's path is known from the token and the caller's name */
  g_strdelimit (sender, ".", '_');
  path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);
  self->on_response = next;
  self->response_id = g_dbus_connection_signal_subscribe (
      self->connection, PORTAL_NAME, REQUEST_IFACE, "Response", path, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, on_response, self, NULL);

  g_variant_builder_add (options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_init (&params, G_VARIANT_TYPE_TUPLE);
  if (session != NULL)
    g_variant_builder_add (&params, "o", session);
  if (parent_window != NULL)
    g_variant_builder_add (&params, "s", parent_window);
  g_variant_builder_add_value (&params, g_variant_builder_end (options));
  g_debug ("screen cast portal: %s", method);
  g_dbus_connection_call (self->connection, PORTAL_NAME, PORTAL_PATH, SCREENCAST_IFACE, method,
                          g_variant_builder_end (&params), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), on_call_done,
                          g_object_ref (task));
}

static void
on_session_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayScreencastPortal) self = user_data;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  if (reply != NULL)
    g_variant_unref (reply);
  /* a closed session said so before this answer (what the answer says does
   * not matter): that is what happened */
  if (self->session_handle != NULL)
    g_signal_emit (self, signals[SIGNAL_NODE_REMOVED], 0);
}

/* A compositor that stops a session ends its stream too, and the node may go
 * before the portal says the session closed: a round trip to the portal
 * (ordered after its Closed, if it sent one) tells which happened. */
static void
on_node_removed (RelayPipewireNodeWatch *watch, RelayScreencastPortal *self)
{
  if (self->session_handle == NULL)
    return;
  g_dbus_connection_call (
      self->connection, PORTAL_NAME, self->session_handle, "org.freedesktop.DBus.Properties", "Get",
      g_variant_new ("(ss)", SESSION_IFACE, "version"), NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
      on_session_checked, g_object_ref (self));
}

/* Returns: (transfer full): the fd of the remote @result opened, or -1 with @error set */
static int
take_remote_fd (GDBusConnection *connection, GAsyncResult *result, GError **error)
{
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GVariant) reply = NULL;
  gint32 index;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (connection, &fds, result, error);
  if (reply == NULL)
    return -1;
  g_variant_get (reply, "(h)", &index);
  return g_unix_fd_list_get (fds, index, error);
}

static void
open_remote (RelayScreencastPortal *self, GTask *task, GAsyncReadyCallback callback)
{
  g_dbus_connection_call_with_unix_fd_list (
      self->connection, PORTAL_NAME, PORTAL_PATH, SCREENCAST_IFACE, "OpenPipeWireRemote",
      g_variant_new ("(oa{sv})", self->session_handle, NULL), G_VARIANT_TYPE ("(h)"),
      G_DBUS_CALL_FLAGS_NONE, -1, NULL, g_task_get_cancellable (task), callback,
      g_object_ref (task));
}

static void
on_watch_remote_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayScreencastPortal *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  int fd = take_remote_fd (G_DBUS_CONNECTION (source), result, &error);

  if (fd >= 0)
    self->node_watch = relay_pipewire_node_watch_new (fd, self->node_id, &error);
  /* the cast works without: only the node's end would go unsaid */
  if (self->node_watch == NULL)
    g_debug ("screen cast portal: not watching node %u: %s", self->node_id, error->message);
  else
    g_signal_connect (self->node_watch, "removed", G_CALLBACK (on_node_removed), self);
  g_task_return_boolean (g_steal_pointer (&self->task), TRUE);
}

static void
on_remote_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayScreencastPortal *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->fd = take_remote_fd (G_DBUS_CONNECTION (source), result, &error);
  if (self->fd < 0)
    {
      finish_with_call_error (self, error);
      return;
    }
  g_debug ("screen cast portal: node %u on fd %d", self->node_id, self->fd);
  /* a remote of the watch's own: pipewiresrc's connection is its alone */
  open_remote (self, task, on_watch_remote_opened);
}

static void
on_started (GTask *task, GVariant *results)
{
  RelayScreencastPortal *self = g_task_get_source_object (task);
  g_autoptr (GVariant) streams = g_variant_lookup_value (results, "streams", NULL);

  if (streams == NULL || g_variant_n_children (streams) == 0)
    {
      finish_with_error (self, g_error_new_literal (RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                                                    _ ("The desktop portal shared no screen")));
      return;
    }
  /* one monitor or window was asked for: the first stream is it */
  g_variant_get_child (streams, 0, "(u@a{sv})", &self->node_id, NULL);
  g_variant_lookup (results, "restore_token", "s", &self->restore_token);

  open_remote (self, task, on_remote_opened);
}

static void
on_sources_selected (GTask *task, GVariant *results)
{
  RelayScreencastPortal *self = g_task_get_source_object (task);
  GVariantBuilder options;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  /* no window of ours to put a dialog over: the portal centres it */
  call_request (task, "Start", self->session_handle, "", &options, on_started);
}

static void
on_closed (GDBusConnection *connection, const char *sender, const char *path, const char *iface,
           const char *signal, GVariant *parameters, gpointer user_data)
{
  RelayScreencastPortal *self = user_data;

  g_debug ("screen cast portal: the session was closed");
  g_clear_pointer (&self->session_handle, g_free);
  g_clear_object (&self->node_watch);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

static void
on_session_created (GTask *task, GVariant *results)
{
  RelayScreencastPortal *self = g_task_get_source_object (task);
  GVariantBuilder options;

  if (!g_variant_lookup (results, "session_handle", "s", &self->session_handle))
    {
      finish_with_error (self,
                         g_error_new_literal (RELAY_ERROR, RELAY_ERROR_FAILED,
                                              _ ("The desktop portal could not share the screen")));
      return;
    }
  /* the person stopped sharing (from the shell), or the screen went away */
  self->closed_id = g_dbus_connection_signal_subscribe (
      self->connection, PORTAL_NAME, SESSION_IFACE, "Closed", self->session_handle, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, on_closed, self, NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "types",
                         g_variant_new_uint32 (SOURCE_MONITOR | SOURCE_WINDOW));
  g_variant_builder_add (&options, "{sv}", "multiple", g_variant_new_boolean (FALSE));
  g_variant_builder_add (&options, "{sv}", "cursor_mode", g_variant_new_uint32 (self->cursor_mode));
  g_variant_builder_add (&options, "{sv}", "persist_mode",
                         g_variant_new_uint32 (PERSIST_UNTIL_REVOKED));
  if (self->token_in != NULL)
    g_variant_builder_add (&options, "{sv}", "restore_token",
                           g_variant_new_string (self->token_in));
  call_request (task, "SelectSources", self->session_handle, NULL, &options, on_sources_selected);
}

static void
on_cursor_modes (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayScreencastPortal *self = g_task_get_source_object (task);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) modes = NULL;
  GVariantBuilder options;
  GError *error = NULL;
  g_autofree char *session_token = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      finish_with_call_error (self, error);
      return;
    }
  /* the pointer drawn into the picture, as on X11; the portal refuses a
   * mode it does not offer */
  g_variant_get (reply, "(v)", &modes);
  self->cursor_mode =
      (g_variant_get_uint32 (modes) & CURSOR_EMBEDDED) ? CURSOR_EMBEDDED : CURSOR_HIDDEN;

  session_token = g_strdup_printf ("relaycast%u", g_random_int ());
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "session_handle_token",
                         g_variant_new_string (session_token));
  call_request (task, "CreateSession", NULL, NULL, &options, on_session_created);
}

static void
on_bus (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelayScreencastPortal *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->connection = g_bus_get_finish (result, &error);
  if (self->connection == NULL)
    {
      finish_with_error (self, error);
      return;
    }
  g_dbus_connection_call (self->connection, PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", SCREENCAST_IFACE, "AvailableCursorModes"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_cursor_modes, g_object_ref (task));
}

/**
 * relay_screencast_portal_start_async:
 * @restore_token: (nullable): what an earlier session returned, so that the
 *   person is not asked again
 *
 * Starts a session that casts one monitor or window, with the pointer. A
 * dialog may be open when @cancellable is cancelled: the start ends once the
 * person answered it.
 */
void
relay_screencast_portal_start_async (const char *restore_token, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (RelayScreencastPortal) self = g_object_new (RELAY_TYPE_SCREENCAST_PORTAL, NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, relay_screencast_portal_start_async);
  self->task = task;
  self->token_in = g_strdup (restore_token);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_object_ref (task));
}

/**
 * relay_screencast_portal_start_finish:
 *
 * Returns: (transfer full): the started session, or %NULL with @error set
 */
RelayScreencastPortal *
relay_screencast_portal_start_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_object_ref (g_task_get_source_object (G_TASK (result)));
}

/* Returns: the PipeWire remote's fd, the session's: open while it lives
 * (pipewiresrc connects on a duplicate of its own) */
int
relay_screencast_portal_get_fd (RelayScreencastPortal *self)
{
  g_return_val_if_fail (RELAY_IS_SCREENCAST_PORTAL (self), -1);

  return self->fd;
}

guint32
relay_screencast_portal_get_node_id (RelayScreencastPortal *self)
{
  g_return_val_if_fail (RELAY_IS_SCREENCAST_PORTAL (self), 0);

  return self->node_id;
}

/* Returns: (nullable): the token for the next start; each token is good once */
const char *
relay_screencast_portal_get_restore_token (RelayScreencastPortal *self)
{
  g_return_val_if_fail (RELAY_IS_SCREENCAST_PORTAL (self), NULL);

  return self->restore_token;
}

static void
relay_screencast_portal_dispose (GObject *object)
{
  RelayScreencastPortal *self = RELAY_SCREENCAST_PORTAL (object);

  /* the portal ends the stream and forgets the session */
  if (self->connection != NULL && self->session_handle != NULL)
    g_dbus_connection_call (self->connection, PORTAL_NAME, self->session_handle, SESSION_IFACE,
                            "Close", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  g_clear_pointer (&self->session_handle, g_free);
  g_clear_object (&self->node_watch);
  if (self->connection != NULL)
    {
      unsubscribe_response (self);
      if (self->closed_id != 0)
        g_dbus_connection_signal_unsubscribe (self->connection, self->closed_id);
      self->closed_id = 0;
    }
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (relay_screencast_portal_parent_class)->dispose (object);
}

static void
relay_screencast_portal_finalize (GObject *object)
{
  RelayScreencastPortal *self = RELAY_SCREENCAST_PORTAL (object);

  if (self->fd >= 0)
    g_close (self->fd, NULL);
  g_free (self->restore_token);
  g_free (self->token_in);

  G_OBJECT_CLASS (relay_screencast_portal_parent_class)->finalize (object);
}

static void
relay_screencast_portal_class_init (RelayScreencastPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_screencast_portal_dispose;
  object_class->finalize = relay_screencast_portal_finalize;

  /* The portal ended the session: its stream is gone. */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The stream's node went away while the session stayed open: its
   * producer died, or what it showed is gone. */
  signals[SIGNAL_NODE_REMOVED] =
      g_signal_new ("node-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 0);
}

static void
relay_screencast_portal_init (RelayScreencastPortal *self)
{
  self->fd = -1;
}
