using System.Net;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// One session's view of a shared UDP port as an <see cref="IIceSocket"/>: sends through the port, and registers
/// each STUN request's transaction id with the demultiplexer so that the response comes back to this session
/// (many sessions check from the same port, so the source address alone cannot say whose response it is).
/// Received datagrams are handed to the agent by the session, so <see cref="DatagramReceived"/> never fires.
/// </summary>
internal sealed class SharedPortIceSocket(UdpEndpoint endpoint, UdpDemultiplexer demultiplexer, IIcePacketSink sink) : IIceSocket
{
    private const int TransactionIdLength = 12;

    public UdpEndpoint Endpoint { get; } = endpoint;

    public IPEndPoint LocalEndPoint => Endpoint.LocalEndPoint;

    public event IceDatagramHandler? DatagramReceived
    {
        add { }
        remove { }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (IsRequest(datagram) && !demultiplexer.ExpectResponse(datagram.Slice(8, TransactionIdLength), sink))
        {
            return; // too many requests pending on the port: this one is lost, as UDP may lose it
        }

        if (remote.AddressFamily != Endpoint.LocalEndPoint.AddressFamily)
        {
            return; // an IPv6 socket cannot reach an IPv4 peer here (no dual-mode sockets): the pair fails
        }

        Endpoint.Send(datagram, remote.Serialize());
    }

    /// <summary>A STUN request: the two top bits zero, the magic cookie, and class bits C1 C0 = 00.</summary>
    private static bool IsRequest(ReadOnlySpan<byte> datagram) =>
        StunMessage.LooksLikeStun(datagram) && (datagram[0] & 0x01) == 0 && (datagram[1] & 0x10) == 0;
}
