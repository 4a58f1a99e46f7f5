/* relay-on-air.c
 *
 * A broadcast is on air when at least one of its destinations is live, not
 * when it was started: a broadcast whose every destination failed reaches no
 * one and says so. The time on air counts only the time it reached someone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relay-enum-types.h"
#include "relay-on-air.h"

struct _RelayOnAir
{
  GObject parent_instance;

  gboolean broadcasting;
  /* the broadcast's outputs (owned) */
  GPtrArray *outputs;
  /* destinations on their way to an output (a key being looked up) */
  guint n_pending;
  RelayOnAirState state;
  guint n_live;
  guint n_failed;
  /* time on air before the current stretch, and when that began (0: not on air) */
  gint64 on_air_us;
  gint64 on_air_since_us;
};

G_DEFINE_FINAL_TYPE (RelayOnAir, relay_on_air, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_N_LIVE,
  PROP_N_OUTPUTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (RelayOnAir *self)
{
  RelayOnAirState old_state = self->state;
  guint old_live = self->n_live;
  guint trying = self->n_pending;

  self->n_live = 0;
  self->n_failed = 0;
  for (guint i = 0; i < self->outputs->len; i++)
    {
      switch (relay_output_get_state (g_ptr_array_index (self->outputs, i)))
        {
          case RELAY_OUTPUT_STATE_LIVE:
            self->n_live++;
            break;
          case RELAY_OUTPUT_STATE_FAILED:
            self->n_failed++;
            break;
          case RELAY_OUTPUT_STATE_STOPPED:
            break;
          case RELAY_OUTPUT_STATE_IDLE:
          case RELAY_OUTPUT_STATE_WAITING:
          case RELAY_OUTPUT_STATE_CONNECTING:
          case RELAY_OUTPUT_STATE_RETRYING:
          case RELAY_OUTPUT_STATE_STALLED:
          default:
            trying++;
            break;
        }
    }

  self->state = !self->broadcasting ? RELAY_ON_AIR_OFF
                : self->n_live > 0  ? RELAY_ON_AIR_LIVE
                : trying > 0        ? RELAY_ON_AIR_CONNECTING
                                    : RELAY_ON_AIR_DOWN;

  if (self->state == RELAY_ON_AIR_LIVE && old_state != RELAY_ON_AIR_LIVE)
    self->on_air_since_us = g_get_monotonic_time ();
  else if (self->state != RELAY_ON_AIR_LIVE && old_state == RELAY_ON_AIR_LIVE)
    {
      self->on_air_us += g_get_monotonic_time () - self->on_air_since_us;
      self->on_air_since_us = 0;
    }

  if (self->state != old_state)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (self->n_live != old_live)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LIVE]);
}

static void
forget_outputs (RelayOnAir *self)
{
  for (guint i = 0; i < self->outputs->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->outputs, i), self);
  g_ptr_array_set_size (self->outputs, 0);
}

static void
relay_on_air_dispose (GObject *object)
{
  RelayOnAir *self = RELAY_ON_AIR (object);

  if (self->outputs != NULL)
    forget_outputs (self);
  G_OBJECT_CLASS (relay_on_air_parent_class)->dispose (object);
}

static void
relay_on_air_finalize (GObject *object)
{
  g_ptr_array_unref (RELAY_ON_AIR (object)->outputs);
  G_OBJECT_CLASS (relay_on_air_parent_class)->finalize (object);
}

static void
relay_on_air_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayOnAir *self = RELAY_ON_AIR (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_N_LIVE:
        g_value_set_uint (value, self->n_live);
        break;
      case PROP_N_OUTPUTS:
        g_value_set_uint (value, self->outputs->len);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_on_air_class_init (RelayOnAirClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = relay_on_air_dispose;
  object_class->finalize = relay_on_air_finalize;
  object_class->get_property = relay_on_air_get_property;

  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, RELAY_TYPE_ON_AIR_STATE, RELAY_ON_AIR_OFF, readable);
  properties[PROP_N_LIVE] = g_param_spec_uint ("n-live", NULL, NULL, 0, G_MAXUINT, 0, readable);
  properties[PROP_N_OUTPUTS] =
      g_param_spec_uint ("n-outputs", NULL, NULL, 0, G_MAXUINT, 0, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_on_air_init (RelayOnAir *self)
{
  self->outputs = g_ptr_array_new_with_free_func (g_object_unref);
}

RelayOnAir *
relay_on_air_new (void)
{
  return g_object_new (RELAY_TYPE_ON_AIR, NULL);
}

/* A broadcast begins: no time on air yet, and its outputs to come. */
void
relay_on_air_begin (RelayOnAir *self)
{
  g_return_if_fail (RELAY_IS_ON_AIR (self));

  forget_outputs (self);
  self->broadcasting = TRUE;
  self->on_air_us = 0;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OUTPUTS]);
}

void
relay_on_air_end (RelayOnAir *self)
{
  g_return_if_fail (RELAY_IS_ON_AIR (self));

  forget_outputs (self);
  self->broadcasting = FALSE;
  self->n_pending = 0;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OUTPUTS]);
}

/* @output is one of the broadcast's destinations (again: no change). */
void
relay_on_air_add_output (RelayOnAir *self, RelayOutput *output)
{
  g_return_if_fail (RELAY_IS_ON_AIR (self));
  g_return_if_fail (RELAY_IS_OUTPUT (output));

  if (g_ptr_array_find (self->outputs, output, NULL))
    return;
  g_ptr_array_add (self->outputs, g_object_ref (output));
  g_signal_connect_swapped (output, "state-changed", G_CALLBACK (update), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OUTPUTS]);
}

/* @output left the broadcast (switched off, removed). */
void
relay_on_air_remove_output (RelayOnAir *self, RelayOutput *output)
{
  g_return_if_fail (RELAY_IS_ON_AIR (self));

  g_signal_handlers_disconnect_by_data (output, self);
  if (!g_ptr_array_remove (self->outputs, output))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OUTPUTS]);
}

/* Destinations that are starting but have no output yet count as trying. */
void
relay_on_air_set_pending (RelayOnAir *self, guint n_pending)
{
  g_return_if_fail (RELAY_IS_ON_AIR (self));

  self->n_pending = n_pending;
  update (self);
}

RelayOnAirState
relay_on_air_get_state (RelayOnAir *self)
{
  g_return_val_if_fail (RELAY_IS_ON_AIR (self), RELAY_ON_AIR_OFF);

  return self->state;
}

guint
relay_on_air_get_n_live (RelayOnAir *self)
{
  g_return_val_if_fail (RELAY_IS_ON_AIR (self), 0);

  return self->n_live;
}

guint
relay_on_air_get_n_outputs (RelayOnAir *self)
{
  g_return_val_if_fail (RELAY_IS_ON_AIR (self), 0);

  return self->outputs->len;
}

/* Time the broadcast reached at least one destination, in microseconds. */
gint64
relay_on_air_get_time_on_air_us (RelayOnAir *self)
{
  g_return_val_if_fail (RELAY_IS_ON_AIR (self), 0);

  if (self->on_air_since_us == 0)
    return self->on_air_us;
  return self->on_air_us + g_get_monotonic_time () - self->on_air_since_us;
}

/* Returns: (transfer full): the state in words, e.g. "On air: 2 of 3 destinations live" */
char *
relay_on_air_describe (RelayOnAir *self)
{
  g_return_val_if_fail (RELAY_IS_ON_AIR (self), NULL);

  switch (self->state)
    {
      case RELAY_ON_AIR_CONNECTING:
        return g_strdup (_ ("Connecting…"));
      case RELAY_ON_AIR_LIVE:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "On air: %u of %u destination live",
                                             "On air: %u of %u destinations live",
                                             self->outputs->len),
                                self->n_live, self->outputs->len);
      case RELAY_ON_AIR_DOWN:
        return g_strdup (self->n_failed > 0 ? _ ("Off air: every destination failed")
                                            : _ ("Off air: no destination is running"));
      case RELAY_ON_AIR_OFF:
      default:
        return g_strdup (_ ("Off air"));
    }
}
