using System.Collections.Concurrent;
using System.Net;
using WlWebRtc.Transport.WebRtc.Ice;

namespace WlWebRtc.WebRtc.Tests.Infrastructure;

/// <summary>An <see cref="IDatagramSender"/> that records what would have been sent.</summary>
internal sealed class FakeSocket : IDatagramSender
{
    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 40000);

    public ConcurrentQueue<byte[]> Sent { get; } = new();

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote) => Sent.Enqueue(datagram.ToArray());

    public static SocketAddress Address(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();
}
