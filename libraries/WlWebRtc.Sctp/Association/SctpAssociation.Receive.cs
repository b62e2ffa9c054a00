using System.Buffers.Binary;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private const int MaxDuplicatesReported = 32;
    private const int MaxGapBlocksReported = 64;

    private readonly SortedSet<long> _receivedAbove = [];   // TSNs received beyond the cumulative TSN (bounded by MaxTsnAhead)
    private readonly List<uint> _duplicates = [];
    private long _peerCumulativeTsn;     // unwrapped: every TSN up to here received
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
// Catch-all on purpose (see CONTRIBUTING.md, containment): Last line of defence: bad input must never surface as an exception to the receive loop.
            catch (Exception ex)
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
        if (_terminated)
            return;
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
                    _sender.HandleSack(sack);
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
