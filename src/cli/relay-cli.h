/* relay-cli.h: the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/relay-run-options.h"

G_BEGIN_DECLS

/* The command line: what the run asks (the window reads that part alone),
 * and what only headless mode's REST API takes. */
typedef struct
{
  RelayRunOptions run;
  gboolean headless;
  gboolean version;
  gboolean verbose;
  /* the REST API */
  char *api_listen;
  char *api_token_file;
  /* --api-auth: "token" (NULL too) or "none" */
  char *api_auth;
  char *api_callback_url;
  char *metrics_listen;
  char *wcs_stream_prefix;
  gboolean wcs_full_url;
  char *wcs_auto_push;
  char **api_allowed_origins;
  gboolean auto_create_whip;
  gboolean auto_create_whep;
  char *media_dir;
} RelayCliOptions;

/* The core is asynchronous; a command, or a step before going live, runs the
 * default main context until the one call it started (with
 * relay_cli_waiter_ready as its callback) has finished. */
typedef struct
{
  GAsyncResult *result;
} RelayCliWaiter;

void relay_cli_waiter_ready (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *relay_cli_waiter_await (RelayCliWaiter *waiter);

/* Subcommands (`relaycast destination list`) end with these, or 0 */
#define RELAY_CLI_EXIT_FAILED    1
#define RELAY_CLI_EXIT_BAD_USAGE 2

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
} RelayCliCommand;

int relay_cli_run_command (const char *group, const RelayCliCommand *commands, guint n_commands,
                           void (*print_usage) (void), int argc, char **argv);
gboolean relay_cli_parse_command (GOptionContext *context, int *argc, char ***argv,
                                  const char **argument, const char *wrong_count, GError **error);
int relay_cli_fail (GError *error);

gboolean relay_cli_parse (RelayCliOptions *options, int *argc, char ***argv, GError **error);
gboolean relay_cli_prepare_run (RelayCliOptions *options, GError **error);
gboolean relay_cli_check_window_options (const RelayCliOptions *options, GError **error);
void relay_cli_options_clear (RelayCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayCliOptions, relay_cli_options_clear)

G_END_DECLS
