#!/usr/bin/python3
"""The README's first command, run as a newcomer runs it: tools/quickstart.sh from a
clean copy of the tree, with a fresh HOME, a desktop (Xvfb, a session bus, an unlocked
keyring) and none of the variables the other tests set for themselves (no
GSETTINGS_SCHEMA_DIR, no XDG_* folders). The window appears on the test pattern with
its icon and its translation (read off the screen by OCR), Go Live (the window's own
action, over D-Bus as the shell would call it) records to ~/Videos, and --duration ends it."""
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers")
sys.path.insert(0, PEERS)
from relaypeers import probe, wait_until  # noqa: E402

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP_ID = "io.github.relaycast.Relaycast"
APP_PATH = "/io/github/relaycast/Relaycast"
# The first run configures, builds and installs: generous on a loaded 2-CPU machine.
FIRST_START_S = 900
DURATION_S = 5


def export_tree(destination):
    """The tracked and new files of the working tree, as a clone would have them, with
    none of its build folders."""
    files = subprocess.run(
        ["git", "-C", SOURCE_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = os.path.join(SOURCE_ROOT, name)
        if not os.path.lexists(source):
            continue  # deleted in the working tree
        target = os.path.join(destination, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


class Desktop:
    """An X server, a session bus and an unlocked keyring: what a desktop session gives
    the programs it starts, and nothing more."""

    def __init__(self, folder):
        self.folder = folder
        self.home = os.path.join(folder, "home")
        self.runtime = os.path.join(folder, "run")
        os.makedirs(self.home)
        os.makedirs(self.runtime, mode=0o700)
        self.processes = []

        read, write = os.pipe()
        self.processes.append(subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            pass_fds=(write,), stderr=subprocess.DEVNULL))
        os.close(write)
        with os.fdopen(read) as displayfd:
            self.display = ":" + displayfd.readline().strip()

        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, text=True, env=self.env())
        self.processes.append(bus)
        self.bus = bus.stdout.readline().strip()

        keyring = subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
            input="test-keyring-password", capture_output=True, text=True, env=self.env(),
            check=True)
        self.keyring_env = dict(line.split("=", 1) for line in keyring.stdout.split() if "=" in line)

    def env(self, **extra):
        env = {"PATH": os.environ["PATH"], "HOME": self.home, "XDG_RUNTIME_DIR": self.runtime,
               "LANG": "C.UTF-8"}
        if hasattr(self, "display"):
            env["DISPLAY"] = self.display
        if hasattr(self, "bus"):
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        env.update(getattr(self, "keyring_env", {}))
        env.update(extra)
        return env

    def windows(self):
        """The names of the top-level windows on the screen."""
        tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True,
                              env=self.env()).stdout
        return re.findall(r'^\s+0x[0-9a-f]+ "([^"]*)"', tree, re.M)

    def screenshot(self, path, window=None):
        """The screen, or one top-level window by its name. A window being mapped or resized
        refuses xwd (BadMatch) for a moment: asked again until a deadline."""
        what = ["-name", window] if window else ["-root"]

        def dump():
            xwd = subprocess.run(["xwd", *what, "-silent"], capture_output=True, env=self.env())
            return xwd.stdout if xwd.returncode == 0 else None

        image = wait_until(dump, 10, interval=0.2, what=f"xwd {' '.join(what)}")
        with open(path, "wb") as png:
            subprocess.run(["convert", "xwd:-", "png:-"], input=image, stdout=png, check=True)
        return path

    def activate(self, path, action):
        """Activates an exported GAction as the shell or a script would."""
        subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path", path,
                        "--method", "org.gtk.Actions.Activate", action, "[]", "{}"],
                       check=True, capture_output=True, env=self.env())

    def close(self):
        for process in reversed(self.processes):
            process.terminate()
            process.wait()


def colours(png):
    """How many different colours the picture holds."""
    return int(subprocess.run(["identify", "-format", "%k", png], check=True,
                              capture_output=True, text=True).stdout)


def changed_pixels(first, second):
    result = subprocess.run(["compare", "-metric", "AE", first, second, "null:"],
                            capture_output=True, text=True)
    return int(float(result.stderr.split()[0]))


def pixels_near(png, colour, fuzz="8%"):
    """How many pixels are within fuzz of colour (#rrggbb)."""
    out = subprocess.run(["convert", png, "-fuzz", fuzz, "-fill", "black", "+opaque", colour,
                          "-fill", "white", "-opaque", colour, "-format", "%[fx:mean*w*h]",
                          "info:"], check=True, capture_output=True, text=True).stdout
    return int(float(out))


def read_text(png):
    """The words on a screenshot, read by OCR (Russian and English) from the picture as it is
    and inverted, so light text on dark buttons is read too."""
    words = []
    for invert in ([], ["-negate"]):
        enlarged = png + ".ocr.png"
        subprocess.run(["convert", png, "-resize", "200%", "-colorspace", "Gray", *invert,
                        enlarged], check=True)
        words.append(subprocess.run(["tesseract", enlarged, "-", "-l", "rus+eng"],
                                    capture_output=True, text=True, check=True).stdout)
    return "\n".join(words)


class QuickstartTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="relaycast-quickstart-")
        cls.tree = os.path.join(cls.folder, "relaycast")
        export_tree(cls.tree)
        cls.desktop = Desktop(cls.folder)

    @classmethod
    def tearDownClass(cls):
        cls.desktop.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def start(self, *args, timeout=FIRST_START_S, **env):
        """tools/quickstart.sh as typed in a terminal; returns it once Relaycast runs."""
        log = open(os.path.join(self.folder, f"quickstart-{time.monotonic_ns()}.log"), "w+")
        process = subprocess.Popen(["tools/quickstart.sh", *args], cwd=self.tree,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   env=self.desktop.env(**env), start_new_session=True)
        self.addCleanup(self.stop, process, log)

        def recording():
            log.seek(0)
            # "Recording to PATH", in whatever language the run speaks
            found = re.search(r"^.* (/.+/relaycast-\d{8}-\d{6}\.mkv)$", log.read(), re.M)
            self.assertIsNone(process.poll(), f"quickstart ended early:\n{self.output(log)}")
            return found and found.group(1)

        path = wait_until(recording, timeout, interval=0.5, what="Relaycast to start")
        return process, log, path

    @staticmethod
    def output(log):
        log.seek(0)
        return log.read()[-4000:]

    @staticmethod
    def stop(process, log):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()

    def wait_for_window(self, title):
        wait_until(lambda: title in self.desktop.windows(), 60, interval=0.3,
                   what=f"a window named {title}")

    def assert_recorded(self, process, log, path):
        self.assertEqual(process.wait(timeout=90), 0, self.output(log))
        info = probe(path)
        self.assertEqual(info["video"]["codec_name"], "h264")
        self.assertEqual(info["audio"]["codec_name"], "aac")
        self.assertAlmostEqual(info["duration"], DURATION_S, delta=1.5)
        self.assertGreater(info["video"]["frames"], (DURATION_S - 1.5) * 30)

    def test_1_window_opens_and_goes_live_to_videos(self):
        process, log, path = self.start("--duration", str(DURATION_S))
        videos = os.path.join(self.desktop.home, "Videos")
        self.assertEqual(os.path.dirname(path), videos, "recordings go to ~/Videos")

        self.wait_for_window("Relaycast")
        # The preview paints the moving pattern: many colours, and frames that differ.
        shots = [os.path.join(self.folder, f"window-{i}.png") for i in range(2)]

        def preview_painted():
            self.desktop.screenshot(shots[0])
            return colours(shots[0]) > 300
        wait_until(preview_painted, 30, interval=0.5, what="the preview to paint")
        time.sleep(0.5)  # the pattern moves 2 px a frame: half a second is 30 frames
        self.desktop.screenshot(shots[1])
        self.assertGreater(changed_pixels(shots[0], shots[1]), 10000)

        # The About window shows the installed icon: its blue tile and red dot, where a
        # missing icon would be a grey placeholder.
        self.desktop.activate(APP_PATH, "about")
        wait_until(lambda: "About" in self.desktop.windows(), 30, what="the About window")
        about = os.path.join(self.folder, "about.png")

        def icon_shown():
            self.desktop.screenshot(about, window="About")
            return (pixels_near(about, "#e01b24", "8%") > 150
                    and pixels_near(about, "#1a5fb4", "15%") > 2000)
        wait_until(icon_shown, 20, interval=0.5, what="the app icon in the About window")

        # Go Live, through the window's own action; --duration ends it and quits.
        self.desktop.activate(APP_PATH + "/window/1", "go-live")
        self.assert_recorded(process, log, path)

    def test_2_window_speaks_russian(self):
        process, log, path = self.start("--duration", str(DURATION_S), LANGUAGE="ru")
        self.wait_for_window("Relaycast")
        shot = os.path.join(self.folder, "window-ru.png")

        def translated():
            self.desktop.screenshot(shot, window="Relaycast")
            text = read_text(shot)
            # the tabs' buttons, and the title's subtitle and the source button
            return all(word in text for word in ("Направления", "События", "естовая таблица")) \
                and text
        text = wait_until(translated, 60, interval=1, what="the window's Russian words")
        for english in ("Destinations", "Events", "Test pattern", "Test Pattern"):
            self.assertNotIn(english, text)
        self.desktop.activate(APP_PATH + "/window/1", "go-live")
        self.assert_recorded(process, log, path)

    def test_3_without_a_display_it_runs_headless(self):
        process, log, path = self.start("--duration", str(DURATION_S), timeout=300, DISPLAY="")
        self.assertTrue(path.startswith(os.path.join(self.desktop.home, "Videos") + "/"))
        self.assert_recorded(process, log, path)
        self.assertIn("stopping: duration reached", self.output(log))

    def test_4_ctrl_c_in_the_window_finalises_the_recording(self):
        process, log, path = self.start()
        self.wait_for_window("Relaycast")
        self.desktop.activate(APP_PATH + "/window/1", "go-live")
        wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 300_000, 60,
                   what="the recording to grow")
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in its terminal sends
        self.assertEqual(process.wait(timeout=30), 0, self.output(log))
        info = probe(path)
        self.assertEqual(info["video"]["codec_name"], "h264")
        self.assertGreater(info["duration"], 1)
        self.assertGreater(info["video"]["frames"], 30)

    def test_5_build_tree_binary_without_schema_says_how(self):
        binary = os.path.join(self.tree, "build", "src", "relaycast")
        wait_until(lambda: os.path.exists(binary), 5, what="the quickstart's build")
        # a HOME of its own: the other tests installed the schema into theirs
        home = os.path.join(self.folder, "home-without-install")
        os.makedirs(home)
        run = subprocess.run([binary], capture_output=True, text=True, timeout=60,
                             env=self.desktop.env(HOME=home))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertIn("quickstart.sh", run.stderr)
        self.assertIn("meson devenv", run.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
