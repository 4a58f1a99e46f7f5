/* relay-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "relay-audio-controls.h"
#include "relay-event-view.h"
#include "relay-layer-editor.h"
#include "relay-layer-list.h"
#include "relay-layer-properties.h"
#include "relay-level-meter.h"
#include "relay-scene-list.h"
#include "relay-source-item.h"
#include "relay-source-picker.h"
#include "relay-window.h"

G_BEGIN_DECLS

struct _RelayWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkButton *go_live_button;
  GtkLabel *timer_label;
  GtkLabel *on_air_label;
  RelayPreview *preview;
  RelayLevelMeter *level_meter;
  RelayAudioControls *audio_controls;
  RelaySourcePicker *source_picker;
  GtkRevealer *destinations_banner;
  GtkLabel *destinations_banner_label;
  GtkListBox *destination_list;
  RelayEventView *event_view;
  RelayLayerEditor *layer_editor;
  RelaySceneList *scene_list;
  RelayLayerList *layer_list;
  GtkMenuButton *add_layer_button;
  GtkMenuButton *layer_properties_button;
  RelayLayerProperties *layer_properties;

  RelayBroadcast *broadcast;
  /* whether the broadcast the window runs reaches anyone */
  RelayOnAir *on_air;
  /* the broadcast's */
  RelayStudio *studio;
  RelayDestinationStore *store;
  RelaySecrets *secrets;
  GSettings *settings;
  RelayEventLog *event_log;
  GListStore *saved_items;
  GListStore *session_items;
  GtkFilter *foreign_filter;
  GListModel *destinations;
  /* destination id -> GCancellable of its key lookup, on the way to starting */
  GHashTable *starting;
  /* outputs the window is taking out of the studio (each held by its removal) */
  GHashTable *removing;
  /* destination id -> RelayRemovedDestination, while its removal can be undone */
  GHashTable *removed;
  /* NULL until the saved scenes are loaded */
  RelayDirector *director;
  /* scene id -> RelayRemovedScene, while its removal can be undone */
  GHashTable *removed_scenes;
  /* the live output whose own picture the preview shows instead of the program */
  RelayOutput *pictured;

  gboolean live;
  guint timer_id;
  gboolean close_confirmed;
};

RelayDestinationItem *_relay_window_find_item (GListModel *items, const char *id, guint *position);
gboolean _relay_window_in_studio (RelayWindow *self, RelayOutput *output);
gboolean _relay_window_is_removing (RelayWindow *self, RelayOutput *output);
void _relay_window_watch_output (RelayWindow *self, RelayOutput *output);
void _relay_window_update_on_air (RelayWindow *self);
void _relay_window_report_failure (RelayWindow *self, const char *id, const char *label,
                                   const char *reason);
void _relay_window_save_store (RelayWindow *self);
void _relay_window_set_action_enabled (RelayWindow *self, const char *name, gboolean enabled);
void _relay_window_stop_output (RelayWindow *self, RelayOutput *output);
void _relay_window_start_item (RelayWindow *self, RelayDestinationItem *item);
void _relay_window_stop_item (RelayWindow *self, RelayDestinationItem *item);
void _relay_window_update_live_ui (RelayWindow *self);
void _relay_window_end_broadcast (RelayWindow *self);
void _relay_window_add_actions (RelayWindow *self);
void _relay_window_add_scene_actions (RelayWindow *self);
void _relay_window_forget_removed (RelayWindow *self);
void relay_removed_destination_free (gpointer data);

G_END_DECLS
