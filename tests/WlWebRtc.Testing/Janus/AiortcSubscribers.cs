using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WlWebRtc.Testing.Janus;

/// <summary>
/// Subscribers to the SFU on aiortc, all in one Python process (<c>Janus/sfu_subscribers.py</c>): each subscribes through a
/// <see cref="JanusWhipFrontEnd"/> and decodes H.264; the first <c>decode</c> of them read the test pattern's latency
/// barcode, and an optional direct WHEP viewer reads it beside them. <see cref="StartAsync"/> returns once every receiver
/// decoded a frame; <see cref="StopAsync"/> returns what each received since then.
/// </summary>
public sealed class AiortcSubscribers : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private AiortcSubscribers(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// One receiver's figures since the ready line: frames decoded, barcodes read, whether their capture times never went
    /// backwards, how many different capture times they carried, the median capture-to-decode latency.
    /// </summary>
    public sealed record Figures(string Name, int Frames, double FramesPerSecond, int Barcodes, bool InOrder, int DistinctTimes, double? LatencyMedianMs, string State);

    /// <summary>
    /// Starts <paramref name="count"/> subscribers with host candidates on <paramref name="localAddress"/> only (e.g. <see cref="JanusServer.HostAddress"/>) (<paramref name="decode"/> of them read barcodes) and, with
    /// <paramref name="whepUrl"/>, a direct WHEP viewer; returns when all decoded a frame (within <paramref name="connectTimeout"/>).
    /// </summary>
    public static async Task<AiortcSubscribers> StartAsync(Uri frontEnd, System.Net.IPAddress localAddress, int count, int decode, Uri? whepUrl, string? token, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(frontEnd);
        ArgumentNullException.ThrowIfNull(localAddress);
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing (Debian python3 with python3-aiortc: scripts/install-deps.sh test)");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Janus", "sfu_subscribers.py"));
        start.ArgumentList.Add(frontEnd.ToString());
        start.ArgumentList.Add("--address");
        start.ArgumentList.Add(localAddress.ToString());
        start.ArgumentList.Add("--count");
        start.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--decode");
        start.ArgumentList.Add(decode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--connect-seconds");
        start.ArgumentList.Add(((int)connectTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (whepUrl is not null)
        {
            start.ArgumentList.Add("--whep");
            start.ArgumentList.Add(whepUrl.ToString());
            start.ArgumentList.Add("--token");
            start.ArgumentList.Add(token ?? string.Empty);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var subscribers = new AiortcSubscribers(process);
        try
        {
            var ready = await subscribers.ReadEventAsync(connectTimeout + TimeSpan.FromSeconds(30));
            if (ready["event"]?.GetValue<string>() != "ready")
            {
                throw new InvalidOperationException("aiortc subscribers: " + ready.ToJsonString());
            }

            return subscribers;
        }
        catch
        {
            await subscribers.DisposeAsync();
            throw;
        }
    }

    /// <summary>The figures so far: each subscriber's and the direct viewer's (null without one).</summary>
    public Task<(IReadOnlyList<Figures> Subscribers, Figures? Direct)> StatsAsync() => AskAsync("stats");

    /// <summary>Ends the count: each subscriber's figures and the direct viewer's (null without one).</summary>
    public Task<(IReadOnlyList<Figures> Subscribers, Figures? Direct)> StopAsync() => AskAsync("stop");

    private async Task<(IReadOnlyList<Figures> Subscribers, Figures? Direct)> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var answer = await ReadEventAsync(TimeSpan.FromSeconds(60));
        if (answer["event"]?.GetValue<string>() != (command == "stats" ? "stats" : "done"))
        {
            throw new InvalidOperationException("aiortc subscribers: " + answer.ToJsonString());
        }

        var list = answer["subscribers"]!.AsArray().Select(n => Parse(n!.AsObject())).ToList();
        return (list, answer["direct"] is JsonObject direct ? Parse(direct) : null);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (TimeoutException)
        {
            // Left to the OS; the test reports its own failure.
        }

        _process.Dispose();
    }

    private async Task<JsonObject> ReadEventAsync(TimeSpan timeout)
    {
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the aiortc subscribers said nothing for {timeout.TotalSeconds:0} s");
        }

        if (line is null)
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            throw new InvalidOperationException("the aiortc subscribers exited: " + Tail(await _stderr));
        }

        try
        {
            return JsonNode.Parse(line)!.AsObject();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException("the aiortc subscribers wrote: " + line);
        }
    }

    private static Figures Parse(JsonObject o) => new(
        o["name"]!.GetValue<string>(),
        o["frames"]!.GetValue<int>(),
        o["fps"]!.GetValue<double>(),
        o["barcodes"]!.GetValue<int>(),
        o["in_order"]!.GetValue<bool>(),
        o["distinct_times"]!.GetValue<int>(),
        o["latency_median_ms"]?.GetValue<double>(),
        o["state"]!.GetValue<string>());

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
