using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Fuzz;

/// <summary>The UDP entry point of a real transport and session, fed 10^5 random and mutated datagrams.</summary>
[Collection(WlWebRtc.WebRtc.Tests.Peers.RealPeers.Name)] // CPU-heavy: not alongside the real-peer tests on 2 cores
public sealed class DemultiplexerFuzzTests
{
    private const string RemoteUfrag = "4ZcD";

    [Fact]
    public async Task Dispatch_100kHostileDatagrams_DroppedAndCountedSessionSurvives()
    {
        var plugin = new WebRtcTransportPlugin();
        var context = PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false" }, NullLoggerFactory.Instance);
        await using var transport = (WebRtcTransport)await plugin.StartAsync(context, CancellationToken.None);
        var observer = new RecordingObserver();
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("fuzz"), observer);
        await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);
        var sockets = transport.SharedSockets!;
        var local = sockets.Endpoints[0];
        var demux = sockets.Demultiplexer;
        var bound = FakeSocket.Address("127.0.0.1", 9); // discard port: responses go nowhere
        var stranger = FakeSocket.Address("127.0.0.1", 7);

        var check = Check(session.Ice.Local.Ufrag, session.Ice.Local.Pwd);
        demux.Dispatch(local, check, bound);
        Assert.Equal(1, demux.TupleCount);

        byte[][] seeds =
        [
            check,
            [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 0, 0x3C, 0, 0, 0, 0, 0, 0, 0, 0, 0x3C, 0xFE, 0xFD, .. new byte[58]],
            [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 5, 0, 0x20, .. new byte[32]],
            [0x81, 201, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, .. new byte[24], 0x80, 0, 0, 1, .. new byte[16]],
            [0x81, 206, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, .. new byte[20]],
            [0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, .. new byte[100]],
        ];
        var mutator = new Mutator(4242);
        for (var i = 0; i < 100_000; i++)
        {
            var input = mutator.Mutate(seeds[i % seeds.Length]);
            demux.Dispatch(local, input, (i & 1) == 0 ? bound : stranger);
        }

        var stats = session.GetStats();
        Assert.True(stats.MalformedPacketsDropped > 10_000, $"session counted only {stats.MalformedPacketsDropped}");
        Assert.True(demux.UnattributedDropped > 10_000, $"demultiplexer counted only {demux.UnattributedDropped}");
        Assert.NotEqual(PeerSessionState.Failed, session.State);

        // The session still answers a genuine check afterwards.
        Assert.True(session.Ice.State is IceConnectionState.Connected);
        var before = session.Ice.ChecksAnswered;
        demux.Dispatch(local, Check(session.Ice.Local.Ufrag, session.Ice.Local.Pwd), bound);
        Assert.Equal(before + 1, session.Ice.ChecksAnswered);
    }

    [Fact]
    public async Task Dispatch_100kHostileDatagramsInFullIceMode_DroppedSessionSurvivesAndStillAnswers()
    {
        var plugin = new WebRtcTransportPlugin();
        var context = PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false", ["ice_mode"] = "full", ["dtls_timeout_ms"] = "120000" }, NullLoggerFactory.Instance);
        await using var transport = (WebRtcTransport)await plugin.StartAsync(context, CancellationToken.None);
        var observer = new RecordingObserver();
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("fuzz-full"), observer);
        await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);
        var full = Assert.IsType<FullIceSession>(session.IceLink);
        var sockets = transport.SharedSockets!;
        var local = sockets.Endpoints[0];
        var demux = sockets.Demultiplexer;
        var bound = FakeSocket.Address("127.0.0.1", 9);
        var stranger = FakeSocket.Address("127.0.0.1", 7);
        var check = Check(full.Local.Ufrag, full.Local.Pwd);
        demux.Dispatch(local, check, bound);

        // Responses whose transaction id the session registered (as its own checks do), so mutations reach the agent.
        var responseId = new byte[12];
        Random.Shared.NextBytes(responseId);
        var response = new WlWebRtc.Ice.Stun.StunMessageBuilder(WlWebRtc.Ice.Stun.StunMethod.Binding, WlWebRtc.Ice.Stun.StunClass.SuccessResponse, responseId)
            .AddXorAddress(WlWebRtc.Ice.Stun.StunAttributeType.XorMappedAddress, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 9))
            .Build(System.Text.Encoding.UTF8.GetBytes("wrong-password"));
        byte[][] seeds =
        [
            check,
            response,
            [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 0, 0x3C, 0, 0, 0, 0, 0, 0, 0, 0, 0x3C, 0xFE, 0xFD, .. new byte[58]],
            [0x81, 201, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, .. new byte[24], 0x80, 0, 0, 1, .. new byte[16]],
        ];
        var mutator = new Mutator(2424);
        for (var i = 0; i < 100_000; i++)
        {
            var input = mutator.Mutate(seeds[i % seeds.Length]);
            if (input.Length >= 20)
            {
                demux.ExpectResponse(input.AsSpan(8, 12), session);
            }

            demux.Dispatch(local, input, (i & 1) == 0 ? bound : stranger);
        }

        Assert.NotEqual(PeerSessionState.Failed, session.State); // DTLS may wait 120 s here: the loop takes longer than the default 10 s
        Assert.True(demux.TupleCount <= FullIceSession.MaxBoundTuples, $"{demux.TupleCount} 5-tuples bound");
        Assert.True(demux.PendingTransactionCount <= UdpDemultiplexer.MaxPendingTransactions);
        Assert.True(session.GetStats().MalformedPacketsDropped + demux.UnattributedDropped > 10_000);

        // A genuine check from a new address still reaches the agent: it learns the peer-reflexive candidate.
        demux.Dispatch(local, Check(full.Local.Ufrag, full.Local.Pwd), FakeSocket.Address("127.0.0.1", 11));
        Assert.Contains(full.Agent!.RemoteCandidates, c => c.EndPoint.Port == 11);
    }

    private static byte[] Check(string localUfrag, string localPwd)
    {
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        return new WlWebRtc.Ice.Stun.StunMessageBuilder(WlWebRtc.Ice.Stun.StunMethod.Binding, WlWebRtc.Ice.Stun.StunClass.Request, tid)
            .AddUsername(localUfrag + ":" + RemoteUfrag)
            .AddPriority(1845501695)
            .AddIceControlling(7)
            .AddUseCandidate()
            .Build(System.Text.Encoding.UTF8.GetBytes(localPwd));
    }
}
