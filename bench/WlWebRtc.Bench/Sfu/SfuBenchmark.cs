using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WlWebRtc.Testing.Janus;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Bench.Sfu;

/// <summary>
/// One server (test pattern 960x272 at 30 fps, x264 at 1 Mb/s) publishing into one Janus; for each round, N aiortc
/// subscribers through Janus (the first three read the latency barcode, the rest count decoded frames) and one direct
/// aiortc WHEP viewer reading it too. Over the measured window: the server process's CPU time per second (/proc), what
/// its egress sent per second (its own status: <c>egress.bytes_sent</c>) and what the veth towards Janus carried, the
/// server's encoded frame rate, the subscribers' frame rates, and the capture-to-decode latency through Janus and direct (the same receiver, so the
/// difference is what the SFU adds).
/// </summary>
internal static class SfuBenchmark
{
    private const int Readers = 3;

    public static async Task<int> RunAsync(IReadOnlyList<int> rounds, TimeSpan window, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000);
            var results = new List<RoundResult>();
            foreach (var count in rounds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(await MeasureAsync(rig, count, window, cancellationToken));
            }

            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(results));
            }
            else
            {
                await output.WriteLineAsync("subscribers  server CPU s/s  egress kB/s  veth kB/s  encode fps  subscriber fps (min/median)  latency ms via Janus / direct / added");
                foreach (var r in results)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Subscribers,11}  {r.ServerCpuSecondsPerSecond,14:0.000}  {r.EgressBytesPerSecond / 1000,11:0.0}  {r.VethBytesPerSecond / 1000,9:0.0}  {r.ServerEncodeFps,10:0.0}  {r.MinFps,13:0.0} / {r.MedianFps,-13:0.0}  {r.LatencyViaSfuMs,8:0.0} / {r.LatencyDirectMs:0.0} / {r.AddedBySfuMs:0.0}"));
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or TimeoutException or HttpRequestException or Xunit.Sdk.XunitException)
        {
            await output.WriteLineAsync("bench sfu: " + ex.Message);
            return 1;
        }
    }

    private static async Task<RoundResult> MeasureAsync(SfuRig rig, int count, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var subscribers = await AiortcSubscribers.StartAsync(rig.FrontEnd.Address, rig.Janus.HostAddress, count, Math.Min(count, Readers), rig.Server.WhepUrl, rig.Server.Token, TimeSpan.FromSeconds(60 + (2 * count)));
        // The joins' keyframes (each subscriber's PLI) are over before the window starts.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        await subscribers.StatsAsync();
        var pid = rig.Server.ProcessId;
        var cpu0 = ProcessFigures.CpuSecondsOf(pid);
        var egress0 = (await rig.EgressAsync())!["bytes_sent"]!.GetValue<long>();
        var veth0 = rig.HostInterfaceBytesSent();
        var clock = Stopwatch.StartNew();
        var before = await subscribers.StatsAsync();
        await Task.Delay(window, cancellationToken);
        var after = await subscribers.StopAsync();
        var cpu1 = ProcessFigures.CpuSecondsOf(pid);
        var egress1 = (await rig.EgressAsync())!["bytes_sent"]!.GetValue<long>();
        var veth1 = rig.HostInterfaceBytesSent();
        var seconds = clock.Elapsed.TotalSeconds;
        var encodeFps = (await rig.StatusAsync())["encode_fps"]!.GetValue<double>();

        var fps = after.Subscribers.Zip(before.Subscribers, (a, b) => (a.Frames - b.Frames) / seconds).Order().ToArray();
        var viaSfu = after.Subscribers.Where(s => s.LatencyMedianMs is not null).Select(s => s.LatencyMedianMs!.Value).Order().ToArray();
        var direct = after.Direct?.LatencyMedianMs ?? double.NaN;
        var sfuMedian = viaSfu.Length == 0 ? double.NaN : viaSfu[viaSfu.Length / 2];
        return new RoundResult(count, (cpu1 - cpu0) / seconds, (egress1 - egress0) / seconds, (veth1 - veth0) / seconds,
            encodeFps, fps[0], fps[fps.Length / 2], sfuMedian, direct, sfuMedian - direct);
    }

    private sealed record RoundResult(
        int Subscribers, double ServerCpuSecondsPerSecond, double EgressBytesPerSecond, double VethBytesPerSecond,
        double ServerEncodeFps, double MinFps, double MedianFps, double LatencyViaSfuMs, double LatencyDirectMs, double AddedBySfuMs);
}
