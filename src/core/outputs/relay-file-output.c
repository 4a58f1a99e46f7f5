/* relay-file-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "relay-error.h"
#include "relay-file-output.h"
#include "relay-gst-util.h"

struct _RelayFileOutput
{
  RelayOutput parent_instance;

  char *path;
};

G_DEFINE_FINAL_TYPE (RelayFileOutput, relay_file_output, RELAY_TYPE_OUTPUT)

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *extension;
  const char *muxer;
} containers[] = {
  { ".mkv", "matroskamux" },
  { ".mp4", "mp4mux" },
  { ".mov", "qtmux" },
  { ".flv", "flvmux" },
};

static const char *
muxer_for_path (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      if (g_str_has_suffix (path, containers[i].extension))
        return containers[i].muxer;
    }
  return NULL;
}

static gboolean
ghost_muxer_pad (GstElement *bin, GstElement *mux, const char *kind)
{
  g_autofree char *templ = g_strdup_printf ("%s_%%u", kind);
  g_autoptr (GstPad) pad = gst_element_request_pad_simple (mux, templ);
  GstPad *ghost;

  /* flvmux names its pads without a number */
  if (pad == NULL)
    pad = gst_element_request_pad_simple (mux, kind);
  if (pad == NULL)
    return FALSE;

  ghost = gst_ghost_pad_new (kind, pad);
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (bin, ghost);
  return TRUE;
}

static GstElement *
relay_file_output_create_bin (RelayOutput *output, GError **error)
{
  RelayFileOutput *self = RELAY_FILE_OUTPUT (output);
  g_autoptr (GstElement) bin = gst_object_ref_sink (gst_bin_new (NULL));
  g_autoptr (GFile) file = g_file_new_for_path (self->path);
  g_autoptr (GFile) folder = g_file_get_parent (file);
  GstElement *mux, *sink;

  if (folder != NULL && !g_file_query_exists (folder, NULL))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND,
                   _ ("The folder of the recording “%s” does not exist"), self->path);
      return NULL;
    }

  if (!(mux = relay_bin_add_new (GST_BIN (bin), muxer_for_path (self->path), error))
      || !(sink = relay_bin_add_new (GST_BIN (bin), "filesink", error)))
    return NULL;

  g_object_set (sink, "location", self->path, "sync", FALSE, "async", FALSE, NULL);
  gst_element_link (mux, sink);

  if ((relay_output_get_video_enabled (output) && !ghost_muxer_pad (bin, mux, "video"))
      || (relay_output_get_audio_enabled (output) && !ghost_muxer_pad (bin, mux, "audio")))
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("The recording cannot be set up"));
      return NULL;
    }

  return g_steal_pointer (&bin);
}

static void
relay_file_output_finalize (GObject *object)
{
  RelayFileOutput *self = RELAY_FILE_OUTPUT (object);

  g_free (self->path);
  G_OBJECT_CLASS (relay_file_output_parent_class)->finalize (object);
}

static void
relay_file_output_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelayFileOutput *self = RELAY_FILE_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_file_output_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  RelayFileOutput *self = RELAY_FILE_OUTPUT (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relay_file_output_class_init (RelayFileOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelayOutputClass *output_class = RELAY_OUTPUT_CLASS (klass);

  object_class->finalize = relay_file_output_finalize;
  object_class->get_property = relay_file_output_get_property;
  object_class->set_property = relay_file_output_set_property;

  output_class->audio_codec = RELAY_AUDIO_CODEC_AAC;
  output_class->create_bin = relay_file_output_create_bin;

  properties[PROP_PATH] =
      g_param_spec_string ("path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relay_file_output_init (RelayFileOutput *self)
{
}

RelayOutput *
relay_file_output_new (const char *path, const RelayOutputOptions *options, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *uri = NULL;
  const char *names[] = { "path" };
  GValue values[1] = { G_VALUE_INIT };
  RelayOutput *self;

  if (path == NULL || !g_path_is_absolute (path) || muxer_for_path (path) == NULL)
    {
      g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT,
                   _ ("A recording needs an absolute path ending in .mkv, .mp4, .mov or .flv"));
      return NULL;
    }

  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  g_value_init (&values[0], G_TYPE_STRING);
  g_value_set_string (&values[0], path);
  self = relay_output_new_with_options (RELAY_TYPE_FILE_OUTPUT, options, uri, 1, names, values);
  g_value_unset (&values[0]);
  return self;
}

/* The XDG videos folder, or ~/Videos where none is set up: xdg-user-dirs
 * answers the bare home folder then, which is no place for recordings. */
static char *
recordings_folder (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  g_autofree char *home = g_canonicalize_filename (g_get_home_dir (), NULL);
  g_autofree char *folder = videos ? g_canonicalize_filename (videos, NULL) : NULL;

  if (folder == NULL || g_str_equal (folder, home))
    return g_build_filename (home, "Videos", NULL);
  return g_steal_pointer (&folder);
}

/**
 * relay_file_output_new_recording_path:
 *
 * Makes sure the recordings folder exists and names a new recording in it,
 * after the time it starts.
 *
 * Returns: (transfer full): an absolute .mkv path, or %NULL with @error set
 */
char *
relay_file_output_new_recording_path (GError **error)
{
  g_autofree char *folder = recordings_folder ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "relaycast-%Y%m%d-%H%M%S.mkv");

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (folder);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _ ("Cannot make the recordings folder “%s”: %s"), shown,
                   g_strerror (saved_errno));
      return NULL;
    }
  return g_build_filename (folder, name, NULL);
}

const char *
relay_file_output_get_path (RelayFileOutput *self)
{
  g_return_val_if_fail (RELAY_IS_FILE_OUTPUT (self), NULL);

  return self->path;
}
