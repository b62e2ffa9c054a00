using System.Net;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Ice.Stun;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.Ice;

public sealed class UdpDemultiplexerTests
{
    /// <summary>A sink backed by a real ICE-lite agent that counts what reaches it.</summary>
    internal sealed class CountingSink(IceLiteAgent agent) : IIcePacketSink
    {
        public IceLiteAgent Agent { get; } = agent;

        public int Dtls { get; private set; }

        public int Rtp { get; private set; }

        public int Dropped { get; private set; }

        public int Responses { get; private set; }

        public bool OnBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
        {
            var ok = Agent.HandleBindingRequest(local, remote, request);
            if (!ok)
            {
                Dropped++;
            }

            return ok;
        }

        public void OnStunResponse(IDatagramSender local, SocketAddress remote, StunMessage response) => Responses++;

        public void OnDtls(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram) => Dtls++;

        public void OnRtp(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram) => Rtp++;

        public void OnDropped() => Dropped++;
    }

    internal static CountingSink NewSink()
    {
        var agent = new IceLiteAgent(IceCredentials.Create(), TimeProvider.System);
        agent.SetRemoteUfrag(IceLiteAgentTests.Remote.Ufrag);
        return new CountingSink(agent);
    }

    private static readonly byte[] DtlsRecord = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    private static readonly byte[] RtcpPacket = [0x81, 201, 0, 1, 0, 0, 0, 1];

    [Fact]
    public void Dispatch_DtlsBeforeAnyCheck_DroppedAsUnattributed()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);

        demux.Dispatch(new FakeSocket(), DtlsRecord, FakeSocket.Address("127.0.0.1", 5000));

        Assert.Equal(0, sink.Dtls);
        Assert.Equal(1, demux.UnattributedDropped);
    }

    [Fact]
    public void Dispatch_AfterAuthenticCheck_RoutesDtlsAndRtpByFiveTuple()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var socket = new FakeSocket();
        var remote = FakeSocket.Address("127.0.0.1", 5000);

        demux.Dispatch(socket, IceLiteAgentTests.Check(sink.Agent.Local), remote);
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 5000));
        demux.Dispatch(socket, RtcpPacket, FakeSocket.Address("127.0.0.1", 5000));
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 5001));

        Assert.Equal(1, sink.Dtls);
        Assert.Equal(1, sink.Rtp);
        Assert.Equal(1, demux.UnattributedDropped);
        Assert.Single(socket.Sent);
    }

    [Fact]
    public void Dispatch_ForgedCheck_DoesNotBindTheTuple()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var socket = new FakeSocket();

        demux.Dispatch(socket, IceLiteAgentTests.Check(sink.Agent.Local, password: "guessedpasswordguessedpa"), FakeSocket.Address("127.0.0.1", 5000));
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 5000));

        Assert.Equal(0, sink.Dtls);
        Assert.Equal(0, demux.TupleCount);
        Assert.Empty(socket.Sent);
    }

    [Fact]
    public void Dispatch_UnauthenticatedPacketsFrom20kAddresses_NoPerAddressState()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var socket = new FakeSocket();
        var forged = IceLiteAgentTests.Check(sink.Agent.Local, password: "guessedpasswordguessedpa");

        for (var i = 0; i < 20_000; i++)
        {
            var remote = new IPEndPoint(new IPAddress(0x0A000000u + (uint)i), 1024 + (i % 60_000)).Serialize();
            demux.Dispatch(socket, (i % 3) switch { 0 => forged, 1 => DtlsRecord, _ => RtcpPacket }, remote);
        }

        Assert.Equal(0, demux.TupleCount);
        Assert.Equal(0, sink.Dtls + sink.Rtp);
        Assert.Equal(0, sink.Agent.RemoteCandidateCount);
        Assert.Empty(socket.Sent);
    }

    [Fact]
    public void Unbind_EvictedCandidate_ItsTupleNoLongerRouted()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var socket = new FakeSocket();
        var remote = FakeSocket.Address("127.0.0.1", 5000);
        demux.Dispatch(socket, IceLiteAgentTests.Check(sink.Agent.Local), remote);

        demux.Unbind(socket, FakeSocket.Address("127.0.0.1", 5000), sink);
        demux.Dispatch(socket, DtlsRecord, remote);

        Assert.Equal(0, demux.TupleCount);
        Assert.Equal(0, sink.Dtls);
    }

    [Fact]
    public void Dispatch_TwoSessionsOnOnePort_EachGetsItsOwnPeer()
    {
        var demux = new UdpDemultiplexer();
        var a = NewSink();
        var b = NewSink();
        demux.Register(a.Agent.Local.Ufrag, a);
        demux.Register(b.Agent.Local.Ufrag, b);
        var socket = new FakeSocket();

        demux.Dispatch(socket, IceLiteAgentTests.Check(a.Agent.Local), FakeSocket.Address("127.0.0.1", 6001));
        demux.Dispatch(socket, IceLiteAgentTests.Check(b.Agent.Local), FakeSocket.Address("127.0.0.1", 6002));
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 6002));
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 6002));
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 6001));

        Assert.Equal(1, a.Dtls);
        Assert.Equal(2, b.Dtls);
    }

    [Fact]
    public void Unregister_RemovesUfragAndTuples()
    {
        var demux = new UdpDemultiplexer();
        var sink = NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var socket = new FakeSocket();
        demux.Dispatch(socket, IceLiteAgentTests.Check(sink.Agent.Local), FakeSocket.Address("127.0.0.1", 5000));

        demux.Unregister(sink.Agent.Local.Ufrag, sink);
        demux.Dispatch(socket, DtlsRecord, FakeSocket.Address("127.0.0.1", 5000));

        Assert.Equal(0, demux.TupleCount);
        Assert.Equal(0, sink.Dtls);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 4, 0, 0 })]
    [InlineData(new byte[] { 64, 1, 2, 3 })]
    [InlineData(new byte[] { 200, 1, 2, 3 })]
    [InlineData(new byte[] { 0, 1, 0, 0 })]
    public void Dispatch_GarbageFromUnknownSource_CountedNotThrown(byte[] datagram)
    {
        var demux = new UdpDemultiplexer();

        demux.Dispatch(new FakeSocket(), datagram, FakeSocket.Address("127.0.0.1", 5000));

        Assert.Equal(1, demux.UnattributedDropped);
    }
}
