using System.Buffers.Binary;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private const int MaxDuplicatesReported = 32;
    private const int MaxGapBlocksReported = 64;

    private readonly Dictionary<ushort, InboundStream> _inbound = [];
    private readonly SortedSet<long> _receivedAbove = [];
    private readonly List<uint> _duplicates = [];
    private long _peerCumulativeTsn;     // unwrapped: every TSN up to here received
    private long _receiveBuffered;       // bytes held in reassembly / ordering buffers
    private bool _sackNow;
    private int _dataPacketsSinceSack;

    private void InitializeReceiveState() => _peerCumulativeTsn = 0;

    private void ResetReceiveTsn(uint peerInitialTsn)
    {
        // Unwrapped values start in the middle of the 64-bit range so subtraction never wraps.
        _peerCumulativeTsn = (1L << 40) + (uint)(peerInitialTsn - 1);
        _receivedAbove.Clear();
        _peerNextReconfigSeq = peerInitialTsn;
    }

    private long Unwrap(uint tsn) => _peerCumulativeTsn + (int)(tsn - (uint)_peerCumulativeTsn);

    private void HandlePacketCore(ReadOnlySpan<byte> packet)
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _counters.PacketsReceived++;
            try
            {
                ProcessPacket(packet);
                FlushOutgoing();
            }
#pragma warning disable CA1031 // Last line of defence: bad input must never surface as an exception to the receive loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _counters.ProcessingErrors++;
                _counters.PacketsDropped++;
                Log.ProcessingError(_logger, ex);
            }
        }
        DispatchEvents();
    }

    private void ProcessPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < SctpPacket.HeaderSize + SctpPacket.ChunkHeaderSize)
        {
            CountMalformed("too short");
            return;
        }
        if (!SctpPacket.HasValidChecksum(packet))
        {
            _counters.ChecksumErrors++;
            _counters.PacketsDropped++;
            Log.Dropped(_logger, "checksum");
            return;
        }
        if (SctpPacket.SourcePort(packet) != _options.RemotePort || SctpPacket.DestinationPort(packet) != _options.LocalPort)
        {
            CountOutOfState("ports");
            return;
        }
        if (_terminated)
        {
            CountOutOfState("association ended");
            return;
        }

        // First pass: structure and verification tag rules (RFC 9260 §8.5) before anything changes state.
        var chunks = packet[SctpPacket.HeaderSize..];
        var reader = new ChunkReader(chunks);
        int count = 0;
        var hasInit = false;
        var tBitAllowed = true;
        while (reader.MoveNext())
        {
            count++;
            var type = (ChunkType)reader.Current.Type;
            if (type == ChunkType.Init)
                hasInit = true;
            if (type is not (ChunkType.Abort or ChunkType.ShutdownComplete) || (reader.Current.Flags & SimpleChunk.FlagT) == 0)
                tBitAllowed = false;
        }
        if (reader.Malformed || count == 0)
        {
            CountMalformed("chunk layout");
            return;
        }
        var tag = SctpPacket.VerificationTag(packet);
        if (hasInit)
        {
            if (count != 1 || tag != 0)
            {
                CountMalformed("INIT bundled or with a tag");
                return;
            }
        }
        else if (tag != _localTag && !(tBitAllowed && _peerTag != 0 && tag == _peerTag))
        {
            _counters.WrongVerificationTag++;
            _counters.PacketsDropped++;
            Log.Dropped(_logger, "verification tag");
            return;
        }

        var hadData = false;
        reader = new ChunkReader(chunks);
        while (reader.MoveNext())
        {
            var chunk = reader.Current;
            if (!ProcessChunk(chunk, ref hadData, chunks))
                break;
            if (_terminated)
                break;
        }
        // After the packet's DATA is stored: a deferred stream reset must not renumber data sent before it.
        CheckDeferredResets();
        if (hadData)
        {
            _dataPacketsSinceSack++;
            if (_sackNow || _dataPacketsSinceSack >= 2 || _options.DelayedAckTimeout == TimeSpan.Zero || _state != InternalState.Established)
                _sackNow = true;
            else if (!_delayedAck.IsRunning)
                _delayedAck.Start(_options.DelayedAckTimeout);
        }
    }

    /// <summary>Handles one chunk; false to stop processing the rest of the packet.</summary>
    private bool ProcessChunk(RawChunk chunk, ref bool hadData, ReadOnlySpan<byte> allChunks)
    {
        switch ((ChunkType)chunk.Type)
        {
            case ChunkType.Data:
                if (!IsUp)
                {
                    CountOutOfState("DATA before established");
                    return false;
                }
                hadData = true;
                HandleData(chunk.Flags, chunk.Value);
                return true;
            case ChunkType.Init:
                HandleInit(chunk.Value);
                return false;
            case ChunkType.InitAck:
                HandleInitAck(chunk.Value);
                return false;
            case ChunkType.CookieEcho:
                HandleCookieEcho(chunk.Value);
                return true;
            case ChunkType.CookieAck:
                HandleCookieAck();
                return true;
            case ChunkType.Sack:
                if (!IsUp)
                {
                    CountOutOfState("SACK");
                    return true;
                }
                var sack = SackChunk.Parse(chunk.Value);
                if (sack is null)
                    CountMalformed("bad SACK");
                else
                    HandleSack(sack);
                return true;
            case ChunkType.Heartbeat:
                if (_peerTag != 0)
                    _builder.Add(new SimpleChunk(ChunkType.HeartbeatAck, 0, chunk.Value.ToArray()));
                return true;
            case ChunkType.HeartbeatAck:
                return true;
            case ChunkType.Abort:
                Log.Failed(_logger, "peer sent ABORT");
                Terminate(SctpAssociationState.Failed);
                return false;
            case ChunkType.Error:
                Log.PeerError(_logger, chunk.Value.Length);
                return true;
            case ChunkType.Shutdown:
                HandleShutdown(chunk.Value);
                return true;
            case ChunkType.ShutdownAck:
                HandleShutdownAck();
                return true;
            case ChunkType.ShutdownComplete:
                HandleShutdownComplete();
                return false;
            case ChunkType.ForwardTsn:
                if (!IsUp)
                {
                    CountOutOfState("FORWARD-TSN");
                    return true;
                }
                var forward = ForwardTsnChunk.Parse(chunk.Value);
                if (forward is null)
                    CountMalformed("bad FORWARD-TSN");
                else
                    HandleForwardTsn(forward);
                return true;
            case ChunkType.ReConfig:
                if (!IsUp)
                {
                    CountOutOfState("RE-CONFIG");
                    return true;
                }
                var reconfig = ReConfigChunk.Parse(chunk.Value);
                if (reconfig is null)
                    CountMalformed("bad RE-CONFIG");
                else
                    HandleReConfig(reconfig);
                return true;
            default:
                return HandleUnknownChunk(chunk, allChunks);
        }
    }

    /// <summary>RFC 9260 §3.2: the upper two bits of an unknown type say skip or stop, report or not.</summary>
    private bool HandleUnknownChunk(RawChunk chunk, ReadOnlySpan<byte> allChunks)
    {
        _ = allChunks;
        _counters.UnknownChunks++;
        if ((chunk.Type & 0x40) != 0 && _peerTag != 0)
        {
            // ERROR with cause 6 "Unrecognized Chunk Type" carrying the chunk (header rebuilt, value truncated to fit).
            var length = Math.Min(chunk.Value.Length, 256);
            var cause = new byte[4 + 4 + length];
            BinaryPrimitives.WriteUInt16BigEndian(cause, 6);
            BinaryPrimitives.WriteUInt16BigEndian(cause.AsSpan(2), (ushort)cause.Length);
            cause[4] = chunk.Type;
            cause[5] = chunk.Flags;
            BinaryPrimitives.WriteUInt16BigEndian(cause.AsSpan(6), (ushort)(4 + chunk.Value.Length));
            chunk.Value[..length].CopyTo(cause.AsSpan(8));
            _builder.Add(new SimpleChunk(ChunkType.Error, 0, cause));
        }
        return (chunk.Type & 0x80) != 0;
    }

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
        if (unwrapped <= _peerCumulativeTsn || _receivedAbove.Contains(unwrapped))
        {
            _counters.DuplicateTsns++;
            if (_duplicates.Count < MaxDuplicatesReported)
                _duplicates.Add(tsn);
            _sackNow = true;
            return;
        }
        // Gap ack blocks are 16-bit offsets; anything further is bogus. A full buffer drops all but the next TSN.
        if (unwrapped - _peerCumulativeTsn > 65535
            || (unwrapped != _peerCumulativeTsn + 1 && _receiveBuffered + payload.Length > _options.ReceiveWindow))
        {
            _counters.MessagesDropped++;
            _sackNow = true;
            return;
        }
        if (streamId >= _inboundStreams)
        {
            // Invalid stream (RFC 9260 §6.5): acknowledge the TSN, drop the data.
            MarkReceived(unwrapped);
            _counters.MessagesDropped++;
            return;
        }
        MarkReceived(unwrapped);
        if (_receivedAbove.Count > 0)
            _sackNow = true; // Out of order: tell the sender at once (RFC 9260 §6.7).

        var unordered = (flags & DataChunk.FlagUnordered) != 0;
        var fragment = new Fragment(unwrapped, ssn, ppid, (flags & DataChunk.FlagBeginning) != 0, (flags & DataChunk.FlagEnding) != 0, payload.ToArray());
        if (!_inbound.TryGetValue(streamId, out var stream))
            _inbound[streamId] = stream = new InboundStream();
        if (!unordered && !Tsn.SsnGe(ssn, stream.NextSsn))
        {
            // An SSN already delivered or skipped: stale data after a FORWARD-TSN.
            _counters.MessagesDropped++;
            return;
        }
        var store = unordered ? stream.UnorderedFragments : stream.OrderedFragments;
        if (!store.TryAdd(unwrapped, fragment))
            return;
        _receiveBuffered += fragment.Data.Length;
        var message = TryAssemble(streamId, store, fragment, unordered);
        if (message is null)
            return;
        if (unordered)
        {
            Deliver(message);
            return;
        }
        stream.ReadyOrdered[ssn] = message;
        _receiveBuffered += message.Data.Length;
        DeliverReadyOrdered(streamId, stream);
    }

    private void MarkReceived(long unwrapped)
    {
        _receivedAbove.Add(unwrapped);
        while (_receivedAbove.Count > 0 && _receivedAbove.Min == _peerCumulativeTsn + 1)
        {
            _receivedAbove.Remove(_peerCumulativeTsn + 1);
            _peerCumulativeTsn++;
        }
    }

    /// <summary>Finds the whole message around <paramref name="fragment"/> (fragments have consecutive TSNs, B..E).</summary>
    private InboundMessage? TryAssemble(ushort streamId, SortedDictionary<long, Fragment> store, Fragment fragment, bool unordered)
    {
        var first = fragment;
        while (!first.Beginning)
        {
            if (!store.TryGetValue(first.Tsn - 1, out var previous) || previous.Ending || (!unordered && previous.Ssn != fragment.Ssn))
                return null;
            first = previous;
        }
        var last = fragment;
        long total = 0;
        for (var f = first; ; )
        {
            total += f.Data.Length;
            if (f.Ending)
            {
                last = f;
                break;
            }
            if (!store.TryGetValue(f.Tsn + 1, out var next) || next.Beginning || (!unordered && next.Ssn != fragment.Ssn))
                return null;
            f = next;
        }
        var data = total == first.Data.Length ? first.Data : new byte[total];
        var at = 0;
        for (var t = first.Tsn; t <= last.Tsn; t++)
        {
            var part = store[t];
            if (!ReferenceEquals(data, part.Data))
                part.Data.CopyTo(data, at);
            at += part.Data.Length;
            store.Remove(t);
        }
        _receiveBuffered -= total;
        if (total > _options.MaxReceiveMessageSize)
        {
            _counters.MessagesDropped++;
            return new InboundMessage(streamId, uint.MaxValue, []);
        }
        return new InboundMessage(streamId, first.Ppid, data);
    }

    private void DeliverReadyOrdered(ushort streamId, InboundStream stream)
    {
        _ = streamId;
        while (stream.ReadyOrdered.Remove(stream.NextSsn, out var message))
        {
            _receiveBuffered -= message.Data.Length;
            stream.NextSsn++;
            Deliver(message);
        }
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
        foreach (var stream in _inbound.Values)
        {
            DropFragmentsUpTo(stream.UnorderedFragments, newCumulative);
            DropFragmentsUpTo(stream.OrderedFragments, newCumulative);
        }
        foreach (var skipped in forward.Streams)
        {
            if (!_inbound.TryGetValue(skipped.StreamId, out var stream) || !Tsn.SsnGe(skipped.Ssn, stream.NextSsn))
                continue;
            // Deliver what is complete up to the skipped SSN, then move past it.
            while (Tsn.SsnGe(skipped.Ssn, stream.NextSsn))
            {
                if (stream.ReadyOrdered.Remove(stream.NextSsn, out var message))
                {
                    _receiveBuffered -= message.Data.Length;
                    Deliver(message);
                }
                stream.NextSsn++;
            }
            DeliverReadyOrdered(skipped.StreamId, stream);
        }
        CheckDeferredResets();
    }

    private void MarkReceivedAdvance()
    {
        while (_receivedAbove.Count > 0 && _receivedAbove.Min == _peerCumulativeTsn + 1)
        {
            _receivedAbove.Remove(_peerCumulativeTsn + 1);
            _peerCumulativeTsn++;
        }
    }

    private void DropFragmentsUpTo(SortedDictionary<long, Fragment> store, long tsn)
    {
        if (store.Count == 0)
            return;
        foreach (var key in store.Keys.TakeWhile(k => k <= tsn).ToList())
        {
            _receiveBuffered -= store[key].Data.Length;
            store.Remove(key);
        }
    }

    private SackChunk BuildSack()
    {
        var cumulative = _peerCumulativeTsn;
        var blocks = new List<GapAckBlock>();
        long start = -1, end = -1;
        foreach (var t in _receivedAbove)
        {
            if (start < 0)
            {
                start = end = t;
            }
            else if (t == end + 1)
            {
                end = t;
            }
            else
            {
                blocks.Add(new GapAckBlock((ushort)(start - cumulative), (ushort)(end - cumulative)));
                start = end = t;
            }
            if (blocks.Count >= MaxGapBlocksReported)
                break;
        }
        if (start >= 0 && blocks.Count < MaxGapBlocksReported)
            blocks.Add(new GapAckBlock((ushort)(start - cumulative), (ushort)(end - cumulative)));
        var rwnd = (uint)Math.Max(0, _options.ReceiveWindow - _receiveBuffered);
        var sack = new SackChunk((uint)cumulative, rwnd, blocks, [.. _duplicates]);
        _duplicates.Clear();
        return sack;
    }

    private void OnDelayedAckExpired() => _sackNow = true;

    private void CountMalformed(string reason)
    {
        _counters.MalformedPackets++;
        _counters.PacketsDropped++;
        Log.Dropped(_logger, reason);
    }

    private void CountOutOfState(string reason)
    {
        _counters.OutOfStatePackets++;
        _counters.PacketsDropped++;
        Log.Dropped(_logger, reason);
    }
}
