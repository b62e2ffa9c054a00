using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>
/// Real peers: Debian's headless Chromium receives the testpattern (x264) from our transport on loopback.
/// </summary>
[Collection(RealPeers.Name)]
public sealed class ChromiumPeerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_ReceivesTestPattern_DecodesColoursBarcodeAndEchoesData()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var transport = await StartTransportAsync(loggerFactory);
        await using var pipeline = await PatternPipeline.StartAsync(1280, 720, 30, 4_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver { Echo = true };

        var offer = await viewer.MakeOfferAsync();
        await using var session = transport.CreateSession(new PeerSessionOptions("chromium-1"), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(TimeSpan.FromSeconds(20));

        // Frames decode and keep decoding (no freeze).
        var first = await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(20));
        await Task.Delay(3000);
        var second = await viewer.StatsAsync();
        output.WriteLine($"stats: {first} -> {second}; server {session.GetStats()}");
        Assert.True(second.FramesDecoded - first.FramesDecoded >= 60, $"only {second.FramesDecoded - first.FramesDecoded} frames decoded in 3 s at 30 fps");
        // No stall while streaming steadily. Chromium counts a freeze from a single frame gap of 150 ms over the
        // average, which a loaded 2-core machine produces without any fault of the sender (fresh-clone CI: one
        // 0.56-0.64 s freeze twice in session 3; two freezes of 0.54 s together in session 8, while a solution
        // build ran beside the suite, FramesDropped 1, no NACK, no loss). The stall this guards against lasts
        // seconds, so the bound is on the frozen time, not on the count.
        Assert.True(second.TotalFreezesDuration - first.TotalFreezesDuration < 1.0, $"video froze: {first} -> {second}");
        Assert.Equal(1280, second.FrameWidth);
        Assert.Equal(720, second.FrameHeight);

        // The probe pattern reads back: barcode checksum valid, time close to ours, counter increasing; quadrant colours.
        await AssertPatternAsync(viewer, output);

        // Data channel both ways.
        await Poll.UntilAsync(viewer.DataChannelOpenAsync, "data channel did not open in Chromium", TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => Task.FromResult(observer.OpenedChannels.Contains("echo")), "server did not see the channel open", TimeSpan.FromSeconds(5));
        await viewer.SendAsync("hello-from-browser");
        await session.SendDataAsync(new DataChannelMessage("echo", System.Text.Encoding.UTF8.GetBytes("ping-from-server"), false), CancellationToken.None);
        await Poll.UntilAsync(async () => (await viewer.ReceivedAsync()).Contains("echo:hello-from-browser"), "browser did not get the server's echo", TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => Task.FromResult(observer.Messages.Contains("pong:ping-from-server")), "server did not get the browser's reply", TimeSpan.FromSeconds(10));

        var stats = session.GetStats();
        output.WriteLine($"server stats: {stats}; observer bandwidth estimate {observer.LastBandwidthEstimate}");
        await Poll.UntilAsync(() => Task.FromResult(observer.LastBandwidthEstimate > 0),
            "no bandwidth estimate reached the observer once RTCP flowed", TimeSpan.FromSeconds(10));
        Assert.NotNull(stats.RoundTripTime);
        Assert.True(stats.FramesSent > 60);
        Assert.Equal(PeerSessionState.Connected, session.State);
        Assert.Null(pipeline.Failure);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chromium_AnswersServerOffer_DecodesAndOpensServerChannel(bool browserPassive)
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var transport = await StartTransportAsync(loggerFactory);
        await using var pipeline = await PatternPipeline.StartAsync(1280, 720, 30, 3_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        await using var session = transport.CreateSession(new PeerSessionOptions("server-offer"), observer);

        var offer = await session.CreateOfferAsync(CancellationToken.None);
        Assert.Contains("a=setup:actpass", offer.Sdp, StringComparison.Ordinal);
        var answer = await viewer.AcceptOfferAsync(offer.Sdp, browserPassive);
        Assert.Contains(browserPassive ? "a=setup:passive" : "a=setup:active", answer, StringComparison.Ordinal);
        pipeline.Add(session, observer);
        await session.SetAnswerAsync(new SessionDescription(SdpType.Answer, answer), CancellationToken.None);
        await observer.Connected.WaitAsync(TimeSpan.FromSeconds(20));

        var stats = await viewer.WaitForFramesAsync(60, TimeSpan.FromSeconds(20));
        output.WriteLine($"page {stats}; server {session.GetStats()}");
        await session.SendDataAsync(new DataChannelMessage("control", System.Text.Encoding.UTF8.GetBytes("ping-server-channel"), false), CancellationToken.None);
        await Poll.UntilAsync(() => Task.FromResult(observer.Messages.Contains("pong:ping-server-channel")), "no reply on the server-opened channel", TimeSpan.FromSeconds(10));
        Assert.Contains("control", observer.OpenedChannels);

        // Closing the page's connection ends the session cleanly (DTLS close_notify).
        await viewer.CloseAsync();
        Assert.Equal(PeerSessionState.Closed, await observer.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    internal static async Task AssertPatternAsync(ChromiumViewer viewer, ITestOutputHelper output)
    {
        var valid = 0;
        var counters = new List<ushort>();
        PatternSample? last = null;
        for (var attempt = 0; attempt < 20 && valid < 5; attempt++)
        {
            var sample = await viewer.SampleAsync();
            if (sample is not null && sample.TryDecode(out var ms, out var counter))
            {
                var nowLow = (uint)(long)sample.Now;
                var age = (int)(nowLow - ms);
                Assert.InRange(age, -50, 2000); // captured at most 2 s before it was sampled
                counters.Add(counter);
                valid++;
                last = sample;
            }

            await Task.Delay(100);
        }

        output.WriteLine($"barcode reads: {valid}, counters {string.Join(",", counters)}");
        Assert.True(valid >= 5, $"only {valid} of 20 samples had a valid barcode");
        Assert.True(counters[^1] != counters[0], "the frame counter did not advance");
        var q = last!.Quadrants;
        output.WriteLine($"quadrants: {string.Join(" ", q.Select(c => $"({c[0]},{c[1]},{c[2]})"))}");
        AssertColour(q[0], 255, 0, 0, "top-left red");
        AssertColour(q[1], 0, 255, 0, "top-right green");
        AssertColour(q[2], 0, 0, 255, "bottom-left blue");
        AssertColour(q[3], 255, 255, 255, "bottom-right white");
    }

    internal static async Task<WlWebRtc.Transport.ITransport> StartTransportAsync(ILoggerFactory loggerFactory, Dictionary<string, string?>? settings = null)
    {
        var plugin = new WebRtcTransportPlugin();
        var context = PatternPipeline.Context(settings ?? new() { ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false" }, loggerFactory);
        var probe = await plugin.ProbeAsync(context, CancellationToken.None);
        Assert.True(probe.IsAvailable, probe.Reason);
        return await plugin.StartAsync(context, CancellationToken.None);
    }

    private static void AssertColour(int[] actual, int r, int g, int b, string what)
    {
        const int tolerance = 40;
        Assert.True(Math.Abs(actual[0] - r) <= tolerance && Math.Abs(actual[1] - g) <= tolerance && Math.Abs(actual[2] - b) <= tolerance,
            $"{what}: expected ({r},{g},{b}) got ({actual[0]},{actual[1]},{actual[2]})");
    }
}

/// <summary>Real-peer tests run one at a time: they share 2 cores with everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealPeers
{
    public const string Name = "real peers";
}
