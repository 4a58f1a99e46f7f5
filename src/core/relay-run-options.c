/* relay-run-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-error.h"
#include "relay-retry-policy.h"
#include "relay-run-options.h"
#include "relay-source-factory.h"
#include "relay-stall-watch.h"
#include "relay-uri-source.h"

/* The defaults a run starts from: the retry policy's and the stall watch's. */
void
relay_run_options_init (RelayRunOptions *options)
{
  *options = (RelayRunOptions){
    .attempts = RELAY_RETRY_DEFAULT_ATTEMPTS,
    .retry_delay_s = RELAY_RETRY_DEFAULT_DELAY_MS / 1000,
    .stall_timeout_s = RELAY_STALL_DEFAULT_TIMEOUT_MS / 1000,
  };
}

void
relay_run_options_copy (RelayRunOptions *dest, const RelayRunOptions *src)
{
  *dest = *src;
  dest->source = g_strdup (src->source);
  dest->scene = g_strdup (src->scene);
  dest->stream_name = g_strdup (src->stream_name);
  dest->outputs = g_strdupv (src->outputs);
  dest->destinations = g_strdupv (src->destinations);
  dest->key_file = g_strdup (src->key_file);
  dest->token_file = g_strdup (src->token_file);
  dest->token = g_strdup (src->token);
  dest->ice_servers = g_strdupv (src->ice_servers);
}

void
relay_run_options_clear (RelayRunOptions *options)
{
  g_clear_pointer (&options->source, g_free);
  g_clear_pointer (&options->scene, g_free);
  g_clear_pointer (&options->stream_name, g_free);
  g_clear_pointer (&options->outputs, g_strfreev);
  g_clear_pointer (&options->destinations, g_strfreev);
  g_clear_pointer (&options->key_file, g_free);
  g_clear_pointer (&options->token_file, g_free);
  /* the token leaves no copy behind in freed memory */
  if (options->token != NULL)
    memset (options->token, 0, strlen (options->token));
  g_clear_pointer (&options->token, g_free);
  g_clear_pointer (&options->ice_servers, g_strfreev);
}

/**
 * relay_run_options_get_output_options:
 * @output_options: (out): what the run asks of every output it makes; its
 *   strings point into @options
 */
void
relay_run_options_get_output_options (const RelayRunOptions *options,
                                      RelayOutputOptions *output_options)
{
  relay_output_options_init (output_options);
  output_options->stream_name = options->stream_name;
  output_options->tls_validation = !options->insecure_tls;
  output_options->ice_servers = (const char *const *) options->ice_servers;
  output_options->token = options->token;
  output_options->attempts = (guint) options->attempts;
  output_options->retry_delay_ms = (guint) options->retry_delay_s * 1000;
  output_options->stall_timeout_ms = (guint) options->stall_timeout_s * 1000;
}

/**
 * relay_run_options_create_source:
 *
 * Returns: (transfer full): the source the run asks for, looping if asked to,
 *   or %NULL with @error set
 */
RelaySource *
relay_run_options_create_source (const RelayRunOptions *options, GError **error)
{
  g_autoptr (RelaySource) source = relay_source_new_for_spec (options->source, error);

  if (source == NULL || !options->loop)
    return g_steal_pointer (&source);
  /* said, rather than ignored as the core does: the person asked for it */
  if (!RELAY_IS_URI_SOURCE (source) || !relay_uri_source_is_file (RELAY_URI_SOURCE (source)))
    {
      g_set_error_literal (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                           _ ("--loop plays a file again: give a file as --source"));
      return NULL;
    }
  relay_uri_source_set_loop (RELAY_URI_SOURCE (source), TRUE);
  return g_steal_pointer (&source);
}
