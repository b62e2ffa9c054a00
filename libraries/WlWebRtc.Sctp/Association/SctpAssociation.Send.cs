using WlWebRtc.Sctp.Dcep;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private readonly LinkedList<OutgoingMessage> _sendQueue = new();
    private readonly List<SentChunk> _inFlight = [];          // every TSN from _cumulativeAck+1 to _nextTsn-1, in order
    private readonly Dictionary<ushort, ushort> _nextOutgoingSsn = [];
    private readonly List<IChunk> _pendingControl = [];
    private uint _nextTsn;
    private uint _cumulativeAck;          // highest TSN the peer acknowledged cumulatively
    private long _flightSize;
    private long _cwnd;
    private long _ssthresh;
    private long _partialBytesAcked;
    private long _peerRwnd;
    private long _sendBuffered;
    private uint? _fastRecoveryExit;
    private bool _forwardTsnNeeded;
    private int _errorCount;
    private TimeSpan _rto;
    private double _srttSeconds = -1;
    private double _rttvarSeconds;
    private uint? _rttTsn;
    private long _rttSentAt;

    private int Mtu => _builder.MaxPacketSize;

    private void InitializeSendState()
    {
        _nextTsn = _localInitialTsn;
        _cumulativeAck = _localInitialTsn - 1;
        _cwnd = Math.Min(4 * Mtu, Math.Max(2 * Mtu, 4380));
        _ssthresh = _options.ReceiveWindow;
        _rto = _options.RtoInitial;
    }

    private void ClearSendState()
    {
        _sendQueue.Clear();
        _inFlight.Clear();
        _pendingControl.Clear();
        _flightSize = 0;
        _sendBuffered = 0;
    }

    internal bool SendMessage(DataChannel channel, ReadOnlySpan<byte> data, bool isBinary)
    {
        var limit = _options.MaxSendMessageSize;
        if (limit > 0 && data.Length > limit)
            throw new ArgumentException($"Message of {data.Length} bytes exceeds the peer's maximum message size {limit}.", nameof(data));
        lock (_lock)
        {
            if (_terminated || channel.State is not (DataChannelState.Open or DataChannelState.Connecting)
                || !_channels.TryGetValue(channel.StreamId, out var known) || !ReferenceEquals(known, channel))
                return false;
            if (_sendBuffered + data.Length > _options.MaxSendBufferSize)
                return false;
            var ppid = data.IsEmpty ? (isBinary ? Ppid.BinaryEmpty : Ppid.StringEmpty) : (isBinary ? Ppid.Binary : Ppid.String);
            // Empty messages travel as one zero byte (RFC 8831 §6.6).
            byte[] payload = data.IsEmpty ? [0] : data.ToArray();
            var options = channel.Options;
            // Before the peer acknowledged the open, everything goes ordered (RFC 8832 §6).
            Enqueue(new OutgoingMessage
            {
                StreamId = channel.StreamId,
                Ppid = ppid,
                Data = payload,
                Unordered = !options.Ordered && channel.PeerAcknowledged,
                MaxRetransmits = options.MaxRetransmits,
                ExpiresAt = options.MaxPacketLifetime is { } life ? _time.GetTimestamp() + (long)(life.TotalSeconds * _time.TimestampFrequency) : null,
                Channel = channel,
            });
            _counters.MessagesSent++;
            RunGuarded(static () => { });
        }
        DispatchEvents();
        return true;
    }

    private void Enqueue(OutgoingMessage message)
    {
        message.Unacknowledged = message.Data.Length;
        _sendBuffered += message.Data.Length;
        message.Channel?.AddBuffered(message.Data.Length);
        _sendQueue.AddLast(message);
    }

    /// <summary>Sends what may go now: control chunks, SACK, FORWARD-TSN, retransmissions, then new data within cwnd and rwnd.</summary>
    private void FlushOutgoing()
    {
        if (_terminated || _peerTag == 0)
        {
            _builder.Flush();
            return;
        }
        if (_sackNow && IsUp)
        {
            _builder.Add(BuildSack());
            _sackNow = false;
            _dataPacketsSinceSack = 0;
            _delayedAck.Stop();
        }
        if (IsUp)
        {
            foreach (var chunk in _pendingControl)
                _builder.Add(chunk);
            _pendingControl.Clear();
            SendReconfigIfReady();
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
                _t3.Start(_rto);
            MaybeFinishShutdown();
        }
        _builder.Flush();
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
            if (_flightSize > 0 && _flightSize + chunk.Length > _cwnd)
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
            if (_flightSize > 0 && (_flightSize >= _cwnd || _flightSize >= _peerRwnd))
                return;
            if (_inFlight.Count >= 60000)
                return; // keeps every outstanding TSN within the 16-bit gap-block reach of the peer's SACKs
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

    private bool IsExpired(OutgoingMessage message, long now) => _peerSupportsForwardTsn && message.ExpiresAt is { } expiry && now >= expiry;

    private void HandleSack(SackChunk sack)
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
                    UpdateRto(_time.GetElapsedTime(_rttSentAt, now));
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

        if (_fastRecoveryExit is { } exit && Tsn.Ge(cumulative, exit))
            _fastRecoveryExit = null;

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
            if (enterRecovery && _fastRecoveryExit is null)
            {
                _ssthresh = Math.Max(_cwnd / 2, 4 * Mtu);
                _cwnd = _ssthresh;
                _partialBytesAcked = 0;
                _fastRecoveryExit = _nextTsn - 1;
            }
        }

        if (cumulativeAdvanced && _fastRecoveryExit is null)
        {
            if (_cwnd <= _ssthresh)
            {
                _cwnd += Math.Min(bytesAcked, Mtu);
            }
            else
            {
                _partialBytesAcked += bytesAcked;
                if (_partialBytesAcked >= _cwnd)
                {
                    _partialBytesAcked -= _cwnd;
                    _cwnd += Mtu;
                }
            }
        }
        _peerRwnd = Math.Max(0, sack.ARwnd - _flightSize);
        if (cumulativeAdvanced)
        {
            _errorCount = 0;
            _t3.Stop();
        }
        if (_inFlight.Count == 0)
            _t3.Stop();
        if (_peerSupportsForwardTsn && AdvancedPeerAckPoint() != _cumulativeAck)
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
        if (_peerSupportsForwardTsn && message.MaxRetransmits is { } max && chunk.Transmissions > max)
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

    private void OnT3Expired()
    {
        if (_inFlight.Count == 0 || !IsUp)
            return;
        if (++_errorCount > _options.MaxRetransmissions)
        {
            Log.Failed(_logger, "retransmissions exhausted");
            Terminate(SctpAssociationState.Failed);
            return;
        }
        _rto = TimeSpan.FromTicks(Math.Min(_rto.Ticks * 2, _options.RtoMax.Ticks));
        _ssthresh = Math.Max(_cwnd / 2, 4 * Mtu);
        _cwnd = Mtu;
        _partialBytesAcked = 0;
        _fastRecoveryExit = null;
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
        if (_peerSupportsForwardTsn && AdvancedPeerAckPoint() != _cumulativeAck)
            _forwardTsnNeeded = true;
        // Flush restarts T3 while anything is outstanding.
    }

    private void UpdateRto(TimeSpan sample)
    {
        var r = sample.TotalSeconds;
        if (_srttSeconds < 0)
        {
            _srttSeconds = r;
            _rttvarSeconds = r / 2;
        }
        else
        {
            _rttvarSeconds = 0.75 * _rttvarSeconds + 0.25 * Math.Abs(_srttSeconds - r);
            _srttSeconds = 0.875 * _srttSeconds + 0.125 * r;
        }
        var rto = TimeSpan.FromSeconds(_srttSeconds + 4 * _rttvarSeconds);
        _rto = rto < _options.RtoMin ? _options.RtoMin : rto > _options.RtoMax ? _options.RtoMax : rto;
    }
}
