using System.Diagnostics;
using System.Text.Json.Nodes;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// One aiortc peer (Peers/hostile_peer.py): it offers, applies the answer it is given, decodes the video, and on
/// command floods RTCP or SCTP. Disposing kills it if it still runs.
/// </summary>
internal sealed class PythonPeer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private PythonPeer(Process process, string offer)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
        Offer = offer;
    }

    /// <summary>The current viewer's offer (recvonly video, a data channel).</summary>
    public string Offer { get; private set; }

    public static async Task<PythonPeer> StartAsync()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing (Debian python3 with python3-aiortc, see scripts/install-deps.sh)");
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "hostile_peer.py");
        var process = Process.Start(new ProcessStartInfo(Python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(ReplyTimeout);
        if (line is null)
        {
            var error = await process.StandardError.ReadToEndAsync();
            process.Dispose();
            throw new InvalidOperationException("aiortc exited before offering: " + error);
        }

        return new PythonPeer(process, JsonNode.Parse(line)!["offer"]!.GetValue<string>());
    }

    /// <summary>Hands the peer the server's answer; false (with aiortc's reason) when aiortc refuses to apply it.</summary>
    public async Task<(bool Applied, string? Error)> AnswerAsync(string answer)
    {
        var reply = await SendAsync(new JsonObject { ["answer"] = answer });
        var applied = reply["applied"]!.GetValue<bool>();
        if (!applied)
        {
            await NextOfferAsync();
        }

        return (applied, reply["error"]?.GetValue<string>());
    }

    public Task<PeerStats> StatsAsync() => CommandAsync(new JsonObject { ["cmd"] = "stats" });

    /// <summary>Sends <paramref name="count"/> PLIs at <paramref name="perSecond"/>; returns when done.</summary>
    public Task<PeerStats> FloodPliAsync(int count, double perSecond) => CommandAsync(new JsonObject { ["cmd"] = "pli", ["count"] = count, ["per_second"] = perSecond });

    /// <summary>Sends <paramref name="count"/> NACKs, each for the last 256 packets received.</summary>
    public Task<PeerStats> FloodNackAsync(int count, double perSecond) => CommandAsync(new JsonObject { ["cmd"] = "nack", ["count"] = count, ["per_second"] = perSecond });

    /// <summary>Messages that never end on <paramref name="streams"/> SCTP streams, <paramref name="megabytes"/> in all.</summary>
    public Task<PeerStats> FloodSctpAsync(int streams, double megabytes, double megabytesPerSecond) =>
        CommandAsync(new JsonObject { ["cmd"] = "sctp", ["streams"] = streams, ["megabytes"] = megabytes, ["per_second_mb"] = megabytesPerSecond });

    /// <summary>Polls until the peer decoded <paramref name="frames"/> frames in all.</summary>
    public async Task<PeerStats> WaitForFramesAsync(int frames, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        PeerStats stats;
        do
        {
            stats = await StatsAsync();
            if (stats.Frames >= frames)
            {
                return stats;
            }

            await Task.Delay(250);
        }
        while (deadline.Elapsed < timeout);
        throw new TimeoutException($"the aiortc viewer decoded {stats.Frames} of {frames} frames in {timeout.TotalSeconds} s ({stats}); stderr: {Tail(await StderrSoFarAsync())}");
    }

    /// <summary>Ends the current viewer (its stats); with <paramref name="next"/>, takes the next viewer's offer.</summary>
    public async Task<PeerStats> QuitAsync(bool next = false)
    {
        var stats = await CommandAsync(new JsonObject { ["cmd"] = "quit" });
        if (next)
        {
            await NextOfferAsync();
        }

        return stats;
    }

    /// <summary>Tells the peer its offer was refused; a new viewer then offers.</summary>
    public async Task AbortAsync()
    {
        await _process.StandardInput.WriteLineAsync(new JsonObject { ["abort"] = true }.ToJsonString());
        await _process.StandardInput.FlushAsync();
        await NextOfferAsync();
    }

    /// <summary>After a quit, an abort or a refused answer: takes the next viewer's offer.</summary>
    public async Task NextOfferAsync()
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(ReplyTimeout)
            ?? throw new InvalidOperationException("aiortc exited: " + Tail(await StderrSoFarAsync()));
        Offer = JsonNode.Parse(line)!["offer"]!.GetValue<string>();
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
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    private async Task<PeerStats> CommandAsync(JsonObject command)
    {
        var reply = await SendAsync(command, command["cmd"]?.GetValue<string>() is "stats" or "quit" ? ReplyTimeout : TimeSpan.FromMinutes(3));
        return PeerStats.From(reply["stats"]!.AsObject());
    }

    private async Task<JsonNode> SendAsync(JsonObject message, TimeSpan? timeout = null)
    {
        await _process.StandardInput.WriteLineAsync(message.ToJsonString());
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout ?? ReplyTimeout);
        return line is null
            ? throw new InvalidOperationException("aiortc exited: " + Tail(await StderrSoFarAsync()))
            : JsonNode.Parse(line)!;
    }

    private async Task<string> StderrSoFarAsync() => _process.HasExited ? await _stderr : "(still running)";

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}

/// <summary>What the aiortc peer saw so far.</summary>
internal sealed record PeerStats(int Frames, int MaxGapMilliseconds, string Connection, long BytesReceived, double Time, bool ChannelOpen, int SentRtcp, long SentSctpBytes, string Errors)
{
    public static PeerStats From(JsonObject s) => new(
        s["frames"]!.GetValue<int>(),
        s["max_gap_ms"]!.GetValue<int>(),
        s["connection"]!.GetValue<string>(),
        s["bytes_received"]!.GetValue<long>(),
        s["t"]!.GetValue<double>(),
        s["channel_open"]!.GetValue<bool>(),
        s["sent_rtcp"]!.GetValue<int>(),
        s["sent_sctp_bytes"]!.GetValue<long>(),
        s["errors"]!.ToJsonString());

    /// <summary>Frames per second decoded between <paramref name="earlier"/> and this.</summary>
    public double FramesPerSecondSince(PeerStats earlier) => (Frames - earlier.Frames) / Math.Max(Time - earlier.Time, 0.001);

    /// <summary>Bytes per second received between <paramref name="earlier"/> and this.</summary>
    public double BytesPerSecondSince(PeerStats earlier) => (BytesReceived - earlier.BytesReceived) / Math.Max(Time - earlier.Time, 0.001);
}
