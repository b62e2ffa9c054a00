using Microsoft.Extensions.Logging;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>Incoming DATA: reassembly and ordered delivery within hard bounds. Everything held for a peer (fragment
/// runs, complete messages waiting for an earlier SSN) counts in <see cref="_receiveBuffered"/>, which the
/// advertised window reflects; a peer that ignores the window, sends a message past our max-message-size or breaks
/// the fragment sequence gets an ABORT instead of our memory.</summary>
public sealed partial class SctpAssociation
{
    private readonly Dictionary<ushort, InboundStream> _inbound = [];
    private readonly Dictionary<long, FragmentRun> _runsByFirstTsn = [];
    private readonly Dictionary<long, FragmentRun> _runsByLastTsn = [];
    private int _streamsWithRuns;
    private long _receiveBuffered;

    /// <summary>Hard bound on buffered incoming bytes: the window plus one largest message. A peer that honours our
    /// a_rwnd never gets there: beyond the window only the next TSN in sequence is taken (so a message that the
    /// out-of-order data is waiting for can still finish), and that message is itself at most max-message-size.</summary>
    private long ReceiveBufferLimit => (long)_options.ReceiveWindow + _options.MaxReceiveMessageSize;

    /// <summary>How far past the cumulative TSN a TSN is held: the window counted in small chunks. Bounds the TSNs
    /// tracked for gap reports whatever the peer sends; further ones are refused and come back as retransmissions.</summary>
    private long MaxTsnAhead => Math.Clamp(_options.ReceiveWindow / 64, 1024, 65535);

    private void HandleData(byte flags, ReadOnlySpan<byte> value)
    {
        if (!DataChunk.TryParseHeader(value, out var tsn, out var streamId, out var ssn, out var ppid))
        {
            CountMalformed("bad DATA");
            return;
        }
        _counters.DataChunksReceived++;
        var payload = value[(DataChunk.HeaderLength - SctpPacket.ChunkHeaderSize)..];
        var unwrapped = Unwrap(tsn);
        if (IsReceived(unwrapped))
        {
            _counters.DuplicateTsns++;
            if (_duplicates.Count < MaxDuplicatesReported)
                _duplicates.Add(tsn);
            _sackNow = true;
            return;
        }
        var inSequence = unwrapped == _peerCumulativeTsn + 1;
        // A receiver may drop DATA it has no room for (RFC 9260 §6.2); not acknowledged, so the sender retransmits.
        if (unwrapped - _peerCumulativeTsn > MaxTsnAhead)
        {
            Refuse("TSN too far ahead of the cumulative TSN");
            return;
        }
        if (!inSequence && _receiveBuffered + payload.Length > _options.ReceiveWindow)
        {
            Refuse("receive window full");
            return;
        }
        if (streamId >= _inboundStreams)
        {
            // Invalid stream (RFC 9260 §6.5): acknowledge the TSN, drop the data.
            MarkReceived(unwrapped);
            _counters.MessagesDropped++;
            return;
        }
        var unordered = (flags & DataChunk.FlagUnordered) != 0;
        var beginning = (flags & DataChunk.FlagBeginning) != 0;
        var ending = (flags & DataChunk.FlagEnding) != 0;
        _inbound.TryGetValue(streamId, out var stream);
        if (!unordered && !Tsn.SsnGe(ssn, stream?.NextSsn ?? 0))
        {
            // An SSN already delivered or skipped: stale data after a FORWARD-TSN.
            MarkReceived(unwrapped);
            _counters.MessagesDropped++;
            return;
        }

        // The fragments of one message have consecutive TSNs (RFC 9260 §6.9): the neighbouring TSNs say where this one belongs.
        _runsByLastTsn.TryGetValue(unwrapped - 1, out var left);
        _runsByFirstTsn.TryGetValue(unwrapped + 1, out var right);
        if (!beginning && left is not null && (left.Ending || !left.SameMessage(streamId, unordered, ssn)))
        {
            AbortForViolation($"DATA fragment (TSN {tsn}, stream {streamId}) does not continue the message before it");
            return;
        }
        if (right is not null && !right.Beginning && (ending || !right.SameMessage(streamId, unordered, ssn)))
        {
            AbortForViolation($"DATA fragment (TSN {tsn}, stream {streamId}) is followed by a fragment of another message");
            return;
        }
        var joinsLeft = !beginning && left is not null;
        var joinsRight = !ending && right is not null;
        // A neighbour TSN that arrived holding something else means this message can never complete (the sender
        // abandoned it under PR-SCTP, or discarded data sits there): nothing of it is kept.
        var orphan = (!beginning && left is null && IsReceived(unwrapped - 1))
            || (!ending && (right?.Beginning ?? IsReceived(unwrapped + 1)));
        if (!orphan)
        {
            var messageBytes = payload.Length + (joinsLeft ? left!.Bytes : 0) + (joinsRight ? right!.Bytes : 0);
            if (messageBytes > _options.MaxReceiveMessageSize)
            {
                AbortForViolation($"message on stream {streamId} exceeds our max-message-size of {_options.MaxReceiveMessageSize} bytes");
                return;
            }
            var opensRun = !(beginning && ending) && !joinsLeft && !joinsRight;
            if (opensRun && !inSequence && (stream?.Runs ?? 0) == 0 && _streamsWithRuns >= _options.MaxStreamsWithPartialMessages)
            {
                Refuse("too many streams with partial messages");
                return;
            }
            if (_receiveBuffered + payload.Length > ReceiveBufferLimit)
            {
                AbortForViolation($"peer ignores the receive window: {_receiveBuffered + payload.Length} bytes would be buffered, limit {ReceiveBufferLimit}");
                return;
            }
        }

        MarkReceived(unwrapped);
        if (_receivedAbove.Count > 0)
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
            return;
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
            return;
        }
        _receiveBuffered -= run.Bytes;
        var message = new InboundMessage(streamId, run.Ppid, run.Assemble());
        if (unordered)
        {
            Deliver(message);
            return;
        }
        if (!stream.ReadyOrdered.TryAdd(ssn, message))
        {
            _counters.MessagesDropped++; // a second message with one SSN: the first stays
            return;
        }
        _receiveBuffered += message.Data.Length;
        NoteBuffered();
        DeliverReadyOrdered(stream);
    }

    private bool IsReceived(long unwrapped) => unwrapped <= _peerCumulativeTsn || _receivedAbove.Contains(unwrapped);

    private void Refuse(string reason)
    {
        _counters.DataChunksRefused++;
        _sackNow = true;
        Log.Dropped(_logger, reason);
    }

    private void NoteBuffered()
    {
        if (_receiveBuffered > _counters.ReceiveBufferedPeakBytes)
            _counters.ReceiveBufferedPeakBytes = _receiveBuffered;
    }

    /// <summary>ABORT with a Protocol Violation cause (RFC 9260 §3.3.10.13) and everything held for the peer freed.</summary>
    private void AbortForViolation(string reason)
    {
        _counters.ProtocolViolations++;
        Log.ProtocolViolation(_logger, reason);
        SendSingle(SimpleChunk.Abort(reason, SimpleChunk.CauseProtocolViolation), _peerTag);
        Terminate(SctpAssociationState.Failed);
    }

    private void MarkReceived(long unwrapped)
    {
        _receivedAbove.Add(unwrapped);
        MarkReceivedAdvance();
    }

    private void MarkReceivedAdvance()
    {
        while (_receivedAbove.Count > 0 && _receivedAbove.Min == _peerCumulativeTsn + 1)
        {
            _receivedAbove.Remove(_peerCumulativeTsn + 1);
            _peerCumulativeTsn++;
        }
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
        (!run.Ending && IsReceived(run.LastTsn + 1)) || (!run.Beginning && IsReceived(run.FirstTsn - 1));

    private void DeliverReadyOrdered(InboundStream stream)
    {
        while (stream.ReadyOrdered.Remove(stream.NextSsn, out var message))
        {
            _receiveBuffered -= message.Data.Length;
            stream.NextSsn++;
            Deliver(message);
        }
    }

    /// <summary>Drops what is held for one incoming stream: its waiting ordered messages and its fragment runs that end
    /// at or before <paramref name="upToTsn"/> (only the ordered ones when <paramref name="orderedOnly"/>).</summary>
    private void ReleaseInboundStream(ushort streamId, long upToTsn, bool orderedOnly)
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

    private void HandleForwardTsn(ForwardTsnChunk forward)
    {
        _sackNow = true;
        var newCumulative = Unwrap(forward.NewCumulativeTsn);
        if (newCumulative <= _peerCumulativeTsn)
            return;
        if (newCumulative - _peerCumulativeTsn > 65535)
        {
            CountMalformed("FORWARD-TSN too far ahead");
            return;
        }
        _receivedAbove.RemoveWhere(t => t <= newCumulative);
        _peerCumulativeTsn = newCumulative;
        MarkReceivedAdvance();
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
                Deliver(message);
            }
            stream.NextSsn = (ushort)(skipped.Ssn + 1);
            DeliverReadyOrdered(stream);
        }
        CheckDeferredResets();
    }

    /// <summary>After the association ended: nothing of the peer's data stays referenced.</summary>
    private void ClearReceiveState()
    {
        _inbound.Clear();
        _runsByFirstTsn.Clear();
        _runsByLastTsn.Clear();
        _streamsWithRuns = 0;
        _receiveBuffered = 0;
        _receivedAbove.Clear();
        _duplicates.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProtocolViolation, Level = LogLevel.Warning, Message = "SCTP association aborted: protocol violation by the peer: {Reason}")]
        public static partial void ProtocolViolation(ILogger logger, string reason);
    }
}
