/* relay-provider-factory.c
 *
 * How a service shows in the destination dialog's combo row: its icon and
 * its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include "core/config/relay-provider.h"
#include "relay-provider-factory.h"

/* Each service with its icon, as its row in the window shows it; in the
 * list, a check beside the chosen one, as combo rows have. */
static void
update_check (AdwComboRow *row, GParamSpec *pspec, GtkListItem *item)
{
  gboolean chosen = adw_combo_row_get_selected_item (row) == gtk_list_item_get_item (item);

  gtk_widget_set_opacity (gtk_widget_get_last_child (gtk_list_item_get_child (item)),
                          chosen ? 1.0 : 0.0);
}

static void
setup_provider_item (GtkSignalListItemFactory *factory, GtkListItem *item, AdwComboRow *list_of)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  if (list_of != NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_provider_item (GtkSignalListItemFactory *factory, GtkListItem *item, AdwComboRow *list_of)
{
  const RelayProvider *provider = g_object_get_data (gtk_list_item_get_item (item), "provider");
  GtkWidget *image = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  gtk_image_set_from_icon_name (GTK_IMAGE (image), provider->icon_name);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (image)),
                       relay_provider_get_display_name (provider));
  if (list_of != NULL)
    {
      g_signal_connect_object (list_of, "notify::selected-item", G_CALLBACK (update_check), item,
                               0);
      update_check (list_of, NULL, item);
    }
}

static void
unbind_provider_item (GtkSignalListItemFactory *factory, GtkListItem *item, AdwComboRow *list_of)
{
  g_signal_handlers_disconnect_by_func (list_of, update_check, item);
}

/**
 * relay_provider_factory_new:
 * @list_of: (nullable): the combo row whose popup list this fills; %NULL for
 *   the row itself
 *
 * Returns: (transfer full): a factory for items holding a RelayProvider as
 *   their "provider" data
 */
GtkListItemFactory *
relay_provider_factory_new (AdwComboRow *list_of)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_provider_item), list_of);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_provider_item), list_of);
  if (list_of != NULL)
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_provider_item), list_of);
  return factory;
}
