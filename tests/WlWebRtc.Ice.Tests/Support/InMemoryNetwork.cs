using System.Net;
using WlWebRtc.Ice.Sockets;

namespace WlWebRtc.Ice.Tests.Support;

/// <summary>
/// Datagram delivery between in-memory sockets, pumped by the test (<see cref="Deliver"/>) so that runs are
/// deterministic. A socket may sit behind a "NAT": it sends from <see cref="InMemorySocket.PublicEndPoint"/>,
/// which is also where the network delivers datagrams for it.
/// </summary>
internal sealed class InMemoryNetwork
{
    private readonly List<InMemorySocket> _sockets = [];
    private readonly Queue<(InMemorySocket From, IPEndPoint Source, IPEndPoint To, byte[] Data)> _inFlight = new();

    /// <summary>Return false to drop a datagram (source, destination, bytes).</summary>
    public Func<IPEndPoint, IPEndPoint, byte[], bool> Filter { get; set; } = (_, _, _) => true;

    public List<(IPEndPoint Source, IPEndPoint To, byte[] Data)> Log { get; } = [];

    public InMemorySocket Socket(string endPoint, string? publicEndPoint = null)
    {
        var socket = new InMemorySocket(this, IPEndPoint.Parse(endPoint), publicEndPoint is null ? null : IPEndPoint.Parse(publicEndPoint));
        _sockets.Add(socket);
        return socket;
    }

    internal void Enqueue(InMemorySocket from, IPEndPoint to, byte[] data)
    {
        var source = from.PublicEndPoint ?? from.LocalEndPoint;
        Log.Add((source, to, data));
        _inFlight.Enqueue((from, source, to, data));
    }

    /// <summary>Delivers everything in flight, including what the deliveries cause.</summary>
    public void Deliver()
    {
        while (_inFlight.TryDequeue(out var d))
        {
            if (!Filter(d.Source, d.To, d.Data))
            {
                continue;
            }

            var target = _sockets.FirstOrDefault(s => (s.PublicEndPoint ?? s.LocalEndPoint).Equals(d.To));
            target?.Raise(d.Source, d.Data);
        }
    }
}

internal sealed class InMemorySocket(InMemoryNetwork network, IPEndPoint local, IPEndPoint? publicEndPoint) : IIceSocket
{
    public IPEndPoint LocalEndPoint { get; } = local;

    public IPEndPoint? PublicEndPoint { get; } = publicEndPoint;

    public event IceDatagramHandler? DatagramReceived;

    public List<byte[]> NonStun { get; } = [];

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote) => network.Enqueue(this, remote, datagram.ToArray());

    public void Raise(IPEndPoint from, byte[] data) => DatagramReceived?.Invoke(this, from, data);
}
