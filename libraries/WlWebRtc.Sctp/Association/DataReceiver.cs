using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>The receive side of the association: TSN tracking and SACK generation (with delayed acknowledgement),
/// reassembly and ordered delivery within hard bounds. Everything held for a peer (fragment runs, complete messages
/// waiting for an earlier SSN) counts in <see cref="BufferedBytes"/>, which the advertised window reflects; a peer
/// that ignores the window, sends a message past our max-message-size or breaks the fragment sequence gets a
/// protocol violation (the association aborts) instead of our memory. Called under the association's lock.</summary>
internal sealed class DataReceiver
{
    private readonly SctpAssociationOptions _options;
    private readonly Counters _counters;
    private readonly DropLog _drops;
    private readonly SctpTimer _delayedAck;
    private readonly Action<InboundMessage> _deliver;
    private readonly ReceivedTsns _tsns = new();
    private readonly Dictionary<ushort, InboundStream> _inbound = [];
    private readonly Dictionary<long, FragmentRun> _runsByFirstTsn = [];
    private readonly Dictionary<long, FragmentRun> _runsByLastTsn = [];
    private int _streamsWithRuns;
    private long _receiveBuffered;
    private bool _sackNow;
    private int _dataPacketsSinceSack;

    public DataReceiver(SctpAssociationOptions options, Counters counters, DropLog drops, SctpTimer delayedAck, Action<InboundMessage> deliver)
    {
        _options = options;
        _counters = counters;
        _drops = drops;
        _delayedAck = delayedAck;
        _deliver = deliver;
        InboundStreams = (ushort)options.MaxStreams;
    }

    /// <summary>Incoming streams negotiated: DATA on a higher stream id is acknowledged and dropped.</summary>
    public ushort InboundStreams { get; private set; }

    /// <summary>The peer's cumulative TSN: all its DATA up to here arrived (or was skipped).</summary>
    public uint CumulativeTsn => (uint)_tsns.Cumulative;

    public long BufferedBytes => _receiveBuffered;

    /// <summary>Hard bound on buffered incoming bytes: the window plus one largest message. A peer that honours our
    /// a_rwnd never gets there: beyond the window only the next TSN in sequence is taken (so a message that the
    /// out-of-order data is waiting for can still finish), and that message is itself at most max-message-size.</summary>
    private long ReceiveBufferLimit => (long)_options.ReceiveWindow + _options.MaxReceiveMessageSize;

    /// <summary>How far past the cumulative TSN a TSN is held: the window counted in small chunks. Bounds the TSNs
    /// tracked for gap reports whatever the peer sends; further ones are refused and come back as retransmissions.</summary>
    private long MaxTsnAhead => Math.Clamp(_options.ReceiveWindow / 64, 1024, 65535);

    /// <summary>The peer's INIT or INIT-ACK: its first TSN and how many streams it sends on.</summary>
    public void AdoptPeer(uint initialTsn, ushort inboundStreams)
    {
        InboundStreams = inboundStreams;
        _tsns.Start(initialTsn);
    }

    /// <summary>A packet with DATA was processed: SACK at once (every second packet, out of order, or when asked),
    /// else within the delayed-ack timeout (RFC 9260 §6.2).</summary>
    public void OnDataPacket(bool ackAtOnce)
    {
        _dataPacketsSinceSack++;
        if (_sackNow || _dataPacketsSinceSack >= 2 || _options.DelayedAckTimeout == TimeSpan.Zero || ackAtOnce)
            _sackNow = true;
        else if (!_delayedAck.IsRunning)
            _delayedAck.Start(_options.DelayedAckTimeout);
    }

    public void OnDelayedAckExpired() => _sackNow = true;

    /// <summary>The SACK to send now, or null when none is due.</summary>
    public SackChunk? TakeSack()
    {
        if (!_sackNow)
            return null;
        _sackNow = false;
        _dataPacketsSinceSack = 0;
        _delayedAck.Stop();
        return _tsns.BuildSack((uint)Math.Max(0, _options.ReceiveWindow - _receiveBuffered));
    }

    /// <summary>Takes one DATA chunk. Returns null, or the protocol violation for which the association must abort.</summary>
    public string? HandleData(byte flags, ReadOnlySpan<byte> value)
    {
        if (!DataChunk.TryParseHeader(value, out var tsn, out var streamId, out var ssn, out var ppid))
        {
            _drops.Malformed("bad DATA");
            return null;
        }
        _counters.DataChunksReceived++;
        var payload = value[(DataChunk.HeaderLength - SctpPacket.ChunkHeaderSize)..];
        var unwrapped = _tsns.Unwrap(tsn);
        if (_tsns.Contains(unwrapped))
        {
            _counters.DuplicateTsns++;
            _tsns.AddDuplicate(tsn);
            _sackNow = true;
            return null;
        }
        var inSequence = unwrapped == _tsns.Cumulative + 1;
        // A receiver may drop DATA it has no room for (RFC 9260 §6.2); not acknowledged, so the sender retransmits.
        if (unwrapped - _tsns.Cumulative > MaxTsnAhead)
        {
            Refuse("TSN too far ahead of the cumulative TSN");
            return null;
        }
        if (!inSequence && _receiveBuffered + payload.Length > _options.ReceiveWindow)
        {
            Refuse("receive window full");
            return null;
        }
        if (streamId >= InboundStreams)
        {
            // Invalid stream (RFC 9260 §6.5): acknowledge the TSN, drop the data.
            _tsns.Add(unwrapped);
            _counters.MessagesDropped++;
            return null;
        }
        var unordered = (flags & DataChunk.FlagUnordered) != 0;
        var beginning = (flags & DataChunk.FlagBeginning) != 0;
        var ending = (flags & DataChunk.FlagEnding) != 0;
        _inbound.TryGetValue(streamId, out var stream);
        if (!unordered && !Tsn.SsnGe(ssn, stream?.NextSsn ?? 0))
        {
            // An SSN already delivered or skipped: stale data after a FORWARD-TSN.
            _tsns.Add(unwrapped);
            _counters.MessagesDropped++;
            return null;
        }

        // The fragments of one message have consecutive TSNs (RFC 9260 §6.9): the neighbouring TSNs say where this one belongs.
        _runsByLastTsn.TryGetValue(unwrapped - 1, out var left);
        _runsByFirstTsn.TryGetValue(unwrapped + 1, out var right);
        if (!beginning && left is not null && (left.Ending || !left.SameMessage(streamId, unordered, ssn)))
        {
            return $"DATA fragment (TSN {tsn}, stream {streamId}) does not continue the message before it";
        }
        if (right is not null && !right.Beginning && (ending || !right.SameMessage(streamId, unordered, ssn)))
        {
            return $"DATA fragment (TSN {tsn}, stream {streamId}) is followed by a fragment of another message";
        }
        var joinsLeft = !beginning && left is not null;
        var joinsRight = !ending && right is not null;
        // A neighbour TSN that arrived holding something else means this message can never complete (the sender
        // abandoned it under PR-SCTP, or discarded data sits there): nothing of it is kept.
        var orphan = (!beginning && left is null && _tsns.Contains(unwrapped - 1))
            || (!ending && (right?.Beginning ?? _tsns.Contains(unwrapped + 1)));
        if (!orphan)
        {
            var messageBytes = payload.Length + (joinsLeft ? left!.Bytes : 0) + (joinsRight ? right!.Bytes : 0);
            if (messageBytes > _options.MaxReceiveMessageSize)
            {
                return $"message on stream {streamId} exceeds our max-message-size of {_options.MaxReceiveMessageSize} bytes";
            }
            var opensRun = !(beginning && ending) && !joinsLeft && !joinsRight;
            if (opensRun && !inSequence && (stream?.Runs ?? 0) == 0 && _streamsWithRuns >= _options.MaxStreamsWithPartialMessages)
            {
                Refuse("too many streams with partial messages");
                return null;
            }
            if (_receiveBuffered + payload.Length > ReceiveBufferLimit)
            {
                return $"peer ignores the receive window: {_receiveBuffered + payload.Length} bytes would be buffered, limit {ReceiveBufferLimit}";
            }
        }

        _tsns.Add(unwrapped);
        if (_tsns.HasGaps)
            _sackNow = true; // Out of order: tell the sender at once (RFC 9260 §6.7).
        if (beginning && left is not null && !left.Ending)
            FreeRun(left); // the message before was cut short (abandoned by the sender)
        if (orphan)
        {
            if (joinsLeft)
                FreeRun(left!);
            if (joinsRight)
                FreeRun(right!);
            _counters.MessagesDropped++;
            return null;
        }

        var data = payload.ToArray();
        _receiveBuffered += data.Length;
        var run = new FragmentRun(streamId, unordered, ssn, ppid, unwrapped, beginning, ending, data);
        if (joinsLeft)
        {
            DetachRun(left!);
            left!.Append(run);
            run = left;
        }
        if (joinsRight)
        {
            DetachRun(right!);
            run.Append(right!);
        }
        stream ??= _inbound[streamId] = new InboundStream();
        if (!run.IsComplete)
        {
            AttachRun(run, stream);
            NoteBuffered();
            return null;
        }
        _receiveBuffered -= run.Bytes;
        var message = new InboundMessage(streamId, run.Ppid, run.Assemble());
        if (unordered)
        {
            _deliver(message);
            return null;
        }
        if (!stream.ReadyOrdered.TryAdd(ssn, message))
        {
            _counters.MessagesDropped++; // a second message with one SSN: the first stays
            return null;
        }
        _receiveBuffered += message.Data.Length;
        NoteBuffered();
        DeliverReadyOrdered(stream);
        return null;
    }

    private void Refuse(string reason)
    {
        _sackNow = true;
        _drops.RefusedData(reason);
    }

    private void NoteBuffered()
    {
        if (_receiveBuffered > _counters.ReceiveBufferedPeakBytes)
            _counters.ReceiveBufferedPeakBytes = _receiveBuffered;
    }

    private void AttachRun(FragmentRun run, InboundStream stream)
    {
        _runsByFirstTsn[run.FirstTsn] = run;
        _runsByLastTsn[run.LastTsn] = run;
        if (stream.Runs++ == 0)
            _streamsWithRuns++;
    }

    private void DetachRun(FragmentRun run)
    {
        _runsByFirstTsn.Remove(run.FirstTsn);
        _runsByLastTsn.Remove(run.LastTsn);
        if (_inbound.TryGetValue(run.StreamId, out var stream) && --stream.Runs == 0)
            _streamsWithRuns--;
    }

    private void FreeRun(FragmentRun run)
    {
        DetachRun(run);
        _receiveBuffered -= run.Bytes;
        _counters.MessagesDropped++;
    }

    /// <summary>A run whose neighbour TSN on an open side arrived without joining it can never complete.</summary>
    private bool IsOrphaned(FragmentRun run) =>
        (!run.Ending && _tsns.Contains(run.LastTsn + 1)) || (!run.Beginning && _tsns.Contains(run.FirstTsn - 1));

    private void DeliverReadyOrdered(InboundStream stream)
    {
        while (stream.ReadyOrdered.Remove(stream.NextSsn, out var message))
        {
            _receiveBuffered -= message.Data.Length;
            stream.NextSsn++;
            _deliver(message);
        }
    }

    /// <summary>The peer reset its outgoing stream: what it sent on the stream up to <paramref name="lastTsn"/> is
    /// dropped (ordered only: unordered messages do not depend on the SSN) and the stream starts again at SSN 0.</summary>
    public void ResetStream(ushort streamId, uint lastTsn) => ReleaseStream(streamId, _tsns.Unwrap(lastTsn), orderedOnly: true);

    /// <summary>The channel on the stream closed: nothing held for it stays.</summary>
    public void ForgetStream(ushort streamId)
    {
        ReleaseStream(streamId, long.MaxValue, orderedOnly: false);
        _inbound.Remove(streamId);
    }

    /// <summary>Drops what is held for one incoming stream: its waiting ordered messages and its fragment runs that end
    /// at or before <paramref name="upToTsn"/> (only the ordered ones when <paramref name="orderedOnly"/>).</summary>
    private void ReleaseStream(ushort streamId, long upToTsn, bool orderedOnly)
    {
        if (!_inbound.TryGetValue(streamId, out var stream))
            return;
        foreach (var message in stream.ReadyOrdered.Values)
            _receiveBuffered -= message.Data.Length;
        stream.ReadyOrdered.Clear();
        if (stream.Runs > 0)
        {
            foreach (var run in _runsByFirstTsn.Values.Where(r => r.StreamId == streamId && r.LastTsn <= upToTsn && !(orderedOnly && r.Unordered)).ToList())
                FreeRun(run);
        }
        stream.NextSsn = 0;
    }

    /// <summary>FORWARD-TSN (RFC 3758): moves the cumulative TSN past abandoned data. False when it did not move.</summary>
    public bool HandleForwardTsn(ForwardTsnChunk forward)
    {
        _sackNow = true;
        var newCumulative = _tsns.Unwrap(forward.NewCumulativeTsn);
        if (newCumulative <= _tsns.Cumulative)
            return false;
        if (newCumulative - _tsns.Cumulative > 65535)
        {
            _drops.Malformed("FORWARD-TSN too far ahead");
            return false;
        }
        _tsns.SkipTo(newCumulative);
        // Fragments of abandoned messages: whatever now has a skipped TSN next to an open side.
        foreach (var run in _runsByFirstTsn.Values.Where(IsOrphaned).ToList())
            FreeRun(run);
        foreach (var skipped in forward.Streams)
        {
            if (!_inbound.TryGetValue(skipped.StreamId, out var stream) || !Tsn.SsnGe(skipped.Ssn, stream.NextSsn))
                continue;
            // Deliver what is complete up to the skipped SSN, in SSN order, then move past it. Work is bounded by what
            // is held, not by the SSN distance the peer names.
            var next = stream.NextSsn;
            var ready = stream.ReadyOrdered.Keys
                .Where(s => Tsn.SsnGe(skipped.Ssn, s) && Tsn.SsnGe(s, next))
                .OrderBy(s => (ushort)(s - next))
                .ToList();
            foreach (var ssn in ready)
            {
                stream.ReadyOrdered.Remove(ssn, out var message);
                _receiveBuffered -= message!.Data.Length;
                _deliver(message);
            }
            stream.NextSsn = (ushort)(skipped.Ssn + 1);
            DeliverReadyOrdered(stream);
        }
        return true;
    }

    /// <summary>After the association ended: nothing of the peer's data stays referenced.</summary>
    public void Clear()
    {
        _inbound.Clear();
        _runsByFirstTsn.Clear();
        _runsByLastTsn.Clear();
        _streamsWithRuns = 0;
        _receiveBuffered = 0;
        _tsns.Clear();
    }
}
