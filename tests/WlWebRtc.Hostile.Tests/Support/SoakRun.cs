using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// Issue 11's soak: <c>cycles</c> viewer join/leave cycles against one server while another viewer plays, in turn
/// a WHEP viewer that plays and leaves, a WebSocket viewer that plays and leaves, a WHEP session deleted or left
/// mid-handshake, and a WebSocket that offers and vanishes. The server's figures after warm-up and at the end.
/// </summary>
internal static class SoakRun
{
    private static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromSeconds(15);

    public static async Task<SoakReport> RunAsync(HostileServer server, int cycles, Action<string> log)
    {
        var (viewer, _) = await server.JoinWhepViewerAsync();
        await using var playing = viewer;
        await playing.WaitForFramesAsync(30, TimeSpan.FromSeconds(40));
        await using var churn = await PythonPeer.StartAsync();
        var warmup = Math.Max(10, cycles / 10);
        ProcessFigures? afterWarmup = null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var elapsed = Stopwatch.StartNew();
        var playingAtWarmup = await playing.StatsAsync();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            if (cycle == warmup)
            {
                await SettleAsync(server);
                afterWarmup = server.Figures;
                playingAtWarmup = await playing.StatsAsync();
                log($"after {warmup} warm-up cycles: {afterWarmup}");
            }

            var outcome = await CycleAsync(server, churn, cycle);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            if (cycle % 50 == 49)
            {
                log($"{cycle + 1} cycles, {elapsed.Elapsed.TotalSeconds:0} s: {server.Figures}; {Describe(counts)}");
            }

            server.AssertAlive();
        }

        await SettleAsync(server);
        var end = server.Figures;
        var playingEnd = await playing.StatsAsync();
        return new SoakReport(cycles, warmup, afterWarmup ?? end, end, playingEnd.MaxGapMilliseconds, playingEnd.FramesPerSecondSince(playingAtWarmup), playingEnd.Connection, Describe(counts), elapsed.Elapsed);
    }

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value}x {c.Key}"));

    /// <summary>Lets abandoned sessions reach their timeouts (and the runtime trim its heap) before figures are read.</summary>
    private static async Task SettleAsync(HostileServer server)
    {
        await Task.Delay(TimeSpan.FromSeconds(15));
        server.AssertAlive();
    }

    private static async Task<string> CycleAsync(HostileServer server, PythonPeer churn, int cycle)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (cycle % 4) switch
                {
                    0 => await WhepViewerAsync(server, churn),
                    1 => await WebSocketViewerAsync(server, churn),
                    2 => await WhepAbandonedAsync(server, churn, deleteIt: cycle % 8 == 2),
                    _ => await WebSocketAbandonedAsync(server, churn),
                };
            }
            catch (ServerFullException) when (attempt < 20)
            {
                // Abandoned sessions hold their slots until their handshake times out: come back later.
                await Task.Delay(500);
            }
        }
    }

    private static async Task<string> WhepViewerAsync(HostileServer server, PythonPeer churn)
    {
        var reply = await server.PostOfferAsync(churn.Offer);
        if (reply.Status == 503)
        {
            throw new ServerFullException();
        }

        if (reply.Status != 201)
        {
            await churn.AbortAsync();
            return $"whep {reply.Status}";
        }

        await churn.AnswerAsync(reply.Body);
        var played = await PlayedAsync(churn);
        await churn.QuitAsync(next: true);
        await server.DeleteAsync(reply.Location!);
        return played ? "whep played" : "whep no frames";
    }

    private static async Task<string> WebSocketViewerAsync(HostileServer server, PythonPeer churn)
    {
        await using var signaling = await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl);
        string answer;
        try
        {
            answer = await signaling.NegotiateAsync(HostileServer.Token, churn.Offer);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("server-full", StringComparison.Ordinal))
        {
            throw new ServerFullException();
        }

        await churn.AnswerAsync(answer);
        var played = await PlayedAsync(churn);
        await churn.QuitAsync(next: true);
        await signaling.CloseAsync();
        return played ? "ws played" : "ws no frames";
    }

    private static async Task<string> WhepAbandonedAsync(HostileServer server, PythonPeer churn, bool deleteIt)
    {
        var reply = await server.PostOfferAsync(churn.Offer);
        if (reply.Status == 503)
        {
            throw new ServerFullException();
        }

        if (reply.Status != 201)
        {
            await churn.AbortAsync();
            return $"whep {reply.Status}";
        }

        // The peer starts ICE and DTLS, then vanishes; every other time the session is also deleted under it.
        await churn.AnswerAsync(reply.Body);
        await Task.Delay(150);
        await churn.QuitAsync(next: true);
        if (deleteIt)
        {
            await server.DeleteAsync(reply.Location!);
        }

        return deleteIt ? "whep abandoned+deleted" : "whep abandoned";
    }

    private static async Task<string> WebSocketAbandonedAsync(HostileServer server, PythonPeer churn)
    {
        await using var signaling = await WebSocketSignaling.ConnectAsync(server.Process.BaseUrl);
        try
        {
            await signaling.OfferAndLeaveAsync(HostileServer.Token, churn.Offer);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("server-full", StringComparison.Ordinal))
        {
            throw new ServerFullException();
        }

        await churn.AbortAsync();
        return "ws abandoned";
    }

    private static async Task<bool> PlayedAsync(PythonPeer peer)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < FirstFrameTimeout)
        {
            var stats = await peer.StatsAsync();
            if (stats.Frames >= 1)
            {
                return true;
            }

            if (stats.Connection is "failed" or "closed")
            {
                return false;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private sealed class ServerFullException : Exception;
}

/// <summary>The soak's figures: the server after warm-up and at the end, and how the playing viewer fared.</summary>
internal sealed record SoakReport(int Cycles, int Warmup, ProcessFigures AfterWarmup, ProcessFigures End, int LongestGapMilliseconds, double PlayingFps, string PlayingConnection, string Outcomes, TimeSpan Elapsed)
{
    public double RssGrowthMegabytes => End.RssMegabytes - AfterWarmup.RssMegabytes;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        soak: {Cycles} join/leave cycles ({Warmup} warm-up) in {Elapsed.TotalSeconds:0} s: {Outcomes}
          after warm-up  {AfterWarmup}
          at the end     {End}
          server CPU     {(End.CpuSeconds - AfterWarmup.CpuSeconds) / (Cycles - Warmup):0.00} s a cycle after warm-up
          growth         RSS {RssGrowthMegabytes:+0.0;-0.0} MB, threads {End.Threads - AfterWarmup.Threads:+0;-0;0}, fds {End.FileDescriptors - AfterWarmup.FileDescriptors:+0;-0;0}, UDP sockets {End.UdpSockets - AfterWarmup.UdpSockets:+0;-0;0}
          playing viewer {PlayingFps:0.0} fps after warm-up, longest gap between decoded frames {LongestGapMilliseconds} ms, {PlayingConnection}
        """);
}
