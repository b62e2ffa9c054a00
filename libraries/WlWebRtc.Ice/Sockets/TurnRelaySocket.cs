using System.Net;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Turn;

namespace WlWebRtc.Ice.Sockets;

/// <summary>
/// An allocated <see cref="TurnClient"/> seen as an ICE socket: sends from the relayed address. The first datagram
/// to a new peer address asks the server for a permission (and then a channel) in the background; datagrams sent
/// before it is granted may be dropped by the server, which ICE's retransmissions cover.
/// </summary>
public sealed class TurnRelaySocket : IIceSocket
{
    private readonly TurnClient _client;
    private readonly Lock _lock = new();
    private readonly HashSet<IPEndPoint> _requested = [];

    public TurnRelaySocket(TurnClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        LocalEndPoint = client.Allocation?.Relayed ?? throw new InvalidOperationException("Allocate before using the TURN client as an ICE socket.");
        client.DataReceived += (from, data) => DatagramReceived?.Invoke(this, from, data.Span);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Bind a channel for each peer (4 bytes of overhead instead of 36 per datagram).</summary>
    public bool UseChannels { get; init; } = true;

    public event IceDatagramHandler? DatagramReceived;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        remote = StunAddress.Normalize(remote);
        bool first;
        lock (_lock)
        {
            first = _requested.Add(remote);
        }

        if (first)
        {
            _ = InstallAsync(remote);
        }

        _client.Send(remote, datagram);
    }

    private async Task InstallAsync(IPEndPoint remote)
    {
        try
        {
            if (UseChannels)
            {
                await _client.BindChannelAsync(remote);
            }
            else
            {
                await _client.CreatePermissionAsync([remote.Address]);
            }
        }
        catch (Exception e) when (e is StunTimeoutException or StunErrorResponseException or StunParseException or ObjectDisposedException or InvalidOperationException)
        {
            lock (_lock)
            {
                _requested.Remove(remote); // try again with the next datagram
            }
        }
    }
}
