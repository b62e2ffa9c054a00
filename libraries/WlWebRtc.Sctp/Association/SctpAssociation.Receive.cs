using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
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
            _drops.Malformed("too short");
            return;
        }
        if (!SctpPacket.HasValidChecksum(packet))
        {
            _counters.ChecksumErrors++;
            _counters.PacketsDropped++;
            _drops.Counted("checksum");
            return;
        }
        if (SctpPacket.SourcePort(packet) != _options.RemotePort || SctpPacket.DestinationPort(packet) != _options.LocalPort)
        {
            _drops.OutOfState("ports");
            return;
        }
        if (_terminated)
        {
            _drops.OutOfState("association ended");
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
            _drops.Malformed("chunk layout");
            return;
        }
        var tag = SctpPacket.VerificationTag(packet);
        if (hasInit)
        {
            if (count != 1 || tag != 0)
            {
                _drops.Malformed("INIT bundled or with a tag");
                return;
            }
        }
        else if (tag != _localTag && !(tBitAllowed && _peerTag != 0 && tag == _peerTag))
        {
            _counters.WrongVerificationTag++;
            _counters.PacketsDropped++;
            _drops.Counted("verification tag");
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
        _resets.CheckDeferred();
        if (hadData)
            _receiver.OnDataPacket(ackAtOnce: _state != InternalState.Established);
    }

    /// <summary>Handles one chunk; false to stop processing the rest of the packet.</summary>
    private bool ProcessChunk(RawChunk chunk, ref bool hadData, ReadOnlySpan<byte> allChunks)
    {
        switch ((ChunkType)chunk.Type)
        {
            case ChunkType.Data:
                if (!IsUp)
                {
                    _drops.OutOfState("DATA before established");
                    return false;
                }
                hadData = true;
                if (_receiver.HandleData(chunk.Flags, chunk.Value) is { } violation)
                    AbortForViolation(violation);
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
                    _drops.OutOfState("SACK");
                    return true;
                }
                var sack = SackChunk.Parse(chunk.Value);
                if (sack is null)
                    _drops.Malformed("bad SACK");
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
                    _drops.OutOfState("FORWARD-TSN");
                    return true;
                }
                var forward = ForwardTsnChunk.Parse(chunk.Value);
                if (forward is null)
                    _drops.Malformed("bad FORWARD-TSN");
                else
                {
                    // After the cumulative TSN moved: a deferred stream reset may now be due.
                    if (_receiver.HandleForwardTsn(forward))
                        _resets.CheckDeferred();
                }
                return true;
            case ChunkType.ReConfig:
                if (!IsUp)
                {
                    _drops.OutOfState("RE-CONFIG");
                    return true;
                }
                var reconfig = ReConfigChunk.Parse(chunk.Value);
                if (reconfig is null)
                    _drops.Malformed("bad RE-CONFIG");
                else
                    _resets.Handle(reconfig);
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

    private void OnDelayedAckExpired() => _receiver.OnDelayedAckExpired();

    /// <summary>ABORT with a Protocol Violation cause (RFC 9260 §3.3.10.13) and everything held for the peer freed.</summary>
    private void AbortForViolation(string reason)
    {
        _counters.ProtocolViolations++;
        Log.ProtocolViolation(_logger, reason);
        SendSingle(SimpleChunk.Abort(reason, SimpleChunk.CauseProtocolViolation), _peerTag);
        Terminate(SctpAssociationState.Failed);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProtocolViolation, Level = LogLevel.Warning, Message = "SCTP association aborted: protocol violation by the peer: {Reason}")]
        public static partial void ProtocolViolation(ILogger logger, string reason);
    }
}
