using System.Diagnostics;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// Drives one munged offer all the way: POST /whep, and on 201 the peer applies the answer (its extension ids put back,
/// so that it goes on), runs ICE and DTLS and decodes for a while, then the session is deleted.
/// </summary>
internal static class NegotiationDrive
{
    public static async Task<NegotiationOutcome> RunAsync(HostileServer server, PythonPeer peer, Func<string, string> munge, TimeSpan mediaWindow, int wantedFrames = 5)
    {
        var original = peer.Offer;
        var offer = munge(original);
        var reply = await server.PostOfferAsync(offer);
        if (reply.Status != 201)
        {
            await peer.AbortAsync();
            return new NegotiationOutcome(reply.Status, reply.Body, Applied: false, ApplyError: null, Frames: 0, Connection: "none");
        }

        var (applied, error) = await peer.AnswerAsync(SdpEdits.RestoreExtensionIds(reply.Body, original));
        var stats = applied ? await WaitForMediaAsync(peer, mediaWindow, wantedFrames) : null;
        if (applied)
        {
            await peer.QuitAsync(next: true);
        }

        int deleted;
        try
        {
            deleted = await server.DeleteAsync(reply.Location!);
        }
        catch (HttpRequestException)
        {
            // Refused: most likely the process died under the session; say so with its exit code and log.
            await Task.Delay(500);
            server.AssertAlive();
            throw;
        }

        return new NegotiationOutcome(reply.Status, reply.Body, applied, error, stats?.Frames ?? 0, stats?.Connection ?? "none") { Deleted = deleted };
    }

    private static async Task<PeerStats> WaitForMediaAsync(PythonPeer peer, TimeSpan window, int wantedFrames)
    {
        var elapsed = Stopwatch.StartNew();
        PeerStats stats;
        do
        {
            await Task.Delay(200);
            stats = await peer.StatsAsync();
        }
        while (elapsed.Elapsed < window && stats.Frames < wantedFrames && stats.Connection is not ("failed" or "closed"));
        return stats;
    }
}

/// <summary>What became of one offer: the server's status and reason, and what the peer saw.</summary>
internal sealed record NegotiationOutcome(int Status, string Body, bool Applied, string? ApplyError, int Frames, string Connection)
{
    public int Deleted { get; init; }

    public override string ToString() =>
        Status == 201 ? $"201, answer {(Applied ? "applied" : "refused by aiortc: " + ApplyError)}, connection {Connection}, {Frames} frames, DELETE {Deleted}"
            : $"{Status} {Body.ReplaceLineEndings(" ")}";
}
