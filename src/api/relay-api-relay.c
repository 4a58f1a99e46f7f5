/* relay-api-relay.c
 *
 * A relay task is a named group of outputs of one stream (the program unless
 * the task says otherwise), one per push URL. startrtmp on a running task
 * changes its URLs live: only the outputs of URLs that go or come are touched.
 * A push URL belongs to one task at a time.
 *
 * A task with a mixing layout pushes a stream of its own, the layout's canvas,
 * composed by a scene the task owns (never saved with the studio's scenes);
 * a new layout changes that scene in place, so the pushes carry on. A user's
 * push (userId) pushes the Relaycast stream of that name as it is; task and
 * user ids are apart, as the relay service keeps them.
 *
 * With a status callback URL set, every output state change (of any output;
 * taskId is null for those outside a task) is POSTed there as JSON, in order,
 * one request at a time so that events never overtake each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "relaycast-api"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "core/relay-mask.h"
#include "core/outputs/relay-rtmp-url.h"
#include "relay-api-relay.h"

/* Task and user ids live in one table, told apart by the key's first letter. */
#define KEY_TASK 't'
#define KEY_USER 'u'

/* Events pile up only while the callback server is slow or away. */
#define MAX_PENDING_EVENTS 1000

typedef struct
{
  /* the URL as compared: RTMP URLs in one spelling */
  char *url;
  char *output_id;
} Push;

typedef struct
{
  /* KEY_TASK or KEY_USER, then the id */
  char *key;
  char *stream_name;
  /* NULL: the stream is pushed as it is */
  RelayApiLayout *layout;
  /* what composes the layout on the task's own stream */
  RelayScene *scene;
  GPtrArray *pushes;
  /* the pushes' picture size (0: the stream's) */
  guint width;
  guint height;
} Task;

struct _RelayApiRelay
{
  GObject parent_instance;

  RelayApiContext *context;
  RelayStudio *studio;
  /* task key -> Task */
  GHashTable *tasks;
  /* output id -> task key, for outputs on their way out (their last events) */
  GHashTable *departing;

  SoupSession *session;
  GQueue events;
  gboolean posting;
};

G_DEFINE_FINAL_TYPE (RelayApiRelay, relay_api_relay, G_TYPE_OBJECT)

static void
push_free (Push *push)
{
  g_free (push->url);
  g_free (push->output_id);
  g_free (push);
}

static void
task_free (Task *task)
{
  g_free (task->key);
  g_free (task->stream_name);
  g_clear_pointer (&task->layout, relay_api_layout_free);
  g_clear_object (&task->scene);
  g_ptr_array_unref (task->pushes);
  g_free (task);
}

static char *
make_key (const char *id, gboolean by_user)
{
  char kind[2] = { by_user ? KEY_USER : KEY_TASK, '\0' };

  return g_strconcat (kind, id, NULL);
}

static const char *
key_id (const char *key)
{
  return key + 1;
}

static gboolean
key_is_user (const char *key)
{
  return key[0] == KEY_USER;
}

/* "rtmp://h:1935/a/b" and "rtmp://h/a/b" are one destination. */
static char *
normalise_url (const char *url)
{
  g_autoptr (RelayRtmpUrl) rtmp = NULL;

  if (g_str_has_prefix (url, "rtmp://") || g_str_has_prefix (url, "rtmps://"))
    rtmp = relay_rtmp_url_parse (url, NULL);
  return rtmp ? relay_rtmp_url_to_string (rtmp) : g_strdup (url);
}

/* Answers */

/* Returns: (nullable): the task with a push of this URL, or (without
 * @by_url) of this output id */
static Task *
find_task (RelayApiRelay *self, const char *value, gboolean by_url)
{
  GHashTableIter iter;
  Task *task;

  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    {
      for (guint i = 0; i < task->pushes->len; i++)
        {
          Push *push = g_ptr_array_index (task->pushes, i);

          if (g_str_equal (by_url ? push->url : push->output_id, value))
            return task;
        }
    }
  return NULL;
}

/* Returns: (nullable): the key of the task @output_id pushes for */
static const char *
task_of_output (RelayApiRelay *self, const char *output_id)
{
  const char *departing = g_hash_table_lookup (self->departing, output_id);
  Task *task = departing ? NULL : find_task (self, output_id, FALSE);

  return departing ? departing : task ? task->key : NULL;
}

/* "taskId" and "userId", one of them null (both for an output of no task) */
static void
add_ids (JsonBuilder *builder, const char *key)
{
  relay_api_add_string (builder, "taskId", key && !key_is_user (key) ? key_id (key) : NULL);
  relay_api_add_string (builder, "userId", key && key_is_user (key) ? key_id (key) : NULL);
}

/* What a task's push and a status event both say of an output. */
static void
add_output_members (JsonBuilder *builder, RelayOutput *output)
{
  g_autofree char *reason = relay_output_describe_state (output);

  relay_api_add_string (builder, "url", relay_output_get_display_url (output));
  relay_api_add_string (builder, "id", relay_output_get_id (output));
  relay_api_add_string (builder, "state",
                        relay_output_state_to_string (relay_output_get_state (output)));
  relay_api_add_string (builder, "reason", reason);
}

static void
add_push_json (JsonBuilder *builder, RelayOutput *output)
{
  json_builder_begin_object (builder);
  add_output_members (builder, output);
  json_builder_set_member_name (builder, "stats");
  relay_api_add_output_stats (builder, output);
  json_builder_end_object (builder);
}

static void
begin_task_json (JsonBuilder *builder, const char *key, const char *stream_name,
                 const RelayApiLayout *layout)
{
  json_builder_begin_object (builder);
  add_ids (builder, key);
  relay_api_add_string (builder, "streamName", stream_name);
  json_builder_set_member_name (builder, "layout");
  if (layout != NULL)
    json_builder_add_value (builder, relay_api_layout_to_json (layout));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "pushUrls");
  json_builder_begin_array (builder);
}

static void
add_task_json (RelayApiRelay *self, JsonBuilder *builder, Task *task)
{
  begin_task_json (builder, task->key, task->stream_name, task->layout);
  for (guint i = 0; i < task->pushes->len; i++)
    {
      Push *push = g_ptr_array_index (task->pushes, i);
      RelayOutput *output = relay_studio_lookup_output (self->studio, push->output_id);

      if (output != NULL)
        add_push_json (builder, output);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static JsonNode *
task_to_json (RelayApiRelay *self, Task *task)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  add_task_json (self, builder, task);
  return json_builder_get_root (builder);
}

/* Handlers */

typedef struct
{
  RelayApiRelay *self;
  RelayApiRequest *request;
  char *key;
  /* the outputs being stopped */
  GPtrArray *stopped;
  /* of a stopped task, for the answer */
  char *stream_name;
  RelayApiLayout *layout;
} Pending;

static void
pending_free (Pending *pending)
{
  for (guint i = 0; i < pending->stopped->len; i++)
    g_hash_table_remove (pending->self->departing,
                         relay_output_get_id (g_ptr_array_index (pending->stopped, i)));
  g_object_unref (pending->self);
  relay_api_request_unref (pending->request);
  g_free (pending->key);
  g_ptr_array_unref (pending->stopped);
  g_free (pending->stream_name);
  g_clear_pointer (&pending->layout, relay_api_layout_free);
  g_free (pending);
}

/* Takes @stopped; their events name the task of @key until they are gone. */
static Pending *
pending_new (RelayApiRelay *self, RelayApiRequest *request, const char *key, GPtrArray *stopped)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->request = relay_api_request_ref (request);
  pending->key = g_strdup (key);
  pending->stopped = stopped;
  for (guint i = 0; i < stopped->len; i++)
    g_hash_table_insert (self->departing,
                         g_strdup (relay_output_get_id (g_ptr_array_index (stopped, i))),
                         g_strdup (key));
  return pending;
}

static void
reply_task (RelayApiRelay *self, RelayApiRequest *request, const char *key)
{
  Task *task = g_hash_table_lookup (self->tasks, key);
  g_autoptr (JsonNode) answer = NULL;

  if (task == NULL)
    {
      relay_api_request_reply_status (request, SOUP_STATUS_NOT_FOUND, _ ("The task ended"));
      return;
    }
  answer = task_to_json (self, task);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

static void
on_pushes_removed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;

  relay_api_context_remove_outputs_finish (RELAY_API_CONTEXT (source), result, NULL);
  reply_task (pending->self, pending->request, pending->key);
  pending_free (pending);
}

/* Every URL is checked (and its output made) before anything changes, so a
 * bad URL in the list leaves the task as it was. @new_urls gets the URL of
 * each output made, in order. */
static GPtrArray *
prepare_new_pushes (RelayApiRelay *self, Task *task, const char *key,
                    const RelayApiRelayStart *start, const char *stream_name,
                    GPtrArray *wanted_urls, GPtrArray *new_urls, GError **error)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *owner_name =
      g_strconcat (key_is_user (key) ? "relay-user:" : "relay-task:", key_id (key), NULL);
  RelayOutputOptions options;

  relay_output_options_init (&options);
  options.owner = owner_name;
  options.stream_name = stream_name;
  options.label = key_id (key);
  options.attempts = settings->attempts;
  options.retry_delay_ms = settings->retry_delay_ms;
  options.stall_timeout_ms = settings->stall_timeout_ms;
  options.video_width = task != NULL ? task->width : start->width;
  options.video_height = task != NULL ? task->height : start->height;

  for (guint i = 0; start->push_urls[i] != NULL; i++)
    {
      g_autofree char *url = normalise_url (start->push_urls[i]);
      g_autofree char *field = g_strdup_printf ("pushUrls[%u]", i);
      Task *owner = find_task (self, url, TRUE);
      g_autoptr (GError) local_error = NULL;
      RelayOutput *output;

      if (g_ptr_array_find_with_equal_func (wanted_urls, url, g_str_equal, NULL))
        continue;
      if (owner != NULL && owner != task)
        {
          g_autofree char *shown = relay_mask_url (start->push_urls[i]);

          relay_api_set_error (error, SOUP_STATUS_CONFLICT, field,
                               _ ("%s already belongs to the task “%s”"), shown,
                               key_id (owner->key));
          return NULL;
        }
      g_ptr_array_add (wanted_urls, g_strdup (url));
      if (owner == task && task != NULL)
        continue;

      output = relay_broadcast_create_output_with_options (
          relay_api_context_get_broadcast (self->context), start->push_urls[i], &options,
          &local_error);
      if (output == NULL)
        {
          relay_api_set_error (error, relay_api_error_get_status (local_error), field, "%s",
                               local_error->message);
          return NULL;
        }
      g_ptr_array_add (new_urls, g_steal_pointer (&url));
      g_ptr_array_add (outputs, output);
    }

  return g_steal_pointer (&outputs);
}

/* Returns: (nullable): the task whose picture @stream_name is */
static Task *
task_of_stream (RelayApiRelay *self, const char *stream_name)
{
  GHashTableIter iter;
  Task *task;

  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    {
      if (task->scene != NULL && g_str_equal (task->stream_name, stream_name))
        return task;
    }
  return NULL;
}

/* A layout shows streams that are there, and no task's picture: tasks
 * showing each other's would compose each other in a loop. */
static gboolean
check_layout_streams (RelayApiRelay *self, const RelayApiLayout *layout, GError **error)
{
  for (guint i = 0; i < layout->regions->len; i++)
    {
      const RelayApiLayoutRegion *region = g_ptr_array_index (layout->regions, i);
      g_autofree char *field = g_strdup_printf ("layout.regions[%u].streamName", i);
      Task *owner = task_of_stream (self, region->stream_name);

      if (relay_studio_lookup_stream (self->studio, region->stream_name) == NULL)
        {
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field, _ ("No stream named “%s”"),
                               region->stream_name);
          return FALSE;
        }
      if (owner != NULL)
        {
          relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, field,
                               _ ("“%s” is the picture of the task “%s”: a layout shows streams, "
                                  "not tasks’ pictures"),
                               region->stream_name, key_id (owner->key));
          return FALSE;
        }
    }
  return TRUE;
}

/* A task with a layout pushes a stream made for it, "task-" and its id (other
 * characters as "_"), numbered while one of that name is still going. */
static char *
new_stream_name (RelayApiRelay *self, const char *task_id)
{
  g_autoptr (GString) base = g_string_new ("task-");
  char *name;

  for (const char *p = task_id; *p != '\0' && base->len < 100; p++)
    g_string_append_c (base, g_ascii_isalnum (*p) || strchr ("-_.", *p) ? *p : '_');
  name = g_strdup (base->str);
  for (guint n = 2; relay_studio_lookup_stream (self->studio, name) != NULL; n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base->str, n);
    }
  return name;
}

/* Whether @start may go ahead for @task (NULL: a new one), and the stream its
 * pushes carry. */
static gboolean
check_start (RelayApiRelay *self, Task *task, const RelayApiRelayStart *start, char **stream_name,
             GError **error)
{
  const RelayApiLayout *layout = start->layout;

  if (task == NULL && start->push_urls == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "pushUrls", _ ("“%s” is missing"),
                           "pushUrls");
      return FALSE;
    }

  if (task != NULL && start->stream_name != NULL
      && !g_str_equal (task->stream_name, start->stream_name))
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "streamName",
                           _ ("The task “%s” pushes the stream “%s”: stop it first"),
                           key_id (task->key), task->stream_name);
      return FALSE;
    }
  if (task != NULL && layout != NULL && task->layout == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "layout",
                           _ ("The task “%s” pushes the stream “%s” as it is: stop it to start it "
                              "with a layout"),
                           key_id (task->key), task->stream_name);
      return FALSE;
    }
  if (task != NULL && layout != NULL
      && (layout->width != task->layout->width || layout->height != task->layout->height))
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "layout.canvas",
                           _ ("The canvas of a running task stays %u×%u: stop the task to change "
                              "its size"),
                           task->layout->width, task->layout->height);
      return FALSE;
    }
  if (task != NULL && start->width != 0
      && (start->width != task->width || start->height != task->height))
    {
      relay_api_set_error (error, SOUP_STATUS_CONFLICT, "width",
                           _ ("The pushes of a running task keep their size: stop the task to "
                              "change it"));
      return FALSE;
    }
  if (task == NULL && layout != NULL && start->stream_name != NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_BAD_REQUEST, "streamName",
                           _ ("A task with a layout pushes a picture of its own, not a stream"));
      return FALSE;
    }
  if (layout != NULL && !check_layout_streams (self, layout, error))
    return FALSE;

  if (task != NULL)
    *stream_name = g_strdup (task->stream_name);
  else if (layout != NULL)
    *stream_name = new_stream_name (self, start->task_id);
  else
    *stream_name = g_strdup (start->user_id ? start->user_id
                             : start->stream_name
                                 ? start->stream_name
                                 : relay_stream_get_name (relay_studio_get_program (self->studio)));

  /* a task's own stream is made once the task is */
  if ((task != NULL || layout == NULL)
      && relay_studio_lookup_stream (self->studio, *stream_name) == NULL)
    {
      relay_api_set_error (error, SOUP_STATUS_NOT_FOUND, start->user_id ? "userId" : "streamName",
                           _ ("No stream named “%s”"), *stream_name);
      return FALSE;
    }
  return TRUE;
}

/* The task's own stream, its canvas the layout's, composed by the task's
 * scene. */
static gboolean
start_picture (RelayApiRelay *self, Task *task, const RelayApiLayout *layout, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  RelayStream *stream = relay_studio_add_sized_stream (self->studio, task->stream_name,
                                                       layout->width, layout->height, &local_error);

  if (stream == NULL)
    {
      relay_api_set_error (error, relay_api_error_get_status (local_error), "layout", "%s",
                           local_error->message);
      return FALSE;
    }
  /* live with no source: the layers are its picture */
  relay_stream_set_keep_alive (stream, TRUE);
  task->scene = relay_scene_new (task->stream_name, key_id (task->key));
  relay_api_layout_apply (layout, task->scene);
  relay_scene_mixer_set_scene (relay_studio_get_scene_mixer (self->studio, stream), task->scene);
  return TRUE;
}

static Task *
task_new (const char *key, const char *stream_name)
{
  Task *task = g_new0 (Task, 1);

  task->key = g_strdup (key);
  task->stream_name = g_strdup (stream_name);
  task->pushes = g_ptr_array_new_with_free_func ((GDestroyNotify) push_free);
  return task;
}

/* Makes @task's pushes those of @wanted_urls, @new_outputs (of @new_urls)
 * joining; @leaving gets the outputs of the URLs that went, to be stopped. */
static gboolean
change_pushes (RelayApiRelay *self, Task *task, GPtrArray *wanted_urls, GPtrArray *new_outputs,
               GPtrArray *new_urls, GPtrArray *leaving, GError **error)
{
  for (guint i = task->pushes->len; i > 0; i--)
    {
      Push *push = g_ptr_array_index (task->pushes, i - 1);
      RelayOutput *output;

      if (g_ptr_array_find_with_equal_func (wanted_urls, push->url, g_str_equal, NULL))
        continue;
      output = relay_studio_lookup_output (self->studio, push->output_id);
      if (output != NULL)
        g_ptr_array_add (leaving, g_object_ref (output));
      g_ptr_array_remove_index (task->pushes, i - 1);
    }

  for (guint i = 0; i < new_outputs->len; i++)
    {
      RelayOutput *output = g_ptr_array_index (new_outputs, i);
      Push *push = g_new0 (Push, 1);

      /* in the task first: the output's first event names it */
      push->url = g_strdup (g_ptr_array_index (new_urls, i));
      push->output_id = g_strdup (relay_output_get_id (output));
      g_ptr_array_add (task->pushes, push);
      if (!relay_studio_add_output (self->studio, output, error))
        {
          g_ptr_array_remove (task->pushes, push);
          return FALSE;
        }
    }
  return TRUE;
}

/* A new task, or a running one's URLs or layout changed: pushUrls absent
 * keeps the URLs, layout absent the picture. */
static void
handle_start (RelayApiRequest *request, gpointer user_data)
{
  RelayApiRelay *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_auto (RelayApiRelayStart) start = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) wanted_urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) new_outputs = NULL;
  g_autoptr (GPtrArray) new_urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) leaving = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = NULL;
  g_autofree char *stream_name = NULL;
  Pending *pending;
  Task *task;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_relay_parse_start (body, &start, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  key = make_key (start.user_id ? start.user_id : start.task_id, start.user_id != NULL);
  task = g_hash_table_lookup (self->tasks, key);
  if (!check_start (self, task, &start, &stream_name, &error)
      || (start.push_urls != NULL
          && !(new_outputs = prepare_new_pushes (self, task, key, &start, stream_name, wanted_urls,
                                                 new_urls, &error))))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  if (task == NULL)
    {
      task = task_new (key, stream_name);
      task->width = start.width;
      task->height = start.height;
      if (start.layout != NULL && !start_picture (self, task, start.layout, &error))
        {
          task_free (task);
          relay_api_request_reply_error (request, error);
          return;
        }
      g_hash_table_insert (self->tasks, task->key, task);
      g_debug ("relay %s %s started", key_is_user (key) ? "user" : "task", key_id (key));
    }
  else if (start.layout != NULL)
    relay_api_layout_apply (start.layout, task->scene);
  if (start.layout != NULL)
    {
      g_clear_pointer (&task->layout, relay_api_layout_free);
      task->layout = g_steal_pointer (&start.layout);
    }

  if (new_outputs != NULL
      && !change_pushes (self, task, wanted_urls, new_outputs, new_urls, leaving, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  if (leaving->len == 0)
    {
      reply_task (self, request, task->key);
      return;
    }

  pending = pending_new (self, request, task->key, g_steal_pointer (&leaving));
  relay_api_request_defer (request);
  relay_api_context_remove_outputs_async (self->context, pending->stopped, on_pushes_removed,
                                          pending);
}

static void
on_task_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GError) error = NULL;

  relay_api_context_remove_outputs_finish (RELAY_API_CONTEXT (source), result, NULL);
  /* a task with a layout had a stream of its own: it goes once nothing pushes it */
  if (pending->layout != NULL
      && !relay_studio_remove_stream (pending->self->studio, pending->stream_name, &error))
    g_debug ("relay task %s: %s", key_id (pending->key), error->message);

  begin_task_json (builder, pending->key, pending->stream_name, pending->layout);
  for (guint i = 0; i < pending->stopped->len; i++)
    add_push_json (builder, g_ptr_array_index (pending->stopped, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (pending->request, SOUP_STATUS_OK, answer);
  pending_free (pending);
}

static void
handle_stop (RelayApiRequest *request, gpointer user_data)
{
  RelayApiRelay *self = user_data;
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GError) error = NULL;
  gboolean by_user = FALSE;
  GPtrArray *stopped;
  Pending *pending;
  Task *task;

  body = relay_api_request_read_object (request, &error);
  if (body == NULL || !relay_api_relay_parse_stop (body, &id, &by_user, &error))
    {
      relay_api_request_reply_error (request, error);
      return;
    }

  key = make_key (id, by_user);
  task = g_hash_table_lookup (self->tasks, key);
  if (task == NULL)
    {
      if (by_user)
        relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "userId",
                             _ ("No push for the user “%s”"), id);
      else
        relay_api_set_error (&error, SOUP_STATUS_NOT_FOUND, "taskId", _ ("No task “%s”"), id);
      relay_api_request_reply_error (request, error);
      return;
    }

  stopped = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < task->pushes->len; i++)
    {
      Push *push = g_ptr_array_index (task->pushes, i);
      RelayOutput *output = relay_studio_lookup_output (self->studio, push->output_id);

      if (output != NULL)
        g_ptr_array_add (stopped, g_object_ref (output));
    }
  pending = pending_new (self, request, key, stopped);
  pending->stream_name = g_strdup (task->stream_name);
  pending->layout = g_steal_pointer (&task->layout);
  /* Its URLs are free for other tasks from now on. */
  g_hash_table_remove (self->tasks, key);
  g_debug ("relay %s %s stopping", by_user ? "user" : "task", id);

  relay_api_request_defer (request);
  relay_api_context_remove_outputs_async (self->context, pending->stopped, on_task_stopped,
                                          pending);
}

static void
handle_list (RelayApiRequest *request, gpointer user_data)
{
  RelayApiRelay *self = user_data;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GList) ids =
      g_list_sort (g_hash_table_get_keys (self->tasks), (GCompareFunc) g_strcmp0);

  json_builder_begin_array (builder);
  for (GList *l = ids; l != NULL; l = l->next)
    add_task_json (self, builder, g_hash_table_lookup (self->tasks, l->data));
  json_builder_end_array (builder);

  answer = json_builder_get_root (builder);
  relay_api_request_reply_json (request, SOUP_STATUS_OK, answer);
}

/* Status callbacks */

static void post_next_event (RelayApiRelay *self);

static void
on_event_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelayApiRelay) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) answer =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (answer == NULL)
    g_debug ("status callback failed: %s", error->message);
  self->posting = FALSE;
  post_next_event (self);
}

static void
post_next_event (RelayApiRelay *self)
{
  const RelayApiSettings *settings = relay_api_context_get_settings (self->context);
  g_autoptr (GBytes) event = NULL;
  g_autoptr (SoupMessage) message = NULL;

  if (self->posting || g_queue_is_empty (&self->events))
    return;

  event = g_queue_pop_head (&self->events);
  message = soup_message_new (SOUP_METHOD_POST, settings->status_callback_url);
  if (message == NULL)
    return;
  soup_message_set_request_body_from_bytes (message, "application/json", event);
  self->posting = TRUE;
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_event_posted, g_object_ref (self));
}

static void
on_output_state_changed (RelayOutput *output, RelayOutputState old_state, RelayApiRelay *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char *key = task_of_output (self, relay_output_get_id (output));
  gsize length;

  json_builder_begin_object (builder);
  add_ids (builder, key);
  add_output_members (builder, output);
  relay_api_add_int (builder, "timestamp", g_get_real_time () / 1000);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);

  if (g_queue_get_length (&self->events) >= MAX_PENDING_EVENTS)
    {
      g_debug ("status callback too slow: dropping the oldest event");
      g_bytes_unref (g_queue_pop_head (&self->events));
    }
  length = strlen (text);
  g_queue_push_tail (&self->events, g_bytes_new_take (g_steal_pointer (&text), length));
  post_next_event (self);
}

static void
watch_outputs (RelayApiRelay *self, guint position, guint added)
{
  GListModel *outputs = relay_studio_get_outputs (self->studio);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (RelayOutput) output = g_list_model_get_item (outputs, i);

      g_signal_connect_object (output, "state-changed", G_CALLBACK (on_output_state_changed), self,
                               0);
    }
}

/* A task whose outputs were all removed elsewhere (the window, Red5's kill)
 * keeps no URL. */
static void
on_outputs_changed (GListModel *outputs, guint position, guint removed, guint added,
                    RelayApiRelay *self)
{
  GHashTableIter iter;
  Task *task;

  if (relay_api_context_get_settings (self->context)->status_callback_url != NULL)
    watch_outputs (self, position, added);

  if (removed == 0)
    return;
  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &task))
    {
      for (guint i = task->pushes->len; i > 0; i--)
        {
          Push *push = g_ptr_array_index (task->pushes, i - 1);

          if (relay_studio_lookup_output (self->studio, push->output_id) == NULL)
            g_ptr_array_remove_index (task->pushes, i - 1);
        }
    }
}

/* GObject */

RelayApiRelay *
relay_api_relay_new (RelayApiContext *context)
{
  RelayApiRelay *self = g_object_new (RELAY_TYPE_API_RELAY, NULL);
  GListModel *outputs;

  self->context = context;
  self->studio = g_object_ref (relay_api_context_get_studio (context));
  outputs = relay_studio_get_outputs (self->studio);

  relay_api_context_add_route (context, "POST", "/relay/startrtmp", handle_start, self);
  relay_api_context_add_route (context, "POST", "/relay/stoprtmp", handle_stop, self);
  relay_api_context_add_route (context, "GET", "/relay/tasks", handle_list, self);

  g_signal_connect_object (outputs, "items-changed", G_CALLBACK (on_outputs_changed), self, 0);
  if (relay_api_context_get_settings (context)->status_callback_url != NULL)
    {
      self->session = soup_session_new ();
      watch_outputs (self, 0, g_list_model_get_n_items (outputs));
    }
  return self;
}

static void
relay_api_relay_dispose (GObject *object)
{
  RelayApiRelay *self = RELAY_API_RELAY (object);

  g_clear_object (&self->studio);
  g_clear_object (&self->session);
  g_queue_clear_full (&self->events, (GDestroyNotify) g_bytes_unref);
  G_OBJECT_CLASS (relay_api_relay_parent_class)->dispose (object);
}

static void
relay_api_relay_finalize (GObject *object)
{
  RelayApiRelay *self = RELAY_API_RELAY (object);

  g_hash_table_unref (self->tasks);
  g_hash_table_unref (self->departing);
  G_OBJECT_CLASS (relay_api_relay_parent_class)->finalize (object);
}

static void
relay_api_relay_class_init (RelayApiRelayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relay_api_relay_dispose;
  object_class->finalize = relay_api_relay_finalize;
}

static void
relay_api_relay_init (RelayApiRelay *self)
{
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) task_free);
  self->departing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_queue_init (&self->events);
}
