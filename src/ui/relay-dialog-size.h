/* relay-dialog-size.h: dialogs as large as their content, within their window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void relay_dialog_fit_content (GtkWindow *dialog);

G_END_DECLS
