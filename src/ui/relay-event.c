/* relay-event.c
 *
 * The text and the label are redacted as they are set, however the event is
 * made: an error that quotes a URL with its key never reaches the log, the
 * screen or the clipboard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-ui"

#include "config.h"

#include "core/relay-mask.h"
#include "relay-event.h"

G_DEFINE_ENUM_TYPE (RelayEventSeverity, relay_event_severity,
                    G_DEFINE_ENUM_VALUE (RELAY_EVENT_INFO, "info"),
                    G_DEFINE_ENUM_VALUE (RELAY_EVENT_SUCCESS, "success"),
                    G_DEFINE_ENUM_VALUE (RELAY_EVENT_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (RELAY_EVENT_ERROR, "error"))

struct _RelayEvent
{
  GObject parent_instance;

  GDateTime *time;
  RelayEventSeverity severity;
  char *destination_id;
  char *label;
  char *text;
};

G_DEFINE_FINAL_TYPE (RelayEvent, relay_event, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TIME,
  PROP_SEVERITY,
  PROP_DESTINATION_ID,
  PROP_LABEL,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
relay_event_finalize (GObject *object)
{
  RelayEvent *self = RELAY_EVENT (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->destination_id);
  g_free (self->label);
  g_free (self->text);
  G_OBJECT_CLASS (relay_event_parent_class)->finalize (object);
}

static void
relay_event_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayEvent *self = RELAY_EVENT (object);

  switch (prop_id)
    {
      case PROP_TIME:
        g_value_set_boxed (value, self->time);
        break;
      case PROP_SEVERITY:
        g_value_set_enum (value, self->severity);
        break;
      case PROP_DESTINATION_ID:
        g_value_set_string (value, self->destination_id);
        break;
      case PROP_LABEL:
        g_value_set_string (value, self->label);
        break;
      case PROP_TEXT:
        g_value_set_string (value, self->text);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_event_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelayEvent *self = RELAY_EVENT (object);

  switch (prop_id)
    {
      case PROP_TIME:
        self->time = g_value_dup_boxed (value);
        break;
      case PROP_SEVERITY:
        self->severity = g_value_get_enum (value);
        break;
      case PROP_DESTINATION_ID:
        self->destination_id = g_value_dup_string (value);
        break;
      case PROP_LABEL:
        self->label = relay_mask_redact (g_value_get_string (value));
        break;
      case PROP_TEXT:
        self->text = relay_mask_redact (g_value_get_string (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_event_constructed (GObject *object)
{
  RelayEvent *self = RELAY_EVENT (object);

  G_OBJECT_CLASS (relay_event_parent_class)->constructed (object);
  if (self->time == NULL)
    self->time = g_date_time_new_now_local ();
  if (self->text == NULL)
    self->text = g_strdup ("");
}

static void
relay_event_class_init (RelayEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relay_event_finalize;
  object_class->get_property = relay_event_get_property;
  object_class->set_property = relay_event_set_property;
  object_class->constructed = relay_event_constructed;

  /* When it happened, local time; now if not given. */
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SEVERITY] = g_param_spec_enum ("severity", NULL, NULL, RELAY_TYPE_EVENT_SEVERITY,
                                                 RELAY_EVENT_INFO, flags);
  /* The destination it is about, as the window's list has it; none for the
   * broadcast as a whole. */
  properties[PROP_DESTINATION_ID] = g_param_spec_string ("destination-id", NULL, NULL, NULL, flags);
  /* The destination's label when it happened. */
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_event_init (RelayEvent *self)
{
}

/**
 * relay_event_new:
 * @time: (nullable): when it happened; %NULL for now
 * @destination_id: (nullable): the destination it is about
 * @label: (nullable): that destination's label
 */
RelayEvent *
relay_event_new (GDateTime *time, RelayEventSeverity severity, const char *destination_id,
                 const char *label, const char *text)
{
  return g_object_new (RELAY_TYPE_EVENT, "time", time, "severity", severity, "destination-id",
                       destination_id, "label", label, "text", text, NULL);
}

GDateTime *
relay_event_get_time (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  return self->time;
}

RelayEventSeverity
relay_event_get_severity (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), RELAY_EVENT_INFO);

  return self->severity;
}

/* Returns: (nullable) */
const char *
relay_event_get_destination_id (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  return self->destination_id;
}

/* Returns: (nullable) */
const char *
relay_event_get_label (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  return self->label;
}

const char *
relay_event_get_text (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  return self->text;
}

/* "HH:MM:SS" */
char *
relay_event_format_time (RelayEvent *self)
{
  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  return g_date_time_format (self->time, "%H:%M:%S");
}

/* The event as one line of text: "HH:MM:SS label: text", or "HH:MM:SS text"
 * for the broadcast as a whole. */
char *
relay_event_to_line (RelayEvent *self)
{
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (RELAY_IS_EVENT (self), NULL);

  stamp = relay_event_format_time (self);
  if (self->label != NULL)
    return g_strdup_printf ("%s %s: %s", stamp, self->label, self->text);
  return g_strdup_printf ("%s %s", stamp, self->text);
}
