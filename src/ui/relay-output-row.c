/* relay-output-row.c
 *
 * The row follows its destination and its output: the state as
 * relay_destination_item_describe_state() puts it (with the retry countdown
 * ticking), the bitrate while live, and a status dot. Its menu and its
 * activation go to the window's actions, with the destination's id (its
 * output's) as the target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "relay-bitrate-history.h"
#include "relay-format.h"
#include "relay-output-row.h"

struct _RelayOutputRow
{
  AdwActionRow parent_instance;

  GtkImage *provider_icon;
  GtkLabel *size_label;
  GtkLabel *bitrate_label;
  GtkImage *state_icon;
  GtkSwitch *enabled_switch;
  GtkMenuButton *menu_button;
  GtkButton *retry_button;
  GtkButton *stats_button;

  RelayDestinationItem *item;
  RelayOutput *output;
  guint countdown_id;
};

G_DEFINE_FINAL_TYPE (RelayOutputRow, relay_output_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const state_classes[] = { "success", "warning", "error", "accent", "dim-label" };

static const char *
state_class (RelayOutputRow *self)
{
  if (relay_destination_item_get_error (self->item) != NULL)
    return "error";
  if (self->output == NULL)
    return "dim-label";

  switch (relay_output_get_state (self->output))
    {
      case RELAY_OUTPUT_STATE_LIVE:
        return "success";
      case RELAY_OUTPUT_STATE_RETRYING:
      case RELAY_OUTPUT_STATE_STALLED:
        return "warning";
      case RELAY_OUTPUT_STATE_FAILED:
        return "error";
      case RELAY_OUTPUT_STATE_WAITING:
      case RELAY_OUTPUT_STATE_CONNECTING:
        return "accent";
      case RELAY_OUTPUT_STATE_IDLE:
      case RELAY_OUTPUT_STATE_STOPPED:
      default:
        return "dim-label";
    }
}

static void
update_stats (RelayOutputRow *self)
{
  gboolean live =
      self->output != NULL && relay_output_get_state (self->output) == RELAY_OUTPUT_STATE_LIVE;

  if (live)
    {
      g_autofree char *bitrate = relay_format_bitrate (relay_output_get_bitrate (self->output));

      gtk_label_set_label (self->bitrate_label, bitrate);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bitrate_label), live);
}

static gboolean
tick_countdown (gpointer user_data)
{
  RelayOutputRow *self = user_data;
  g_autofree char *description = relay_destination_item_describe_state (self->item);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), description);
  return G_SOURCE_CONTINUE;
}

static void
update_state (RelayOutputRow *self)
{
  g_autofree char *description = relay_destination_item_describe_state (self->item);
  RelayOutputState state =
      self->output != NULL ? relay_output_get_state (self->output) : RELAY_OUTPUT_STATE_IDLE;
  /* both count down to the next attempt */
  gboolean retrying = state == RELAY_OUTPUT_STATE_RETRYING || state == RELAY_OUTPUT_STATE_STALLED;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), description);
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), state_class (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon), description);

  /* a destination that gave up is offered another go at once */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), state == RELAY_OUTPUT_STATE_FAILED);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s",
                                    relay_destination_item_get_id (self->item));

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (retrying)
    self->countdown_id = g_timeout_add_seconds (1, tick_countdown, self);

  update_stats (self);
}

/* A size of its own (a vertical 720×1280), saved or, for others, the output's. */
static void
update_size (RelayOutputRow *self)
{
  RelayDestination *destination = relay_destination_item_get_destination (self->item);
  guint width = 0, height = 0;

  if (destination != NULL)
    g_object_get (destination, "video-width", &width, "video-height", &height, NULL);
  else if (self->output != NULL)
    relay_output_get_video_size (self->output, &width, &height);
  if (width > 0 && height > 0)
    {
      g_autofree char *size = g_strdup_printf ("%u×%u", width, height);

      gtk_label_set_label (self->size_label, size);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->size_label), width > 0 && height > 0);
}

static void
update_identity (RelayOutputRow *self)
{
  const char *provider_name = relay_destination_item_get_provider_name (self->item);
  g_autofree char *markup_label =
      g_markup_escape_text (relay_destination_item_get_label (self->item), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), markup_label);
  gtk_image_set_from_icon_name (self->provider_icon,
                                relay_destination_item_get_icon_name (self->item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->provider_icon), provider_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->provider_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, provider_name, -1);
  update_size (self);
}

static void
append_item (GMenu *menu, const char *label, const char *action, const char *id)
{
  g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", id);
  g_menu_append_item (menu, item);
}

static void
build_menu (RelayOutputRow *self)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  const char *id = relay_destination_item_get_id (self->item);
  RelayDestinationItemKind kind = relay_destination_item_get_kind (self->item);

  /* statistics need an output: a destination that has not run has none yet */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->stats_button), "s", id);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stats_button), self->output != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stats_button),
                               self->output != NULL ? _ ("Statistics")
                                                    : _ ("Statistics appear once it has run"));
  if (kind == RELAY_DESTINATION_ITEM_SAVED)
    append_item (menu, _ ("_Edit…"), "win.edit-destination", id);
  /* its own picture, in the preview instead of the program's while it is live */
  if (self->output != NULL
      && (gtk_widget_get_visible (GTK_WIDGET (self->size_label))
          || relay_output_get_scene (self->output) != NULL))
    append_item (menu, _ ("Show _Picture"), "win.show-picture", id);
  if (kind != RELAY_DESTINATION_ITEM_FOREIGN)
    append_item (menu, _ ("_Remove"), "win.remove-destination", id);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

static void
bind_output (RelayOutputRow *self)
{
  RelayOutput *output = relay_destination_item_get_output (self->item);

  if (self->output != output)
    {
      if (self->output != NULL)
        g_signal_handlers_disconnect_by_data (self->output, self);
      g_set_object (&self->output, output);
      if (output != NULL)
        {
          /* Recording starts with the row, so the graph covers the whole session. */
          relay_bitrate_history_for_output (output);
          g_signal_connect_swapped (output, "state-changed", G_CALLBACK (update_state), self);
          g_signal_connect_swapped (output, "stats-updated", G_CALLBACK (update_stats), self);
        }
    }

  update_state (self);
  build_menu (self);
}

static void
on_activated (RelayOutputRow *self)
{
  if (self->output != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.destination-stats", "s",
                                relay_destination_item_get_id (self->item));
}

static void
relay_output_row_constructed (GObject *object)
{
  RelayOutputRow *self = RELAY_OUTPUT_ROW (object);

  G_OBJECT_CLASS (relay_output_row_parent_class)->constructed (object);

  g_object_bind_property (self->item, "enabled", self->enabled_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->item, "notify::output", G_CALLBACK (bind_output), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item, "notify::error", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item, "notify::label", G_CALLBACK (update_identity), self,
                           G_CONNECT_SWAPPED);
  update_identity (self);
  bind_output (self);
}

static void
relay_output_row_dispose (GObject *object)
{
  RelayOutputRow *self = RELAY_OUTPUT_ROW (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->output != NULL)
    g_signal_handlers_disconnect_by_data (self->output, self);
  g_clear_object (&self->output);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_OUTPUT_ROW);
  G_OBJECT_CLASS (relay_output_row_parent_class)->dispose (object);
}

static void
relay_output_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayOutputRow *self = RELAY_OUTPUT_ROW (object);

  switch (prop_id)
    {
      case PROP_ITEM:
        g_value_set_object (value, self->item);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_output_row_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  RelayOutputRow *self = RELAY_OUTPUT_ROW (object);

  switch (prop_id)
    {
      case PROP_ITEM:
        self->item = g_value_dup_object (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_output_row_class_init (RelayOutputRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relay_output_row_constructed;
  object_class->dispose = relay_output_row_dispose;
  object_class->get_property = relay_output_row_get_property;
  object_class->set_property = relay_output_row_set_property;

  properties[PROP_ITEM] =
      g_param_spec_object ("item", NULL, NULL, RELAY_TYPE_DESTINATION_ITEM,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-output-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, provider_icon);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, bitrate_label);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RelayOutputRow, stats_button);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
}

static void
relay_output_row_init (RelayOutputRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
relay_output_row_new (RelayDestinationItem *item)
{
  return g_object_new (RELAY_TYPE_OUTPUT_ROW, "item", item, NULL);
}

RelayDestinationItem *
relay_output_row_get_item (RelayOutputRow *self)
{
  g_return_val_if_fail (RELAY_IS_OUTPUT_ROW (self), NULL);

  return self->item;
}
