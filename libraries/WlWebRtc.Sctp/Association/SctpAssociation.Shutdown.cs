using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private int _t2Retransmissions;

    private void ShutdownCore()
    {
        lock (_lock)
        {
            if (_terminated || _disposed)
                return;
            if (!IsUp)
            {
                SendAbort("shutdown before established");
                Terminate(SctpAssociationState.Closed);
            }
            else if (_state == InternalState.Established)
            {
                SetState(InternalState.ShutdownPending);
                RunGuarded(static () => { });
            }
        }
        DispatchEvents();
    }

    private void MaybeFinishShutdown()
    {
        if (_state == InternalState.ShutdownPending && _sender.NothingOutstanding)
        {
            _builder.Add(new ShutdownChunk(_receiver.CumulativeTsn));
            SetState(InternalState.ShutdownSent);
            _t2Retransmissions = 0;
            _t2.Start(_sender.Rto);
        }
        else if (_state == InternalState.ShutdownReceived && _sender.NothingOutstanding)
        {
            _builder.Add(SimpleChunk.Empty(ChunkType.ShutdownAck));
            SetState(InternalState.ShutdownAckSent);
            _t2Retransmissions = 0;
            _t2.Start(_sender.Rto);
        }
    }

    private void HandleShutdown(ReadOnlySpan<byte> value)
    {
        var shutdown = ShutdownChunk.Parse(value);
        if (shutdown is null)
        {
            _drops.Malformed("bad SHUTDOWN");
            return;
        }
        switch (_state)
        {
            case InternalState.Established or InternalState.ShutdownPending or InternalState.ShutdownReceived:
                _sender.HandleShutdownCumulativeAck(shutdown.CumulativeTsnAck);
                SetState(InternalState.ShutdownReceived);
                break;
            case InternalState.ShutdownSent:
                // Both sides shut down at once (RFC 9260 §9.2).
                _builder.Add(SimpleChunk.Empty(ChunkType.ShutdownAck));
                SetState(InternalState.ShutdownAckSent);
                _t2.Start(_sender.Rto);
                break;
            case InternalState.ShutdownAckSent:
                break;
            default:
                _drops.OutOfState("SHUTDOWN");
                break;
        }
    }

    private void HandleShutdownAck()
    {
        if (_state is InternalState.ShutdownSent or InternalState.ShutdownAckSent)
        {
            _builder.Add(SimpleChunk.Empty(ChunkType.ShutdownComplete));
            _builder.Flush();
            Terminate(SctpAssociationState.Closed);
        }
        else
        {
            _drops.OutOfState("SHUTDOWN-ACK");
        }
    }

    private void HandleShutdownComplete()
    {
        if (_state == InternalState.ShutdownAckSent)
            Terminate(SctpAssociationState.Closed);
        else
            _drops.OutOfState("SHUTDOWN-COMPLETE");
    }

    private void OnT2Expired()
    {
        if (++_t2Retransmissions > _options.MaxRetransmissions)
        {
            Terminate(SctpAssociationState.Closed);
            return;
        }
        if (_state == InternalState.ShutdownSent)
            _builder.Add(new ShutdownChunk(_receiver.CumulativeTsn));
        else if (_state == InternalState.ShutdownAckSent)
            _builder.Add(SimpleChunk.Empty(ChunkType.ShutdownAck));
        else
            return;
        _t2.Start(TimeSpan.FromTicks(Math.Min(_sender.Rto.Ticks * (1L << Math.Min(_t2Retransmissions, 10)), _options.RtoMax.Ticks)));
    }
}
