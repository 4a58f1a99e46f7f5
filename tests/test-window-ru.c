/* test-window-ru.c: with LANGUAGE=ru, no screen of Relaycast shows English
 *
 * Every text the screens show (labels, titles, tooltips) is checked two ways:
 * it must not be one of Relaycast's English messages that has a Russian
 * translation (gettext would have changed it), and it must not contain Latin
 * words beyond names that stay as they are (Relaycast, RTMP, YouTube…) and
 * addresses (URLs, hosts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "relay-test-util.h"
#include "relay-ui-test-util.h"
#include "ui/relay-destination-dialog.h"
#include "ui/relay-preferences-window.h"
#include "ui/relay-stats-window.h"

#define TIMEOUT_MS 30000

/* Names and technical terms a Russian text keeps in Latin letters. */
static const char *const kept_words[] = { "Relaycast", "YouTube", "Twitch", "Facebook", "Live",
                                          "RTMP",      "RTMPS",   "WHIP",   "SRT",      "REST",
                                          "API",       "URL",     "URI",    "TLS",      "TCP",
                                          "AAC",       "Opus",    "Ctrl",   "Shift",    "GStreamer",
                                          "GNU",       "GPL",     "Ent",    "Matroska", NULL };

/* Proper names other projects' translations keep (GTK's, libadwaita's), and
 * the platforms' product names. */
static const char *const kept_phrases[] = { "GNU General Public License",
                                            "Caps Lock",
                                            "Cloudflare Stream",
                                            "Dolby.io (Millicast)",
                                            "Red5 Pro",
                                            "Twitch (WebRTC)",
                                            "TikTok LIVE",
                                            "Instagram Live",
                                            "YouTube Shorts",
                                            "Kick",
                                            "Matroska (.mkv)",
                                            "MP4 (.mp4)",
                                            "FLV (.flv)",
                                            NULL };

static gboolean
is_address (const char *word)
{
  return strstr (word, "://") != NULL || strchr (word, '/') != NULL || strchr (word, '@') != NULL
         || g_str_has_prefix (word, "127.0.0.1");
}

/* The Latin words of @text outside addresses and kept words. */
static char *
find_latin_words (const char *original)
{
  g_autofree char *text = g_strdup (original);
  g_auto (GStrv) tokens = NULL;

  for (guint i = 0; kept_phrases[i] != NULL; i++)
    {
      char *found;

      while ((found = strstr (text, kept_phrases[i])) != NULL)
        memset (found, ' ', strlen (kept_phrases[i]));
    }
  tokens = g_strsplit_set (text, " \n\t", -1);
  g_autoptr (GString) found = g_string_new (NULL);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *p = tokens[i];

      if (is_address (tokens[i]))
        continue;
      while (*p != '\0')
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (*p != '\0' && g_ascii_isalpha (*p))
            p++;
          word = g_strndup (start, p - start);
          if (strlen (word) >= 3 && !g_strv_contains (kept_words, word))
            g_string_append_printf (found, "%s%s", found->len ? " " : "", word);
          if (*p != '\0')
            p = g_utf8_next_char (p);
        }
    }
  return found->len ? g_string_free (g_steal_pointer (&found), FALSE) : NULL;
}

static void
check_text (GPtrArray *problems, const char *where, const char *text)
{
  g_autofree char *latin = NULL;

  if (text == NULL || *text == '\0')
    return;

  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
    g_ptr_array_add (problems, g_strdup_printf ("%s: untranslated “%s”", where, text));
  else if ((latin = find_latin_words (text)) != NULL)
    g_ptr_array_add (problems,
                     g_strdup_printf ("%s: English words “%s” in “%s”", where, latin, text));
}

static void
check_widget (GPtrArray *problems, const char *where, GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    check_text (problems, where, gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_WINDOW (widget))
    check_text (problems, where, gtk_window_get_title (GTK_WINDOW (widget)));
  check_text (problems, where, tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (problems, where, child);
}

static void
check_window (GPtrArray *problems, const char *where, gpointer window)
{
  g_assert_nonnull (window);
  check_widget (problems, where, GTK_WIDGET (window));
}

typedef struct
{
  RelayWindow *window;
  RelayOutputState states[3];
} StatesWait;

static gboolean
has_states (gpointer user_data)
{
  StatesWait *wait = user_data;
  GListModel *destinations = relay_window_get_destinations (wait->window);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (RelayDestinationItem) item = g_list_model_get_item (destinations, i);

      if (relay_output_get_state (relay_destination_item_get_output (item)) != wait->states[i])
        return FALSE;
    }
  return TRUE;
}

static void
test_screens_in_russian (void)
{
  g_autoptr (RelayTestRtmpServer) server = relay_test_rtmp_server_start (FALSE, NULL);
  g_autofree char *first = relay_test_rtmp_server_url (server, "live", "first");
  g_autofree char *second = relay_test_rtmp_server_url (server, "live", "second");
  char *outputs[] = { first, second, (char *) "rtmp://127.0.0.1:1/live/refused-key", NULL };
  RelayRunOptions options = { 0 };
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  StatesWait wait;
  RelayWindow *window;
  RelayApplication *application;
  g_autoptr (RelayDestinationItem) first_item = NULL;

  g_assert_cmpstr (_ ("live"), ==, "в эфире");

  options.source = (char *) "test";
  options.outputs = outputs;
  options.attempts = 1;
  options.retry_delay_s = 1;
  options.retry_given = TRUE;
  application = relay_ui_test_start (&options, &window);
  relay_ui_test_wait_loaded (window);
  check_window (problems, "main window, idle", window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "go-live", NULL);
  wait = (StatesWait){
    window, { RELAY_OUTPUT_STATE_LIVE, RELAY_OUTPUT_STATE_LIVE, RELAY_OUTPUT_STATE_FAILED }
  };
  g_assert_true (relay_test_wait_until (has_states, &wait, TIMEOUT_MS));
  /* the events page, its filter, and the toast Copy shows */
  {
    GtkWidget *events = GTK_WIDGET (
        gtk_widget_get_template_child (GTK_WIDGET (window), RELAY_TYPE_WINDOW, "event_view"));

    adw_view_stack_set_visible_child (
        ADW_VIEW_STACK (gtk_widget_get_ancestor (events, ADW_TYPE_VIEW_STACK)), events);
    g_assert_cmpstr (_ ("All destinations"), ==, "Все направления");
    g_assert_nonnull (relay_ui_test_find_label (events, "Все направления"));
    g_assert_cmpstr (_ ("Log copied"), ==, "Журнал скопирован");
    gtk_widget_activate_action (events, "events.copy", NULL);
    g_assert_nonnull (relay_ui_test_find_label (GTK_WIDGET (window), "Журнал скопирован"));
  }
  check_window (problems, "main window, live", window);

  first_item = g_list_model_get_item (relay_window_get_destinations (window), 0);
  g_action_group_activate_action (
      G_ACTION_GROUP (window), "destination-stats",
      g_variant_new_string (relay_output_get_id (relay_destination_item_get_output (first_item))));
  check_window (problems, "statistics", relay_ui_test_find_toplevel (RELAY_TYPE_STATS_WINDOW));

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-destination", NULL);
  {
    GtkWidget *dialog = relay_ui_test_find_toplevel (RELAY_TYPE_DESTINATION_DIALOG);
    GObject *save =
        gtk_widget_get_template_child (dialog, RELAY_TYPE_DESTINATION_DIALOG, "save_button");

    /* With an inline error showing. */
    relay_destination_dialog_set_provider (
        RELAY_DESTINATION_DIALOG (dialog),
        relay_provider_lookup ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP));
    g_signal_emit_by_name (save, "clicked");
    check_window (problems, "destination dialog", dialog);

    /* a recording's folder, container and test */
    relay_destination_dialog_set_provider (
        RELAY_DESTINATION_DIALOG (dialog),
        relay_provider_lookup ("recording", RELAY_DESTINATION_KIND_RECORDING));
    g_assert_cmpstr (_ ("Folder Test"), ==, "Проверка папки");
    g_assert_nonnull (relay_ui_test_find_label (dialog, "Проверка папки"));
    check_window (problems, "recording destination dialog", dialog);
  }

  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  check_window (problems, "preferences",
                relay_ui_test_find_toplevel (RELAY_TYPE_PREFERENCES_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (application), "shortcuts", NULL);
  check_window (problems, "shortcuts", relay_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  check_window (problems, "about", relay_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  relay_ui_test_stop (application);
}

int
main (int argc, char *argv[])
{
  relay_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/screens-in-russian", test_screens_in_russian);

  return g_test_run ();
}
