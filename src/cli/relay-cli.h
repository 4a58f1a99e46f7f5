/* relay-cli.h: the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

gboolean relay_cli_parse (RelayCliOptions *options, int *argc, char ***argv, GError **error);
gboolean relay_cli_prepare_run (RelayCliOptions *options, GError **error);
gboolean relay_cli_check_window_options (const RelayCliOptions *options, GError **error);
void relay_cli_options_clear (RelayCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayCliOptions, relay_cli_options_clear)

G_END_DECLS
