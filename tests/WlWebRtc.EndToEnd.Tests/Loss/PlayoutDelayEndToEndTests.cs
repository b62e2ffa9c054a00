using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests.Loss;

/// <summary>
/// Issue 14, the adaptive playout delay with a real browser: the real server (test pattern, x264) in the WAN
/// emulator's server namespace, the built-in viewer in headless Chromium in the viewer namespace, first over a clean
/// link, then over one losing 5 % of the packets on the way down. The server must ask for playout delay 0 on the
/// clean link and raise it once the loss shows (the viewer's status line), and Chromium must keep decoding with the
/// new delay. Behaviour only: what the delay does to the frame rate is measured by <c>wlwebrtc-bench wan</c>.
/// </summary>
[Collection(LossGroup.Name)]
public sealed partial class PlayoutDelayEndToEndTests(ITestOutputHelper output)
{
    private const string Token = "e2e-loss-token-0123456789";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BuiltInViewer_LossAppears_PlayoutDelayRaisedAndVideoKeepsDecoding()
    {
        using var network = WanNetwork.Create();
        await using var server = await WanRun.StartServerAsync(new ServerLaunch("testpattern", Token, $"""
            [capture.testpattern]
            width = 960
            height = 540
            fps = 30
            content = "pattern"

            {WanRun.ServerTransportToml()}
            """)
        {
            StartTimeout = TimeSpan.FromSeconds(120),
        }, network, output.WriteLine);
        var clean = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20), Phases = LinkShape.Constant(20_000_000) };
        await using var browser = await WanRun.LaunchChromiumOnViewerSideAsync(network);
        var page = await browser.Context.NewPageAsync();
        long decodedOnCleanLink;
        string cleanStatus;
        using (network.StartWire(clean, clean))
        {
            await page.GotoAsync(string.Create(CultureInfo.InvariantCulture, $"http://{WanNetwork.ServerAddress}:{server.BaseUrl.Port}/?token={Token}"));
            await Poll.UntilAsync(async () => await FramesDecodedAsync(page) >= 30, "30 frames decoded over the clean link", Deadline);
            cleanStatus = await server.StatusJsonAsync();
            decodedOnCleanLink = await FramesDecodedAsync(page);
        }

        output.WriteLine("clean link: " + cleanStatus);
        Assert.Equal(new[] { 0.0 }, PlayoutDelays(cleanStatus));

        using var lossy = network.StartWire(clean with { LossRatio = 0.05 }, clean);
        var status = "";
        await Poll.UntilAsync(async () => PlayoutDelays(status = await server.StatusJsonAsync()) is [> 0], "the viewer's playout delay raised at 5 % loss", Deadline);
        var raisedAt = await FramesDecodedAsync(page);
        await Poll.UntilAsync(async () => await FramesDecodedAsync(page) >= raisedAt + 30, "30 more frames decoded with the raised delay", Deadline);
        var lost = lossy.Down.Statistics.Snapshot().Bins.Sum(b => b.Lost);
        output.WriteLine($"lossy link ({lost} lost on the wire): {status}");

        Assert.True(lost > 0, "The link lost nothing.");
        Assert.True(raisedAt > decodedOnCleanLink, "No frame decoded over the lossy link.");
    }

    private static double[] PlayoutDelays(string statusJson) =>
        [.. PlayoutDelayField().Matches(statusJson).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex("\"playout_delay_ms\": *([0-9.]+)")]
    private static partial Regex PlayoutDelayField();

    private static async Task<long> FramesDecodedAsync(IPage page)
    {
        var decoded = await page.EvaluateAsync<JsonElement?>("""
            async () => {
              const s = window.wlwebrtcViewer;
              if (!s || !s.pc) return 0;
              let frames = 0;
              (await s.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded ?? 0; });
              return frames;
            }
            """);
        return decoded is { ValueKind: JsonValueKind.Number } n ? (long)n.GetDouble() : 0;
    }
}

/// <summary>The loss tests run one at a time (each builds its own namespaces, server and browser).</summary>
[CollectionDefinition(Name)]
public sealed class LossGroup
{
    public const string Name = "loss";
}
