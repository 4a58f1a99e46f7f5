/* relay-destination-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "relay-destination-item.h"

struct _RelayDestinationItem
{
  GObject parent_instance;

  RelayOutput *output;
  RelayDestinationDraft *draft;
  char *masked_key;
  gboolean own;
  gboolean enabled;
};

G_DEFINE_FINAL_TYPE (RelayDestinationItem, relay_destination_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OUTPUT,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define OWN_OUTPUT_KEY "relay-ui-own-output"

static void
relay_destination_item_finalize (GObject *object)
{
  RelayDestinationItem *self = RELAY_DESTINATION_ITEM (object);

  g_clear_object (&self->output);
  g_clear_pointer (&self->draft, relay_destination_draft_free);
  g_free (self->masked_key);
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
        g_value_set_boolean (value, self->enabled);
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

  object_class->finalize = relay_destination_item_finalize;
  object_class->get_property = relay_destination_item_get_property;
  object_class->set_property = relay_destination_item_set_property;

  /* Replaced when the destination is edited. */
  properties[PROP_OUTPUT] = g_param_spec_object ("output", NULL, NULL, RELAY_TYPE_OUTPUT,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether Go Live starts it; while live, whether it runs. */
  properties[PROP_ENABLED] =
      g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_destination_item_init (RelayDestinationItem *self)
{
  self->enabled = TRUE;
}

RelayDestinationItem *
relay_destination_item_new_own (RelayOutput *output, const RelayDestinationDraft *draft,
                                const char *masked_key)
{
  RelayDestinationItem *self = g_object_new (RELAY_TYPE_DESTINATION_ITEM, NULL);

  self->own = TRUE;
  relay_destination_item_replace (self, output, draft, masked_key);
  return self;
}

RelayDestinationItem *
relay_destination_item_new_foreign (RelayOutput *output)
{
  RelayDestinationItem *self = g_object_new (RELAY_TYPE_DESTINATION_ITEM, NULL);

  self->output = g_object_ref (output);
  return self;
}

/* Whether the window made @output, so the list does not show it twice. */
gboolean
relay_destination_item_is_own_output (RelayOutput *output)
{
  return g_object_get_data (G_OBJECT (output), OWN_OUTPUT_KEY) != NULL;
}

/**
 * relay_destination_item_replace:
 * @draft: the destination's settings; its key is not kept
 * @masked_key: the key as it may be shown
 */
void
relay_destination_item_replace (RelayDestinationItem *self, RelayOutput *output,
                                const RelayDestinationDraft *draft, const char *masked_key)
{
  g_return_if_fail (RELAY_IS_DESTINATION_ITEM (self));
  g_return_if_fail (self->own);

  g_object_set_data (G_OBJECT (output), OWN_OUTPUT_KEY, GINT_TO_POINTER (TRUE));
  g_set_object (&self->output, output);

  g_clear_pointer (&self->draft, relay_destination_draft_free);
  self->draft = relay_destination_draft_copy (draft);
  g_clear_pointer (&self->draft->stream_key, g_free);
  g_free (self->masked_key);
  self->masked_key = g_strdup (masked_key);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT]);
}

RelayOutput *
relay_destination_item_get_output (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->output;
}

gboolean
relay_destination_item_get_own (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), FALSE);

  return self->own;
}

/* Returns: (nullable): the settings of a destination made here, without its key */
const RelayDestinationDraft *
relay_destination_item_get_draft (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->draft;
}

const char *
relay_destination_item_get_masked_key (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  return self->masked_key;
}

const RelayProvider *
relay_destination_item_get_provider (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  if (self->draft != NULL)
    return relay_destination_draft_get_provider (self->draft);
  return relay_providers_guess_for_url (relay_output_get_display_url (self->output));
}

const char *
relay_destination_item_get_label (RelayDestinationItem *self)
{
  const char *label;

  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), NULL);

  if (self->draft != NULL && self->draft->label != NULL)
    return self->draft->label;
  label = relay_output_get_label (self->output);
  return label && *label ? label : relay_output_get_display_url (self->output);
}

gboolean
relay_destination_item_get_enabled (RelayDestinationItem *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION_ITEM (self), FALSE);

  return self->enabled;
}

void
relay_destination_item_set_enabled (RelayDestinationItem *self, gboolean enabled)
{
  g_return_if_fail (RELAY_IS_DESTINATION_ITEM (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}
