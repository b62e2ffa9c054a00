using System.Net;
using WlWebRtc.Ice.Sockets;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>A TURN allocation seen as the local half of a 5-tuple, so the session's selected-pair checks work on relayed pairs.</summary>
internal sealed class RelaySender(TurnRelaySocket relay) : IDatagramSender
{
    public TurnRelaySocket Relay { get; } = relay;

    public IPEndPoint LocalEndPoint => Relay.LocalEndPoint;

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        var endPoint = (IPEndPoint)new IPEndPoint(remote.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(remote);
        Relay.Send(datagram, endPoint);
    }
}
