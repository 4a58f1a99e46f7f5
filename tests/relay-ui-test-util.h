/* relay-ui-test-util.h: running the Relaycast window inside a GTK test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-test-util.h"
#include "ui/relay-application.h"
#include "ui/relay-window.h"

G_BEGIN_DECLS

void relay_ui_test_init (int *argc, char ***argv);
RelayRunOptions relay_ui_test_options (void);
RelayApplication *relay_ui_test_start (const RelayRunOptions *options, RelayWindow **out_window);
void relay_ui_test_close (RelayApplication *application);
void relay_ui_test_stop (RelayApplication *application);
char *relay_ui_test_destinations_path (void);
void relay_ui_test_save_destination (RelayDestination *destination, const char *key);
void relay_ui_test_wait_loaded (RelayWindow *window);
gpointer relay_ui_test_find_toplevel (GType type);
const char *relay_ui_test_row_subtitle (RelayWindow *window, const char *id);
GtkLabel *relay_ui_test_find_label (GtkWidget *root, const char *text);
gboolean relay_ui_test_log_mentions (RelayWindow *window, const char *text);
void relay_ui_test_save_png (GtkWidget *widget, const char *path);
gboolean relay_ui_test_is_laid_out (gpointer widget);
void relay_ui_test_save_screenshot (GtkWidget *widget, const char *name);
void relay_ui_test_resize (GtkWindow *window, int width, int height);
GtkStyleProvider *relay_ui_test_remove_window_frames (void);
void relay_ui_test_click (GtkWidget *widget, double x, double y);
void relay_ui_test_drag (GtkWidget *widget, double x, double y, double to_x, double to_y);
void relay_ui_test_drag_and_drop (GtkWidget *widget, double x, double y, GtkWidget *target,
                                  double to_x, double to_y, RelayTestPredicate started,
                                  RelayTestPredicate over, gpointer user_data);
void relay_ui_test_press_keys (GtkWidget *widget, const char *keys);

typedef struct
{
  RelayPreview *preview;
  /* how many frames it must have shown */
  guint64 frames;
} RelayUiTestFrameWait;

gboolean relay_ui_test_preview_has_shown (gpointer wait);
guchar *relay_ui_test_download_frame (RelayPreview *preview, int *width, int *height);

G_END_DECLS
