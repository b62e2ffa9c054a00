using System.Collections.Concurrent;
using System.Net;
using System.Buffers.Binary;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// Routes datagrams arriving on shared UDP sockets to peer sessions: first by the local ufrag in a STUN
/// binding request's USERNAME, then, once a request was authentic, by the 5-tuple. STUN responses go to the
/// session that sent the request (full ICE: connectivity checks and server-reflexive gathering on the shared
/// port), found by transaction id, which only our own sends register. The first byte picks the protocol
/// (RFC 7983). Nothing here throws on bad input: unusable packets are counted and dropped.
/// </summary>
internal sealed class UdpDemultiplexer
{
    /// <summary>Requests awaiting a response, over all sessions (each full agent keeps at most 100 pairs in check).</summary>
    public const int MaxPendingTransactions = 16_384;

    private const int TransactionIdLength = 12;

    /// <summary>A request's entry is forgotten after this long (RFC 8489 gives up after 39.5 s).</summary>
    public static readonly TimeSpan TransactionLifetime = TimeSpan.FromSeconds(45);

    private readonly ConcurrentDictionary<TransactionKey, PendingTransaction> _byTransaction = new();
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IIcePacketSink> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TupleKey, IIcePacketSink> _byTuple = new();
    private long _dropped;

    /// <summary>Datagrams that could not be attributed to any session (unknown source, garbage, bad STUN).</summary>
    public long UnattributedDropped => Interlocked.Read(ref _dropped);

    public UdpDemultiplexer(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public int TupleCount => _byTuple.Count;

    public int PendingTransactionCount => _byTransaction.Count;

    /// <summary>
    /// <paramref name="sink"/> is about to send a STUN request with <paramref name="transactionId"/>: its response
    /// comes back to it. False when too many requests are pending (the request then goes unanswered, as if lost).
    /// </summary>
    public bool ExpectResponse(ReadOnlySpan<byte> transactionId, IIcePacketSink sink)
    {
        if (transactionId.Length != TransactionIdLength)
        {
            return false;
        }

        var key = TransactionKey.From(transactionId);
        if (_byTransaction.Count >= MaxPendingTransactions && !_byTransaction.ContainsKey(key))
        {
            return false;
        }

        _byTransaction[key] = new PendingTransaction(sink, _time.GetTimestamp());
        return true;
    }

    /// <summary>Forgets requests older than <see cref="TransactionLifetime"/> (the transport's timer calls this).</summary>
    public void ExpireTransactions()
    {
        var now = _time.GetTimestamp();
        foreach (var pair in _byTransaction)
        {
            if (_time.GetElapsedTime(pair.Value.Sent, now) >= TransactionLifetime)
            {
                _byTransaction.TryRemove(pair);
            }
        }
    }

    public void Register(string localUfrag, IIcePacketSink sink)
    {
        if (!_byUfrag.TryAdd(localUfrag, sink))
        {
            throw new InvalidOperationException($"The ICE ufrag '{localUfrag}' is already registered.");
        }
    }

    /// <summary>
    /// ICE restart: binding requests naming <paramref name="newUfrag"/> reach <paramref name="sink"/>, those naming the old
    /// one no longer do; the 5-tuples it already has stay (media keeps flowing on the selected pair).
    /// </summary>
    public void Rekey(string oldUfrag, string newUfrag, IIcePacketSink sink)
    {
        Register(newUfrag, sink);
        _byUfrag.TryRemove(new KeyValuePair<string, IIcePacketSink>(oldUfrag, sink));
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

        foreach (var pair in _byTransaction)
        {
            if (ReferenceEquals(pair.Value.Sink, sink))
            {
                _byTransaction.TryRemove(pair);
            }
        }
    }

    /// <summary>Routes the 5-tuple to <paramref name="sink"/> (full ICE selected a pair whose check was ours, not the peer's).</summary>
    public void Bind(IDatagramSender local, SocketAddress remote, IIcePacketSink sink)
    {
        var copy = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.CopyTo(copy.Buffer);
        _byTuple[new TupleKey(local, copy)] = sink;
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
        if (!StunMessage.TryParse(datagram, out var message) || message is null)
        {
            Drop(known);
            return;
        }

        if (message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
        {
            // Only a response to a request we sent (its transaction id registered) reaches a session.
            if (_byTransaction.TryRemove(TransactionKey.From(message.TransactionId.Span), out var pending))
            {
                pending.Sink.OnStunResponse(local, remote, message);
            }
            else
            {
                Drop(known);
            }

            return;
        }

        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            // Indications (keepalives) and other methods carry nothing for us.
            Drop(known);
            return;
        }

        string? username;
        try
        {
            username = message.Username;
        }
        catch (StunParseException)
        {
            Drop(known);
            return;
        }

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

    private readonly record struct PendingTransaction(IIcePacketSink Sink, long Sent);

    /// <summary>The 96-bit transaction id as a value key.</summary>
    private readonly record struct TransactionKey(ulong High, uint Low)
    {
        public static TransactionKey From(ReadOnlySpan<byte> id) =>
            new(BinaryPrimitives.ReadUInt64BigEndian(id), BinaryPrimitives.ReadUInt32BigEndian(id[8..]));
    }
}
