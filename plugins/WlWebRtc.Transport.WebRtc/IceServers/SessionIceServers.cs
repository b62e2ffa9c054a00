using WlWebRtc.Ice.Turn;

namespace WlWebRtc.Transport.WebRtc.IceServers;

/// <summary>
/// The transport's STUN/TURN servers plus a session's own (<see cref="PeerSessionOptions.IceServers"/>, e.g. from a WHIP
/// endpoint's Link headers). URLs the agent cannot use (a malformed one, a TURN server without credentials) are left
/// out: they came from a peer, so they must not fail the session.
/// </summary>
internal static class SessionIceServers
{
    /// <summary>Most servers a session takes from its options (each costs a gathering request or an allocation).</summary>
    public const int MaxServers = 8;

    public static IceServerSettings Merge(IceServerSettings transport, IReadOnlyList<IceServer> session)
    {
        if (session.Count == 0)
        {
            return transport;
        }

        var stun = new List<StunServerUri>(transport.StunServers);
        var turn = new List<TurnServerOptions>();
        foreach (var server in session)
        {
            foreach (var url in server.Urls)
            {
                if (stun.Count + turn.Count - transport.StunServers.Count >= MaxServers)
                {
                    break;
                }

                if (StunServerUri.TryParse(url, out var uri, out _))
                {
                    stun.Add(uri!);
                }
                else if (server.Username is { } username && server.Credential is { } credential && TryTurn(url, username, credential) is { } options)
                {
                    turn.Add(options);
                }
            }
        }

        return transport with { StunServers = stun, SessionTurnServers = turn };
    }

    private static TurnServerOptions? TryTurn(string url, string username, string credential)
    {
        try
        {
            return TurnServerOptions.FromUri(url, username, credential);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
