/* relay-destination.c
 *
 * A destination is what the user set up once: a platform preset, a server, a
 * stream name and output options; for a recording, a folder and a container. Its key lives in the
 * keyring (RelaySecrets) and only meets the destination when an output is created (an SRT
 * destination's key holds its passphrase and stream ID: see relay_srt_url_parse_with_secret()).
 *
 * The JSON form mirrors the properties one to one, so a property added here
 * is saved without further code; members this version does not know are kept
 * and written back unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relay-destination.h"
#include "relay-enum-types.h"
#include "relay-error.h"
#include "relay-file-output.h"
#include "relay-json-value.h"
#include "relay-mask.h"
#include "relay-output-factory.h"
#include "relay-retry-policy.h"
#include "relay-srt-output.h"

#define MAX_ID_LENGTH 64

struct _RelayDestination
{
  GObject parent_instance;

  char *id;
  char *name;
  RelayDestinationKind kind;
  char *provider;
  char *server_url;
  char *stream_name;
  char *folder;
  char *container;
  gboolean enabled;
  gboolean audio;
  gboolean video;
  guint video_bitrate_kbps;
  guint attempts;
  guint retry_delay_s;
  gboolean own_reconnection;
  /* 0 x 0: the program's size; another shape is cut from it around the centre */
  guint video_width;
  guint video_height;
  double crop_center_x;
  double crop_center_y;
  /* a saved scene's id: the picture is that scene, composed at the size, not the program */
  char *scene;

  /* members written by another version of Relaycast, kept as they were */
  JsonObject *extra;
};

G_DEFINE_FINAL_TYPE (RelayDestination, relay_destination, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_PROVIDER,
  PROP_SERVER_URL,
  PROP_STREAM_NAME,
  PROP_FOLDER,
  PROP_CONTAINER,
  PROP_ENABLED,
  PROP_AUDIO,
  PROP_VIDEO,
  PROP_VIDEO_BITRATE,
  PROP_ATTEMPTS,
  PROP_RETRY_DELAY,
  PROP_OWN_RECONNECTION,
  PROP_VIDEO_WIDTH,
  PROP_VIDEO_HEIGHT,
  PROP_CROP_CENTER_X,
  PROP_CROP_CENTER_Y,
  PROP_SCENE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Ids appear on command lines, in log lines and in keyring attributes. */
gboolean
relay_destination_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > MAX_ID_LENGTH)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }
  return TRUE;
}

static void
set_string (RelayDestination *self, char **field, const GValue *value, GParamSpec *pspec)
{
  const char *text = g_value_get_string (value);

  /* empty means unset: the preset's default server, no stream name */
  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

#define SET_SCALAR(field, new_value)                                                               \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if ((field) != (new_value))                                                                    \
      {                                                                                            \
        (field) = (new_value);                                                                     \
        g_object_notify_by_pspec (object, pspec);                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static void
relay_destination_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayDestination *self = RELAY_DESTINATION (object);

  switch (prop_id)
    {
      case PROP_ID:
        self->id = g_value_dup_string (value);
        break;
      case PROP_NAME:
        set_string (self, &self->name, value, pspec);
        break;
      case PROP_KIND:
        SET_SCALAR (self->kind, (RelayDestinationKind) g_value_get_enum (value));
        break;
      case PROP_PROVIDER:
        set_string (self, &self->provider, value, pspec);
        break;
      case PROP_SERVER_URL:
        set_string (self, &self->server_url, value, pspec);
        break;
      case PROP_STREAM_NAME:
        set_string (self, &self->stream_name, value, pspec);
        break;
      case PROP_FOLDER:
        set_string (self, &self->folder, value, pspec);
        break;
      case PROP_CONTAINER:
        set_string (self, &self->container, value, pspec);
        break;
      case PROP_ENABLED:
        SET_SCALAR (self->enabled, g_value_get_boolean (value));
        break;
      case PROP_AUDIO:
        SET_SCALAR (self->audio, g_value_get_boolean (value));
        break;
      case PROP_VIDEO:
        SET_SCALAR (self->video, g_value_get_boolean (value));
        break;
      case PROP_VIDEO_BITRATE:
        SET_SCALAR (self->video_bitrate_kbps, g_value_get_uint (value));
        break;
      case PROP_ATTEMPTS:
        SET_SCALAR (self->attempts, g_value_get_uint (value));
        break;
      case PROP_RETRY_DELAY:
        SET_SCALAR (self->retry_delay_s, g_value_get_uint (value));
        break;
      case PROP_OWN_RECONNECTION:
        SET_SCALAR (self->own_reconnection, g_value_get_boolean (value));
        break;
      case PROP_VIDEO_WIDTH:
        SET_SCALAR (self->video_width, g_value_get_uint (value));
        break;
      case PROP_VIDEO_HEIGHT:
        SET_SCALAR (self->video_height, g_value_get_uint (value));
        break;
      case PROP_CROP_CENTER_X:
        SET_SCALAR (self->crop_center_x, g_value_get_double (value));
        break;
      case PROP_CROP_CENTER_Y:
        SET_SCALAR (self->crop_center_y, g_value_get_double (value));
        break;
      case PROP_SCENE:
        set_string (self, &self->scene, value, pspec);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#undef SET_SCALAR

static void
relay_destination_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayDestination *self = RELAY_DESTINATION (object);

  switch (prop_id)
    {
      case PROP_ID:
        g_value_set_string (value, self->id);
        break;
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_KIND:
        g_value_set_enum (value, self->kind);
        break;
      case PROP_PROVIDER:
        g_value_set_string (value, self->provider);
        break;
      case PROP_SERVER_URL:
        g_value_set_string (value, self->server_url);
        break;
      case PROP_STREAM_NAME:
        g_value_set_string (value, self->stream_name);
        break;
      case PROP_FOLDER:
        g_value_set_string (value, self->folder);
        break;
      case PROP_CONTAINER:
        g_value_set_string (value, self->container);
        break;
      case PROP_ENABLED:
        g_value_set_boolean (value, self->enabled);
        break;
      case PROP_AUDIO:
        g_value_set_boolean (value, self->audio);
        break;
      case PROP_VIDEO:
        g_value_set_boolean (value, self->video);
        break;
      case PROP_VIDEO_BITRATE:
        g_value_set_uint (value, self->video_bitrate_kbps);
        break;
      case PROP_ATTEMPTS:
        g_value_set_uint (value, self->attempts);
        break;
      case PROP_RETRY_DELAY:
        g_value_set_uint (value, self->retry_delay_s);
        break;
      case PROP_VIDEO_WIDTH:
        g_value_set_uint (value, self->video_width);
        break;
      case PROP_VIDEO_HEIGHT:
        g_value_set_uint (value, self->video_height);
        break;
      case PROP_CROP_CENTER_X:
        g_value_set_double (value, self->crop_center_x);
        break;
      case PROP_CROP_CENTER_Y:
        g_value_set_double (value, self->crop_center_y);
        break;
      case PROP_SCENE:
        g_value_set_string (value, self->scene);
        break;
      case PROP_OWN_RECONNECTION:
        g_value_set_boolean (value, self->own_reconnection);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_destination_finalize (GObject *object)
{
  RelayDestination *self = RELAY_DESTINATION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->provider);
  g_free (self->server_url);
  g_free (self->stream_name);
  g_free (self->folder);
  g_free (self->container);
  g_free (self->scene);
  g_clear_pointer (&self->extra, json_object_unref);
  G_OBJECT_CLASS (relay_destination_parent_class)->finalize (object);
}

static void
relay_destination_class_init (RelayDestinationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relay_destination_finalize;
  object_class->get_property = relay_destination_get_property;
  object_class->set_property = relay_destination_set_property;

  /* Property names are the JSON member names in destinations.json. */
  properties[PROP_ID] = g_param_spec_string (
      "id", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, RELAY_TYPE_DESTINATION_KIND,
                                             RELAY_DESTINATION_KIND_RTMP, flags);
  /* A preset id from relay-provider.c. */
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, flags);
  /* NULL: the preset's default ingest. */
  properties[PROP_SERVER_URL] = g_param_spec_string ("server-url", NULL, NULL, NULL, flags);
  properties[PROP_STREAM_NAME] = g_param_spec_string ("stream-name", NULL, NULL, NULL, flags);
  /* Recordings: an absolute path; NULL: the videos folder, wherever it is. */
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, flags);
  /* Recordings: "mkv", "mp4" or "flv"; NULL: the default (Matroska). */
  properties[PROP_CONTAINER] = g_param_spec_string ("container", NULL, NULL, NULL, flags);
  /* Only enabled destinations go live. */
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);
  properties[PROP_AUDIO] = g_param_spec_boolean ("audio", NULL, NULL, TRUE, flags);
  properties[PROP_VIDEO] = g_param_spec_boolean ("video", NULL, NULL, TRUE, flags);
  /* kb/s; 0 takes the program's */
  properties[PROP_VIDEO_BITRATE] =
      g_param_spec_uint ("video-bitrate", NULL, NULL, 0, 100000, 0, flags);
  /* Retries after a failure; 0 retries forever. */
  properties[PROP_ATTEMPTS] =
      g_param_spec_uint ("attempts", NULL, NULL, 0, 1000, RELAY_RETRY_DEFAULT_ATTEMPTS, flags);
  /* Seconds between retries. */
  properties[PROP_RETRY_DELAY] = g_param_spec_uint ("retry-delay", NULL, NULL, 0, 3600,
                                                    RELAY_RETRY_DEFAULT_DELAY_MS / 1000, flags);
  /* Whether attempts and retry-delay are this destination's own; if not, it
   * follows the run's (the window's preferences, the command line's). */
  properties[PROP_OWN_RECONNECTION] =
      g_param_spec_boolean ("own-reconnection", NULL, NULL, FALSE, flags);
  /* The picture's size; 0 x 0: the program's. A size of another shape (720x1280 of
   * a 1280x720 program) is cut from the program around the crop centre. */
  properties[PROP_VIDEO_WIDTH] = g_param_spec_uint ("video-width", NULL, NULL, 0, 4096, 0, flags);
  properties[PROP_VIDEO_HEIGHT] = g_param_spec_uint ("video-height", NULL, NULL, 0, 4096, 0, flags);
  /* Where the cut is centred, 0 to 1 across and down. */
  properties[PROP_CROP_CENTER_X] =
      g_param_spec_double ("crop-center-x", NULL, NULL, 0.0, 1.0, 0.5, flags);
  properties[PROP_CROP_CENTER_Y] =
      g_param_spec_double ("crop-center-y", NULL, NULL, 0.0, 1.0, 0.5, flags);
  /* A saved scene's id (scenes.json), composed at the picture's size for this
   * destination alone; NULL: the program's picture. */
  properties[PROP_SCENE] = g_param_spec_string ("scene", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_destination_init (RelayDestination *self)
{
  self->enabled = TRUE;
  self->audio = TRUE;
  self->video = TRUE;
  self->attempts = RELAY_RETRY_DEFAULT_ATTEMPTS;
  self->retry_delay_s = RELAY_RETRY_DEFAULT_DELAY_MS / 1000;
  self->crop_center_x = 0.5;
  self->crop_center_y = 0.5;
}

/* A new destination takes its platform's size (TikTok's is vertical); a
 * saved one keeps its own, so it is not set when loading. */
RelayDestination *
relay_destination_new (const char *id, const char *provider, RelayDestinationKind kind)
{
  const RelayProvider *preset = relay_provider_lookup (provider, kind);
  RelayDestination *self;

  g_return_val_if_fail (relay_destination_id_is_valid (id), NULL);

  self = g_object_new (RELAY_TYPE_DESTINATION, "id", id, "provider", provider, "kind", kind, NULL);
  if (preset != NULL)
    {
      self->video_width = preset->default_video_width;
      self->video_height = preset->default_video_height;
    }
  return self;
}

/**
 * relay_destination_new_from_json:
 * @object: one member of destinations.json's "destinations" array
 *
 * Returns: (transfer full): the destination, or %NULL with @error saying
 *   which member is wrong
 */
RelayDestination *
relay_destination_new_from_json (JsonObject *object, GError **error)
{
  g_autoptr (RelayDestination) self = NULL;
  g_autoptr (GList) members = NULL;
  JsonNode *id_node = json_object_get_member (object, "id");
  const char *id = NULL;

  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node)
      && json_node_get_value_type (id_node) == G_TYPE_STRING)
    id = json_node_get_string (id_node);
  if (!relay_destination_id_is_valid (id))
    {
      g_set_error_literal (
          error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
          _ ("a destination has no valid “id” (letters, digits, “-”, “_” or “.”)"));
      return NULL;
    }

  self = g_object_new (RELAY_TYPE_DESTINATION, "id", id, NULL);
  self->extra = json_object_new ();

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), member);
      g_auto (GValue) value = G_VALUE_INIT;

      if (pspec == properties[PROP_ID])
        continue;
      if (pspec == NULL)
        {
          json_object_set_member (self->extra, member, json_node_copy (node));
          continue;
        }
      if (!relay_json_value_from_node (pspec, member, node, &value, error))
        {
          g_prefix_error (error, _ ("destination “%s”: "), id);
          return NULL;
        }
      g_object_set_property (G_OBJECT (self), member, &value);
    }

  if (self->provider == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("destination “%s” has no “provider”"), id);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * relay_destination_to_json:
 *
 * Returns: (transfer full): an object node: the properties (unset strings
 *   left out), then the members this version did not know
 */
JsonNode *
relay_destination_to_json (RelayDestination *self)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (GList) extra_members = NULL;
  JsonNode *root;

  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);

  for (guint i = 1; i < N_PROPS; i++)
    {
      g_auto (GValue) value = G_VALUE_INIT;

      g_value_init (&value, properties[i]->value_type);
      g_object_get_property (G_OBJECT (self), properties[i]->name, &value);
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) == NULL)
        continue;
      json_object_set_member (object, properties[i]->name, relay_json_value_to_node (&value));
    }

  if (self->extra != NULL)
    extra_members = json_object_get_members (self->extra);
  for (GList *l = extra_members; l != NULL; l = l->next)
    {
      if (!json_object_has_member (object, l->data))
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (self->extra, l->data)));
    }

  root = json_node_alloc ();
  json_node_init_object (root, object);
  return root;
}

const char *
relay_destination_get_id (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->id;
}

/* The name for people; the id when none was given. */
const char *
relay_destination_get_name (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->name ? self->name : self->id;
}

const char *
relay_destination_get_provider (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->provider;
}

RelayDestinationKind
relay_destination_get_kind (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), RELAY_DESTINATION_KIND_RTMP);
  return self->kind;
}

const char *
relay_destination_get_server_url (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->server_url;
}

const char *
relay_destination_get_stream_name (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->stream_name;
}

/* Returns: (nullable): a recording's folder; NULL: the videos folder */
const char *
relay_destination_get_folder (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->folder;
}

/* Returns: (nullable): a recording's container as saved; NULL: the default */
const char *
relay_destination_get_container (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->container;
}

/* Returns: (nullable): the id of the saved scene it shows; NULL: the program */
const char *
relay_destination_get_scene (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return self->scene;
}

gboolean
relay_destination_get_enabled (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), FALSE);
  return self->enabled;
}

/* Returns: (nullable): NULL for a provider this version does not know */
const RelayProvider *
relay_destination_get_preset (RelayDestination *self)
{
  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);
  return relay_provider_lookup (self->provider, self->kind);
}

static const RelayProvider *
get_preset_or_error (RelayDestination *self, GError **error)
{
  const RelayProvider *preset = relay_destination_get_preset (self);
  g_autofree char *known = NULL;

  if (preset != NULL)
    return preset;

  if (relay_provider_lookup_any (self->provider) != NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("%s has no %s destinations"),
                   relay_provider_get_display_name (relay_provider_lookup_any (self->provider)),
                   relay_destination_kind_to_string (self->kind));
      return NULL;
    }

  known = relay_provider_list_ids ();
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
               _ ("Unknown provider “%s”: use one of %s"), self->provider, known);
  return NULL;
}

static gboolean
fail_with_name (RelayDestination *self, GError **error)
{
  if (self->name != NULL)
    g_prefix_error (error, _ ("Destination “%s” (%s): "), self->name, self->id);
  else
    g_prefix_error (error, _ ("Destination “%s”: "), self->id);
  return FALSE;
}

/* Returns: (nullable): the recording's container, or %NULL with @error set */
static const RelayRecordingContainer *
check_recording (RelayDestination *self, GError **error)
{
  const RelayRecordingContainer *container = relay_file_output_lookup_container (self->container);

  if (self->folder != NULL && !g_path_is_absolute (self->folder))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The folder “%s” is not an absolute path (one starting with “/”)"),
                   self->folder);
      return NULL;
    }
  if (container == NULL)
    {
      guint n_containers;
      const RelayRecordingContainer *all = relay_file_output_get_containers (&n_containers);
      g_autoptr (GString) known = g_string_new (NULL);

      for (guint i = 0; i < n_containers; i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", all[i].id);
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("Unknown container “%s”: use one of %s"), self->container, known->str);
    }
  return container;
}

static gboolean
check_settings (RelayDestination *self, const RelayProvider *preset, GError **error)
{
  g_autofree char *whip_url = NULL;

  if (!relay_provider_check_server (preset, self->server_url, error)
      || !relay_provider_check_stream_name (preset, self->stream_name, error))
    return FALSE;

  if ((self->video_width == 0) != (self->video_height == 0) || self->video_width % 2 != 0
      || self->video_height % 2 != 0 || (self->video_width > 0 && self->video_width < 16)
      || (self->video_height > 0 && self->video_height < 16))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("The video size must be two even numbers from 16 to 4096, as 720x1280 "
                      "(%ux%u)"),
                   self->video_width, self->video_height);
      return FALSE;
    }
  if (preset->kind == RELAY_DESTINATION_KIND_RECORDING)
    return check_recording (self, error) != NULL;
  if (preset->kind == RELAY_DESTINATION_KIND_RTMP || preset->kind == RELAY_DESTINATION_KIND_SRT
      || preset->key_use == RELAY_KEY_USE_URL)
    return TRUE;

  whip_url =
      relay_provider_build_whip_url (preset, self->server_url, self->stream_name, NULL, error);
  return whip_url != NULL;
}

/* Everything but the key: the preset exists, the server suits it, nothing
 * saved looks like a secret, and a WHIP URL can be built (a stream name is
 * there when the platform needs one); a recording's folder is absolute and
 * its container known. Whether the folder can be written to is found when
 * an output is made. */
gboolean
relay_destination_validate (RelayDestination *self, GError **error)
{
  const RelayProvider *preset;

  g_return_val_if_fail (RELAY_IS_DESTINATION (self), FALSE);

  preset = get_preset_or_error (self, error);
  if (preset == NULL || !check_settings (self, preset, error))
    return fail_with_name (self, error);
  return TRUE;
}

/* The output options this destination asks for, within its platform's limits. */
void
relay_destination_apply_output_options (RelayDestination *self, RelayOutputOptions *options)
{
  const RelayProvider *preset;

  g_return_if_fail (RELAY_IS_DESTINATION (self));

  options->id = self->id;
  options->label = relay_destination_get_name (self);
  /* only this destination's own key may travel with it */
  options->token = NULL;
  if (self->own_reconnection)
    {
      options->attempts = self->attempts;
      options->retry_delay_ms = self->retry_delay_s * 1000;
    }
  options->audio_enabled = self->audio;
  options->video_enabled = self->video;
  options->video_width = self->video_width;
  options->video_height = self->video_height;
  options->crop_center_x = self->crop_center_x;
  options->crop_center_y = self->crop_center_y;
  if (self->video_bitrate_kbps > 0)
    options->video_bitrate_kbps = self->video_bitrate_kbps;

  preset = relay_destination_get_preset (self);
  if (preset != NULL)
    relay_provider_apply_constraints (preset, options);
}

static RelayOutput *
create_recording (RelayDestination *self, const RelayOutputOptions *options, GError **error)
{
  const RelayRecordingContainer *container = check_recording (self, error);
  g_autofree char *folder = NULL;

  if (container == NULL)
    return NULL;

  /* The videos folder is made when missing, as --record makes it; a folder
   * the user chose is not: a typo would scatter recordings. */
  if (self->folder == NULL)
    {
      folder = relay_file_output_get_recordings_folder ();
      g_mkdir_with_parents (folder, 0755);
    }
  return relay_file_output_new_in_folder (self->folder ? self->folder : folder,
                                          container->extension, options, error);
}

static RelayOutput *
create_output (RelayDestination *self, const RelayProvider *preset, const char *key,
               RelayOutputOptions *options, GError **error)
{
  if (preset->kind == RELAY_DESTINATION_KIND_RECORDING)
    return create_recording (self, options, error);
  if (preset->kind == RELAY_DESTINATION_KIND_RTMP)
    {
      g_autoptr (RelayRtmpUrl) url =
          relay_provider_build_rtmp_url (preset, self->server_url, self->stream_name, key, error);

      return url ? relay_output_new_for_rtmp_url (url, options) : NULL;
    }
  else if (preset->kind == RELAY_DESTINATION_KIND_SRT)
    {
      g_autoptr (RelaySrtUrl) url =
          relay_provider_build_srt_url (preset, self->server_url, key, error);

      return url ? relay_srt_output_new (url, options) : NULL;
    }
  else
    {
      g_autofree char *endpoint =
          relay_provider_build_whip_url (preset, self->server_url, self->stream_name, key, error);
      g_autofree char *uri = NULL;

      if (endpoint == NULL)
        return NULL;

      if (preset->key_use == RELAY_KEY_USE_BEARER && key != NULL && *key != '\0')
        options->token = key;
      uri = g_strconcat ("whip+", endpoint, NULL);
      return relay_output_new_for_uri (uri, options, error);
    }
}

/**
 * relay_destination_create_output:
 * @key: (nullable): the destination's key, from RelaySecrets
 * @base: (nullable): the stream name and TLS settings; the destination sets
 *   the id (its own), the label (its name) and the rest
 * @format: (nullable): the program's format, checked against the platform's
 *
 * A recording's output has a new file in its folder, made here.
 *
 * Returns: (transfer full): an idle output, or %NULL with @error set (for a
 *   recording, when its folder is missing or cannot be written to)
 */
RelayOutput *
relay_destination_create_output (RelayDestination *self, const char *key,
                                 const RelayOutputOptions *base, const RelayProgramFormat *format,
                                 GError **error)
{
  const RelayProgramFormat default_format = RELAY_PROGRAM_FORMAT_DEFAULT;
  const RelayProvider *preset;
  RelayOutputOptions options;
  RelayOutput *output = NULL;

  g_return_val_if_fail (RELAY_IS_DESTINATION (self), NULL);

  /* before anything can print it */
  relay_mask_register_secret (key);

  if (base != NULL)
    options = *base;
  else
    relay_output_options_init (&options);

  preset = get_preset_or_error (self, error);
  if (preset != NULL && preset->key_required && (key == NULL || *key == '\0'))
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                 _ ("no stream key is stored for it (%s needs one)"),
                 relay_provider_get_display_name (preset));
  else if (preset != NULL
           && relay_provider_check_format (preset, format ? format : &default_format, error))
    {
      relay_destination_apply_output_options (self, &options);
      /* saved in clear and refused when it looks like a key: shown as the
       * person typed it, unless it is the key itself */
      if (g_strcmp0 (self->stream_name, key) != 0)
        options.public_name = self->stream_name;
      output = create_output (self, preset, key, &options, error);
    }

  if (output == NULL)
    fail_with_name (self, error);
  return output;
}
