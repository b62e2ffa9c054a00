#!/usr/bin/python3
"""A viewer that can turn hostile, for the Hostile tests: Debian's aiortc.

Protocol on stdin/stdout, one JSON object per line:
  <- {"offer": sdp}                 a recvonly video transceiver and a data channel "chat"
  -> {"answer": sdp}                the server's answer: the peer applies it, runs ICE and DTLS, decodes video
     or {"abort": true}             the offer was refused: a new peer offers
  <- {"applied": bool, "error": str}
  then commands, each answered with one line:
  -> {"cmd": "stats"}               <- {"stats": {...}} (frames decoded, longest gap between frames, bytes received)
  -> {"cmd": "pli", "count": N, "per_second": R}
                                    PLIs for the server's video SSRC (RTCP through aiortc's own receiver)
  -> {"cmd": "nack", "count": N, "per_second": R}
                                    NACKs for the last 256 sequence numbers received, N packets at R a second
  -> {"cmd": "sctp", "streams": S, "megabytes": M, "per_second_mb": R}
                                    SCTP DATA chunks of messages that never end (a first fragment, then middle
                                    fragments, never a last one) interleaved on S streams, M MB in all
  -> {"cmd": "quit"}                <- {"stats": {...}}, then the peer closes, and a new one offers (EOF ends)
Loopback only: aioice leaves 127.0.0.1 out of its host candidates, so it is the one address offered.
"""
import asyncio
import json
import re
import sys
import time

import aioice.ice
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.rtp import RtcpPsfbPacket, RtcpRtpfbPacket
import aiortc.jitterbuffer as jitterbuffer
import aiortc.rtcsctptransport as sctp

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
_original_jb_init = jitterbuffer.JitterBuffer.__init__


def _bigger_jitter_buffer(self, capacity, prefetch=0, is_video=False):
    _original_jb_init(self, 2048 if is_video else capacity, prefetch, is_video)


jitterbuffer.JitterBuffer.__init__ = _bigger_jitter_buffer

ATTACKER_SSRC = 0x5EED5EED


def emit(obj):
    print(json.dumps(obj), flush=True)


async def read_line():
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if not line:
        return None
    return json.loads(line)


class Viewer:
    def __init__(self):
        self.pc = RTCPeerConnection()
        self.pc.addTransceiver("video", direction="recvonly")
        self.channel = self.pc.createDataChannel("chat")
        self.frames = 0
        self.first_frame = None
        self.last_frame = None
        self.max_gap = 0.0
        self.last_seq = None
        self.media_ssrc = None
        self.sent_rtcp = 0
        self.sent_sctp_bytes = 0
        self.errors = []
        self.pc.on("track", lambda track: asyncio.ensure_future(self.consume(track)))
        receiver = self.pc.getTransceivers()[0].receiver
        original = receiver._handle_rtp_packet

        async def remember_sequence(packet, arrival_time_ms):
            if self.media_ssrc is None:
                self.media_ssrc = packet.ssrc
            if packet.ssrc == self.media_ssrc:
                self.last_seq = packet.sequence_number
            await original(packet, arrival_time_ms)

        receiver._handle_rtp_packet = remember_sequence

    async def consume(self, track):
        while True:
            try:
                await track.recv()
            except Exception:  # the track ended
                return
            now = time.monotonic()
            if self.last_frame is not None:
                self.max_gap = max(self.max_gap, now - self.last_frame)
            else:
                self.first_frame = now
            self.last_frame = now
            self.frames += 1

    def stats(self):
        dtls = self.pc.getTransceivers()[0].receiver.transport
        received = getattr(dtls, "_RTCDtlsTransport__rx_bytes", 0) if dtls is not None else 0
        now = time.monotonic()
        gap = self.max_gap
        if self.last_frame is not None:
            gap = max(gap, now - self.last_frame)
        return {"frames": self.frames, "max_gap_ms": round(gap * 1000), "connection": self.pc.connectionState,
                "ice": self.pc.iceConnectionState, "bytes_received": received, "t": now,
                "channel_open": self.channel.readyState == "open", "sent_rtcp": self.sent_rtcp,
                "sent_sctp_bytes": self.sent_sctp_bytes, "errors": self.errors[-5:]}

    async def rtcp_flood(self, make, count, per_second):
        receiver = self.pc.getTransceivers()[0].receiver
        interval = 1.0 / per_second
        start = time.monotonic()
        for i in range(count):
            packet = make()
            if packet is not None:
                await receiver._send_rtcp(packet)
                self.sent_rtcp += 1
            delay = start + (i + 1) * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)

    def pli(self):
        return RtcpPsfbPacket(fmt=1, ssrc=ATTACKER_SSRC, media_ssrc=self.media_ssrc or 0)

    def nack(self):
        if self.last_seq is None:
            return None
        packet = RtcpRtpfbPacket(fmt=1, ssrc=ATTACKER_SSRC, media_ssrc=self.media_ssrc or 0)
        packet.lost = [(self.last_seq - i) & 0xFFFF for i in range(255, -1, -1)]
        return packet

    async def sctp_flood(self, streams, megabytes, per_second_mb):
        association = self.pc.sctp
        if association is None:
            raise RuntimeError("no SCTP association")
        # The chunks bypass aiortc's sender, so it neither paces nor retransmits them: what the server's SACKs say
        # is missing (a datagram lost on a busy machine) is sent again here, so that the TSNs keep advancing in order.
        acked = {"cumulative": None}
        original_sack = association._receive_sack_chunk

        async def on_sack(chunk):
            acked["cumulative"] = chunk.cumulative_tsn
            await original_sack(chunk)

        association._receive_sack_chunk = on_sack
        total = int(megabytes * 1024 * 1024)
        payload = bytes(1100)
        started = set()
        pending = {}
        start = time.monotonic()
        deadline = start + 60
        sent = 0
        while sent < total and self.pc.connectionState == "connected" and association.state == "connected" and time.monotonic() < deadline:
            for stream in range(1, streams + 1):
                chunk = sctp.DataChunk()
                chunk.flags = 0 if stream in started else sctp.SCTP_DATA_FIRST_FRAG
                started.add(stream)
                chunk.tsn = association._local_tsn
                chunk.stream_id = stream
                chunk.stream_seq = 0
                chunk.protocol = 53
                chunk.user_data = payload
                association._local_tsn = sctp.tsn_plus_one(association._local_tsn)
                pending[chunk.tsn] = chunk
                await association._send_chunk(chunk)
                sent += len(payload)
                self.sent_sctp_bytes = sent
            cumulative = acked["cumulative"]
            if cumulative is not None:
                for tsn in [t for t in pending if not sctp.uint32_gt(t, cumulative)]:
                    del pending[tsn]
                for i in range(1, 9):
                    missing = pending.get((cumulative + i) & 0xFFFFFFFF)
                    if missing is not None:
                        await association._send_chunk(missing)
            ahead = start + sent / (per_second_mb * 1024 * 1024) - time.monotonic()
            await asyncio.sleep(max(ahead, 0))
        self.errors.append(f"sctp: last SACK cumulative TSN {acked['cumulative']}, next TSN {association._local_tsn}, state {association.state}")
        # Our own sender must not retransmit what it never queued: move its view of the peer's acks along.
        association._last_sacked_tsn = sctp.tsn_minus_one(association._local_tsn)
        association._receive_sack_chunk = original_sack


async def session():
    """One viewer from offer to quit; False when stdin ended."""
    viewer = Viewer()
    await viewer.pc.setLocalDescription(await viewer.pc.createOffer())
    emit({"offer": viewer.pc.localDescription.sdp})
    message = await read_line()
    if message is None or "answer" not in message:
        await viewer.pc.close()
        return message is not None
    answer = message["answer"]
    ssrc = re.search(r"^a=ssrc:(\d+) ", answer, re.MULTILINE)
    viewer.media_ssrc = int(ssrc.group(1)) if ssrc else None
    try:
        await viewer.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        emit({"applied": True})
    except Exception as error:  # aiortc refused the answer: nothing more to do with this one
        emit({"applied": False, "error": f"{type(error).__name__}: {error}"})
        await viewer.pc.close()
        return True
    more = True
    while True:
        command = await read_line()
        if command is None or command.get("cmd") == "quit":
            more = command is not None
            emit({"stats": viewer.stats()})
            break
        try:
            kind = command["cmd"]
            if kind == "pli":
                await viewer.rtcp_flood(viewer.pli, int(command["count"]), float(command["per_second"]))
            elif kind == "nack":
                await viewer.rtcp_flood(viewer.nack, int(command["count"]), float(command["per_second"]))
            elif kind == "sctp":
                await viewer.sctp_flood(int(command["streams"]), float(command["megabytes"]), float(command["per_second_mb"]))
        except Exception as error:  # report, keep the peer alive for the next command
            viewer.errors.append(f"{command.get('cmd')}: {type(error).__name__}: {error}")
        emit({"stats": viewer.stats()})
    try:
        await asyncio.wait_for(viewer.pc.close(), 5)
    except Exception:
        pass
    return more


async def main():
    # After a "quit" (or an "abort"), the next viewer offers: one python process serves many sessions in turn.
    while await session():
        pass


asyncio.run(main())
