/* relay-file-output.c
 *
 * A recording never replaces another: a recording destination reserves a new
 * file at each start (relay_file_output_new_in_folder()), and an output that
 * starts again (a retry, a restart of a failed one) goes on in a new file
 * beside its first, "-2", "-3"… added to its name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "relay-error.h"
#include "relay-file-output.h"
#include "relay-gst-util.h"

/* "-999" at most: a folder that full of one second's recordings is broken */
#define MAX_SUFFIX 999

struct _RelayFileOutput
{
  RelayOutput parent_instance;

  char *path;
  /* its name without the extension, for the files of later attempts */
  char *stem;
  /* made empty by relay_file_output_new_in_folder(), and removed again if
   * the output is dropped unstarted */
  gboolean reserved;
  guint attempts;
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

/* The default first: Matroska needs no index written at the end, so what was
 * recorded before a crash or a full disk still plays. */
static const RelayRecordingContainer recording_containers[] = {
  { "mkv", "Matroska (.mkv)", ".mkv" },
  { "mp4", "MP4 (.mp4)", ".mp4" },
  { "flv", "FLV (.flv)", ".flv" },
};

/**
 * relay_file_output_get_containers:
 * @n_containers: (out): how many there are
 *
 * Returns: (array length=n_containers): the containers of recording
 *   destinations, the default first
 */
const RelayRecordingContainer *
relay_file_output_get_containers (guint *n_containers)
{
  *n_containers = G_N_ELEMENTS (recording_containers);
  return recording_containers;
}

/**
 * relay_file_output_lookup_container:
 * @id: (nullable): as saved; %NULL takes the default
 *
 * Returns: (nullable): the container, or %NULL when @id is none of them
 */
const RelayRecordingContainer *
relay_file_output_lookup_container (const char *id)
{
  if (id == NULL)
    return &recording_containers[0];
  for (guint i = 0; i < G_N_ELEMENTS (recording_containers); i++)
    {
      if (g_str_equal (recording_containers[i].id, id))
        return &recording_containers[i];
    }
  return NULL;
}

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

/* Whether a recording can be made in @folder; if not, why, naming it. */
static gboolean
check_folder (const char *folder, GError **error)
{
  g_autofree char *shown = g_filename_display_name (folder);
  GStatBuf info;
  int saved_errno = 0;

  if (g_stat (folder, &info) != 0)
    saved_errno = errno;

  if (saved_errno == ENOENT || saved_errno == ENOTDIR)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND, _ ("The folder “%s” does not exist"),
                 shown);
  else if (saved_errno == 0 && !S_ISDIR (info.st_mode))
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT, _ ("“%s” is not a folder"),
                 shown);
  else if (saved_errno != 0 || g_access (folder, W_OK | X_OK) != 0)
    g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED, _ ("The folder “%s” cannot be written to"),
                 shown);
  else
    return TRUE;
  return FALSE;
}

/* Creates @stem@extension in @folder, or @stem-2@extension, -3… when that is
 * taken. Creating it exclusively holds the name even against a recording
 * named in the same second by another process. */
static char *
reserve_file (const char *folder, const char *stem, const char *extension, GError **error)
{
  g_autofree char *shown = NULL;
  int saved_errno = EEXIST;

  if (!check_folder (folder, error))
    return NULL;

  for (guint n = 1; n <= MAX_SUFFIX && saved_errno == EEXIST; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (stem, extension, NULL)
                                     : g_strdup_printf ("%s-%u%s", stem, n, extension);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&path);
        }
      saved_errno = errno;
    }

  shown = g_filename_display_name (folder);
  g_set_error (error, RELAY_ERROR, RELAY_ERROR_FAILED,
               _ ("Cannot make a recording in the folder “%s”: %s"), shown,
               g_strerror (saved_errno));
  return NULL;
}

/* A later attempt (a retry, a restart) keeps what the earlier ones recorded. */
static gboolean
take_next_path (RelayFileOutput *self, const char *folder, GError **error)
{
  char *next = reserve_file (folder, self->stem, strrchr (self->path, '.'), error);

  if (next == NULL)
    return FALSE;
  g_free (self->path);
  self->path = next;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
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
  g_autoptr (GstElement) bin = NULL;
  g_autofree char *folder = g_path_get_dirname (self->path);
  GstElement *mux, *sink;

  if (self->attempts > 0 ? !take_next_path (self, folder, error) : !check_folder (folder, error))
    return NULL;
  self->attempts++;
  self->reserved = FALSE;

  bin = gst_object_ref_sink (gst_bin_new (NULL));

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
  GStatBuf info;

  if (self->reserved && g_stat (self->path, &info) == 0 && info.st_size == 0)
    g_unlink (self->path);
  g_free (self->path);
  g_free (self->stem);
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
        {
          g_autofree char *name = NULL;

          self->path = g_value_dup_string (value);
          name = g_path_get_basename (self->path);
          self->stem = g_strndup (name, strrchr (name, '.') - name);
        }
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

/**
 * relay_file_output_new_in_folder:
 * @folder: an absolute path
 * @extension: ".mkv", ".mp4", ".mov" or ".flv"
 *
 * A recording in a new file of @folder, named after the time it is made:
 * relaycast-20250131-201500.mkv, or relaycast-20250131-201500-2.mkv when that
 * is taken. The file is made here, empty, so that two outputs made in the
 * same second have their own.
 *
 * Returns: (transfer full): an idle output, or %NULL with @error naming the
 *   folder when nothing can be written there
 */
RelayOutput *
relay_file_output_new_in_folder (const char *folder, const char *extension,
                                 const RelayOutputOptions *options, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stem = g_date_time_format (now, "relaycast-%Y%m%d-%H%M%S");
  g_autofree char *path = NULL;
  RelayOutput *output;

  g_return_val_if_fail (folder != NULL && g_path_is_absolute (folder), NULL);
  g_return_val_if_fail (extension != NULL && muxer_for_path (extension) != NULL, NULL);

  path = reserve_file (folder, stem, extension, error);
  if (path == NULL)
    return NULL;
  output = relay_file_output_new (path, options, error);
  if (output == NULL)
    g_unlink (path);
  else
    RELAY_FILE_OUTPUT (output)->reserved = TRUE;
  return output;
}

/* The XDG videos folder, or ~/Videos where none is set up: xdg-user-dirs
 * answers the bare home folder then, which is no place for recordings. */
char *
relay_file_output_get_recordings_folder (void)
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
  g_autofree char *folder = relay_file_output_get_recordings_folder ();
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
