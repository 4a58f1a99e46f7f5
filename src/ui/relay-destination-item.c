/* relay-destination-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-destination-item.h"

#define RECORDING_ICON "media-record-symbolic"

struct _RelayDestinationItem
{
  GObject parent_instance;

  RelayDestinationItemKind kind;
  /* saved destinations only */
  RelayDestination *destination;
  RelayOutput *output;
  /* why it could not start, when no output shows it */
  char *error;
  /* destinations that are not saved */
  gboolean enabled;
};

G_DEFINE_FINAL_TYPE (RelayDestinationItem, relay_destination_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OUTPUT,
  PROP_ENABLED,
  PROP_ERROR,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
relay_destination_item_dispose (GObject *object)
{
  RelayDestinationItem *self = RELAY_DESTINATION_ITEM (object);

  if (self->destination != NULL)
    g_signal_handlers_disconnect_by_data (self->destination, self);
  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_clear_object (&self->destination);
  g_clear_object (&self->output);
  G_OBJECT_CLASS (relay_destination_item_parent_class)->dispose (object);
}

static void
relay_destination_item_finalize (GObject *object)
{
  RelayDestinationItem *self = RELAY_DESTINATION_ITEM (object);

  g_free (self->error);
  G_OBJECT_CLASS (relay_destination_item_parent_class)->finalize (object);
}

static void
relay_destination_item_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
  RelayDestinationItem *self = RELAY_DESTINATION_ITEM (object);

  switch (prop_id)
    {
      case PROP_OUTPUT:
        g_value_set_object (value, self->output);
        break;
      case PROP_ENABLED:
        g_value_set_boolean (value, relay_destination_item_get_enabled (self));
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      case PROP_LABEL:
        g_value_set_string (value, relay_destination_item_get_label (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_destination_item_set_property (GObject *object, guint prop_id, const GValue *value,
                                     GParamSpec *pspec)
{
  RelayDestinationItem *self = RELAY_DESTINATION_ITEM (object);

  switch (prop_id)
    {
      case PROP_ENABLED:
        relay_destination_item_set_enabled (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_destination_item_class_init (RelayDestinationItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_destination_item_dispose;
  object_class->finalize = relay_destination_item_finalize;
  object_class->get_property = relay_destination_item_get_property;
  object_class->set_property = relay_destination_item_set_property;

  /* A saved destination gets a new one each time it starts. */
  properties[PROP_OUTPUT] = g_param_spec_object ("output", NULL, NULL, RELAY_TYPE_OUTPUT,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether Go Live starts it; while live, whether it runs. */
  properties[PROP_ENABLED] =
      g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why a saved destination could not start (no key, no keyring), or NULL. */
  properties[PROP_ERROR] =
      g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Notified whenever the name, the platform or the output's label changes. */
  properties[PROP_LABEL] =
      g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_destination_item_init (RelayDestinationItem *self)
{
  self->enabled = TRUE;
}

static void
on_destination_notify (RelayDestinationItem *self, GParamSpec *pspec)
{
  if (g_str_equal (g_param_spec_get_name (pspec), "enabled"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static void
on_output_label (RelayDestinationItem *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

RelayDestinationItem *
relay_destination_item_new_saved (RelayDestination *destination)
{
  RelayDestinationItem *self = g_object_new (RELAY_TYPE_DESTINATION_ITEM, NULL);

  g_return_val_if_fail (RELAY_IS_DESTINATION (destination), NULL);

  self->kind = RELAY_DESTINATION_ITEM_SAVED;
  self->destination = g_object_ref (destination);
  g_signal_connect_swapped (destination, "notify", G_CALLBACK (on_destination_notify), self);
  return self;
}

/* @kind: RELAY_DESTINATION_ITEM_SESSION or RELAY_DESTINATION_ITEM_FOREIGN */
RelayDestinationItem *
relay_destination_item_new_for_output (RelayOutput *output, RelayDestinationItemKind kind)
{
  RelayDestinationItem *self = g_object_new (RELAY_TYPE_DESTINATION_ITEM, NULL);

  g_return_val_if_fail (RELAY_IS_OUTPUT (output), NULL);
  g_return_val_if_fail (kind != RELAY_DESTINATION_ITEM_SAVED, NULL);

  self->kind = kind;
  relay_destination_item_set_output (self, output);
  return self;
}

RelayDestinationItemKind
relay_destination_item_get_kind (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), RELAY_DESTINATION_ITEM_FOREIGN);

  return self->kind;
}

/* Returns: (transfer none) (nullable): the saved destination */
RelayDestination *
relay_destination_item_get_destination (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->destination;
}

/* The destination's id, which is also its output's. */
const char *
relay_destination_item_get_id (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->destination ? relay_destination_get_id (self->destination)
                           : relay_output_get_id (self->output);
}

/* Returns: (transfer none) (nullable): NULL for a saved destination that has
 *   not started since the window opened */
RelayOutput *
relay_destination_item_get_output (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->output;
}

/* Replaces the output, and with it any earlier error. */
void
relay_destination_item_set_output (RelayDestinationItem *self, RelayOutput *output)
{
  g_return_if_fail (RELAY_IS_DESTINATION_ITEM (self));
  g_return_if_fail (output != NULL || self->kind == RELAY_DESTINATION_ITEM_SAVED);

  relay_destination_item_set_error (self, NULL);
  if (self->output == output)
    return;

  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_set_object (&self->output, output);
  if (output != NULL)
    g_signal_connect_swapped (output, "notify::label", G_CALLBACK (on_output_label), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
}

const char *
relay_destination_item_get_error (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->error;
}

void
relay_destination_item_set_error (RelayDestinationItem *self, const char *error)
{
  g_return_if_fail (RELAY_IS_DESTINATION_ITEM (self));

  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
relay_destination_item_get_label (RelayDestinationItem *self)
{
  const char *label;

  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  if (self->destination != NULL)
    return relay_destination_get_name (self->destination);
  label = relay_output_get_label (self->output);
  return label && *label ? label : relay_output_get_display_url (self->output);
}

/* Returns: (nullable): the platform preset the row shows; NULL for recordings */
static const RelayProvider *
get_provider (RelayDestinationItem *self)
{
  if (self->destination != NULL)
    return relay_destination_get_preset (self->destination);
  return relay_provider_guess_for_url (relay_output_get_display_url (self->output));
}

const char *
relay_destination_item_get_icon_name (RelayDestinationItem *self)
{
  const RelayProvider *provider;

  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  provider = get_provider (self);
  return provider ? provider->icon_name : RECORDING_ICON;
}

const char *
relay_destination_item_get_provider_name (RelayDestinationItem *self)
{
  const RelayProvider *provider;

  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  provider = get_provider (self);
  if (provider != NULL)
    return relay_provider_get_display_name (provider);
  /* a saved destination of a platform this version does not know */
  return self->destination ? relay_destination_get_provider (self->destination) : _ ("Recording");
}

/* "live", "retrying (attempt 1 of 3…)", "failed: no stream key…", "idle" */
char *
relay_destination_item_describe_state (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  if (self->error != NULL)
    return g_strdup_printf (_ ("failed: %s"), self->error);
  if (self->output != NULL)
    return relay_output_describe_state (self->output);
  return g_strdup (_ ("idle"));
}

gboolean
relay_destination_item_get_enabled (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), FALSE);

  return self->destination ? relay_destination_get_enabled (self->destination) : self->enabled;
}

/* For a saved destination, changes its "enabled" (the caller saves it). */
void
relay_destination_item_set_enabled (RelayDestinationItem *self, gboolean enabled)
{
  g_return_if_fail (RELAY_IS_DESTINATION_ITEM (self));

  enabled = !!enabled;
  if (relay_destination_item_get_enabled (self) == enabled)
    return;
  if (self->destination != NULL)
    {
      /* notified through on_destination_notify */
      g_object_set (self->destination, "enabled", enabled, NULL);
      return;
    }
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}
