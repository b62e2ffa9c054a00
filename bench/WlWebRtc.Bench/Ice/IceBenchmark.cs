using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Server;
using WlWebRtc.Testing.Turn;

namespace WlWebRtc.Bench.Ice;

/// <summary>
/// For each path: the built server (test pattern 960x540 at 30 fps, x264) where that path needs it (loopback, or
/// behind a <see cref="NatTopology"/> with coturn on the public side), then <c>runs</c> WHEP viewers in headless
/// Chromium one after another; each reports the time from its createOffer to the first frame it rendered (gathering,
/// signaling, ICE, DTLS, the first keyframe and its decode included).
/// </summary>
internal static class IceBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, int runs, CpuMeasurement cpu, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            // coturn's TLS certificate is self-signed (relay-tls): Chromium gathers no relayed candidate from a turns:
            // server it does not trust.
            await using var browser = await HeadlessChromium.LaunchAsync(extraFlags: ["--ignore-certificate-errors"]);
            var results = new List<PathResult>();
            foreach (var path in paths)
            {
                results.Add(await MeasureAsync(path, runs, cpu, browser, cancellationToken));
            }

            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(results));
            }
            else
            {
                await output.WriteLineAsync("path        runs  first frame ms (median, min, max)  server CPU %: 1 viewer, per extra viewer  selected pair (viewer local/remote)");
                foreach (var r in results)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Path,-11} {r.FirstFrameMs.Count,4}  {Median(r.FirstFrameMs),8:0} {r.FirstFrameMs.Min(),8:0} {r.FirstFrameMs.Max(),8:0}        {r.CpuOneViewerPercent,8:0.0} {r.CpuPerExtraViewerPercent,8:0.0}                 {r.Pair}"));
                }

                if (cpu.Seconds > 0)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"CPU: the server process's CPU time over {cpu.Seconds} s with 1 viewer, and (with {cpu.Viewers} viewers - with 1) / {cpu.Viewers - 1}; 100 % = one core. Capture and encoding are shared, so the per-viewer figure is the cost of one more viewer on that path."));
                }
            }

            return 0;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or TimeoutException or PlaywrightException or HttpRequestException)
        {
            await output.WriteLineAsync("bench ice: " + ex.Message);
            return 1;
        }
    }

    private static async Task<PathResult> MeasureAsync(string path, int runs, CpuMeasurement cpu, HeadlessChromium browser, CancellationToken cancellationToken)
    {
        var nat = path == IcePath.Host ? null : await NatTopology.CreateAsync();
        try
        {
            await using var coturn = nat is null ? null : await CoturnServer.StartAsync(null, IPAddress.Parse(nat.PublicGateway));
            var turnUri = coturn is null ? null
                : path == IcePath.RelayTls ? $"turns:{nat!.PublicGateway}:{coturn.TlsPort}"
                : $"turn:{nat!.PublicGateway}:{coturn.Port}?transport={(path == IcePath.RelayTcp ? "tcp" : "udp")}";
            var transport = path switch
            {
                IcePath.Host => "interfaces = [\"127.0.0.1\"]",
                IcePath.ServerReflexive => $"interfaces = [\"{NatTopology.ServerAddress}\"]\nstun_servers = [\"stun:{nat!.PublicGateway}:{coturn!.Port}\"]",
                _ => $"interfaces = [\"{NatTopology.ServerAddress}\"]\nturn_servers = [\"{turnUri}\"]\nturn_username = \"{CoturnServer.Username}\"\nturn_credential = \"{CoturnServer.Password}\"\nturn_tls_ca_file = \"{coturn!.CertificatePath}\"",
            };
            object configuration = IcePath.IsRelay(path)
                ? new { iceServers = new[] { new { urls = turnUri, username = CoturnServer.Username, credential = CoturnServer.Password } }, iceTransportPolicy = "relay" }
                : new { iceServers = Array.Empty<object>() };
            await using var server = await StartServerAsync(nat, transport);
            var times = new List<double>();
            var pair = "";
            for (var i = 0; i < runs; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var viewer = await WhepViewer.OpenAsync(browser);
                await viewer.ConnectAsync(server.WhepUrl, server.Token, configuration);
                WhepViewerStats stats;
                try
                {
                    stats = await viewer.WaitForFramesAsync(1, TimeSpan.FromSeconds(60));
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"path {path}, viewer {i + 1} of {runs}: {e.Message}\nserver:\n{server.Output}", e);
                }

                times.Add(stats.FirstFrameMilliseconds!.Value);
                pair = $"{stats.LocalType}/{stats.RemoteType} {stats.RemoteProtocol} {stats.RemoteAddress}";
            }

            var (one, perExtra) = cpu.Seconds > 0 ? await MeasureCpuAsync(server, configuration, cpu, browser, cancellationToken) : (0, 0);
            return new PathResult(path, times, pair, one, perExtra);
        }
        finally
        {
            if (nat is not null)
            {
                await nat.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The server's CPU (percent of one core, from its process CPU time) over <see cref="CpuMeasurement.Seconds"/>
    /// with one viewer playing, then with <see cref="CpuMeasurement.Viewers"/>: the first, and the difference per extra viewer.
    /// </summary>
    private static async Task<(double One, double PerExtra)> MeasureCpuAsync(ServerProcess server, object configuration, CpuMeasurement cpu, HeadlessChromium browser, CancellationToken cancellationToken)
    {
        var viewers = new List<WhepViewer>();
        try
        {
            viewers.Add(await PlayingViewerAsync(server, configuration, browser));
            var one = await CpuPercentAsync(server.ProcessId, cpu.Seconds, cancellationToken);
            for (var i = 1; i < cpu.Viewers; i++)
            {
                viewers.Add(await PlayingViewerAsync(server, configuration, browser));
            }

            var all = await CpuPercentAsync(server.ProcessId, cpu.Seconds, cancellationToken);
            return (one, (all - one) / (cpu.Viewers - 1));
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }
        }
    }

    private static async Task<WhepViewer> PlayingViewerAsync(ServerProcess server, object configuration, HeadlessChromium browser)
    {
        var viewer = await WhepViewer.OpenAsync(browser);
        await viewer.ConnectAsync(server.WhepUrl, server.Token, configuration);
        await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(60));
        return viewer;
    }

    private static async Task<double> CpuPercentAsync(int processId, int seconds, CancellationToken cancellationToken)
    {
        using var process = System.Diagnostics.Process.GetProcessById(processId);
        var before = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
    }

    private static async Task<ServerProcess> StartServerAsync(NatTopology? nat, string transportConfig)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var config = $"""
            [capture.testpattern]
            width = 960
            height = 540
            fps = 30

            [transport.webrtc]
            ipv6 = false
            # the WHEP viewer posts one offer and reads one answer (no PATCH), so every candidate must be in the answer
            trickle = false
            {transportConfig}
            """;
        var launch = new ServerLaunch("testpattern", token, config) { StartTimeout = TimeSpan.FromSeconds(90) };
        if (nat is not null)
        {
            var port = FreePorts.Tcp();
            nat.Forward("tcp", port);
            launch = launch with { CommandPrefix = nat.ServerCommandPrefix, Port = port, ListenAddress = "0.0.0.0", ReachableHost = nat.PublicAddress };
        }

        return await ServerProcess.StartAsync(launch);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record PathResult(string Path, IReadOnlyList<double> FirstFrameMs, string Pair, double CpuOneViewerPercent, double CpuPerExtraViewerPercent);
}

/// <summary>How the server's CPU per viewer is measured: <see cref="Seconds"/> per sample (0: not measured), with 1 and with <see cref="Viewers"/> viewers.</summary>
internal sealed record CpuMeasurement(int Seconds, int Viewers);
