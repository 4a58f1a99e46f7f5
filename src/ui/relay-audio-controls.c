/* relay-audio-controls.c
 *
 * One stream's sound, small enough to share a row on a phone: a mute toggle
 * and a gain in dB behind a button that shows it (a scale of its own would
 * not fit beside anything at 360 px). Both are bound to the stream's "muted"
 * and "volume" (linear), so whatever else changes them (the settings at
 * start) shows here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include <math.h>

#include "relay-audio-controls.h"
#include "relay-format.h"

struct _RelayAudioControls
{
  GtkWidget parent_instance;

  GtkToggleButton *mute_button;
  GtkMenuButton *gain_button;
  GtkLabel *gain_label;
  GtkScale *gain_scale;
  GtkAdjustment *gain_adjustment;

  RelayStream *stream;
  GBinding *muted_binding;
  GBinding *volume_binding;
};

G_DEFINE_FINAL_TYPE (RelayAudioControls, relay_audio_controls, GTK_TYPE_WIDGET)

/* The scale's marks: its ends, every 10 dB below unity and 6 dB above */
static const double gain_marks_db[] = { -30, -20, -10, 0, 6, 12 };

static gboolean
volume_to_db (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  /* the adjustment keeps it within the scale */
  g_value_set_double (to, 20.0 * log10 (MAX (g_value_get_double (from), 1e-6)));
  return TRUE;
}

static gboolean
db_to_volume (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_double (to,
                      MIN (pow (10.0, g_value_get_double (from) / 20.0), RELAY_STREAM_MAX_VOLUME));
  return TRUE;
}

static void
on_mute_toggled (RelayAudioControls *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            gtk_toggle_button_get_active (self->mute_button)
                                ? "audio-volume-muted-symbolic"
                                : "audio-volume-high-symbolic");
}

static void
on_gain_changed (RelayAudioControls *self)
{
  g_autofree char *text = relay_format_decibels (gtk_adjustment_get_value (self->gain_adjustment));

  gtk_label_set_label (self->gain_label, text);
}

static char *
format_gain (GtkScale *scale, double value, gpointer user_data)
{
  return relay_format_decibels (value);
}

/**
 * relay_audio_controls_set_stream:
 * @stream: (nullable): the stream whose sound to control
 */
void
relay_audio_controls_set_stream (RelayAudioControls *self, RelayStream *stream)
{
  g_return_if_fail (RELAY_IS_AUDIO_CONTROLS (self));

  if (self->stream == stream)
    return;

  if (self->stream != NULL)
    {
      g_clear_pointer (&self->muted_binding, g_binding_unbind);
      g_clear_pointer (&self->volume_binding, g_binding_unbind);
      g_clear_object (&self->stream);
    }
  if (stream == NULL)
    return;

  self->stream = g_object_ref (stream);
  self->muted_binding = g_object_bind_property (stream, "muted", self->mute_button, "active",
                                                G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  self->volume_binding = g_object_bind_property_full (
      stream, "volume", self->gain_adjustment, "value",
      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE, volume_to_db, db_to_volume, NULL, NULL);
}

static void
relay_audio_controls_dispose (GObject *object)
{
  RelayAudioControls *self = RELAY_AUDIO_CONTROLS (object);

  relay_audio_controls_set_stream (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAY_TYPE_AUDIO_CONTROLS);
  G_OBJECT_CLASS (relay_audio_controls_parent_class)->dispose (object);
}

static void
relay_audio_controls_class_init (RelayAudioControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relay_audio_controls_dispose;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/relaycast/Relaycast/ui/relay-audio-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, RelayAudioControls, mute_button);
  gtk_widget_class_bind_template_child (widget_class, RelayAudioControls, gain_button);
  gtk_widget_class_bind_template_child (widget_class, RelayAudioControls, gain_label);
  gtk_widget_class_bind_template_child (widget_class, RelayAudioControls, gain_scale);
  gtk_widget_class_bind_template_child (widget_class, RelayAudioControls, gain_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_mute_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_gain_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "audiocontrols");
}

static void
relay_audio_controls_init (RelayAudioControls *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  gtk_adjustment_configure (self->gain_adjustment, 0, RELAY_AUDIO_CONTROLS_MIN_DB,
                            RELAY_AUDIO_CONTROLS_MAX_DB, 1, 6, 0);
  gtk_scale_set_format_value_func (self->gain_scale, format_gain, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (gain_marks_db); i++)
    {
      double db = gain_marks_db[i];
      /* unity is the one a person looks for: it says what it is */
      g_autofree char *label = db == 0 ? relay_format_decibels (db) : relay_format_signed (db);

      gtk_scale_add_mark (self->gain_scale, db, GTK_POS_BOTTOM, label);
    }
  on_gain_changed (self);
}
