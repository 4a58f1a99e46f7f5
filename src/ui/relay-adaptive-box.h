/* relay-adaptive-box.h: panes side by side when wide, one above the other when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RELAY_TYPE_ADAPTIVE_BOX (relay_adaptive_box_get_type ())

G_DECLARE_FINAL_TYPE (RelayAdaptiveBox, relay_adaptive_box, RELAY, ADAPTIVE_BOX, GtkWidget)

gboolean relay_adaptive_box_get_folded (RelayAdaptiveBox *self);

G_END_DECLS
