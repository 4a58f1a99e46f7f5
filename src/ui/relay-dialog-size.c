/* relay-dialog-size.c
 *
 * GNOME's dialogs open at the size of their content: as wide as the .ui's
 * default-width, as tall as the content is at that width (their pages scroll
 * beyond), and never larger than the window they belong to, which on a phone
 * is the screen. The size is worked out when the dialog is realized, with
 * its content and its window's size as they are then, before the dialog's
 * surface is given a size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include "relay-dialog-size.h"

static void
fit_content (GtkWindow *dialog)
{
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (dialog));
  gboolean sized_parent = parent != NULL && gtk_widget_get_width (parent) > 0;
  int width, height;

  /* GTK 4.8 takes no NULL for either */
  gtk_window_get_default_size (dialog, &width, &height);
  if (width <= 0)
    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL,
                        NULL);
  if (sized_parent)
    width = MIN (width, gtk_widget_get_width (parent));

  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL,
                      NULL);
  if (sized_parent)
    height = MIN (height, gtk_widget_get_height (parent));

  gtk_window_set_default_size (dialog, width, height);
}

/* For a dialog's init(): sizes @dialog when it is shown. */
void
relay_dialog_fit_content (GtkWindow *dialog)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  g_signal_connect (dialog, "realize", G_CALLBACK (fit_content), NULL);
}
