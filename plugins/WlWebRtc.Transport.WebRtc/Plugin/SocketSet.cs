using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>The sockets a session gathers candidates on, with the demultiplexer behind them.</summary>
internal sealed class SocketSet(UdpDemultiplexer demultiplexer, IReadOnlyList<UdpEndpoint> endpoints, bool ownedBySession) : IDisposable
{
    public UdpDemultiplexer Demultiplexer { get; } = demultiplexer;

    public IReadOnlyList<UdpEndpoint> Endpoints { get; } = endpoints;

    public bool OwnedBySession { get; } = ownedBySession;

    /// <summary>One host candidate per socket (RFC 8445 section 5.1.2: type preference 126 for host).</summary>
    public IReadOnlyList<SdpCandidate> HostCandidates()
    {
        var list = new List<SdpCandidate>(Endpoints.Count);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var ep = Endpoints[i].LocalEndPoint;
            var localPreference = 65535 - i;
            var priority = (uint)((126 << 24) | (localPreference << 8) | 255);
            list.Add(new SdpCandidate((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, "udp", priority, ep.Address.ToString(), ep.Port, "host", null, null, null));
        }

        return list;
    }

    public void Dispose()
    {
        if (!OwnedBySession)
        {
            return;
        }

        foreach (var endpoint in Endpoints)
        {
            endpoint.Dispose();
        }
    }
}
