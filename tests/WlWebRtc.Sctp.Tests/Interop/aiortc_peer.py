"""An independent SCTP/DCEP peer for the interop tests: aiortc's own SCTP stack (RTCSctpTransport) and
RTCDataChannel, with DTLS replaced by a stub that relays raw SCTP packets over a loopback UDP socket.

Usage: aiortc_peer.py <client|server> <their_udp_port>
  client: aiortc is ICE-controlling (DTLS server: odd stream ids) and sends INIT itself.
  server: aiortc is ICE-controlled (DTLS client: even stream ids) and waits for INIT.
Protocol on stdout (one line each): PORT <n>, OPEN <label> <ordered> <maxRetransmits>, ECHOED <label> <n>,
OK aiortc-echo, CLOSED <label>, FAIL <reason>.
Every message received on a channel the C# side opened is echoed back on it ("echo:" + text, or the same bytes).
aiortc opens "from-aiortc" (reliable, ordered) and "pr" (unordered, maxRetransmits=0), sends on "from-aiortc"
a text and a 70000-byte binary message and expects them echoed back unchanged.
"""
import asyncio
import sys

from aiortc.rtcdatachannel import RTCDataChannel, RTCDataChannelParameters
from aiortc.rtcsctptransport import RTCSctpCapabilities, RTCSctpTransport


def say(line):
    print(line, flush=True)


class StubIce:
    def __init__(self, role):
        self.role = role


class StubDtls:
    """What RTCSctpTransport needs of RTCDtlsTransport: state, transport.role, (un)register, _send_data."""

    def __init__(self, role, loop):
        self.state = "connected"
        self.transport = StubIce(role)
        self.receiver = None
        self.udp = None
        self.remote = None
        self.loop = loop

    def _register_data_receiver(self, receiver):
        self.receiver = receiver

    def _unregister_data_receiver(self, receiver):
        if self.receiver is receiver:
            self.receiver = None

    async def _send_data(self, data):
        self.udp.sendto(data, self.remote)


class Relay(asyncio.DatagramProtocol):
    def __init__(self, dtls):
        self.dtls = dtls

    def datagram_received(self, data, addr):
        if self.dtls.receiver is not None:
            asyncio.ensure_future(self.dtls.receiver._handle_data(data))


async def main():
    mode, their_port = sys.argv[1], int(sys.argv[2])
    loop = asyncio.get_running_loop()
    dtls = StubDtls("controlling" if mode == "client" else "controlled", loop)
    dtls.remote = ("127.0.0.1", their_port)
    udp, _ = await loop.create_datagram_endpoint(lambda: Relay(dtls), local_addr=("127.0.0.1", 0))
    dtls.udp = udp
    say("PORT %d" % udp.get_extra_info("sockname")[1])

    sctp = RTCSctpTransport(dtls)
    done = asyncio.Event()
    expected = {"text": "hello from aiortc", "binary": bytes((i * 7) & 0xFF for i in range(70000))}
    echoed = set()
    counts = {}

    @sctp.on("datachannel")
    def on_datachannel(channel):
        say("OPEN %s %s %s" % (channel.label, channel.ordered, channel.maxRetransmits))
        counts[channel.label] = 0

        @channel.on("message")
        def on_message(message):
            counts[channel.label] += 1
            if isinstance(message, str):
                channel.send("echo:" + message)
            else:
                channel.send(message)
            say("ECHOED %s %d" % (channel.label, counts[channel.label]))

        @channel.on("close")
        def on_close():
            say("CLOSED %s" % channel.label)

    await sctp.start(RTCSctpCapabilities(maxMessageSize=262144), 5000)

    ours = RTCDataChannel(sctp, RTCDataChannelParameters(label="from-aiortc"))
    RTCDataChannel(sctp, RTCDataChannelParameters(label="pr", ordered=False, maxRetransmits=0))

    @ours.on("open")
    def on_open():
        ours.send(expected["text"])
        ours.send(expected["binary"])

    @ours.on("message")
    def on_echo(message):
        if message == expected["text"]:
            echoed.add("text")
        elif message == expected["binary"]:
            echoed.add("binary")
        else:
            say("FAIL unexpected echo %r" % (message[:40],))
        if len(echoed) == 2:
            say("OK aiortc-echo")

    # Runs until the test closes stdin.
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    await reader.read()
    await sctp.stop()


asyncio.run(main())
