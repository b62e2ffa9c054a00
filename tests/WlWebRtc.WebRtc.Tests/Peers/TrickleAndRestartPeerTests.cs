using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Turn;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>
/// Trickle of the server's own candidates and ICE restart on a live session, with real Chromium (and a real coturn for
/// relayed paths): the answer goes out before the relayed candidate exists, the restart keeps DTLS/SRTP and the session,
/// and a viewer whose path moves (direct, then relay only) comes back through a restart.
/// </summary>
[Collection(RealPeers.Name)]
public sealed partial class TrickleAndRestartPeerTests(ITestOutputHelper output)
{
    private const string SharedSecret = "trickle-test-secret";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Chromium_TrickleOn_RelayCandidateFollowsTheAnswerAndReachesThePage()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var turn = await CoturnServer.StartAsync(SharedSecret);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["turn_servers:0"] = $"turn:127.0.0.1:{turn.Port}?transport=udp",
            ["turn_shared_secret"] = SharedSecret,
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        var offer = await viewer.MakeOfferAsync();

        await using var session = transport.CreateSession(new PeerSessionOptions("trickle-1"), observer);
        var trickled = new ConcurrentQueue<IceCandidate?>();
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);

        // The answer went out before the TURN allocation: host candidates, trickle announced, no end-of-candidates.
        Assert.Contains("a=ice-options:trickle", answer.Sdp, StringComparison.Ordinal);
        Assert.Contains(" typ host", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain(" typ relay", answer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=end-of-candidates", answer.Sdp, StringComparison.Ordinal);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        using var subscription = ((ILocalCandidateSource)session).SubscribeLocalCandidates(trickled.Enqueue);

        await Poll.UntilAsync(() => trickled.Contains(null), "end-of-candidates never trickled", Deadline);
        var relay = Assert.Single(trickled, c => c?.Candidate.Contains(" typ relay", StringComparison.Ordinal) == true)!;
        Assert.Null(trickled.Last());
        output.WriteLine($"trickled: {string.Join(" | ", trickled.Select(c => c?.Candidate ?? "end"))}");
        foreach (var candidate in trickled)
        {
            await viewer.AddCandidateAsync(candidate);
        }

        await observer.Connected.WaitAsync(Deadline);
        await viewer.WaitForFramesAsync(30, Deadline);
        Assert.Contains("relay", await viewer.RemoteCandidateTypesAsync());
        Assert.Equal("0", relay.SdpMid);
    }

    [Theory]
    [InlineData("lite")]
    [InlineData("full")]
    public async Task Chromium_IceRestartMidStream_SameSessionNewCredentialsAndFramesKeepComing(string mode)
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["ice_mode"] = mode,
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        await using var session = transport.CreateSession(new PeerSessionOptions("restart-" + mode), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, await viewer.MakeOfferAsync()), CancellationToken.None);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(Deadline);
        var before = await viewer.WaitForFramesAsync(30, Deadline);
        var capturedBefore = await PatternCaptureTimeAsync(viewer);

        var reoffer = await viewer.RestartOfferAsync();
        var restarted = await ((IIceRestartable)session).RestartIceAsync(new SessionDescription(SdpType.Offer, reoffer), CancellationToken.None);
        await viewer.SetAnswerAsync(restarted.Sdp);

        Assert.NotEqual(Ufrag(answer.Sdp), Ufrag(restarted.Sdp));
        Assert.Equal(Ufrag(restarted.Sdp), ((WebRtcPeerSession)session).IceLink.Local.Ufrag);
        var after = await viewer.WaitForFramesAsync(before.FramesDecoded + 60, Deadline);
        var capturedAfter = await PatternCaptureTimeAsync(viewer);
        output.WriteLine($"before {before} -> after {after}; pattern captured at {capturedBefore} -> {capturedAfter}; server {session.GetStats()}");
        Assert.True(capturedAfter - capturedBefore is > 0 and < 600_000, $"the barcode's capture time did not advance: {capturedBefore} -> {capturedAfter}");
        Assert.Equal(1, ((WebRtcPeerSession)session).IceRestarts);
        Assert.Equal(PeerSessionState.Connected, session.State);
        Assert.DoesNotContain(PeerSessionState.Failed, observer.States);
    }

    [Fact]
    public async Task Chromium_PathMovesToRelayOnlyThroughRestart_LiteServerFollowsWithoutNewSession()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var turn = await CoturnServer.StartAsync(SharedSecret);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["ice_mode"] = "lite",
            ["turn_servers:0"] = $"turn:127.0.0.1:{turn.Port}?transport=udp",
            ["turn_shared_secret"] = SharedSecret,
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        var iceServers = ((IIceServerSource)transport).GetIceServers()
            .Select(s => new { urls = s.Urls.ToArray(), username = s.Username, credential = s.Credential }).ToArray();

        // First the direct path (host to host on loopback).
        await using var session = transport.CreateSession(new PeerSessionOptions("moves-1"), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, await viewer.MakeOfferAsync(new { iceServers })), CancellationToken.None);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(Deadline);
        var before = await viewer.WaitForFramesAsync(30, Deadline);
        var lite = ((WebRtcPeerSession)session).Ice;
        var directPeer = lite.Selected!.RemoteEndPoint;
        Assert.Equal("host", await viewer.SelectedLocalCandidateTypeAsync());

        // The page's network changes: only its relayed address works now. One restart moves media there.
        var reoffer = await viewer.RestartOfferAsync(new { iceServers, iceTransportPolicy = "relay" });
        Assert.DoesNotContain(" typ host", reoffer, StringComparison.Ordinal);
        var restarted = await ((IIceRestartable)session).RestartIceAsync(new SessionDescription(SdpType.Offer, reoffer), CancellationToken.None);
        await viewer.SetAnswerAsync(restarted.Sdp);

        await Poll.UntilAsync(() => !Equals(lite.Selected?.RemoteEndPoint, directPeer), "the server kept media on the old path", Deadline);
        var after = await viewer.WaitForFramesAsync(before.FramesDecoded + 60, Deadline);
        output.WriteLine($"peer {directPeer} -> {lite.Selected!.RemoteEndPoint}; frames {before.FramesDecoded} -> {after.FramesDecoded}; server {session.GetStats()}");
        Assert.Equal("relay", await viewer.SelectedLocalCandidateTypeAsync());
        Assert.NotEqual(directPeer.Port, lite.Selected!.RemoteEndPoint.Port);
        Assert.Equal(PeerSessionState.Connected, session.State);
        Assert.Equal(1, lite.Restarts);
    }

    private static string Ufrag(string sdp) => UfragPattern().Match(sdp).Groups[1].Value;

    /// <summary>The capture time (low 32 bits of Unix ms) the test pattern's barcode carries in the frame shown now.</summary>
    private static async Task<uint> PatternCaptureTimeAsync(ChromiumViewer viewer)
    {
        uint captured = 0;
        await Poll.UntilAsync(
            async () => await viewer.SampleAsync() is { } sample && sample.TryDecode(out captured, out _),
            "no readable latency barcode in the video",
            Deadline);
        return captured;
    }

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragPattern();
}
