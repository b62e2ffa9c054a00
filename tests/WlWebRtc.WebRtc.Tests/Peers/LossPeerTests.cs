using Microsoft.Extensions.Logging;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Transport;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>
/// Packet loss: Chromium and our transport in a private network namespace (only lo), with nftables dropping
/// 2% and then 5% of UDP datagrams at random, then a short blackout. The sockets, the nft commands and the
/// Playwright driver (hence Chromium) are all created from the namespace's own thread.
/// </summary>
[Collection(RealPeers.Name)]
public sealed class LossPeerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_UnderRandomLossAndBlackout_KeepsDecodingWithNackRtxAndPli()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        using var ns = await NetworkNamespace.CreateAsync();
        await using var transport = await ns.RunAsync(() => ChromiumPeerTests.StartTransportAsync(loggerFactory).GetAwaiter().GetResult());
        await using var browser = await ns.RunAsync(() => HeadlessChromium.LaunchAsync().GetAwaiter().GetResult());
        await using var pipeline = await PatternPipeline.StartAsync(1280, 720, 30, 3_000_000, loggerFactory);
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        await using var session = await HostilePeerTests.ConnectAsync(transport, pipeline, viewer, observer, "lossy");
        var start = await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(20));

        await ns.SetUdpLossAsync(2);
        await Task.Delay(TimeSpan.FromSeconds(8));
        var after2 = await viewer.StatsAsync();
        var server2 = session.GetStats();
        output.WriteLine($"2%: page {after2}; server {server2}");

        await ns.SetUdpLossAsync(5);
        await Task.Delay(TimeSpan.FromSeconds(8));
        var after5 = await viewer.StatsAsync();
        var server5 = session.GetStats();
        output.WriteLine($"5%: page {after5}; server {server5}");
        output.WriteLine(await ns.RulesAsync());

        // A blackout long enough that retransmission cannot help: a keyframe must restore the picture. Three paths lead
        // to it: the viewer asks (PLI/FIR; its first PLI may itself be lost in the blackout), the sender's queue, having
        // dropped frames, skips to a keyframe, or a NACK for a packet that has left the retransmission history asks the
        // encoder for one. Each path is unit-tested in the RTP library and the session; here the test requires the
        // keyframe and the recovery, and reports which path it saw.
        var keyframesBefore = pipeline.KeyframesEncoded;
        await ns.SetUdpLossAsync(100);
        await Task.Delay(TimeSpan.FromSeconds(3)); // much longer than the sender's 1 s retransmission history
        await ns.SetUdpLossAsync(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        VideoStats recovered;
        do
        {
            await Task.Delay(500);
            recovered = await viewer.StatsAsync();
        }
        while (DateTime.UtcNow < deadline &&
               (pipeline.KeyframesEncoded <= keyframesBefore || recovered.KeyFramesDecoded <= after5.KeyFramesDecoded || recovered.FramesDecoded - after5.FramesDecoded < 60));
        var serverEnd = session.GetStats();
        output.WriteLine($"after blackout: page {recovered}; server {serverEnd}; keyframes encoded {keyframesBefore} -> {pipeline.KeyframesEncoded}");

        Assert.True(after2.FramesDecoded - start.FramesDecoded >= 150, $"2% loss: only {after2.FramesDecoded - start.FramesDecoded} frames decoded in 8 s");
        Assert.True(after5.FramesDecoded - after2.FramesDecoded >= 120, $"5% loss: only {after5.FramesDecoded - after2.FramesDecoded} frames decoded in 8 s");
        Assert.True(server5.NacksReceived > 0, "no NACK reached the server");
        Assert.True(server5.PacketsRetransmitted > 0, "nothing was retransmitted");
        Assert.True(after5.RetransmittedPacketsReceived > 0, "Chromium received no retransmission");
        output.WriteLine(serverEnd.KeyframeRequestsReceived > server5.KeyframeRequestsReceived
            ? $"recovered through the viewer's PLI/FIR ({serverEnd.KeyframeRequestsReceived} received)"
            : serverEnd.FramesDropped > server5.FramesDropped
                ? $"recovered through the sender's skip-to-keyframe ({serverEnd.FramesDropped - server5.FramesDropped} frames dropped)"
                : $"recovered through a NACK for a packet past the history ({serverEnd.NacksReceived - server5.NacksReceived} NACKs after the blackout)");
        Assert.True(pipeline.KeyframesEncoded > keyframesBefore, $"no keyframe was encoded after the blackout: page {recovered}; server {serverEnd}");
        Assert.True(recovered.KeyFramesDecoded > after5.KeyFramesDecoded, "Chromium decoded no new keyframe after the blackout");
        Assert.True(recovered.FramesDecoded - after5.FramesDecoded >= 60, "decoding did not resume after the blackout");
        Assert.Equal(PeerSessionState.Connected, session.State);
    }
}
