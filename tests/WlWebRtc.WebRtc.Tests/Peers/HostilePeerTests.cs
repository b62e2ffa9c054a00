using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Fuzz;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>Hostile input while real Chromium viewers play: nothing crashes, the other viewer keeps decoding.</summary>
[Collection(RealPeers.Name)]
public sealed class HostilePeerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Session_WrongFingerprintInOffer_HandshakeAbortedSessionFailed()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        var offer = await viewer.MakeOfferAsync();
        var forged = System.Text.RegularExpressions.Regex.Replace(offer, "a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)));
        Assert.NotEqual(offer, forged);

        await using var session = transport.CreateSession(new PeerSessionOptions("forged"), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, forged), CancellationToken.None);
        await viewer.SetAnswerAsync(answer.Sdp);

        var ended = await observer.Ended.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(PeerSessionState.Failed, ended);
        Assert.DoesNotContain(PeerSessionState.Connected, observer.States);
        await Poll.UntilAsync(async () => (await viewer.StatsAsync()).ConnectionState == "failed",
            "Chromium did not report the connection failed after our bad_certificate alert", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Transport_GarbageAndForgedPackets_DroppedCountedAndOtherViewerKeepsPlaying()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Debug);
        await using var transport = (WebRtcTransport)await ChromiumPeerTests.StartTransportAsync(loggerFactory);
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 2_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var victimViewer = await ChromiumViewer.OpenAsync(browser);
        await using var otherViewer = await ChromiumViewer.OpenAsync(browser);
        var victimObserver = new RecordingObserver();
        var otherObserver = new RecordingObserver();
        await using var victim = (WebRtcPeerSession)await ConnectAsync(transport, pipeline, victimViewer, victimObserver, "victim");
        await using var other = await ConnectAsync(transport, pipeline, otherViewer, otherObserver, "other");
        await victimViewer.WaitForFramesAsync(20, TimeSpan.FromSeconds(20));
        var otherBefore = await otherViewer.WaitForFramesAsync(20, TimeSpan.FromSeconds(20));

        // 1. Garbage UDP from a stranger's socket to the shared port.
        var port = transport.SharedSockets!.Endpoints[0].LocalEndPoint;
        using (var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var mutator = new Mutator(5);
            for (var i = 0; i < 3000; i++)
            {
                var junk = new byte[mutator.Random.Next(0, 1400)];
                mutator.Random.NextBytes(junk);
                if (junk.Length > 0)
                {
                    junk[0] = (byte)(i % 4 == 0 ? 0 : i % 4 == 1 ? 22 : i % 4 == 2 ? 0x80 : junk[0]);
                }

                stranger.SendTo(junk, port);
            }
        }

        // 2. Forged STUN/DTLS/SRTP/SRTCP with the victim's own 5-tuple (as an on-path attacker would spoof it).
        var pair = victim.Ice.Selected!;
        var demux = transport.SharedSockets.Demultiplexer;
        var forgedMutator = new Mutator(6);
        byte[][] seeds =
        [
            IceCheck(victim.Ice.Local.Ufrag, "attacker"),
            [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 0x30, .. new byte[48]], // application data record (SCTP inside) with a bad MAC
            [21, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 10, 0, 2, 2, 40],           // a forged fatal alert
            [0x81, 201, 0, 7, .. new byte[40]],                                   // SRTCP RR with a bad tag
            [0x81, 206, 0, 2, .. new byte[30]],                                   // forged PLI
            [0x80, 108, 0, 1, .. new byte[200]],                                  // RTP towards a send-only server
            [0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0],                // truncated NACK, no SRTCP trailer
        ];
        var malformedBefore = victim.GetStats().MalformedPacketsDropped;
        for (var i = 0; i < 20_000; i++)
        {
            demux.Dispatch(pair.Local, forgedMutator.Mutate(seeds[i % seeds.Length]), pair.Remote);
        }

        await Task.Delay(3000);
        var victimStats = victim.GetStats();
        var otherAfter = await otherViewer.StatsAsync();
        var victimAfter = await victimViewer.StatsAsync();
        output.WriteLine($"victim server {victimStats}; unattributed {demux.UnattributedDropped}; victim page {victimAfter}; other page {otherAfter}");
        Assert.True(victimStats.MalformedPacketsDropped - malformedBefore >= 10_000, $"only {victimStats.MalformedPacketsDropped - malformedBefore} forged packets counted");
        Assert.True(demux.UnattributedDropped >= 2000, $"only {demux.UnattributedDropped} stranger datagrams counted");
        Assert.True(otherAfter.FramesDecoded - otherBefore.FramesDecoded >= 45, $"the other viewer decoded only {otherAfter.FramesDecoded - otherBefore.FramesDecoded} frames meanwhile");
        Assert.Equal(PeerSessionState.Connected, other.State);
        Assert.Equal(PeerSessionState.Connected, victim.State);
        Assert.Equal("connected", victimAfter.ConnectionState);
    }

    internal static async Task<IPeerSession> ConnectAsync(WlWebRtc.Transport.ITransport transport, PatternPipeline pipeline, ChromiumViewer viewer, RecordingObserver observer, string id)
    {
        var offer = await viewer.MakeOfferAsync();
        var session = transport.CreateSession(new PeerSessionOptions(id), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(TimeSpan.FromSeconds(20));
        return session;
    }

    private static byte[] IceCheck(string localUfrag, string guessedPwd)
    {
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        return new WlWebRtc.Ice.Stun.StunMessageBuilder(WlWebRtc.Ice.Stun.StunMethod.Binding, WlWebRtc.Ice.Stun.StunClass.Request, tid)
            .AddUsername(localUfrag + ":x")
            .AddIceControlling(1)
            .Build(System.Text.Encoding.UTF8.GetBytes(guessedPwd));
    }
}
