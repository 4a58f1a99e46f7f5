/* relay-run-options.h: what one run of Relaycast asks for, whoever acts on it
 * (the command line fills it in; the window and headless mode read it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "relay-output.h"
#include "relay-source.h"

G_BEGIN_DECLS

typedef struct
{
  /* a source spec (see relay_source_new_for_spec()) */
  char *source;
  /* the name of a saved scene to put on air */
  char *scene;
  /* a file source plays again from its start when it ends */
  gboolean loop;
  char *stream_name;
  /* also record to a file in the videos folder */
  gboolean record;
  /* destination URLs, secrets included */
  char **outputs;
  /* ids of saved destinations */
  char **destinations;
  /* keys read from this file instead of the keyring */
  char *key_file;
  char *token_file;
  /* read from token_file before the run */
  char *token;
  char **ice_servers;
  gboolean insecure_tls;
  /* ends the broadcast that long after it began (0: never) */
  int duration_s;
  int attempts;
  int retry_delay_s;
  /* attempts and retry_delay_s were asked for: they win over the window's
   * preferences */
  gboolean retry_given;
  int stall_timeout_s;
  int video_bitrate_kbps;
} RelayRunOptions;

void relay_run_options_init (RelayRunOptions *options);
void relay_run_options_copy (RelayRunOptions *dest, const RelayRunOptions *src);
void relay_run_options_clear (RelayRunOptions *options);
void relay_run_options_get_output_options (const RelayRunOptions *options,
                                           RelayOutputOptions *output_options);
RelaySource *relay_run_options_create_source (const RelayRunOptions *options, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RelayRunOptions, relay_run_options_clear)

G_END_DECLS
