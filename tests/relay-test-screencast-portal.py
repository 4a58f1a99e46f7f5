#!/usr/bin/python3
"""A ScreenCast portal backend of the tests' own, for the real xdg-desktop-portal frontend
(which finds it through a .portal file in XDG_DESKTOP_PORTAL_DIR).

Start hands out a PipeWire node fed with one solid colour (RELAY_TEST_PORTAL_COLOR, as
videotestsrc's foreground-color), and a restore token's data. Each call is written, one JSON
object a line, to RELAY_TEST_PORTAL_LOG, so the test can tell whether a selection dialog
would have been shown (SelectSources without valid restore data). The test ends the stream
as the person would from the shell with `gdbus call ... org.relaycast.TestScreenCast.EndStreams`,
and makes the nodes go away with the sessions left open (as when their producer dies or a
monitor is unplugged) with `org.relaycast.TestScreenCast.DropNodes`.
"""
import json
import os
import signal
import subprocess
import sys
import time

from gi.repository import Gio, GLib

BUS_NAME = "org.freedesktop.impl.portal.desktop.relaytest"
OBJECT_PATH = "/org/freedesktop/portal/desktop"
RESTORE_VENDOR = "relaytest"
RESTORE_DATA = "monitor-0"

INTERFACES = """
<node>
  <interface name="org.freedesktop.impl.portal.ScreenCast">
    <method name="CreateSession">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="s" name="app_id" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="SelectSources">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="s" name="app_id" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="Start">
      <arg type="o" name="handle" direction="in"/>
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/>
      <arg type="a{sv}" name="results" direction="out"/>
    </method>
    <property name="AvailableSourceTypes" type="u" access="read"/>
    <property name="AvailableCursorModes" type="u" access="read"/>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.relaycast.TestScreenCast">
    <method name="EndStreams"/>
    <method name="DropNodes"/>
  </interface>
</node>
"""

CLOSABLE = """
<node>
  <interface name="%s">
    <method name="Close"/>
    <signal name="Closed"/>
  </interface>
</node>
"""


def log(**entry):
    with open(os.environ["RELAY_TEST_PORTAL_LOG"], "a") as f:
        f.write(json.dumps(entry) + "\n")


class Backend:
    def __init__(self, connection):
        self.connection = connection
        # the node's producer of each session
        self.producers = {}
        self.registrations = {}
        node = Gio.DBusNodeInfo.new_for_xml(INTERFACES)
        for interface in node.interfaces:
            connection.register_object(OBJECT_PATH, interface, self.call, self.get_property,
                                       None)

    def export_closable(self, path, interface):
        """A Session object the frontend may close. Requests are answered at once, with no
        dialog to close: no Request object is needed."""
        info = Gio.DBusNodeInfo.new_for_xml(CLOSABLE % interface).interfaces[0]

        def close(connection, sender, path, iface, method, params, invocation):
            # a compositor stops a closed session's stream
            self.unexport(path)
            self.stop(self.producers.pop(path, None))
            invocation.return_value(None)

        self.registrations[path] = self.connection.register_object(path, info, close, None,
                                                                   None)

    def unexport(self, path):
        registration = self.registrations.pop(path, None)
        if registration is not None:
            self.connection.unregister_object(registration)

    def get_property(self, connection, sender, path, interface, name):
        return {"AvailableSourceTypes": GLib.Variant("u", 1 | 2),
                "AvailableCursorModes": GLib.Variant("u", 1 | 2),
                "version": GLib.Variant("u", 4)}[name]

    def call(self, connection, sender, path, interface, method, params, invocation):
        if interface == "org.relaycast.TestScreenCast":
            {"EndStreams": self.end_streams, "DropNodes": self.drop_nodes}[method]()
            invocation.return_value(None)
            return
        session = params.unpack()[1]
        options = params.unpack()[-1]
        if method == "CreateSession":
            self.export_closable(session, "org.freedesktop.impl.portal.Session")
            log(call="CreateSession")
            results = {}
        elif method == "SelectSources":
            restore = options.get("restore_data")
            restored = (restore is not None and restore[0] == RESTORE_VENDOR
                        and restore[2] == RESTORE_DATA)
            log(call="SelectSources", types=options.get("types"),
                cursor_mode=options.get("cursor_mode"), persist_mode=options.get("persist_mode"),
                restored=restored, dialog=not restored)
            results = {}
        else:
            node_id = self.produce(session)
            log(call="Start", node=node_id)
            results = {
                "streams": GLib.Variant("a(ua{sv})", [(node_id, {
                    "source_type": GLib.Variant("u", 1),
                    "size": GLib.Variant("(ii)", (320, 180))})]),
                "persist_mode": GLib.Variant("u", 2),
                "restore_data": GLib.Variant("(suv)", (RESTORE_VENDOR, 1,
                                                       GLib.Variant("s", RESTORE_DATA)))}
        invocation.return_value(GLib.Variant("(ua{sv})", (0, results)))

    def produce(self, session):
        """A PipeWire video source node of one colour; returns its id once the session
        manager has taken it in (made it the default video source), ready to be linked."""
        self.count = getattr(self, "count", 0) + 1
        name = "relay-test-screen-%d" % self.count
        color = os.environ.get("RELAY_TEST_PORTAL_COLOR", "0xff3080c0")
        producer = subprocess.Popen(
            ["gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=solid-color",
             "foreground-color=" + color, "!", "video/x-raw,format=BGRx,width=320,height=180,framerate=30/1",
             "!", "pipewiresink", "mode=provide",
             "stream-properties=props,media.class=Video/Source,node.name=" + name])
        self.producers[session] = producer
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            dump = json.loads(subprocess.run(["pw-dump"], capture_output=True,
                                             text=True).stdout or "[]")
            node = [item["id"] for item in dump if item.get("type") == "PipeWire:Interface:Node"
                    and ((item.get("info") or {}).get("props") or {}).get("node.name") == name]
            default = [entry["value"] for item in dump
                       if item.get("type") == "PipeWire:Interface:Metadata"
                       for entry in item.get("metadata") or []
                       if entry.get("key") == "default.video.source"]
            if node and default and default[0].get("name") == name:
                return node[0]
            time.sleep(0.1)
        raise RuntimeError("the PipeWire node %s did not appear" % name)

    def end_streams(self):
        """As a compositor does when the person stops sharing: the sessions close, their
        nodes go away."""
        for path in list(self.registrations):
            self.connection.emit_signal(None, path, "org.freedesktop.impl.portal.Session",
                                        "Closed", None)
            self.unexport(path)
        for producer in self.producers.values():
            self.stop(producer)
        log(call="EndStreams")
        self.producers = {}

    def drop_nodes(self):
        """The producers die and their nodes go with them; the sessions stay open and say
        nothing."""
        for producer in self.producers.values():
            self.stop(producer)
        log(call="DropNodes")
        self.producers = {}

    @staticmethod
    def stop(producer):
        if producer is not None:
            producer.terminate()
            producer.wait()


def main():
    loop = GLib.MainLoop()
    backend = []

    def acquired(connection, name):
        log(call="ready")

    def bus(connection, name):
        backend.append(Backend(connection))

    Gio.bus_own_name(Gio.BusType.SESSION, BUS_NAME, Gio.BusNameOwnerFlags.NONE, bus, acquired,
                     lambda *args: loop.quit())
    # the test stops it with SIGTERM: its producers go with it
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    try:
        loop.run()
    finally:
        if backend:
            backend[0].end_streams()


if __name__ == "__main__":
    sys.exit(main())
