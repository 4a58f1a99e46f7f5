/* relay-mask.h: one place that decides how secrets look when shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *relay_mask_secret (const char *secret);
char *relay_mask_url (const char *url);
char *relay_mask_url_showing (const char *url, const char *public_name);
char *relay_mask_rtmp_server_url (const char *url);

void relay_mask_register_secret (const char *secret);
void relay_mask_register_url (const char *url);
void relay_mask_register_url_showing (const char *url, const char *public_name);
void relay_mask_forget_secret (const char *secret);
char *relay_mask_redact (const char *text);
gboolean relay_mask_is_token_like (const char *text, gsize length);

G_END_DECLS
