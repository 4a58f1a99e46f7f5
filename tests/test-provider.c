/* test-provider.c: the platform presets' URL shapes, refusals and media constraints,
 * and how a saved destination with its key becomes an output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/config/relay-destination.h"
#include "core/relay-error.h"
#include "core/relay-mask.h"

#define KEY "test-stream-key-abcdefghijklmnop"

static const RelayProvider *
preset (const char *id, RelayDestinationKind kind)
{
  const RelayProvider *found = relay_provider_lookup (id, kind);

  g_assert_nonnull (found);
  return found;
}

static char *
rtmp_url (const char *id, const char *server, const char *stream, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayRtmpUrl) url = relay_provider_build_rtmp_url (
      preset (id, RELAY_DESTINATION_KIND_RTMP), server, stream, key, &error);

  g_assert_no_error (error);
  return relay_rtmp_url_to_string (url);
}

static char *
whip_url (const char *id, const char *server, const char *stream, const char *key)
{
  g_autoptr (GError) error = NULL;
  char *url = relay_provider_build_whip_url (preset (id, RELAY_DESTINATION_KIND_WHIP), server,
                                             stream, key, &error);

  g_assert_no_error (error);
  return url;
}

static void
test_rtmp_shapes (void)
{
  g_autofree char *twitch = rtmp_url ("twitch", NULL, NULL, KEY);
  g_autofree char *youtube = rtmp_url ("youtube", NULL, NULL, KEY);
  g_autofree char *facebook = rtmp_url ("facebook", NULL, NULL, KEY);
  g_autofree char *custom = rtmp_url ("custom-rtmp", "rtmp://127.0.0.1:1935/live/", "show", NULL);
  g_autofree char *custom_key = rtmp_url ("custom-rtmp", "rtmp://h/live", "show", KEY);

  g_assert_cmpstr (twitch, ==, "rtmp://live.twitch.tv/app/" KEY);
  g_assert_cmpstr (youtube, ==, "rtmps://a.rtmps.youtube.com/live2/" KEY);
  g_assert_cmpstr (facebook, ==, "rtmps://live-api-s.facebook.com/rtmp/" KEY);
  /* without a key, a custom server publishes under the stream name */
  g_assert_cmpstr (custom, ==, "rtmp://127.0.0.1/live/show");
  /* the key wins over the stream name */
  g_assert_cmpstr (custom_key, ==, "rtmp://h/live/" KEY);
}

/* YouTube's backup ingest keeps its query in the application, as OBS sends it. */
static void
test_youtube_backup (void)
{
  const RelayProvider *youtube = preset ("youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayRtmpUrl) url =
      relay_provider_build_rtmp_url (youtube, youtube->backup_server, NULL, KEY, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (youtube->backup_server, ==, "rtmps://b.rtmps.youtube.com:443/live2?backup=1");
  g_assert_true (url->secure);
  g_assert_cmpstr (url->host, ==, "b.rtmps.youtube.com");
  g_assert_cmpuint (url->port, ==, 443);
  g_assert_cmpstr (url->application, ==, "live2?backup=1");
  g_assert_cmpstr (url->stream, ==, KEY);
}

static void
test_whip_shapes (void)
{
  const char *cloudflare_url =
      "https://customer-abc.cloudflarestream.com/0123456789abcdef0123456789abcdefk/webRTC/publish";
  g_autofree char *twitch = whip_url ("twitch", NULL, NULL, KEY);
  g_autofree char *dolby = whip_url ("dolby", NULL, "my-stream", KEY);
  g_autofree char *red5 = whip_url ("red5", "https://red5.example.com:5080/live/", "s1", NULL);
  g_autofree char *live777 = whip_url ("live777", "http://127.0.0.1:7777", "room 1", NULL);
  g_autofree char *custom = whip_url ("custom-whip", "http://127.0.0.1:8080/whip/", NULL, NULL);
  g_autofree char *cloudflare = whip_url ("cloudflare", NULL, NULL, cloudflare_url);

  /* Twitch's key travels as the Bearer token, never in the URL */
  g_assert_cmpstr (twitch, ==, "https://g.webrtc.live-video.net:4443/v2/offer");
  g_assert_cmpstr (dolby, ==, "https://director.millicast.com/api/whip/my-stream");
  g_assert_cmpstr (red5, ==, "https://red5.example.com:5080/live/whip/endpoint/s1");
  g_assert_cmpstr (live777, ==, "http://127.0.0.1:7777/whip/room%201");
  g_assert_cmpstr (custom, ==, "http://127.0.0.1:8080/whip/");
  /* Cloudflare's key is the URL itself */
  g_assert_cmpstr (cloudflare, ==, cloudflare_url);

  g_assert_cmpint (preset ("twitch", RELAY_DESTINATION_KIND_WHIP)->key_use, ==,
                   RELAY_KEY_USE_BEARER);
  g_assert_cmpint (preset ("dolby", RELAY_DESTINATION_KIND_WHIP)->key_use, ==,
                   RELAY_KEY_USE_BEARER);
  g_assert_true (preset ("dolby", RELAY_DESTINATION_KIND_WHIP)->key_required);
  g_assert_false (preset ("red5", RELAY_DESTINATION_KIND_WHIP)->key_required);
}

/* @error is read once the call that fills it has returned */
static void
assert_refused (gboolean ok, GError **error, const char *expected)
{
  g_assert_false (ok);
  g_assert_error (*error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", (*error)->message);
  g_assert_nonnull (strstr ((*error)->message, expected));
}

static void
test_refusals (void)
{
  const RelayProvider *facebook = preset ("facebook", RELAY_DESTINATION_KIND_RTMP);
  const RelayProvider *dolby = preset ("dolby", RELAY_DESTINATION_KIND_WHIP);
  const RelayProvider *red5 = preset ("red5", RELAY_DESTINATION_KIND_WHIP);
  const RelayProvider *cloudflare = preset ("cloudflare", RELAY_DESTINATION_KIND_WHIP);
  const RelayProvider *twitch = preset ("twitch", RELAY_DESTINATION_KIND_WHIP);
  GError *error = NULL;
  RelayRtmpUrl *url;
  char *text;

  /* Facebook takes RTMPS only, whether checked or built */
  assert_refused (
      relay_provider_check_server (facebook, "rtmp://live-api-s.facebook.com/rtmp/", &error),
      &error, "rtmps://");
  g_clear_error (&error);
  url = relay_provider_build_rtmp_url (facebook, "rtmp://live-api-s.facebook.com:80/rtmp/", NULL,
                                       KEY, &error);
  assert_refused (url != NULL, &error, "only accepts encrypted connections");
  g_clear_error (&error);

  assert_refused (
      relay_provider_check_server (twitch, "http://g.webrtc.live-video.net/v2/offer", &error),
      &error, "https://");
  g_clear_error (&error);

  text = relay_provider_build_whip_url (dolby, NULL, NULL, KEY, &error);
  assert_refused (text != NULL, &error, "needs a stream name");
  g_clear_error (&error);

  assert_refused (relay_provider_check_server (red5, NULL, &error), &error,
                  "https://red5.example.com:5080/live");
  g_clear_error (&error);

  assert_refused (relay_provider_check_server (dolby, "ftp://example.com/x", &error), &error,
                  "must start with https:// or http://");
  g_clear_error (&error);

  /* Cloudflare's secret URL is a key, never a server (servers are saved in clear) */
  assert_refused (relay_provider_check_server (cloudflare, "https://customer-x.example/k", &error),
                  &error, "holds the secret itself");
  g_clear_error (&error);
  assert_refused (relay_provider_check_key (cloudflare, "http://insecure.example/k", &error),
                  &error, "starting with https://");
  g_clear_error (&error);
}

/* A secret pasted where plain settings go would be saved in clear; the error
 * that says so never quotes it. */
static void
test_secrets_refused_in_settings (void)
{
  const RelayProvider *custom_rtmp = preset ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  const RelayProvider *custom_whip = preset ("custom-whip", RELAY_DESTINATION_KIND_WHIP);
  const char *servers[] = {
    "rtmp://live.example.com/app/" KEY,
    "rtmp://user:hunter2-password@live.example.com/app",
    "rtmp://live.example.com/app?token=" KEY,
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      assert_refused (relay_provider_check_server (custom_rtmp, servers[i], &error), &error,
                      "plain text");
      g_assert_null (strstr (error->message, KEY));
      g_assert_null (strstr (error->message, "hunter2-password"));
      g_clear_error (&error);
    }

  assert_refused (
      relay_provider_check_server (custom_whip, "https://whip.example.com/" KEY "/pub", &error),
      &error, "plain text");
  g_assert_null (strstr (error->message, KEY));
  g_clear_error (&error);

  assert_refused (relay_provider_check_stream_name (custom_rtmp, KEY, &error), &error,
                  "looks like a stream key");
  g_clear_error (&error);
  g_assert_true (relay_provider_check_stream_name (custom_rtmp, "show", NULL));

  assert_refused (relay_provider_check_key (custom_rtmp, "abc/def-secret", &error), &error,
                  "cannot contain");
  g_assert_null (strstr (error->message, "def-secret"));
  g_clear_error (&error);
  assert_refused (relay_provider_check_key (custom_rtmp, "two words", &error), &error, "spaces");
  g_assert_null (strstr (error->message, "words"));
  g_clear_error (&error);
}

static RelayDestination *
destination (const char *provider, RelayDestinationKind kind)
{
  return relay_destination_new ("dest-1", provider, kind);
}

/* Facebook's keyframe limit reaches the output the engine builds. */
static void
test_facebook_output (void)
{
  g_autoptr (RelayDestination) facebook = destination ("facebook", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  g_autofree char *shown = NULL;
  RelayProgramFormat format = RELAY_PROGRAM_FORMAT_DEFAULT;
  RelayOutputOptions base;
  guint max_keyframe_interval;
  guint retry_delay_ms;

  g_object_set (facebook, "name", "Page", "attempts", 7, "retry-delay", 2, "own-reconnection", TRUE,
                "audio", FALSE, NULL);
  relay_output_options_init (&base);
  base.stream_name = "program";

  output = relay_destination_create_output (facebook, KEY, &base, &format, &error);
  g_assert_no_error (error);
  g_assert_true (RELAY_IS_OUTPUT (output));
  g_object_get (output, "max-keyframe-interval", &max_keyframe_interval, NULL);
  g_assert_cmpuint (max_keyframe_interval, ==, 2);
  g_assert_cmpstr (relay_output_get_id (output), ==, "dest-1");
  g_assert_cmpstr (relay_output_get_label (output), ==, "Page");
  g_assert_cmpuint (relay_output_get_attempts (output), ==, 7);
  g_object_get (output, "retry-delay-ms", &retry_delay_ms, NULL);
  g_assert_cmpuint (retry_delay_ms, ==, 2000);
  g_assert_false (relay_output_get_audio_enabled (output));
  g_assert_true (relay_output_get_video_enabled (output));
  g_assert_cmpstr (relay_output_get_display_url (output), ==,
                   "rtmps://live-api-s.facebook.com/rtmp/test****");
  /* the key was registered on the way: any text carrying it is scrubbed */
  shown = relay_mask_redact ("pushing " KEY);
  g_assert_cmpstr (shown, ==, "pushing test****");

  /* Facebook takes 48 kHz audio only */
  g_clear_object (&output);
  format.sample_rate = 44100;
  output = relay_destination_create_output (facebook, KEY, &base, &format, &error);
  g_assert_null (output);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "48000 Hz"));
}

/* A stream name saved beside a key is no secret: it is shown, the key is not. */
static void
test_public_stream_name (void)
{
  g_autoptr (RelayDestination) rtmp = destination ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) red5 = destination ("red5", RELAY_DESTINATION_KIND_WHIP);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) named = NULL;
  g_autoptr (RelayOutput) keyed = NULL;
  g_autoptr (RelayOutput) whip = NULL;

  g_object_set (rtmp, "server-url", "rtmp://127.0.0.1/live", "stream-name", "studio-a", NULL);
  named = relay_destination_create_output (rtmp, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relay_output_get_display_url (named), ==, "rtmp://127.0.0.1/live/studio-a");

  /* with a key, the key ends the URL and is masked whatever the name */
  keyed = relay_destination_create_output (rtmp, "sk-0123456789abcdef", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relay_output_get_display_url (keyed), ==, "rtmp://127.0.0.1/live/sk-0****");

  /* a name in a WHIP endpoint's path, its token sent apart as a bearer */
  g_object_set (red5, "server-url", "https://127.0.0.1:5080/live", "stream-name", "my show", NULL);
  whip = relay_destination_create_output (red5, "a-bearer-token-0123", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relay_output_get_display_url (whip), ==,
                   "whip+https://127.0.0.1:5080/live/whip/endpoint/my%20show");
}

/* Cloudflare takes constrained baseline H.264 only; that reaches the output's
 * options, and the output itself once WHIP outputs exist. */
static void
test_cloudflare_constraint (void)
{
  const char *secret_url =
      "https://customer-abc.cloudflarestream.com/fedcba9876543210fedcba9876543210k/webRTC/publish";
  g_autoptr (RelayDestination) cloudflare = destination ("cloudflare", RELAY_DESTINATION_KIND_WHIP);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelayOutput) output = NULL;
  RelayOutputOptions options;

  relay_output_options_init (&options);
  /* a token meant for other outputs (relaycast --token-file) */
  options.token = "someone-elses-token";
  relay_destination_apply_output_options (cloudflare, &options);
  g_assert_cmpint (options.h264_profile, ==, RELAY_H264_PROFILE_CONSTRAINED_BASELINE);
  g_assert_null (options.token);

  output = relay_destination_create_output (cloudflare, secret_url, NULL, NULL, &error);
  if (output != NULL)
    {
      RelayH264Profile profile;

      g_object_get (output, "h264-profile", &profile, NULL);
      g_assert_cmpint (profile, ==, RELAY_H264_PROFILE_CONSTRAINED_BASELINE);
    }
  else
    {
      /* WHIP outputs are not in this build yet: the refusal is clean and keeps the secret */
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "Unsupported destination"));
      g_assert_null (strstr (error->message, "fedcba9876543210"));
    }
}

static void
test_key_required (void)
{
  g_autoptr (RelayDestination) youtube = destination ("youtube", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) custom = destination ("custom-rtmp", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) unknown = destination ("myspace", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (GError) error = NULL;
  RelayOutput *output;

  g_object_set (youtube, "name", "Channel", NULL);
  output = relay_destination_create_output (youtube, NULL, NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, RELAY_ERROR, RELAY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Channel"));
  g_assert_nonnull (strstr (error->message, "no stream key"));
  g_clear_error (&error);

  g_object_set (custom, "server-url", "rtmp://127.0.0.1/live", NULL);
  output = relay_destination_create_output (custom, NULL, NULL, NULL, &error);
  g_assert_null (output);
  g_assert_nonnull (strstr (error->message, "needs a stream key or a stream name"));
  g_clear_error (&error);

  g_assert_false (relay_destination_validate (unknown, &error));
  g_assert_nonnull (strstr (error->message, "Unknown provider “myspace”"));
}

/* The vertical platforms' presets: where they ingest, and a new destination
 * of theirs is 720x1280 with their limits. */
static void
test_vertical_presets (void)
{
  g_autofree char *shorts = rtmp_url ("youtube-shorts", NULL, NULL, KEY);
  g_autofree char *kick = rtmp_url ("kick", NULL, NULL, KEY);
  g_autofree char *tiktok_url =
      rtmp_url ("tiktok", "rtmp://push-rtmp-l1.tiktokcdn.com/game/", NULL, KEY);
  g_autoptr (RelayDestination) tiktok = destination ("tiktok", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) instagram = destination ("instagram", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayDestination) landscape = destination ("kick", RELAY_DESTINATION_KIND_RTMP);
  g_autoptr (RelayOutput) output = NULL;
  g_autoptr (GError) error = NULL;
  GError *refusal = NULL;
  guint width, height, bitrate, max_bitrate, max_keyframe_interval;

  g_assert_cmpstr (shorts, ==, "rtmps://a.rtmps.youtube.com/live2/" KEY);
  g_assert_cmpstr (kick, ==, "rtmps://fa723fc1b171.global-contribute.live-video.net/app/" KEY);
  g_assert_cmpstr (tiktok_url, ==, "rtmp://push-rtmp-l1.tiktokcdn.com/game/" KEY);

  /* TikTok's and Instagram's servers change with each stream: none is assumed */
  assert_refused (
      relay_provider_check_server (preset ("tiktok", RELAY_DESTINATION_KIND_RTMP), NULL, &refusal),
      &refusal, "needs a server URL");
  g_clear_error (&refusal);
  assert_refused (relay_provider_check_server (preset ("instagram", RELAY_DESTINATION_KIND_RTMP),
                                               "rtmp://edgetee-upload.xx.fbcdn.net/rtmp/",
                                               &refusal),
                  &refusal, "rtmps://");
  g_clear_error (&refusal);

  g_object_get (instagram, "video-width", &width, "video-height", &height, NULL);
  g_assert_cmpuint (width, ==, 720);
  g_assert_cmpuint (height, ==, 1280);
  /* Kick is landscape: the program's own size */
  g_object_get (landscape, "video-width", &width, "video-height", &height, NULL);
  g_assert_cmpuint (width, ==, 0);
  g_assert_cmpuint (height, ==, 0);

  /* asked for 6,000 kb/s, a TikTok output is held to 2,500 and a keyframe every 2 s */
  g_object_set (tiktok, "server-url", "rtmp://push-rtmp-l1.tiktokcdn.com/game/", "video-bitrate",
                6000, NULL);
  g_assert_true (relay_destination_validate (tiktok, &error));
  output = relay_destination_create_output (tiktok, KEY, NULL, NULL, &error);
  g_assert_no_error (error);
  g_object_get (output, "video-width", &width, "video-height", &height, "video-bitrate", &bitrate,
                "max-video-bitrate", &max_bitrate, "max-keyframe-interval", &max_keyframe_interval,
                NULL);
  g_assert_cmpuint (width, ==, 720);
  g_assert_cmpuint (height, ==, 1280);
  g_assert_cmpuint (bitrate, ==, 6000);
  g_assert_cmpuint (max_bitrate, ==, 2500);
  g_assert_cmpuint (max_keyframe_interval, ==, 2);
}

/* Outputs given as URLs are shown with the platform they point at. */
static void
test_guess_for_url (void)
{
  const struct
  {
    const char *url;
    const char *id;
    RelayDestinationKind kind;
  } cases[] = {
    { "rtmp://live.twitch.tv/app/live_1234****", "twitch", RELAY_DESTINATION_KIND_RTMP },
    { "rtmps://a.rtmps.youtube.com:443/live2/abcd****", "youtube", RELAY_DESTINATION_KIND_RTMP },
    { "rtmps://B.RTMPS.YOUTUBE.COM:443/live2?backup=1/abcd", "youtube",
      RELAY_DESTINATION_KIND_RTMP },
    { "rtmps://live-api-s.facebook.com:443/rtmp/FB-1", "facebook", RELAY_DESTINATION_KIND_RTMP },
    { "rtmp://127.0.0.1:1935/live/key", "custom-rtmp", RELAY_DESTINATION_KIND_RTMP },
    { "whip+https://g.webrtc.live-video.net:4443/v2/offer", "twitch", RELAY_DESTINATION_KIND_WHIP },
    { "https://director.millicast.com/api/whip/stream", "dolby", RELAY_DESTINATION_KIND_WHIP },
    { "whip+http://127.0.0.1:8080/whip", "custom-whip", RELAY_DESTINATION_KIND_WHIP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RelayProvider *provider = relay_provider_guess_for_url (cases[i].url);

      g_assert_nonnull (provider);
      g_assert_cmpstr (provider->id, ==, cases[i].id);
      g_assert_cmpint (provider->kind, ==, cases[i].kind);
    }
  g_assert_null (relay_provider_guess_for_url ("file:///tmp/recording.mkv"));
  g_assert_null (relay_provider_guess_for_url ("not a url"));
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider/rtmp-shapes", test_rtmp_shapes);
  g_test_add_func ("/provider/youtube-backup", test_youtube_backup);
  g_test_add_func ("/provider/whip-shapes", test_whip_shapes);
  g_test_add_func ("/provider/refusals", test_refusals);
  g_test_add_func ("/provider/secrets-refused-in-settings", test_secrets_refused_in_settings);
  g_test_add_func ("/provider/facebook-output", test_facebook_output);
  g_test_add_func ("/provider/public-stream-name", test_public_stream_name);
  g_test_add_func ("/provider/cloudflare-constraint", test_cloudflare_constraint);
  g_test_add_func ("/provider/key-required", test_key_required);
  g_test_add_func ("/provider/vertical-presets", test_vertical_presets);
  g_test_add_func ("/provider/guess-for-url", test_guess_for_url);

  return g_test_run ();
}
