using System.Collections.Concurrent;
using System.Net;
using WlWebRtc.Transport.WebRtc.Stun;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// Routes datagrams arriving on shared UDP sockets to peer sessions: first by the local ufrag in a STUN
/// binding request's USERNAME, then, once a request was authentic, by the 5-tuple. The first byte picks
/// the protocol (RFC 7983). Nothing here throws on bad input: unusable packets are counted and dropped.
/// </summary>
internal sealed class UdpDemultiplexer
{
    private readonly ConcurrentDictionary<string, IIcePacketSink> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TupleKey, IIcePacketSink> _byTuple = new();
    private long _dropped;

    /// <summary>Datagrams that could not be attributed to any session (unknown source, garbage, bad STUN).</summary>
    public long UnattributedDropped => Interlocked.Read(ref _dropped);

    public int TupleCount => _byTuple.Count;

    public void Register(string localUfrag, IIcePacketSink sink)
    {
        if (!_byUfrag.TryAdd(localUfrag, sink))
        {
            throw new InvalidOperationException($"The ICE ufrag '{localUfrag}' is already registered.");
        }
    }

    public void Unregister(string localUfrag, IIcePacketSink sink)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IIcePacketSink>(localUfrag, sink));
        foreach (var pair in _byTuple)
        {
            if (ReferenceEquals(pair.Value, sink))
            {
                _byTuple.TryRemove(pair);
            }
        }
    }

    /// <summary>Forgets one 5-tuple of <paramref name="sink"/> (its ICE agent evicted or expired that remote candidate).</summary>
    public void Unbind(IDatagramSender local, SocketAddress remote, IIcePacketSink sink) =>
        _byTuple.TryRemove(new KeyValuePair<TupleKey, IIcePacketSink>(new TupleKey(local, remote), sink));

    /// <summary>The entry point for every received datagram.</summary>
    public void Dispatch(IDatagramSender local, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (datagram.IsEmpty)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var first = datagram[0];
        _byTuple.TryGetValue(new TupleKey(local, remote), out var known);
        if (first < 4)
        {
            DispatchStun(local, datagram, remote, known);
        }
        else if (first is >= 20 and <= 63 && known is not null)
        {
            known.OnDtls(local, remote, datagram);
        }
        else if (first is >= 128 and <= 191 && known is not null)
        {
            known.OnRtp(local, remote, datagram);
        }
        else if (known is not null)
        {
            known.OnDropped();
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void DispatchStun(IDatagramSender local, ReadOnlySpan<byte> datagram, SocketAddress remote, IIcePacketSink? known)
    {
        if (!StunMessage.TryParse(datagram, out var message) || message!.Type != StunMessageType.BindingRequest)
        {
            // Responses and indications are not expected by a lite agent; malformed messages neither.
            Drop(known);
            return;
        }

        var username = message.Username;
        var colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !_byUfrag.TryGetValue(username![..colon], out var sink))
        {
            Drop(known);
            return;
        }

        if (sink.OnBindingRequest(local, remote, message))
        {
            var key = new TupleKey(local, remote);
            if (!_byTuple.TryGetValue(key, out var bound) || !ReferenceEquals(bound, sink))
            {
                // A copy: the caller reuses its SocketAddress for the next datagram.
                var copy = new SocketAddress(remote.Family, remote.Size);
                remote.Buffer.CopyTo(copy.Buffer);
                _byTuple[new TupleKey(local, copy)] = sink;
            }
        }
    }

    private void Drop(IIcePacketSink? known)
    {
        if (known is not null)
        {
            known.OnDropped();
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private readonly record struct TupleKey(IDatagramSender Local, SocketAddress Remote);
}
