using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;

namespace WlWebRtc.Bench.Wan;

/// <summary>
/// The reference sender issue 14 compares against: aiortc (Debian python3-aiortc 1.4) with x264 through PyAV, sending
/// the same sway desktop captured through the same ScreenCast portal (Reference/aiortc_sender.py), answering the same
/// WHEP page, through the same emulator profile, on the server side of the wire as our server. What differs from our
/// server: aiortc's own capture path (gst-launch pipewiresrc → I420), its x264 settings (baseline, zerolatency, its
/// own rate control that follows REMB between 0.5 and 3 Mb/s), and full ICE.
/// </summary>
internal static class ReferenceSender
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);

    private const string Token = "wan-reference-token";

    /// <summary>SIGTERM first (the script stops its stream and closes its portal session), then a kill.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            NetworkNamespace.Run(["kill", "-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(GracefulStop);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public static async Task<WanRunResult> RunAsync(HeadlessDesktop desktop, WanNetwork network, WanProfile profile, CancellationToken cancellationToken)
    {
        var httpPort = FreePorts.Tcp();
        var script = Path.Combine(AppContext.BaseDirectory, "Wan", "Reference", "aiortc_sender.py");
        var start = new ProcessStartInfo(network.ServerCommandPrefix[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in network.ServerCommandPrefix.Skip(1).Concat(["/usr/bin/python3", script, "--host", WanNetwork.ServerAddress, "--port", httpPort.ToString(CultureInfo.InvariantCulture), "--token", Token, "--size", $"{desktop.OutputSize.Width}x{desktop.OutputSize.Height}"]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in desktop.Environment)
        {
            start.Environment[name] = value;
        }

        var output = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(() => output.Contains("READY") || process.HasExited, "the aiortc reference sender is ready", TimeSpan.FromSeconds(60));
            if (process.HasExited)
            {
                throw new InvalidOperationException("The aiortc reference sender exited:\n" + string.Join('\n', output));
            }

            var result = await WanRun.PlayAsync(profile, network, WanRun.WhepAcrossTheWire(httpPort), Token, cancellationToken);
            if (!result.Trace.Ok || result.Metrics.Frames == 0)
            {
                await Console.Error.WriteLineAsync($"wan: reference {profile.Name}: {result.Trace.Error}\n{result.BrowserConsole}\n{string.Join('\n', output.TakeLast(40))}");
            }

            return result;
        }
        finally
        {
            await StopAsync(process);
        }
    }
}
