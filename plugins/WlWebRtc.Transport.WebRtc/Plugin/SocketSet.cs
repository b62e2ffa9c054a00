using System.Globalization;
using System.Net;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// The sockets a session gathers candidates on, with the demultiplexer behind them. The set changes when the local
/// addresses do (<see cref="Update"/>): readers take a snapshot (<see cref="Endpoints"/>), never a live list.
/// </summary>
internal sealed class SocketSet(UdpDemultiplexer demultiplexer, IReadOnlyList<UdpEndpoint> endpoints, bool ownedBySession) : IDisposable
{
    private readonly Lock _lock = new();
    private UdpEndpoint[] _endpoints = [.. endpoints];
    private bool _disposed;

    public UdpDemultiplexer Demultiplexer { get; } = demultiplexer;

    /// <summary>The sockets now (a snapshot).</summary>
    public IReadOnlyList<UdpEndpoint> Endpoints => Volatile.Read(ref _endpoints);

    public bool OwnedBySession { get; } = ownedBySession;

    /// <summary>Addresses offered besides (or instead of) the local ones, each with the port of the local socket of its family.</summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; init; } = [];

    public bool AnnounceLocal { get; init; } = true;

    /// <summary>
    /// One host candidate per announced address, then one per socket (RFC 8445 section 5.1.2: type preference 126
    /// for host). Announced addresses get the highest local preference: when one is configured it is the address the
    /// operator means browsers to use (a public or NAT 1:1 address), and a browser elsewhere cannot reach the local ones.
    /// Datagrams sent to an announced address arrive at the local socket, so ICE needs nothing more.
    /// </summary>
    public IReadOnlyList<SdpCandidate> HostCandidates(bool includeLocal = true)
    {
        var list = new List<SdpCandidate>(AnnouncedAddresses.Count + Endpoints.Count);
        foreach (var address in AnnouncedAddresses)
        {
            var local = Endpoints.FirstOrDefault(e => e.LocalEndPoint.AddressFamily == address.AddressFamily);
            if (local is not null)
            {
                list.Add(Candidate(list.Count, address, local.LocalEndPoint.Port));
            }
        }

        if (AnnounceLocal && includeLocal)
        {
            foreach (var endpoint in Endpoints)
            {
                list.Add(Candidate(list.Count, endpoint.LocalEndPoint.Address, endpoint.LocalEndPoint.Port));
            }
        }

        return list;
    }

    /// <summary>
    /// The local addresses changed: <paramref name="added"/> sockets join the set, and the sockets on
    /// <paramref name="removed"/> addresses leave it and are returned for the caller to close (after the sessions stopped
    /// using them). A set disposed meanwhile closes <paramref name="added"/> at once when it owns its sockets.
    /// </summary>
    public IReadOnlyList<UdpEndpoint> Update(IReadOnlyList<UdpEndpoint> added, IReadOnlyList<IPAddress> removed)
    {
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        lock (_lock)
        {
            if (_disposed)
            {
                foreach (var endpoint in added)
                {
                    endpoint.Dispose();
                }

                return [];
            }

            var gone = _endpoints.Where(e => removed.Contains(e.LocalEndPoint.Address)).ToArray();
            Volatile.Write(ref _endpoints, [.. _endpoints.Except(gone), .. added]);
            return gone;
        }
    }

    public void Dispose()
    {
        if (!OwnedBySession)
        {
            return;
        }

        UdpEndpoint[] endpoints;
        lock (_lock)
        {
            _disposed = true;
            endpoints = _endpoints;
        }

        foreach (var endpoint in endpoints)
        {
            endpoint.Dispose();
        }
    }

    private static SdpCandidate Candidate(int index, IPAddress address, int port)
    {
        var localPreference = 65535 - index;
        var priority = (uint)((126 << 24) | (localPreference << 8) | 255);
        return new SdpCandidate((index + 1).ToString(CultureInfo.InvariantCulture), 1, "udp", priority, address.ToString(), port, "host", null, null, null);
    }
}
