/* test-pipewire-node-watch.c: a node's end is said, on a PipeWire daemon of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "core/media/relay-pipewire-node-watch.h"
#include "relay-test-util.h"

#define NODE_NAME "relay-test-node"
#define WAIT_MS   10000

typedef struct
{
  char *dir;
  char *socket_path;
  GSubprocess *daemon;
  guint removed;
} Fixture;

static gboolean
socket_ready (gpointer user_data)
{
  Fixture *f = user_data;

  return g_file_test (f->socket_path, G_FILE_TEST_EXISTS);
}

/* a test that fails leaves no daemon behind */
static void
die_with_the_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *pipewire = g_find_program_in_path ("pipewire");
  g_autofree char *pw_cli = g_find_program_in_path ("pw-cli");

  if (pipewire == NULL || pw_cli == NULL)
    {
      g_test_skip ("needs pipewire and pw-cli");
      return;
    }
  f->dir = g_dir_make_tmp ("relaycast-pipewire-XXXXXX", &error);
  g_assert_no_error (error);
  f->socket_path = g_build_filename (f->dir, "pipewire-0", NULL);
  /* the daemon, pw-cli and pw-dump meet there */
  g_setenv ("XDG_RUNTIME_DIR", f->dir, TRUE);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_the_test, NULL, NULL);
  f->daemon = g_subprocess_launcher_spawn (launcher, &error, "pipewire", NULL);
  g_assert_no_error (error);
  g_assert_true (relay_test_wait_until (socket_ready, f, WAIT_MS));
}

static void
stop_daemon (Fixture *f)
{
  g_subprocess_send_signal (f->daemon, SIGTERM);
  g_subprocess_wait (f->daemon, NULL, NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (f->dir == NULL)
    return;
  stop_daemon (f);
  g_clear_object (&f->daemon);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->socket_path);
}

/* Returns: a new connection to the test's daemon, as the portal hands one out */
static int
connect_remote (Fixture *f)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (address.sun_path, f->socket_path, sizeof address.sun_path);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  return fd;
}

static void
run (const char *const *argv)
{
  g_autofree char *out = relay_test_command_output (argv);

  g_assert_nonnull (out);
}

static JsonObject *
object_member (JsonObject *object, const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A node of the daemon's own (lingering after pw-cli left); returns its id. */
static guint32
create_node (void)
{
  const char *create[] = { "pw-cli", "create-node", "adapter",
                           "{ factory.name=support.null-audio-sink node.name=" NODE_NAME
                           " object.linger=true }",
                           NULL };
  const char *dump[] = { "pw-dump", NULL };
  g_autofree char *listed = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *objects;

  run (create);
  listed = relay_test_command_output (dump);
  g_assert_nonnull (listed);
  root = json_from_string (listed, NULL);
  g_assert_nonnull (root);
  objects = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      JsonObject *props = object_member (object_member (object, "info"), "props");

      if (props != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (props, "node.name", NULL),
                        NODE_NAME)
                 == 0)
        return json_object_get_int_member (object, "id");
    }
  g_assert_not_reached ();
}

static void
on_removed (RelayPipewireNodeWatch *watch, Fixture *f)
{
  f->removed++;
}

static gboolean
was_removed (gpointer user_data)
{
  Fixture *f = user_data;

  return f->removed > 0;
}

static gboolean
is_watching (gpointer watch)
{
  return relay_pipewire_node_watch_is_watching (watch);
}

static RelayPipewireNodeWatch *
watch (Fixture *f, guint32 node_id)
{
  g_autoptr (GError) error = NULL;
  RelayPipewireNodeWatch *watch =
      relay_pipewire_node_watch_new (connect_remote (f), node_id, &error);

  g_assert_no_error (error);
  g_signal_connect (watch, "removed", G_CALLBACK (on_removed), f);
  return watch;
}

static void
test_destroyed (Fixture *f, gconstpointer data)
{
  g_autoptr (RelayPipewireNodeWatch) node_watch = NULL;
  g_autofree char *id = NULL;
  guint32 node_id;

  if (f->dir == NULL)
    return;
  node_id = create_node ();
  node_watch = watch (f, node_id);
  /* the node listed first: its removal is what is seen, not its absence */
  g_assert_true (relay_test_wait_until (is_watching, node_watch, WAIT_MS));
  g_assert_cmpuint (f->removed, ==, 0);
  id = g_strdup_printf ("%u", node_id);
  run ((const char *[]){ "pw-cli", "destroy", id, NULL });
  g_assert_true (relay_test_wait_until (was_removed, f, WAIT_MS));
  g_assert_cmpuint (f->removed, ==, 1);
  g_assert_false (relay_pipewire_node_watch_is_watching (node_watch));
}

static void
test_never_there (Fixture *f, gconstpointer data)
{
  g_autoptr (RelayPipewireNodeWatch) node_watch = NULL;

  if (f->dir == NULL)
    return;
  /* an id no object of a fresh daemon has */
  node_watch = watch (f, 100000);
  g_assert_true (relay_test_wait_until (was_removed, f, WAIT_MS));
  g_assert_cmpuint (f->removed, ==, 1);
}

static void
test_pipewire_stopped (Fixture *f, gconstpointer data)
{
  g_autoptr (RelayPipewireNodeWatch) node_watch = NULL;

  if (f->dir == NULL)
    return;
  node_watch = watch (f, create_node ());
  g_assert_true (relay_test_wait_until (is_watching, node_watch, WAIT_MS));
  stop_daemon (f);
  g_assert_true (relay_test_wait_until (was_removed, f, WAIT_MS));
  g_assert_cmpuint (f->removed, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pipewire-node-watch/destroyed", Fixture, NULL, setup, test_destroyed, teardown);
  g_test_add ("/pipewire-node-watch/never-there", Fixture, NULL, setup, test_never_there, teardown);
  g_test_add ("/pipewire-node-watch/pipewire-stopped", Fixture, NULL, setup, test_pipewire_stopped,
              teardown);
  return g_test_run ();
}
