/* relay-test-util.h: helpers shared by the C tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/outputs/relay-output.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  guint port;
  guint tls_port;
  char *record_dir;
  /* nginx's log, at info level */
  char *error_log;
} RelayTestRtmpServer;

RelayTestRtmpServer *relay_test_rtmp_server_start (gboolean tls, const char *auth_key);
RelayTestRtmpServer *relay_test_rtmp_server_start_on (guint port);
RelayTestRtmpServer *relay_test_rtmp_server_start_refusing_connect (void);
char *relay_test_rtmp_server_url (RelayTestRtmpServer *server, const char *app, const char *stream);
void relay_test_rtmp_server_stop (RelayTestRtmpServer *server);

typedef gboolean (*RelayTestPredicate) (gpointer user_data);

gboolean relay_test_wait_until (RelayTestPredicate predicate, gpointer user_data, guint timeout_ms);

void relay_test_keep_result (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *relay_test_wait_for_result (GAsyncResult **result);
gboolean relay_test_shutdown_studio (gpointer studio, guint timeout_ms);

guint relay_test_free_port (void);
char *relay_test_command_output (const char *const *argv);
char *relay_test_probe (const char *path);
guint relay_test_frames_of (const char *probed, const char *kind);

typedef struct
{
  RelayOutput *output;
  RelayOutputState state;
} RelayTestStateWait;

gboolean relay_test_output_has_state (gpointer user_data);
gboolean relay_test_output_sent_enough (gpointer output);
gboolean relay_test_outputs_live (gpointer outputs);

typedef struct
{
  RelayOutput *output;
  guint64 bytes;
  guint64 more;
} RelayTestProgress;

gboolean relay_test_output_progressed (gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelayTestRtmpServer, relay_test_rtmp_server_stop)

G_END_DECLS
