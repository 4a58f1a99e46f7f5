/* relay-ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"

/* Translations come from the build tree, so a test sees the .mo of this build. */
void
relay_ui_test_init (int *argc, char ***argv)
{
  g_autofree char *locale_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  gst_init (argc, argv);
}

/* Starts the application as relaycast would, without running its main loop
 * (the test iterates the main context itself). */
RelayApplication *
relay_ui_test_start (const RelayCliOptions *options, RelayWindow **out_window)
{
  RelayApplication *application = relay_application_new (options);
  static guint count;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++count);
  g_autoptr (GError) error = NULL;
  GList *windows;

  /* Each test's application gets its own D-Bus path in this one process. */
  g_application_set_application_id (G_APPLICATION (application), id);
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));

  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  g_assert_nonnull (windows);
  g_assert_true (RELAY_IS_WINDOW (windows->data));
  *out_window = windows->data;
  return application;
}

/* Stops every destination cleanly and closes every window. */
void
relay_ui_test_stop (RelayApplication *application)
{
  GList *toplevels;

  g_assert_true (relay_test_shutdown_studio (relay_application_get_studio (application), 20000));

  /* Dialogs and statistics windows too, so the next test starts clean. */
  while ((toplevels = gtk_window_list_toplevels ()) != NULL)
    {
      gtk_window_destroy (toplevels->data);
      g_list_free (toplevels);
    }
  g_object_unref (application);
}

/* Returns: (transfer none) (nullable): the first toplevel of @type */
gpointer
relay_ui_test_find_toplevel (GType type)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (g_type_is_a (G_OBJECT_TYPE (l->data), type))
        return l->data;
    }
  return NULL;
}

const char *
relay_ui_test_row_subtitle (RelayWindow *window, RelayOutput *output)
{
  GtkWidget *row = relay_window_find_row (window, output);

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}
