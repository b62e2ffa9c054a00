using System.Net;

namespace WlWebRtc.Ice.Sockets;

/// <summary>A datagram arrived on <paramref name="socket"/> from <paramref name="remote"/>.</summary>
public delegate void IceDatagramHandler(IIceSocket socket, IPEndPoint remote, ReadOnlySpan<byte> datagram);

/// <summary>
/// What the ICE agent sends through: a UDP socket, a TURN relay, or an in-memory fake in tests. Send never blocks
/// and never calls back into the agent on the same stack (the agent sends while holding its lock).
/// </summary>
public interface IIceSocket
{
    /// <summary>The address this socket sends from: the host address, or the relayed address of a TURN allocation.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Every datagram that arrives; the owner hands it to <see cref="Agent.IceAgent.Receive"/> and keeps what the agent does not consume.</summary>
    event IceDatagramHandler? DatagramReceived;

    void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}
