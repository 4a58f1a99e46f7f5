/* relay-source.h: where a stream's pictures and sound come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "relay-profile.h"

G_BEGIN_DECLS

#define RELAY_TYPE_SOURCE (relay_source_get_type ())

G_DECLARE_DERIVABLE_TYPE (RelaySource, relay_source, RELAY, SOURCE, GObject)

struct _RelaySourceClass
{
  GObjectClass parent_class;

  /* A bin whose raw "video" and "audio" src pads exist now or appear later
   * (pad-added); either may be missing. */
  GstElement *(*create_bin) (RelaySource *self, const RelayProgramFormat *format, GError **error);

  /* The bin's buffers carry the pipeline's running time already, as those of
   * a live source inside the pipeline do: the stream takes them as they come,
   * neither retimed nor paced. */
  gboolean on_pipeline_clock;

  /* The bin's pictures are transparent in places (an image, a text): they
   * are blended with their alpha, which costs the stream more. */
  gboolean has_alpha;

  gpointer padding[6];
};

GstElement *relay_source_create_bin (RelaySource *self, const RelayProgramFormat *format,
                                     GError **error);
const char *relay_source_get_description (RelaySource *self);
const char *relay_source_get_title (RelaySource *self);
gboolean relay_source_get_reopen (RelaySource *self);

G_END_DECLS
