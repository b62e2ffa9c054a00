#!/usr/bin/python3
"""Subscribers to the SFU on aiortc (Debian python3-aiortc), all in one process, for the SFU tests and `wlwebrtc-bench sfu`.

Each subscriber asks the Janus front-end for an offer (POST /subscribe -> {id, sdp}; Janus offers, as its VideoRoom
does), answers it (POST /subscribe/{id}), runs ICE/DTLS/SRTP and decodes H.264. The first DECODE of them read the test
pattern's latency barcode from every frame (the luma of its block row); the others only count frames (not decoded). With --whep, one
more viewer plays the server directly over WHEP (it offers, the server answers) and reads the barcode too: the latency
added by the SFU is the difference of the two, both measured by the same kind of receiver.

Protocol: one JSON line {"event": "ready", ...} once every subscriber (and the direct viewer) decoded a frame; then for
each line "stats" on stdin one JSON line with each receiver's figures counted from the ready line on ({"event": "stats",
"subscribers": [...], "direct": {...}}); any other line, the end of stdin or --seconds end it with the same figures as
{"event": "done", ...}. Errors: a line {"event": "error", ...}, exit 1.

usage: sfu_subscribers.py FRONT_END_URL --address A --count N [--decode K] [--whep URL --token T] [--seconds S]
"""
import argparse
import asyncio
import queue
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request

import aioice.ice
import aiortc.jitterbuffer as jitterbuffer
import aiortc.rtcrtpreceiver as rtcrtpreceiver
import numpy
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

# Host candidates only on the addresses given (--address): the machine may have many interfaces (other tests' network
# namespaces), and checks towards them only slow ICE down.
ADDRESSES = []
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: list(ADDRESSES)

# A keyframe of more than 128 packets overflows aiortc's video jitter buffer and it asks for keyframes forever.
_original_jitter_buffer = jitterbuffer.JitterBuffer.__init__


def _bigger_jitter_buffer(self, capacity, prefetch=0, is_video=False):
    _original_jitter_buffer(self, 2048 if is_video else capacity, prefetch, is_video)


jitterbuffer.JitterBuffer.__init__ = _bigger_jitter_buffer

# Subscribers that only count frames skip the H.264 decode (fifty decoders would measure Python, not the server): aiortc's
# decoder thread hands such a track the encoded frame's timestamp instead of a picture. Keyed by the track's queue.
COUNT_ONLY = set()
_decoder_worker = rtcrtpreceiver.decoder_worker


def _counting_decoder_worker(loop, input_q, output_q):
    decoder_q = queue.Queue()
    decoder = threading.Thread(target=_decoder_worker, args=(loop, decoder_q, output_q), daemon=True)
    decoder.start()
    while True:
        task = input_q.get()
        if task is not None and id(output_q) in COUNT_ONLY:
            asyncio.run_coroutine_threadsafe(output_q.put(task[1].timestamp), loop)
            continue
        decoder_q.put(task)
        if task is None:
            break


rtcrtpreceiver.decoder_worker = _counting_decoder_worker

BLOCK = 16
BITS = 56


def read_barcode(frame):
    """(low32, counter) from the barcode's middle row of the luma plane, or None (too narrow, checksum wrong)."""
    if frame.width < BLOCK * BITS or frame.format.name not in ("yuv420p", "yuvj420p"):
        return None
    plane = frame.planes[0]
    row = numpy.frombuffer(plane, numpy.uint8)[(BLOCK // 2) * plane.line_size:][:BLOCK * BITS]
    bits = row[BLOCK // 2::BLOCK] > 128
    data = numpy.packbits(bits).tolist()
    if (sum(data[:6]) + 0xA5) & 0xFF != data[6]:
        return None
    return (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3], (data[4] << 8) | data[5]


def rebuild_ms(low32, now_ms):
    wrap = 1 << 32
    base = now_ms - now_ms % wrap
    return min((base - wrap + low32, base + low32, base + wrap + low32), key=lambda t: abs(t - now_ms))


class Receiver:
    def __init__(self, name, decode):
        self.name = name
        self.decode = decode
        # No ICE servers: aiortc would otherwise ask a public STUN server.
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.frames = 0
        self.barcodes = 0
        self.in_order = True
        self.distinct = 0
        self.last_time = None
        self.latencies = []
        self.first_frame = asyncio.get_running_loop().create_future()
        self.counting_from = None
        self.pc.on("track", lambda track: asyncio.ensure_future(self.consume(track)) if track.kind == "video" else None)

    async def consume(self, track):
        if not self.decode:
            COUNT_ONLY.add(id(track._queue))
        while True:
            try:
                frame = await track.recv()
            except Exception:  # the track ended: the peer connection closed
                return
            now_ms = time.time() * 1000
            if not self.first_frame.done():
                self.first_frame.set_result(now_ms)
            if self.counting_from is None:
                continue
            self.frames += 1
            if self.decode:
                code = read_barcode(frame)
                if code is not None:
                    captured = rebuild_ms(code[0], now_ms)
                    # The same capture time twice is fine (a keyframe request may have the last frame encoded again).
                    if self.last_time is not None and captured < self.last_time:
                        self.in_order = False
                    if captured != self.last_time:
                        self.distinct += 1
                    self.last_time = captured
                    self.barcodes += 1
                    self.latencies.append(now_ms - captured)

    def start_counting(self):
        self.counting_from = time.monotonic()

    def figures(self):
        seconds = time.monotonic() - self.counting_from
        return {
            "name": self.name,
            "frames": self.frames,
            "fps": round(self.frames / seconds, 2) if seconds > 0 else 0,
            "barcodes": self.barcodes,
            "in_order": self.in_order,
            "distinct_times": self.distinct,
            "latency_median_ms": round(statistics.median(self.latencies), 1) if self.latencies else None,
            "state": self.pc.connectionState,
        }


def http(url, data=None, headers=None, method="POST"):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=40) as response:
        return response.status, response.headers.get("Location"), response.read().decode()


async def subscribe(front_end, receiver, deadline):
    loop = asyncio.get_running_loop()
    while True:
        try:
            _, _, body = await loop.run_in_executor(None, http, front_end + "/subscribe")
            break
        except urllib.error.HTTPError as e:
            # 404: no publisher in the room yet.
            if e.code != 404 or time.monotonic() > deadline:
                raise
            await asyncio.sleep(1)
    offer = json.loads(body)
    await receiver.pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
    await receiver.pc.setLocalDescription(await receiver.pc.createAnswer())
    await loop.run_in_executor(None, http, front_end + "/subscribe/" + offer["id"], receiver.pc.localDescription.sdp.encode())


async def play_direct(whep, token, receiver):
    receiver.pc.addTransceiver("video", direction="recvonly")
    await receiver.pc.setLocalDescription(await receiver.pc.createOffer())
    headers = {"Content-Type": "application/sdp", "Authorization": "Bearer " + token}
    _, _, answer = await asyncio.get_running_loop().run_in_executor(None, http, whep, receiver.pc.localDescription.sdp.encode(), headers)
    await receiver.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))


async def read_line(seconds):
    """The next line on stdin; None after the timeout or at its end."""
    try:
        line = await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline), max(0.0, seconds))
    except asyncio.TimeoutError:
        return None
    return line or None


async def main(args):
    front_end = args.front_end.rstrip("/")
    deadline = time.monotonic() + args.connect_seconds
    subscribers = [Receiver("sfu-%d" % i, i < args.decode) for i in range(args.count)]
    direct = Receiver("direct", True) if args.whep else None
    try:
        # One at a time, as people arrive (Janus answers its HTTP API one request after another anyway).
        for s in subscribers:
            await subscribe(front_end, s, deadline)
        if direct is not None:
            await play_direct(args.whep, args.token, direct)
        everyone = subscribers + ([direct] if direct else [])
        remaining = max(1.0, deadline - time.monotonic())
        await asyncio.wait_for(asyncio.gather(*(r.first_frame for r in everyone)), remaining)
        for r in everyone:
            r.start_counting()
        print(json.dumps({"event": "ready", "subscribers": len(subscribers), "direct": direct is not None}), flush=True)
        end = time.monotonic() + args.seconds
        while True:
            line = await read_line(end - time.monotonic())
            figures = {"subscribers": [s.figures() for s in subscribers], "direct": direct.figures() if direct else None}
            if line is not None and line.strip() == "stats":
                print(json.dumps(dict(event="stats", **figures)), flush=True)
                continue
            print(json.dumps(dict(event="done", **figures)), flush=True)
            break
    except Exception as e:
        waiting = [r.name for r in subscribers + ([direct] if direct else []) if not r.first_frame.done()]
        print(json.dumps({"event": "error", "error": "%s: %s" % (type(e).__name__, e), "without_frames": waiting}), flush=True)
        return 1
    finally:
        for r in subscribers + ([direct] if direct else []):
            await r.pc.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("front_end")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--decode", type=int, default=1)
    parser.add_argument("--whep")
    parser.add_argument("--token", default="")
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--connect-seconds", type=float, default=90)
    parser.add_argument("--address", action="append", required=True, help="a local address for host candidates (repeatable)")
    arguments = parser.parse_args()
    ADDRESSES.extend(arguments.address)
    sys.exit(asyncio.run(main(arguments)))
