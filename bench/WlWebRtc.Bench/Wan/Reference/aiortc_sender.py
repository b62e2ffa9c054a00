#!/usr/bin/python3
"""The reference sender of 'wlwebrtc-bench wan': aiortc (Debian python3-aiortc) + x264 (PyAV), sending the same
headless sway desktop, captured through the same ScreenCast portal (PipeWire via gst-launch-1.0 pipewiresrc), over
WHEP. It runs on the server side of the WAN emulator (a network namespace) and uses only the wire's address.

Usage: aiortc_sender.py --host ADDRESS --port HTTP_PORT --token TOKEN --size WxH
Prints READY once it serves WHEP at http://ADDRESS:HTTP_PORT/whep.
"""
import argparse
import asyncio
import fractions
import os
import signal
import subprocess
import sys
import threading
import time

import av
import numpy
import aioice.ice
from aiortc import MediaStreamTrack, RTCPeerConnection, RTCRtpSender, RTCSessionDescription

HOST = [None]
# Only the wire's address (the management interface of the namespace is not a path the viewer has).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [HOST[0]]


def portal_stream():
    """ScreenCast portal handshake (CreateSession, SelectSources, Start, OpenPipeWireRemote): (fd, node id)."""
    import dbus
    from dbus.mainloop.glib import DBusGMainLoop
    from gi.repository import GLib

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    sender = bus.get_unique_name()[1:].replace(".", "_")
    portal = bus.get_object("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop")
    cast = dbus.Interface(portal, "org.freedesktop.portal.ScreenCast")
    loop = GLib.MainLoop()
    count = [0]

    def request(method, *args, options):
        count[0] += 1
        token = f"wanref{os.getpid()}_{count[0]}"
        options["handle_token"] = token
        path = f"/org/freedesktop/portal/desktop/request/{sender}/{token}"
        reply = {}

        def on_response(code, results):
            reply["code"], reply["results"] = int(code), results
            loop.quit()

        match = bus.add_signal_receiver(on_response, "Response", "org.freedesktop.portal.Request", path=path)
        method(*args, options)
        GLib.timeout_add_seconds(20, loop.quit)
        loop.run()
        match.remove()
        if reply.get("code") != 0:
            raise RuntimeError(f"portal {method}: {reply}")
        return reply["results"]

    session = request(cast.CreateSession, options={"session_handle_token": f"wanrefs{os.getpid()}"})["session_handle"]
    request(cast.SelectSources, session, options={"types": dbus.UInt32(1), "cursor_mode": dbus.UInt32(2)})
    streams = request(cast.Start, session, "", options={})["streams"]
    fd = cast.OpenPipeWireRemote(session, dbus.Dictionary({}, signature="sv")).take()
    return bus, session, fd, int(streams[0][0])


class DesktopTrack(MediaStreamTrack):
    """The portal's frames, as they come (damage-driven), I420 at the desktop's size."""
    kind = "video"

    def __init__(self, width, height):
        super().__init__()
        self.width, self.height = width, height
        self.frames = asyncio.Queue(maxsize=1)
        self.start = time.monotonic()

    def offer(self, data):
        if self.frames.full():
            self.frames.get_nowait()
        self.frames.put_nowait(data)

    async def recv(self):
        data = await self.frames.get()
        frame = av.VideoFrame.from_ndarray(numpy.frombuffer(data, numpy.uint8).reshape(self.height * 3 // 2, self.width), format="yuv420p")
        frame.pts = int((time.monotonic() - self.start) * 90000)
        frame.time_base = fractions.Fraction(1, 90000)
        return frame


def read_frames(pipe, size, deliver):
    while True:
        data = pipe.read(size)
        if len(data) < size:
            return
        deliver(data)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    HOST[0] = args.host

    bus, session, fd, node = portal_stream()
    gst = subprocess.Popen(
        ["gst-launch-1.0", "-q", "pipewiresrc", f"fd={fd}", f"path={node}", "always-copy=true", "!", "videoconvert", "!",
         f"video/x-raw,format=I420,width={width},height={height}", "!", "fdsink", "fd=1"],
        stdout=subprocess.PIPE, pass_fds=(fd,))
    track = DesktopTrack(width, height)
    loop = asyncio.get_running_loop()
    threading.Thread(target=read_frames, args=(gst.stdout, width * height * 3 // 2, lambda d: loop.call_soon_threadsafe(track.offer, d)), daemon=True).start()
    peers = []

    def shutdown():
        # Stop the cast in order (the stream, then the portal session) before exiting: xdg-desktop-portal-wlr 0.7
        # has crashed when a cast's client was killed outright.
        gst.terminate()
        try:
            gst.wait(timeout=3)
        except subprocess.TimeoutExpired:
            gst.kill()
        try:
            bus.get_object("org.freedesktop.portal.Desktop", session).Close(dbus_interface="org.freedesktop.portal.Session")
        except Exception as error:  # the session may be gone already
            print(f"closing the portal session: {error}", file=sys.stderr, flush=True)
        os._exit(0)

    loop.add_signal_handler(signal.SIGTERM, shutdown)

    async def answer(offer_sdp):
        pc = RTCPeerConnection()
        peers.append(pc)
        await pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in pc.getTransceivers():
            if transceiver.kind == "video":
                transceiver.setCodecPreferences([c for c in RTCRtpSender.getCapabilities("video").codecs if c.mimeType == "video/H264"])
                pc.addTrack(track)
        await pc.setLocalDescription(await pc.createAnswer())
        return pc.localDescription.sdp

    async def serve(reader, writer):
        try:
            request = (await reader.readline()).decode().split()
            if not request:
                return
            headers = {}
            while (line := (await reader.readline()).decode().strip()):
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = (await reader.readexactly(int(headers.get("content-length", "0")))).decode()
            cors = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: authorization, content-type\r\nAccess-Control-Allow-Methods: POST, OPTIONS\r\nAccess-Control-Expose-Headers: Location\r\n"
            if request[0] == "OPTIONS":
                status, extra, payload = "204 No Content", "", ""
            elif request[0] == "POST" and headers.get("authorization") == f"Bearer {args.token}":
                payload = await answer(body)
                status, extra = "201 Created", "Content-Type: application/sdp\r\nLocation: /whep/1\r\n"
            else:
                status, extra, payload = "401 Unauthorized", "", ""
            data = payload.encode()
            writer.write(f"HTTP/1.1 {status}\r\n{cors}{extra}Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode() + data)
            await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(serve, args.host, args.port)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
