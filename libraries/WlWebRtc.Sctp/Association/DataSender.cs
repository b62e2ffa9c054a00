using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>
/// The send side of the association: the queue of messages, the DATA chunks in flight with their TSNs and SSNs,
/// retransmission (T3 and fast retransmit) within the congestion and receive windows, SACK processing, and
/// partial reliability (RFC 3758: abandoned messages skipped with FORWARD-TSN). Called under the association's lock.
/// </summary>
internal sealed class DataSender
{
    /// <summary>Keeps every outstanding TSN within the 16-bit gap-block reach of the peer's SACKs.</summary>
    private const int MaxInFlightChunks = 60000;

    private readonly SctpAssociationOptions _options;
    private readonly PacketBuilder _builder;
    private readonly TimeProvider _time;
    private readonly Counters _counters;
    private readonly SctpTimer _t3;
    private readonly CongestionControl _congestion;
    private readonly RtoEstimator _rto;
    private readonly LinkedList<OutgoingMessage> _sendQueue = new();
    private readonly List<SentChunk> _inFlight = [];          // every TSN from _cumulativeAck+1 to _nextTsn-1, in order
    private readonly Dictionary<ushort, ushort> _nextOutgoingSsn = [];
    private uint _nextTsn;
    private uint _cumulativeAck;          // highest TSN the peer acknowledged cumulatively
    private long _flightSize;
    private long _peerRwnd;
    private long _sendBuffered;
    private bool _forwardTsnNeeded;
    private int _errorCount;
    private uint? _rttTsn;
    private long _rttSentAt;

    public DataSender(SctpAssociationOptions options, PacketBuilder builder, TimeProvider time, Counters counters, SctpTimer t3, uint initialTsn)
    {
        _options = options;
        _builder = builder;
        _time = time;
        _counters = counters;
        _t3 = t3;
        _nextTsn = initialTsn;
        _cumulativeAck = initialTsn - 1;
        _congestion = new CongestionControl(builder.MaxPacketSize, options.ReceiveWindow);
        _rto = new RtoEstimator(options);
    }

    /// <summary>Whether the peer supports PR-SCTP; without it nothing is ever abandoned.</summary>
    public bool PeerSupportsForwardTsn { get; private set; }

    /// <summary>The current retransmission timeout (also paces SHUTDOWN and RE-CONFIG).</summary>
    public TimeSpan Rto => _rto.Current;

    /// <summary>The last TSN given to a DATA chunk.</summary>
    public uint LastAssignedTsn => _nextTsn - 1;

    public bool NothingOutstanding => _sendQueue.Count == 0 && _inFlight.Count == 0;

    private int Mtu => _builder.MaxPacketSize;

    /// <summary>What the peer's INIT or INIT-ACK said: its window and whether it takes FORWARD-TSN.</summary>
    public void AdoptPeer(uint rwnd, bool forwardTsn)
    {
        _peerRwnd = rwnd;
        PeerSupportsForwardTsn = forwardTsn;
    }

    public bool HasRoomFor(int bytes) => _sendBuffered + bytes <= _options.MaxSendBufferSize;

    public void Enqueue(OutgoingMessage message)
    {
        message.Unacknowledged = message.Data.Length;
        _sendBuffered += message.Data.Length;
        message.Channel?.AddBuffered(message.Data.Length);
        _sendQueue.AddLast(message);
    }

    /// <summary>The streams with a message still waiting for its TSNs: those cannot be reset yet (RFC 8831 §6.7).</summary>
    public HashSet<ushort> StreamsWithQueuedMessages() => [.. _sendQueue.Select(m => m.StreamId)];

    /// <summary>A closed channel's messages that have not started to go out are dropped.</summary>
    public void DropUnsent(DataChannel channel)
    {
        for (var node = _sendQueue.First; node is not null;)
        {
            var next = node.Next;
            if (ReferenceEquals(node.Value.Channel, channel) && node.Value.Offset == 0)
            {
                DropUnsent(node.Value);
                _sendQueue.Remove(node);
            }
            node = next;
        }
    }

    /// <summary>The outgoing stream was reset or closed: its next message starts again at SSN 0.</summary>
    public void ResetStream(ushort streamId) => _nextOutgoingSsn.Remove(streamId);

    public void Clear()
    {
        _sendQueue.Clear();
        _inFlight.Clear();
        _flightSize = 0;
        _sendBuffered = 0;
    }

    /// <summary>Writes FORWARD-TSN if needed, retransmissions, then new data within cwnd and rwnd; keeps T3 running
    /// while anything is outstanding.</summary>
    public void Transmit()
    {
        if (_forwardTsnNeeded)
        {
            _forwardTsnNeeded = false;
            var forward = BuildForwardTsn();
            if (forward is not null)
                _builder.Add(forward);
        }
        SendRetransmissions();
        SendNewData();
        if (_inFlight.Count > 0 && !_t3.IsRunning)
            _t3.Start(_rto.Current);
    }

    private void SendRetransmissions()
    {
        var now = _time.GetTimestamp();
        foreach (var chunk in _inFlight)
        {
            if (!chunk.MarkedForRetransmit)
                continue;
            if (chunk.Message.Abandoned || IsExpired(chunk.Message, now))
            {
                Abandon(chunk.Message);
                continue;
            }
            if (_flightSize > 0 && _flightSize + chunk.Length > _congestion.Cwnd)
                break;
            WriteData(chunk, now);
            _counters.Retransmissions++;
        }
    }

    private void SendNewData()
    {
        var now = _time.GetTimestamp();
        while (_sendQueue.First is { } node)
        {
            var message = node.Value;
            if (message.Offset == 0 && IsExpired(message, now))
            {
                _sendQueue.RemoveFirst();
                DropUnsent(message);
                continue;
            }
            if (_flightSize > 0 && (_flightSize >= _congestion.Cwnd || _flightSize >= _peerRwnd))
                return;
            if (_inFlight.Count >= MaxInFlightChunks)
                return;
            var room = _builder.Remaining - DataChunk.HeaderLength;
            var left = message.Data.Length - message.Offset;
            if (room < Math.Min(left, 256))
            {
                _builder.Flush();
                room = _builder.Remaining - DataChunk.HeaderLength;
            }
            var length = Math.Min(left, room);
            if (!message.SsnAssigned)
            {
                message.SsnAssigned = true;
                if (!message.Unordered)
                {
                    _nextOutgoingSsn.TryGetValue(message.StreamId, out var ssn);
                    message.Ssn = ssn;
                    _nextOutgoingSsn[message.StreamId] = (ushort)(ssn + 1);
                }
            }
            var chunk = new SentChunk
            {
                Tsn = _nextTsn++,
                Message = message,
                Offset = message.Offset,
                Length = length,
                Beginning = message.Offset == 0,
                Ending = message.Offset + length == message.Data.Length,
            };
            message.Offset += length;
            message.LastTsn = chunk.Tsn;
            _inFlight.Add(chunk);
            if (chunk.Ending)
                _sendQueue.RemoveFirst();
            if (_rttTsn is null)
            {
                _rttTsn = chunk.Tsn;
                _rttSentAt = now;
            }
            WriteData(chunk, now);
        }
    }

    private void WriteData(SentChunk chunk, long now)
    {
        var message = chunk.Message;
        var flags = (byte)((message.Unordered ? DataChunk.FlagUnordered : 0) | (chunk.Beginning ? DataChunk.FlagBeginning : 0) | (chunk.Ending ? DataChunk.FlagEnding : 0));
        var span = _builder.AddRaw(DataChunk.HeaderLength + chunk.Length);
        DataChunk.Write(span, chunk.Tsn, message.StreamId, message.Ssn, message.Ppid, flags, message.Data.AsSpan(chunk.Offset, chunk.Length));
        chunk.Transmissions++;
        chunk.SentAt = now;
        chunk.MarkedForRetransmit = false;
        if (!chunk.InFlight)
        {
            chunk.InFlight = true;
            _flightSize += chunk.Length;
        }
        _peerRwnd = Math.Max(0, _peerRwnd - chunk.Length);
    }

    private bool IsExpired(OutgoingMessage message, long now) => PeerSupportsForwardTsn && message.ExpiresAt is { } expiry && now >= expiry;

    /// <summary>SHUTDOWN carries a cumulative TSN ack: handled as a SACK without gap blocks when it is in range.</summary>
    public void HandleShutdownCumulativeAck(uint cumulativeTsnAck)
    {
        if (!Tsn.Lt(cumulativeTsnAck, _cumulativeAck) && Tsn.Lt(cumulativeTsnAck, _nextTsn))
            HandleSack(new SackChunk(cumulativeTsnAck, (uint)Math.Max(0, _peerRwnd), [], []));
    }

    public void HandleSack(SackChunk sack)
    {
        var cumulative = sack.CumulativeTsnAck;
        if (Tsn.Lt(cumulative, _cumulativeAck) || Tsn.Ge(cumulative, _nextTsn))
            return; // stale or acknowledging what we never sent
        var now = _time.GetTimestamp();
        var cumulativeAdvanced = Tsn.Gt(cumulative, _cumulativeAck);
        long bytesAcked = 0;
        var removed = (int)(cumulative - _cumulativeAck);
        for (var i = 0; i < removed; i++)
        {
            var chunk = _inFlight[i];
            if (chunk.InFlight)
                _flightSize -= chunk.Length;
            if (!chunk.GapAcked)
                bytesAcked += chunk.Length;
            if (_rttTsn == chunk.Tsn)
            {
                if (chunk.Transmissions == 1)
                    _rto.OnMeasurement(_time.GetElapsedTime(_rttSentAt, now));
                _rttTsn = null;
            }
            Acknowledge(chunk);
        }
        _inFlight.RemoveRange(0, removed);
        _cumulativeAck = cumulative;
        if (_rttTsn is { } measured && Tsn.Le(measured, cumulative))
            _rttTsn = null;

        // Gap ack blocks: offsets from the cumulative TSN; _inFlight[0] is cumulative+1.
        uint? highestNewlyAcked = null;
        // Bounded work per SACK whatever the peer claims: at most 256 blocks, offsets only within what is outstanding.
        foreach (var block in sack.GapBlocks.Take(256))
        {
            var last = Math.Min((int)block.End, _inFlight.Count);
            for (int offset = block.Start; offset <= last; offset++)
            {
                var index = offset - 1;
                var chunk = _inFlight[index];
                if (chunk.GapAcked)
                    continue;
                chunk.GapAcked = true;
                chunk.MarkedForRetransmit = false;
                if (chunk.InFlight)
                {
                    chunk.InFlight = false;
                    _flightSize -= chunk.Length;
                }
                bytesAcked += chunk.Length;
                highestNewlyAcked = chunk.Tsn;
            }
        }

        _congestion.OnCumulativeAck(cumulative);

        if (highestNewlyAcked is { } highest)
        {
            var enterRecovery = false;
            foreach (var chunk in _inFlight)
            {
                if (!Tsn.Lt(chunk.Tsn, highest))
                    break;
                if (chunk.GapAcked || chunk.Abandoned || chunk.FastRetransmitted)
                    continue;
                if (++chunk.MissIndications < 3)
                    continue;
                chunk.FastRetransmitted = true;
                _counters.FastRetransmissions++;
                MarkForRetransmit(chunk);
                enterRecovery = true;
            }
            if (enterRecovery)
                _congestion.OnFastRetransmit(_nextTsn - 1);
        }

        if (cumulativeAdvanced && !_congestion.InFastRecovery)
            _congestion.OnBytesAcked(bytesAcked);
        _peerRwnd = Math.Max(0, sack.ARwnd - _flightSize);
        if (cumulativeAdvanced)
        {
            _errorCount = 0;
            _t3.Stop();
        }
        if (_inFlight.Count == 0)
            _t3.Stop();
        if (PeerSupportsForwardTsn && AdvancedPeerAckPoint() != _cumulativeAck)
            _forwardTsnNeeded = true;
    }

    /// <summary>Bookkeeping when a chunk is cumulatively acknowledged.</summary>
    private void Acknowledge(SentChunk chunk)
    {
        var message = chunk.Message;
        if (message.Abandoned)
            return;
        message.Unacknowledged -= chunk.Length;
        _sendBuffered -= chunk.Length;
        message.Channel?.AddBuffered(-chunk.Length);
    }

    private void MarkForRetransmit(SentChunk chunk)
    {
        var message = chunk.Message;
        if (PeerSupportsForwardTsn && message.MaxRetransmits is { } max && chunk.Transmissions > max)
        {
            Abandon(message);
            return;
        }
        chunk.MarkedForRetransmit = true;
        if (chunk.InFlight)
        {
            chunk.InFlight = false;
            _flightSize -= chunk.Length;
        }
    }

    /// <summary>PR-SCTP (RFC 3758): gives a message up; its sent chunks are skipped with FORWARD-TSN.</summary>
    private void Abandon(OutgoingMessage message)
    {
        if (message.Abandoned)
            return;
        message.Abandoned = true;
        _counters.MessagesAbandoned++;
        foreach (var chunk in _inFlight)
        {
            if (!ReferenceEquals(chunk.Message, message))
                continue;
            chunk.Abandoned = true;
            chunk.MarkedForRetransmit = false;
            if (chunk.InFlight)
            {
                chunk.InFlight = false;
                _flightSize -= chunk.Length;
            }
        }
        if (message.Offset < message.Data.Length)
        {
            // Not fully sent: the rest never goes out. Unsent fragments have no TSN, so the FORWARD-TSN covers the sent ones.
            _sendQueue.Remove(message);
        }
        _sendBuffered -= message.Unacknowledged;
        message.Channel?.AddBuffered(-message.Unacknowledged);
        message.Unacknowledged = 0;
        _forwardTsnNeeded = true;
    }

    /// <summary>A message that expired before any of it was sent: dropped without using a TSN or an SSN.</summary>
    private void DropUnsent(OutgoingMessage message)
    {
        message.Abandoned = true;
        _counters.MessagesAbandoned++;
        _sendBuffered -= message.Unacknowledged;
        message.Channel?.AddBuffered(-message.Unacknowledged);
        message.Unacknowledged = 0;
    }

    private uint AdvancedPeerAckPoint()
    {
        var point = _cumulativeAck;
        foreach (var chunk in _inFlight)
        {
            if (!chunk.Abandoned)
                break;
            point = chunk.Tsn;
        }
        return point;
    }

    private ForwardTsnChunk? BuildForwardTsn()
    {
        var point = AdvancedPeerAckPoint();
        if (point == _cumulativeAck)
            return null;
        var streams = new Dictionary<ushort, ushort>();
        foreach (var chunk in _inFlight)
        {
            if (Tsn.Gt(chunk.Tsn, point))
                break;
            var message = chunk.Message;
            if (!message.Unordered)
                streams[message.StreamId] = message.Ssn;
        }
        return new ForwardTsnChunk(point, [.. streams.Select(kv => new SkippedStream(kv.Key, kv.Value))]);
    }

    /// <summary>T3 expired: back off, shrink the window and mark everything outstanding for retransmission. False
    /// when the retransmissions are exhausted and the association has failed.</summary>
    public bool OnT3Expired()
    {
        if (_inFlight.Count == 0)
            return true;
        if (++_errorCount > _options.MaxRetransmissions)
            return false;
        _rto.BackOff();
        _congestion.OnTimeout();
        _rttTsn = null;
        var now = _time.GetTimestamp();
        foreach (var chunk in _inFlight.ToList())
        {
            if (chunk.GapAcked || chunk.Abandoned)
                continue;
            if (IsExpired(chunk.Message, now))
                Abandon(chunk.Message);
            else
                MarkForRetransmit(chunk);
        }
        if (PeerSupportsForwardTsn && AdvancedPeerAckPoint() != _cumulativeAck)
            _forwardTsnNeeded = true;
        // The next Transmit restarts T3 while anything is outstanding.
        return true;
    }
}
