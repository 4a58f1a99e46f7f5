/* relay-failure.h: turning transport errors into what a user can act on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "relay-retry-policy.h"

G_BEGIN_DECLS

RelayFailureKind relay_failure_classify (const GError *error, const char *debug, const char *peer,
                                         char **out_message);
char *relay_failure_server_line (const char *text, gssize length);
char *relay_failure_rtmp_server_words (const char *code, const char *description);
char *relay_failure_rtmp_closed (const char *peer, const char *application);
char *relay_failure_rtmp_refused (const char *peer, const char *application, const char *code,
                                  const char *description);
RelayFailureKind relay_failure_classify_rtmp (const GError *error, const char *debug,
                                              const char *peer, const char *application,
                                              char **out_message);
RelayFailureKind relay_failure_classify_srt (const GError *error, const char *debug,
                                             const char *peer, gboolean listener,
                                             gboolean was_connected, guint elapsed_ms,
                                             char **out_message);
char *relay_failure_describe_source (const GError *error, const char *debug, const char *uri);

G_END_DECLS
