/* relay-cli.h: the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean headless;
  gboolean version;
  gboolean verbose;
  gboolean insecure_tls;
  gboolean record;
  char *source;
  char *stream_name;
  char **outputs;
  char *token_file;
  /* read from token_file by relay_cli_prepare_run() */
  char *token;
  char **ice_servers;
  int duration_s;
  int attempts;
  int retry_delay_s;
  int stall_timeout_s;
  int video_bitrate_kbps;
  char **destinations;
  char *key_file;
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
void relay_cli_guard_stop (void);
void relay_cli_options_copy (RelayCliOptions *dest, const RelayCliOptions *src);
void relay_cli_options_clear (RelayCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayCliOptions, relay_cli_options_clear)

G_END_DECLS
