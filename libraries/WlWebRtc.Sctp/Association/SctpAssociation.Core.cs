using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private int _publicState;
    private InternalState _state;
    private bool _started;
    private bool _terminated;
    private bool _disposed;

    // The peer's side, known once INIT-ACK or COOKIE-ECHO arrived.
    private uint _peerTag;
    private bool _peerSupportsReConfig;
    private ushort _outboundStreams;

    private static uint RandomNonZero()
    {
        uint value;
        do
        {
            value = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        }
        while (value == 0);
        return value;
    }

    private bool IsUp => _state is InternalState.Established or InternalState.ShutdownPending or InternalState.ShutdownSent
        or InternalState.ShutdownReceived or InternalState.ShutdownAckSent;

    private void EmitPacket(ReadOnlyMemory<byte> packet)
    {
        _counters.PacketsSent++;
        try
        {
            _sendPacket(packet.Span);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A failing transport must not break the protocol state; the loss is repaired like any other.
        catch (Exception ex)
        {
            Log.SendFailed(_logger, ex);
        }
    }

    /// <summary>Sends one chunk alone in a packet with the given tag (used before the peer's tag is known, or for T-bit replies).</summary>
    private void SendSingle(IChunk chunk, uint verificationTag)
    {
        _builder.Flush();
        var saved = _builder.VerificationTag;
        _builder.VerificationTag = verificationTag;
        _builder.Add(chunk);
        _builder.Flush();
        _builder.VerificationTag = saved;
    }

    private void SetState(InternalState state)
    {
        _state = state;
        var visible = _terminated ? (SctpAssociationState)_publicState : state switch
        {
            InternalState.Closed => _started ? SctpAssociationState.Connecting : SctpAssociationState.New,
            InternalState.CookieWait or InternalState.CookieEchoed => SctpAssociationState.Connecting,
            InternalState.Established => SctpAssociationState.Established,
            _ => SctpAssociationState.ShuttingDown,
        };
        SetPublicState(visible);
    }

    private void SetPublicState(SctpAssociationState visible)
    {
        if ((int)visible == _publicState)
            return;
        Volatile.Write(ref _publicState, (int)visible);
        Log.StateChanged(_logger, visible);
        _pendingEvents.Add(() => RaiseStateChanged(visible));
    }

    /// <summary>Ends the association: stops timers, closes every channel, drops queues.</summary>
    private void Terminate(SctpAssociationState final)
    {
        if (_terminated)
            return;
        _state = InternalState.Closed;
        SetPublicState(final);
        _terminated = true;
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _delayedAck.Stop();
        _reconfigTimer.Stop();
        _sender.Clear();
        foreach (var channel in _channels.Snapshot())
            FinishChannelClose(channel);
        _receiver.Clear();
        _resets.Clear();
    }

    private void OnTimer(Action handler, SctpTimer timer)
    {
        lock (_lock)
        {
            if (_disposed || _terminated || !timer.TryConsumeExpiry())
                return;
            RunGuarded(handler);
        }
        DispatchEvents();
    }

    private void RunGuarded(Action action)
    {
        try
        {
            action();
            FlushOutgoing();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Last line of defence: a bug must not surface as an exception in a receive loop or timer.
        catch (Exception ex)
        {
            _counters.ProcessingErrors++;
            Log.ProcessingError(_logger, ex);
        }
    }

    /// <summary>Raises queued events outside the lock, in order.</summary>
    private void DispatchEvents()
    {
        while (true)
        {
            Action[] events;
            lock (_lock)
            {
                if (_pendingEvents.Count == 0)
                    return;
                events = [.. _pendingEvents];
                _pendingEvents.Clear();
            }
            foreach (var raise in events)
            {
                try
                {
                    raise();
                }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A user's handler must not break the association.
                catch (Exception ex)
                {
                    Log.HandlerFailed(_logger, ex);
                }
            }
        }
    }

    private SctpStatistics GetStatisticsCore()
    {
        lock (_lock)
            return _counters.Snapshot() with { ReceiveBufferedBytes = _receiver.BufferedBytes };
    }

    private IReadOnlyList<DataChannel> GetDataChannels()
    {
        lock (_lock)
            return _channels.Snapshot();
    }

    private void DisposeCore()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            if (!_terminated && _state != InternalState.Closed)
                SendAbort("disposed");
            Terminate(SctpAssociationState.Closed);
            _disposed = true;
            _t1.Dispose();
            _t2.Dispose();
            _t3.Dispose();
            _delayedAck.Dispose();
            _reconfigTimer.Dispose();
        }
        DispatchEvents();
    }

    private void AbortCore(string? reason)
    {
        lock (_lock)
        {
            if (_terminated)
                return;
            if (_state != InternalState.Closed)
                SendAbort(reason);
            Terminate(SctpAssociationState.Closed);
        }
        DispatchEvents();
    }

    private void SendAbort(string? reason)
    {
        // Before the peer's tag is known, ABORT carries our own tag with the T bit (RFC 9260 §8.5.1).
        if (_peerTag != 0)
            SendSingle(SimpleChunk.Abort(reason), _peerTag);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StateChanged, Level = LogLevel.Debug, Message = "SCTP association state: {State}")]
        public static partial void StateChanged(ILogger logger, SctpAssociationState state);

        [LoggerMessage(EventId = EventIds.SendFailed, Level = LogLevel.Warning, Message = "SCTP packet sender failed")]
        public static partial void SendFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = EventIds.ProcessingError, Level = LogLevel.Error, Message = "SCTP internal error while processing; the packet or timer event was dropped")]
        public static partial void ProcessingError(ILogger logger, Exception ex);

        [LoggerMessage(EventId = EventIds.HandlerFailed, Level = LogLevel.Warning, Message = "A data channel event handler threw")]
        public static partial void HandlerFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = EventIds.AssociationFailed, Level = LogLevel.Information, Message = "SCTP association failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.PeerError, Level = LogLevel.Debug, Message = "SCTP peer reported an error chunk ({Length} bytes)")]
        public static partial void PeerError(ILogger logger, int length);

        [LoggerMessage(EventId = EventIds.RemoteChannelOpened, Level = LogLevel.Debug, Message = "Data channel {StreamId} '{Label}' opened by the peer")]
        public static partial void RemoteChannelOpened(ILogger logger, ushort streamId, string label);
    }
}
