#!/usr/bin/python3
"""Issue 3 end to end: saved destinations and their stream keys.

Runs under tests/peers/with-keyring.sh: a private D-Bus session with gnome-keyring, a
temporary HOME and XDG folders. Keys go in through `relaycast destination set-key` and are
checked with secret-tool under Relaycast's schema; destinations go live to a real
nginx-rtmp whose application checks the stream key (on_publish); and no key shows up in a
log line, a config file or an error, whatever fails.
"""
import http.server
import json
import os
import pty
import re
import secrets
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast  # noqa: E402
from relaypeers import (Nginx, Relaycast, free_port, max_volume_db, mean_color, probe,  # noqa: E402
                        wait_until)
from srtpeers import FfmpegSrt, free_udp_port, udp_bound  # noqa: E402

RELAYCAST = os.environ.get("RELAYCAST", "relaycast")
ROOT = os.environ.get("RELAYCAST_TEST_ROOT")
SCHEMA = "io.github.relaycast.Relaycast.StreamKey"
PUSH_SECONDS = 6
FPS = 30

NO_SERVICE_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def new_key(prefix="live_"):
    """A stream key as platforms hand them out: long, token characters only."""
    return prefix + secrets.token_urlsafe(48)


def key_fragments(key):
    """The key, and a stretch of it past the four characters masking may show."""
    return [key, key[4:24]]


def secret_lookup(destination_id):
    """The key another program finds in the keyring under Relaycast's schema."""
    done = subprocess.run(["secret-tool", "lookup", "xdg:schema", SCHEMA,
                           "destination-id", destination_id], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def secret_items(destination_id):
    done = subprocess.run(["secret-tool", "search", "--all", "xdg:schema", SCHEMA,
                           "destination-id", destination_id], capture_output=True, text=True)
    return (done.stdout + done.stderr).count("[/")


def files_containing(root, needles):
    """Every file under root whose bytes contain one of the needles."""
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if any(n.encode() in data for n in needles):
                found.append(path)
    return found


class WhipRejecter:
    """A WHIP endpoint that refuses every offer with 401, noting the Authorization it got."""

    def __init__(self):
        self.port = free_port()
        self.authorizations = []
        rejecter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rejecter.authorizations.append(self.headers.get("Authorization"))
                self.send_response(401)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_DELETE(self):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return f"http://127.0.0.1:{self.port}/whip/endpoint"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@unittest.skipUnless(ROOT, "runs inside tests/peers/with-keyring.sh (a private keyring)")
class DestinationsTest(unittest.TestCase):
    def setUp(self):
        # Each test has its own configuration folder; the keyring is shared.
        self.dir = tempfile.mkdtemp(prefix="destinations-", dir=ROOT)
        self.config_home = os.path.join(self.dir, "config")
        self.env = dict(os.environ, XDG_CONFIG_HOME=self.config_home)
        self.config = os.path.join(self.config_home, "relaycast", "destinations.json")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def relaycast(self, *args, key=None, env=None):
        done = subprocess.run([RELAYCAST, *args], input=key, capture_output=True, text=True,
                              env=env or self.env, timeout=60)
        return done

    def add(self, *args, key=None, env=None):
        done = self.relaycast("destination", "add", *args,
                              *(["--read-key"] if key is not None else []), key=key, env=env)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.strip()

    def set_key(self, destination_id, key, env=None):
        done = self.relaycast("destination", "set-key", destination_id, key=key, env=env)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done

    def go_live(self, *ids, extra=(), env=None):
        args = ["--headless", "--source", "test"]
        for destination_id in ids:
            args += ["--destination", destination_id]
        return Relaycast(*args, *extra, env=env or {"XDG_CONFIG_HOME": self.config_home})

    def assert_no_key(self, key, *texts):
        for text in texts:
            for fragment in key_fragments(key):
                self.assertNotIn(fragment, text)
        self.assertEqual(files_containing(self.config_home, key_fragments(key)), [])

    def env_without_secret_service(self):
        """A session where no Secret Service can be reached: no bus address, no bus
        socket in the runtime folder, no X11 display to autolaunch one."""
        root = tempfile.mkdtemp(prefix="no-keyring-", dir=self.dir)
        env = {k: v for k, v in self.env.items()
               if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "GNOME_KEYRING_CONTROL")}
        for name, var in (("home", "HOME"), ("run", "XDG_RUNTIME_DIR"),
                          ("data", "XDG_DATA_HOME"), ("cache", "XDG_CACHE_HOME"),
                          ("tmp", "TMPDIR")):
            os.makedirs(os.path.join(root, name), mode=0o700)
            env[var] = os.path.join(root, name)
        return root, env

    def test_key_in_keyring_survives_restart_and_goes_with_remove(self):
        key, replacement = new_key(), new_key()
        destination_id = self.add("--provider", "custom-rtmp", "--name", "Keyring test",
                                  "--server", "rtmp://127.0.0.1:1935/live")

        done = self.set_key(destination_id, key + "\n")
        self.assertIn(key[:4] + "****", done.stdout)
        self.assertEqual(secret_lookup(destination_id), key)

        # a second process finds it, and shows it masked
        listed = self.relaycast("destination", "list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertRegex(listed.stdout, rf"{destination_id}: Keyring test\n(.*\n)*"
                                        rf"  key: +{key[:4]}\*\*\*\*\n")

        # storing again replaces it: still one item
        self.set_key(destination_id, replacement)
        self.assertEqual(secret_lookup(destination_id), replacement)
        self.assertEqual(secret_items(destination_id), 1)
        with open(self.config) as f:
            self.assertIn(destination_id, f.read())
        self.assert_no_key(key, done.stdout, done.stderr, listed.stdout)
        self.assert_no_key(replacement)

        # a key on the command line is refused, and not repeated
        refused = self.relaycast("destination", "set-key", destination_id, key)
        self.assertEqual(refused.returncode, 2)
        self.assert_no_key(key, refused.stdout, refused.stderr)

        removed = self.relaycast("destination", "remove", destination_id)
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertIsNone(secret_lookup(destination_id))
        self.assertNotIn(destination_id, self.relaycast("destination", "list").stdout)

    def test_key_prompt_does_not_echo(self):
        key = new_key()
        destination_id = self.add("--provider", "twitch", "--name", "Typed")
        pid, terminal = pty.fork()
        if pid == 0:
            os.execve(RELAYCAST, [RELAYCAST, "destination", "set-key", destination_id],
                      self.env)
        seen = b""

        def read_until(marker):
            nonlocal seen
            deadline = time.monotonic() + 20
            while marker not in seen and time.monotonic() < deadline:
                if not select.select([terminal], [], [], 0.5)[0]:
                    continue
                try:
                    seen += os.read(terminal, 1024)
                except OSError:  # the terminal closed: the command ended
                    break
            return marker in seen

        prompted = read_until(b"it is not shown as you type")
        if prompted:
            os.write(terminal, key.encode() + b"\n")
        stored = prompted and read_until(b"in the keyring: " + key[:4].encode() + b"****")
        if not stored:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        os.close(terminal)
        self.assertTrue(stored, seen)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, seen)
        self.assertNotIn(key[4:].encode(), seen)
        self.assertEqual(secret_lookup(destination_id), key)

    def test_goes_live_with_the_stored_key(self):
        key = new_key()
        with Nginx(auth_key=key) as nginx:
            secure = self.add("--provider", "custom-rtmp", "--name", "Secure nginx",
                              "--server", f"rtmp://127.0.0.1:{nginx.port}/secure",
                              "--attempts", "1", "--retry-delay", "1", key=key)
            # a server URL with a query, as YouTube's backup ingest has, and no key
            backup = self.add("--provider", "custom-rtmp", "--name", "Backup style",
                              "--server", f"rtmp://127.0.0.1:{nginx.port}/live?backup=1",
                              "--stream", "backup-cam")
            self.assertEqual(secret_lookup(secure), key)
            # retries given are the destination's own; without, it follows the run's
            listed = self.relaycast("destination", "list").stdout
            self.assertIn("1 retries 1 s apart", listed)
            self.assertIn("retries as the preferences or --attempts say", listed)

            rc = self.go_live(secure, backup, extra=["--duration", str(PUSH_SECONDS)])
            self.assertEqual(rc.wait(PUSH_SECONDS + 40), 0, rc.output())
            rc.wait_for_line(rf"{secure} rtmp://127\.0\.0\.1:{nginx.port}/secure/{key[:4]}\*\*\*\*: live")
            rc.wait_for_line(rf"{backup} .*: live")

            self.assertEqual(set(nginx.auth.attempts), {key})
            info = probe(nginx.recording(key))
            self.assertEqual(info["video"]["codec_name"], "h264", info)
            self.assertEqual(info["audio"]["codec_name"], "aac", info)
            self.assertEqual(int(info["audio"]["sample_rate"]), 48000, info)
            self.assertGreaterEqual(info["video"]["frames"], int(FPS * PUSH_SECONDS * 0.8), info)
            self.assertAlmostEqual(info["duration"], PUSH_SECONDS, delta=PUSH_SECONDS * 0.25)
            self.assertGreater(probe(nginx.recording("backup-cam"))["video"]["frames"], 0)
            with open(os.path.join(nginx.dir, "error.log")) as f:
                self.assertIn("app='live' args='backup=1'", f.read())
            self.assert_no_key(key, rc.output())

    def test_vertical_destination_beside_landscape(self):
        with Nginx() as nginx:
            server = f"rtmp://127.0.0.1:{nginx.port}/live"
            refused = self.relaycast("destination", "add", "--provider", "custom-rtmp",
                                     "--server", server, "--stream", "odd", "--video-size", "721x1280")
            self.assertEqual(refused.returncode, 1, refused.stderr)
            self.assertIn("two even numbers", refused.stderr)
            refused = self.relaycast("destination", "add", "--provider", "custom-rtmp",
                                     "--server", server, "--stream", "odd", "--crop-center", "2")
            self.assertEqual(refused.returncode, 2, refused.stderr)
            self.assertIn("--crop-center takes X or X,Y", refused.stderr)

            wide = self.add("--provider", "custom-rtmp", "--server", server, "--stream", "wide-cam")
            tall = self.add("--provider", "custom-rtmp", "--server", server, "--stream", "tall-cam",
                            "--video-size", "720x1280", "--crop-center", "0.25")
            listed = self.relaycast("destination", "list").stdout
            self.assertIn("720×1280 cut around 25%, 50%", listed)

            rc = self.go_live(wide, tall, extra=["--duration", "4"])
            self.assertEqual(rc.wait(60), 0, rc.output())
            wide_info = probe(nginx.recording("wide-cam"))
            tall_info = probe(nginx.recording("tall-cam"))
            self.assertEqual((wide_info["video"]["width"], wide_info["video"]["height"]),
                             (1280, 720), wide_info)
            self.assertEqual((tall_info["video"]["width"], tall_info["video"]["height"]),
                             (720, 1280), tall_info)
            self.assertGreaterEqual(tall_info["video"]["frames"],
                                    wide_info["video"]["frames"] * 0.8, tall_info)
            self.assertEqual(tall_info["audio"]["codec_name"], "aac", tall_info)

    def assert_color(self, color, expected):
        for got, want in zip(color, expected):
            self.assertAlmostEqual(got, want, delta=16, msg=f"{color} is not {expected}")

    def test_destination_with_its_own_scene(self):
        """A 720x1280 destination composed from a vertical scene of its own (red above
        green) beside a landscape one showing the program (its scene all blue)."""
        wide_scene = {"id": "wide", "name": "Wide", "layers": [
            {"id": "bg", "source": "color", "color": "#0000ff",
             "x": 0, "y": 0, "width": 1280, "height": 720}]}
        tall_scene = {"id": "tall-1", "name": "Tall", "layers": [
            {"id": "top", "source": "color", "color": "#ff0000",
             "x": 0, "y": 0, "width": 720, "height": 640},
            {"id": "bottom", "source": "color", "color": "#00ff00",
             "x": 0, "y": 640, "width": 720, "height": 640}]}
        os.makedirs(os.path.dirname(self.config), exist_ok=True)
        with open(os.path.join(os.path.dirname(self.config), "scenes.json"), "w") as f:
            json.dump({"version": 1, "scenes": [wide_scene, tall_scene]}, f)

        with Nginx() as nginx:
            server = f"rtmp://127.0.0.1:{nginx.port}/live"
            refused = self.relaycast("destination", "add", "--provider", "custom-rtmp",
                                     "--server", server, "--stream", "odd", "--scene", "Nope")
            self.assertNotEqual(refused.returncode, 0, refused.stderr)
            self.assertIn("No saved scene is named “Nope”", refused.stderr)

            wide = self.add("--provider", "custom-rtmp", "--server", server, "--stream", "wide-cam")
            tall = self.add("--provider", "custom-rtmp", "--server", server, "--stream", "tall-cam",
                            "--video-size", "720x1280", "--scene", "Tall")
            with open(self.config) as f:
                saved = {d["id"]: d for d in json.load(f)["destinations"]}
            # the scene's id is kept: renaming the scene leaves the destination on it
            self.assertEqual(saved[tall]["scene"], "tall-1")
            listed = self.relaycast("destination", "list").stdout
            self.assertIn("720×1280, scene “Tall”", listed)

            rc = self.go_live(wide, tall, extra=["--scene", "Wide", "--duration", "4"])
            self.assertEqual(rc.wait(60), 0, rc.output())
            wide_file, tall_file = nginx.recording("wide-cam"), nginx.recording("tall-cam")
            tall_info = probe(tall_file)
            self.assertEqual((tall_info["video"]["width"], tall_info["video"]["height"]),
                             (720, 1280), tall_info)
            self.assertGreaterEqual(tall_info["video"]["frames"],
                                    probe(wide_file)["video"]["frames"] * 0.8, tall_info)
            self.assert_color(mean_color(wide_file, x=100, y=100), (0, 0, 255))
            self.assert_color(mean_color(wide_file, x=1100, y=600), (0, 0, 255))
            self.assert_color(mean_color(tall_file, x=100, y=300), (255, 0, 0))
            self.assert_color(mean_color(tall_file, x=600, y=1000), (0, 255, 0))
            # the scene's colours have no sound: the program's tone goes with them
            self.assertGreater(max_volume_db(tall_file, start=1), -20)

            # back to the program's picture, cut to the size
            edited = self.relaycast("destination", "edit", tall, "--scene", "program")
            self.assertEqual(edited.returncode, 0, edited.stderr)
            with open(self.config) as f:
                saved = {d["id"]: d for d in json.load(f)["destinations"]}
            self.assertNotIn("scene", saved[tall])

    def test_srt_destination(self):
        """An SRT receiver saved with custom-srt: the server URL in destinations.json, the
        passphrase and an access-control stream ID together as its key in the keyring; it
        goes live to ffmpeg checking the passphrase, and neither secret shows anywhere."""
        passphrase = "srt-" + secrets.token_urlsafe(24)
        user = "u-" + secrets.token_urlsafe(12)
        key = f"passphrase={passphrase}&streamid=#!::u={user},r=live"
        port = free_udp_port()
        # the secrets belong in the key, and the key holds nothing else
        refused = self.relaycast("destination", "add", "--provider", "custom-srt", "--server",
                                 f"srt://127.0.0.1:{port}?passphrase={passphrase}")
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertIn("store them as the destination’s key", refused.stderr)
        refused = self.relaycast("destination", "add", "--provider", "custom-srt", "--server",
                                 f"srt://127.0.0.1:{port}", "--read-key", key=passphrase)
        self.assertEqual(refused.returncode, 1, refused.stderr)
        self.assertIn("passphrase=…&streamid=…", refused.stderr)
        self.assert_no_key(passphrase, refused.stdout + refused.stderr)

        destination_id = self.add("--provider", "custom-srt", "--name", "SRT receiver",
                                  "--server", f"srt://127.0.0.1:{port}?latency=200", key=key)
        self.assertEqual(secret_lookup(destination_id), key)
        with open(self.config) as f:
            saved = json.load(f)["destinations"][0]
        self.assertEqual((saved["kind"], saved["provider"], saved["server-url"]),
                         ("srt", "custom-srt", f"srt://127.0.0.1:{port}?latency=200"))
        listed = self.relaycast("destination", "list").stdout
        self.assertIn(f"key:       passphrase={passphrase[:4]}****&streamid=****", listed)

        with FfmpegSrt(port, passphrase=passphrase) as rx:
            wait_until(lambda: udp_bound(port), 10, what="ffmpeg to listen")
            rc = self.go_live(destination_id, extra=["--duration", str(PUSH_SECONDS)])
            self.assertEqual(rc.wait(PUSH_SECONDS + 40), 0, rc.output())
            rc.wait_for_line(rf"{destination_id} srt://127\.0\.0\.1:{port}\?streamid=\*\*\*\*"
                             rf"&passphrase={passphrase[:4]}\*\*\*\*&latency=200: live")
            rx.wait(20)
            info = probe(rx.path)
        self.assertEqual(info["video"]["codec_name"], "h264", info)
        self.assertGreaterEqual(info["video"]["frames"], int(FPS * PUSH_SECONDS * 0.5), info)
        for secret in (passphrase, user):
            self.assert_no_key(secret, rc.output(), listed)

    def test_wrong_key_ends_in_failed(self):
        wrong = new_key()
        with Nginx(auth_key=new_key()) as nginx:
            destination_id = self.add("--provider", "custom-rtmp", "--name", "Wrong key",
                                      "--server", f"rtmp://127.0.0.1:{nginx.port}/secure",
                                      "--attempts", "3", "--retry-delay", "1", key=wrong)
            with self.go_live(destination_id, extra=["--duration", "60"]) as rc:
                rc.wait_for_line(rf"{destination_id} .*: failed: publish rejected by server")
                # nothing retrying can fix: every destination failed, so Relaycast stops
                self.assertEqual(rc.wait(30), 1, rc.output())
            self.assertEqual(nginx.auth.attempts, [wrong])
            self.assert_no_key(wrong, rc.output())

    def test_no_key_leaks_when_things_fail(self):
        key = new_key("leak_")
        with Nginx(auth_key=new_key()) as nginx:
            unknown_host = self.add("--provider", "custom-rtmp", "--name", "Nowhere",
                                    "--server", "rtmp://relaycast-no-such-host.invalid/app",
                                    "--attempts", "1", "--retry-delay", "1", key=key)
            rejected = self.add("--provider", "custom-rtmp", "--name", "Rejecting",
                                "--server", f"rtmp://127.0.0.1:{nginx.port}/secure",
                                "--attempts", "1", "--retry-delay", "1", key=key)
            outputs = []
            for extra, env in (([], {}),
                               (["--verbose"], {"GST_DEBUG": "2,rtmp*:6"})):
                env["XDG_CONFIG_HOME"] = self.config_home
                with self.go_live(unknown_host, rejected, extra=["--duration", "60", *extra],
                                  env=env) as rc:
                    rc.wait_for_line(rf"{unknown_host} .*: failed: host not found")
                    rc.wait_for_line(rf"{rejected} .*: failed: publish rejected by server")
                    self.assertEqual(rc.wait(30), 1, rc.output())
                outputs.append(rc.output())
            # the verbose run logged the RTMP exchange the key travels in, scrubbed
            self.assertIn(f"Sending publish for '{key[:4]}****'", outputs[1])
            self.assertEqual(nginx.auth.attempts, [key, key])

            # going live while the keyring is unreachable is a clear error, not a leak
            _, no_keyring = self.env_without_secret_service()
            refused = self.relaycast("--headless", "--source", "test",
                                     "--destination", rejected, env=no_keyring)
            self.assertEqual(refused.returncode, 2)
            self.assertIn("No Secret Service", refused.stderr)

            listed = self.relaycast("destination", "list")
            self.assert_no_key(key, *outputs, listed.stdout, listed.stderr, refused.stderr)

    def test_no_key_leaks_from_a_rejected_whip_publish(self):
        key = new_key("whip_")
        rejecter = WhipRejecter()
        self.addCleanup(rejecter.close)
        destination_id = self.add("--provider", "custom-whip", "--name", "WHIP 401",
                                  "--server", rejecter.url(), "--attempts", "1",
                                  "--retry-delay", "1", key=key)
        with self.go_live(destination_id, extra=["--duration", "60", "--verbose"]) as rc:
            # a 401 fails at once, and with every destination failed Relaycast stops
            code = rc.wait(60)
            self.assert_no_key(key, rc.output())
            rc.wait_for_line(rf"{destination_id} .*: failed")
            self.assertEqual(code, 1, rc.output())
        # the key travelled where it belongs, as the Bearer token
        self.assertIn(f"Bearer {key}", rejecter.authorizations)
        self.assert_no_key(key, rc.output())

    def test_no_key_leaks_in_api_answers(self):
        """The same key reaches Relaycast three ways (a saved destination, a Red5 whip-push
        bearer token, an RTMP URL given to WCS), fails three ways, and no API answer,
        log line or file shows it."""
        key = new_key("api_")
        rejecter = WhipRejecter()
        self.addCleanup(rejecter.close)
        with Nginx(auth_key=new_key()) as nginx:
            rejected = self.add("--provider", "custom-rtmp", "--name", "Rejecting",
                                "--server", f"rtmp://127.0.0.1:{nginx.port}/secure",
                                "--attempts", "1", "--retry-delay", "1", key=key)
            with ApiRelaycast("--source", "test", "--destination", rejected,
                              env={"XDG_CONFIG_HOME": self.config_home}) as rc:
                answers = [rc.api.post("/live/restream", {
                    "guid": "leaky", "context": "live", "name": "program", "level": 0,
                    "parameters": {"action": "create", "type": "whip-push",
                                   "serviceProvider": "none", "endpoint": rejecter.url(),
                                   "bearerToken": key, "attempts": "1", "delayS": "1"}})]
                answers.append(rc.api.post("/rest-api/push/startup", {
                    "streamName": "program",
                    "rtmpUrl": f"rtmp://127.0.0.1:{nginx.port}/secure/{key}"}))
                rc.wait_for_line(rf"{rejected} .*: failed: publish rejected by server")
                wait_until(lambda: rejecter.authorizations, 30, what="the WHIP offer")

                def listings():
                    return [rc.api.get("/api/streams"), rc.api.post("/rest-api/push/find_all"),
                            rc.api.get("/relay/tasks"),
                            rc.api.post("/live/restream", {"parameters": {"action": "list"}})]

                wait_until(lambda: str(listings()).count("failed") >= 3, 30,
                           what="every output to fail")
                answers += listings()
                rc.signal()
                rc.wait(30)
            self.assertIn(f"Bearer {key}", rejecter.authorizations)
            # the saved destination published with its key (WCS's URL, holding the key in its
            # application path, is refused by nginx before the publish check)
            self.assertEqual(nginx.auth.attempts, [key])
            self.assert_no_key(key, str(answers), rc.output())

    def test_without_a_secret_service(self):
        key = new_key("nokeyring_")
        destination_id = self.add("--provider", "youtube", "--name", "No keyring")

        no_bus_root, no_bus = self.env_without_secret_service()
        # and a session bus on which nobody provides org.freedesktop.secrets
        empty_bus_root, empty_bus = self.env_without_secret_service()
        bus_config = os.path.join(empty_bus_root, "bus.conf")
        with open(bus_config, "w") as f:
            f.write(NO_SERVICE_BUS_CONFIG.format(tmp=empty_bus["TMPDIR"]))

        for name, prefix, env in (
                ("no bus", [], no_bus),
                ("no service on the bus",
                 ["dbus-run-session", f"--config-file={bus_config}", "--"], empty_bus)):
            with self.subTest(name):
                done = subprocess.run([*prefix, RELAYCAST, "destination", "set-key",
                                       destination_id], input=key, capture_output=True,
                                      text=True, env=env, timeout=60)
                self.assertEqual(done.returncode, 1, done.stderr)
                self.assertIn("No Secret Service is running", done.stderr)
                self.assertIn("gnome-keyring-daemon --start --components=secrets", done.stderr)
                self.assertIn("--key-file", done.stderr)
                self.assert_no_key(key, done.stdout, done.stderr)

                added = subprocess.run([*prefix, RELAYCAST, "destination", "add", "--provider",
                                        "twitch", "--name", "Not saved", "--read-key"],
                                       input=key, capture_output=True, text=True, env=env,
                                       timeout=60)
                self.assertEqual(added.returncode, 1, added.stderr)
                self.assertIn("No Secret Service is running", added.stderr)
                self.assert_no_key(key, added.stdout, added.stderr)

        # removing cannot delete a key it cannot reach: nothing changes unless forced
        removed = self.relaycast("destination", "remove", destination_id, env=no_bus)
        self.assertEqual(removed.returncode, 1)
        self.assertIn("Nothing was removed", removed.stderr)
        self.assertIn("No Secret Service is running", removed.stderr)
        with open(self.config) as f:
            self.assertIn(destination_id, f.read())
        forced = self.relaycast("destination", "remove", "--force", destination_id, env=no_bus)
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertIn("No Secret Service is running", forced.stderr)

        # nothing was written in plain text anywhere, nor saved without its key
        with open(self.config) as f:
            saved = f.read()
        self.assertNotIn("Not saved", saved)
        self.assertNotIn(destination_id, saved)
        self.assertEqual(files_containing(ROOT, key_fragments(key)), [])
        self.assertIsNone(secret_lookup(destination_id))

    def test_key_file_for_servers(self):
        key = new_key()
        _, no_keyring = self.env_without_secret_service()
        with Nginx(auth_key=key) as nginx:
            destination_id = self.add("--provider", "custom-rtmp", "--name", "Server",
                                      "--server", f"rtmp://127.0.0.1:{nginx.port}/secure",
                                      "--attempts", "1", "--retry-delay", "1")
            key_file = os.path.join(self.dir, "keys.json")
            with open(key_file, "w") as f:
                f.write(f'{{"{destination_id}": "{key}"}}\n')

            os.chmod(key_file, 0o644)
            refused = self.relaycast("--headless", "--source", "test", "--destination",
                                     destination_id, "--key-file", key_file, env=no_keyring)
            self.assertEqual(refused.returncode, 2)
            self.assertIn("chmod 600", refused.stderr)
            self.assert_no_key(key, refused.stdout, refused.stderr)
            self.assertEqual(nginx.auth.attempts, [])

            os.chmod(key_file, stat.S_IRUSR | stat.S_IWUSR)
            no_keyring_live = {k: no_keyring[k] for k in
                               ("HOME", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "TMPDIR")}
            # a stale bus address: the keyring cannot be reached, and need not be
            no_keyring_live["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(
                no_keyring["XDG_RUNTIME_DIR"], "no-bus")
            no_keyring_live["XDG_CONFIG_HOME"] = self.config_home
            rc = self.go_live(destination_id, extra=["--key-file", key_file, "--duration", "4"],
                              env=no_keyring_live)
            self.assertEqual(rc.wait(40), 0, rc.output())
            rc.wait_for_line(rf"{destination_id} .*: live")
            self.assertEqual(nginx.auth.attempts, [key])
            self.assertGreater(probe(nginx.recording(key))["video"]["frames"], 0)
            self.assert_no_key(key, rc.output())

        alone = self.relaycast("--headless", "--source", "test", "--key-file", key_file)
        self.assertEqual(alone.returncode, 2)
        self.assertIn("--key-file is only used with --destination", alone.stderr)

    def test_recording_destination(self):
        """A saved recording: a new file in its folder at each run, no keyring needed."""
        folder = os.path.join(self.dir, "recordings")
        os.mkdir(folder)
        destination_id = self.add("--provider", "recording", "--folder", folder,
                                  "--container", "mkv", "--name", "Archive")
        # without a folder: the videos folder, in Matroska
        default_id = self.add("--provider", "recording")
        listed = self.relaycast("destination", "list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertRegex(listed.stdout,
                         rf"{destination_id}: Archive\n  provider: +Recording \(recording\)\n"
                         rf"  folder: +{re.escape(folder)}\n  container: +Matroska \(\.mkv\)\n")
        self.assertRegex(listed.stdout, rf"{default_id}: .*\n(.*\n)*  folder: +.*/Videos "
                                        r"\(default\)\n  container: +Matroska \(\.mkv\)\n")
        self.assertNotIn("key:", listed.stdout)
        with open(self.config) as f:
            saved = {d["id"]: d for d in json.load(f)["destinations"]}
        self.assertEqual((saved[destination_id]["kind"], saved[destination_id]["folder"],
                          saved[destination_id]["container"]), ("recording", folder, "mkv"))
        self.assertNotIn("folder", saved[default_id])

        # refused: a container it does not know, a folder for a platform, a key
        for args, message in (
                (["--provider", "recording", "--container", "avi"],
                 "Unknown container “avi”: use one of mkv, mp4, flv"),
                (["--provider", "youtube", "--folder", folder],
                 "--folder and --container are for recordings"),
                (["--provider", "recording", "--read-key"], "Recording takes no key")):
            with self.subTest(args=args):
                refused = self.relaycast("destination", "add", *args, key="abc")
                self.assertNotEqual(refused.returncode, 0)
                self.assertIn(message, refused.stderr)

        # two runs, two files; no keyring is asked (its bus is gone)
        no_keyring = {"XDG_CONFIG_HOME": self.config_home,
                      "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + os.path.join(self.dir, "no-bus")}
        for _ in range(2):
            rc = self.go_live(destination_id, extra=["--duration", "3"], env=no_keyring)
            self.assertEqual(rc.wait(40), 0, rc.output())
            rc.wait_for_line(rf"{destination_id} file://{re.escape(folder)}/.*\.mkv: live")
        names = sorted(os.listdir(folder))
        self.assertEqual(len(names), 2, names)
        for name in names:
            self.assertRegex(name, r"^relaycast-\d{8}-\d{6}(-\d+)?\.mkv$")
            info = probe(os.path.join(folder, name))
            self.assertEqual(info["video"]["codec_name"], "h264", info)
            self.assertEqual(info["audio"]["codec_name"], "aac", info)
            self.assertGreaterEqual(info["video"]["frames"], FPS, info)
            self.assertGreater(info["audio"]["frames"], 0, info)

        # a folder that is gone fails before anything starts, naming it
        shutil.rmtree(folder)
        gone = self.relaycast("--headless", "--source", "test", "--destination",
                              destination_id, "--duration", "3")
        self.assertNotEqual(gone.returncode, 0)
        self.assertIn(f"The folder “{folder}” does not exist", gone.stderr)
        self.assertFalse(os.path.exists(folder))

        # nor is a keyring needed to remove it
        removed = self.relaycast("destination", "remove", destination_id,
                                 env=dict(self.env, **no_keyring))
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertNotIn(destination_id, self.relaycast("destination", "list").stdout)

    def test_damaged_config_is_kept_aside(self):
        os.makedirs(os.path.dirname(self.config))
        truncated = b'{"version": 1, "destinations": [{"id": "yt", "provider": "youtube", "na'
        with open(self.config, "wb") as f:
            f.write(truncated)

        listed = self.relaycast("destination", "list")
        self.assertEqual(listed.returncode, 1)
        self.assertIn(f"“{self.config}” is damaged", listed.stderr)
        self.assertIn("Parse error", listed.stderr)
        backups = [n for n in os.listdir(os.path.dirname(self.config))
                   if n.startswith("destinations.json.broken-")]
        self.assertEqual(len(backups), 1, backups)
        backup = os.path.join(os.path.dirname(self.config), backups[0])
        self.assertIn(backup, listed.stderr)
        self.assertFalse(os.path.exists(self.config))
        with open(backup, "rb") as f:
            self.assertEqual(f.read(), truncated)

        # Relaycast goes on: a new file, the backup untouched
        new_id = self.add("--provider", "youtube", "--name", "Fresh")
        with open(self.config) as f:
            self.assertIn(new_id, f.read())
        with open(backup, "rb") as f:
            self.assertEqual(f.read(), truncated)

        # invalid, not truncated: going live says so and starts nothing
        with open(self.config, "w") as f:
            f.write('{"version": 1, "destinations": [{"id": "yt", "provider": "youtube", '
                    '"attempts": "many"}]}')
        refused = self.relaycast("--headless", "--source", "test", "--destination", "yt")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("“attempts” must be a whole number", refused.stderr)
        self.assertEqual(len([n for n in os.listdir(os.path.dirname(self.config))
                              if n.startswith("destinations.json.broken-")]), 2)

        # a newer schema is neither read nor written over
        newer = '{"version": 99, "destinations": [], "future": true}\n'
        with open(self.config, "w") as f:
            f.write(newer)
        added = self.relaycast("destination", "add", "--provider", "youtube")
        self.assertEqual(added.returncode, 1)
        self.assertIn("written by a newer Relaycast", added.stderr)
        with open(self.config) as f:
            self.assertEqual(f.read(), newer)


if __name__ == "__main__":
    unittest.main(verbosity=2)
