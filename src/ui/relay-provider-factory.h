/* relay-provider-factory.h: services with their icons in a combo row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkListItemFactory *relay_provider_factory_new (AdwComboRow *list_of);

G_END_DECLS
