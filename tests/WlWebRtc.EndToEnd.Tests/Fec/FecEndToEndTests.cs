using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests.Fec;

/// <summary>
/// Issue 14, FEC with a real browser at loss: the real server (test pattern, x264, FEC on with a fixed protection;
/// the light "pattern" content, so that the frame rate depends on the link and not on a loaded CPU) in the WAN emulator's server namespace, the built-in viewer in headless Chromium in the
/// viewer namespace (page, WebSocket signalling and media all across the wire), 5 % random loss on the way down.
/// Chromium must negotiate RED and ULPFEC, take the media in RED, accept the RTX resends (plain H.264 on the RTX
/// payload type of H.264) beside it, and keep decoding: a lost FEC packet must not stall the picture (its NACK gets an
/// empty RTX retransmission; without it each one held every delta frame until the next keyframe, about 3 fps here).
/// Chromium 156 reports no FEC counters for ULPFEC (inbound-rtp fecPacketsReceived is absent), so the repair
/// itself is shown by the RTP library's tests and measured by <c>wlwebrtc-bench wan --fec both</c>.
/// </summary>
[Collection(FecGroup.Name)]
public sealed class FecEndToEndTests(ITestOutputHelper output)
{
    private const string Token = "e2e-fec-token-0123456789";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private const string StatsScript = """
        async () => {
          const s = window.wlwebrtcViewer;
          if (!s || !s.pc) return null;
          const out = { phase: s.phase };
          (await s.pc.getStats()).forEach(r => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') {
              for (const k of ['framesDecoded', 'keyFramesDecoded', 'framesDropped', 'packetsReceived', 'packetsLost', 'nackCount', 'pliCount',
                'fecPacketsReceived', 'fecPacketsDiscarded', 'fecBytesReceived', 'retransmittedPacketsReceived', 'retransmittedBytesReceived',
                'freezeCount', 'totalFreezesDuration']) out[k] = r[k] ?? -1;
            }
          });
          out.remoteSdp = s.pc.remoteDescription ? s.pc.remoteDescription.sdp : '';
          out.localSdp = s.pc.localDescription ? s.pc.localDescription.sdp : '';
          return out;
        }
        """;

    [Fact]
    public async Task BuiltInViewer_At5PercentLossWithUlpfec_RecoversWithFecAndRtxAndKeepsDecoding()
    {
        using var network = WanNetwork.Create();
        await using var server = await WanRun.StartServerAsync(new ServerLaunch("testpattern", Token, $"""
            [capture.testpattern]
            width = 960
            height = 540
            fps = 30
            content = "pattern"

            {WanRun.ServerTransportToml()}
            fec = "ulpfec"
            fec_protection = 0.5
            """)
        {
            StartTimeout = TimeSpan.FromSeconds(120),
        }, network, output.WriteLine);
        var link = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(20), Phases = LinkShape.Constant(20_000_000), LossRatio = 0.05 };
        var clean = link with { LossRatio = 0 };
        await using var browser = await WanRun.LaunchChromiumOnViewerSideAsync(network);
        using var wire = network.StartWire(link, clean);
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(string.Create(CultureInfo.InvariantCulture, $"http://{WanNetwork.ServerAddress}:{server.BaseUrl.Port}/?token={Token}"));

        FecStats? last = null;
        await Poll.UntilAsync(async () => (last = await StatsAsync(page)) is { FramesDecoded: >= 30 }, "30 frames decoded through the lossy link", Deadline);
        var start = last!;
        await Task.Delay(TimeSpan.FromSeconds(12));
        var end = (await StatsAsync(page))!;
        // Keeps decoding: frames still arrive at the end of the run.
        FecStats? after = null;
        await Poll.UntilAsync(async () => (after = await StatsAsync(page)) is { } a && a.FramesDecoded >= end.FramesDecoded + 15, "15 more frames at the end", Deadline);
        var status = await server.StatusJsonAsync();
        var lostOnTheWire = wire.Down.Statistics.Snapshot().Bins.Sum(b => b.Lost);
        var context = $"start {start}\nend {end}\nafter {after}\nlost on the wire {lostOnTheWire}\n" +
            $"answer (ours):\n{end.RemoteSdp}\noffer (Chromium):\n{end.LocalSdp}\nstatus {status}\nbrowser:\n{string.Join('\n', browser.ConsoleLines.TakeLast(20))}";
        output.WriteLine(context);

        Assert.Contains("red/90000", end.RemoteSdp, StringComparison.Ordinal);
        Assert.Contains("ulpfec/90000", end.RemoteSdp, StringComparison.Ordinal);
        Assert.Matches("\"fec_packets_sent\": *[1-9]", status);
        Assert.True(lostOnTheWire > 0 && end.PacketsLost > 0, "The link lost nothing: the run tests nothing. " + context);
        Assert.True(end.RetransmittedPacketsReceived > start.RetransmittedPacketsReceived, "Chromium took no RTX resend beside RED. " + context);
        // Keeps decoding: at least 10 fps over the 12 s at 5 % loss (30 fps sent; about 3 fps while a lost FEC packet
        // held delta frames until a keyframe).
        Assert.True(end.FramesDecoded - start.FramesDecoded >= 12 * 10, "Fewer than 10 fps decoded at 5 % loss with FEC. " + context);
    }

    private static async Task<FecStats?> StatsAsync(IPage page)
    {
        var s = await page.EvaluateAsync<JsonElement?>(StatsScript);
        if (s is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty("framesDecoded", out _))
        {
            return null;
        }

        long L(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : -1;
        return new FecStats(L("framesDecoded"), L("keyFramesDecoded"), L("packetsReceived"), L("packetsLost"), L("nackCount"), L("pliCount"),
            L("fecPacketsReceived"), L("fecPacketsDiscarded"), L("retransmittedPacketsReceived"), L("freezeCount"),
            o.GetProperty("remoteSdp").GetString() ?? "", o.GetProperty("localSdp").GetString() ?? "");
    }

    private sealed record FecStats(long FramesDecoded, long KeyFramesDecoded, long PacketsReceived, long PacketsLost, long NackCount, long PliCount,
        long FecPacketsReceived, long FecPacketsDiscarded, long RetransmittedPacketsReceived, long FreezeCount, string RemoteSdp, string LocalSdp)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"frames {FramesDecoded} (key {KeyFramesDecoded}), packets {PacketsReceived} lost {PacketsLost}, nack {NackCount}, pli {PliCount}, fec {FecPacketsReceived} discarded {FecPacketsDiscarded}, rtx {RetransmittedPacketsReceived}, freezes {FreezeCount}");
    }
}

/// <summary>The FEC tests run one at a time (each builds its own namespaces, server and browser).</summary>
[CollectionDefinition(Name)]
public sealed class FecGroup
{
    public const string Name = "fec";
}
