using System.Net;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>A local UDP socket that can send to a remote address (the local half of a 5-tuple).</summary>
internal interface IDatagramSender
{
    /// <summary>The socket's local end point.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram; never throws for network errors (they are counted and logged by the socket).</summary>
    void Send(ReadOnlySpan<byte> datagram, SocketAddress remote);
}
