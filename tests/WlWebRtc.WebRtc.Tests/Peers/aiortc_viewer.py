#!/usr/bin/python3
"""A second, independent WebRTC viewer for the transport tests: Debian's aiortc.

Protocol on stdin/stdout, one JSON object per line:
  -> {"offer": sdp}           (we offer a recvonly video transceiver and a data channel "echo")
  <- {"answer": sdp}
  -> {"result": {...}}        (after the run: frames decoded, size, quadrant colours, barcode reads, messages)
Runtime patches (see the test notes): aioice ignores 127.0.0.1 when gathering; the video jitter buffer
and the socket buffer are enlarged so that large keyframes do not cause a PLI storm.
"""
import asyncio
import json
import sys
import time

import aioice.ice
import aioice.turn
from aiortc import RTCPeerConnection, RTCSessionDescription
import aiortc.rtcrtpreceiver as rtcrtpreceiver
import aiortc.jitterbuffer as jitterbuffer

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
aioice.turn.UDP_SOCKET_BUFFER_SIZE = 4 * 1024 * 1024
_original_jb_init = jitterbuffer.JitterBuffer.__init__


def _bigger_jitter_buffer(self, capacity, prefetch=0, is_video=False):
    _original_jb_init(self, 2048 if is_video else capacity, prefetch, is_video)


jitterbuffer.JitterBuffer.__init__ = _bigger_jitter_buffer

RUN_SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0


def decode_barcode(rgb):
    bits = []
    for i in range(56):
        r, g, b = rgb[8, 16 * i + 8]
        bits.append(1 if (int(r) + int(g) + int(b)) / 3 > 128 else 0)
    data = bytearray(7)
    for i, bit in enumerate(bits):
        data[i // 8] |= bit << (7 - i % 8)
    if (sum(data[:6]) + 0xA5) & 0xFF != data[6]:
        return None
    return int.from_bytes(data[0:4], "big"), int.from_bytes(data[4:6], "big")


async def main():
    pc = RTCPeerConnection()
    pc.addTransceiver("video", direction="recvonly")
    channel = pc.createDataChannel("echo")
    state = {"frames": 0, "width": 0, "height": 0, "quadrants": None, "barcodes": 0, "ages_ms": [],
             "counters": [], "messages": [], "channel_open": False, "connection": None}

    @channel.on("open")
    def on_open():
        state["channel_open"] = True
        channel.send("hello-from-aiortc")

    @channel.on("message")
    def on_message(message):
        state["messages"].append(message)
        if isinstance(message, str) and message.startswith("ping"):
            channel.send("pong:" + message)

    @pc.on("connectionstatechange")
    def on_state():
        state["connection"] = pc.connectionState

    async def consume(track):
        while True:
            try:
                frame = await track.recv()
            except Exception:  # track ended
                return
            state["frames"] += 1
            state["width"], state["height"] = frame.width, frame.height
            if state["frames"] % 10 == 0:
                rgb = frame.to_ndarray(format="rgb24")
                h, w = rgb.shape[0], rgb.shape[1]
                state["quadrants"] = [[int(c) for c in rgb[h // 4, w // 4]], [int(c) for c in rgb[h // 4, 3 * w // 4]],
                                      [int(c) for c in rgb[3 * h // 4, w // 4]], [int(c) for c in rgb[3 * h // 4, 3 * w // 4]]]
                decoded = decode_barcode(rgb)
                if decoded is not None:
                    state["barcodes"] += 1
                    state["ages_ms"].append(((int(time.time() * 1000) & 0xFFFFFFFF) - decoded[0]) & 0xFFFFFFFF)
                    state["counters"].append(decoded[1])

    @pc.on("track")
    def on_track(track):
        asyncio.ensure_future(consume(track))

    await pc.setLocalDescription(await pc.createOffer())
    print(json.dumps({"offer": pc.localDescription.sdp}), flush=True)
    line = await asyncio.get_event_loop().run_in_executor(None, sys.stdin.readline)
    answer = json.loads(line)["answer"]
    await pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    await asyncio.sleep(RUN_SECONDS)
    print(json.dumps({"result": state}), flush=True)
    await pc.close()


asyncio.run(main())
