using Microsoft.Extensions.Logging;
using WlWebRtc.Sctp.Dcep;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    /// <summary>Longest label plus protocol (UTF-16 characters) we keep for a channel the peer opens. Every stream id may
    /// carry one channel, so a bound per channel bounds what a peer can make us hold; real labels are short.</summary>
    private const int MaxPeerLabelAndProtocolLength = 2048;

    private DataChannel OpenDataChannelCore(string label, DataChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(label);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid data channel options: " + string.Join(" ", errors), nameof(options));
        if (System.Text.Encoding.UTF8.GetByteCount(label) > 65535)
            throw new ArgumentException("Label longer than 65535 bytes.", nameof(label));
        DataChannel channel;
        lock (_lock)
        {
            if (_terminated || _disposed || _state is InternalState.ShutdownPending or InternalState.ShutdownSent
                or InternalState.ShutdownReceived or InternalState.ShutdownAckSent)
                throw new InvalidOperationException("The SCTP association is closing or closed.");
            ushort streamId;
            if (options.StreamId is { } requested)
            {
                streamId = (ushort)requested;
                if (_channels.Contains(streamId))
                    throw new ArgumentException($"Stream id {streamId} is in use.", nameof(options));
                if (!options.Negotiated && (streamId % 2 == 0) != _options.IsDtlsClient)
                    throw new ArgumentException($"Stream id {streamId} has the peer's parity (RFC 8832 §6).", nameof(options));
            }
            else
            {
                streamId = _channels.AllocateStreamId(_options.IsDtlsClient, _outboundStreams, _resets.IsPending);
            }
            if (streamId >= _outboundStreams)
                throw new InvalidOperationException($"Stream id {streamId} exceeds the {_outboundStreams} negotiated streams.");
            var acknowledged = options.Negotiated;
            var state = options.Negotiated && IsUp ? DataChannelState.Open : DataChannelState.Connecting;
            channel = new DataChannel(this, streamId, label, options with { StreamId = streamId }, state) { PeerAcknowledged = acknowledged };
            _channels.Add(channel);
            if (!options.Negotiated)
            {
                _sender.Enqueue(new OutgoingMessage
                {
                    StreamId = streamId,
                    Ppid = Ppid.Dcep,
                    Data = DcepOpen.FromOptions(label, options).Serialize(),
                    Unordered = false,
                });
            }
            else if (state == DataChannelState.Open)
            {
                _pendingEvents.Add(channel.RaiseOpened);
            }
            RunGuarded(static () => { });
        }
        DispatchEvents();
        return channel;
    }

    /// <summary>Negotiated channels created before the association came up open with it.</summary>
    private void OpenNegotiatedChannels()
    {
        foreach (var channel in _channels.Snapshot())
        {
            if (channel.Negotiated && channel.State == DataChannelState.Connecting)
            {
                channel.SetState(DataChannelState.Open);
                _pendingEvents.Add(channel.RaiseOpened);
            }
        }
    }

    /// <summary>A complete incoming message: DCEP control or user data for a channel.</summary>
    private void Deliver(InboundMessage message)
    {
        if (message.Ppid == uint.MaxValue)
            return; // oversized, already counted
        if (message.Ppid == Ppid.Dcep)
        {
            HandleDcep(message.StreamId, message.Data);
            return;
        }
        if (_channels.Find(message.StreamId) is not { } channel || channel.State == DataChannelState.Closed)
        {
            _counters.MessagesDropped++;
            return;
        }
        bool binary;
        var data = message.Data;
        switch (message.Ppid)
        {
            case Ppid.String:
                binary = false;
                break;
            case Ppid.Binary:
                binary = true;
                break;
            case Ppid.StringEmpty:
                binary = false;
                data = [];
                break;
            case Ppid.BinaryEmpty:
                binary = true;
                data = [];
                break;
            default:
                _counters.MessagesDropped++;
                return;
        }
        // User data on a channel we opened means the peer accepted it (RFC 8832 §6).
        MarkPeerAcknowledged(channel);
        _counters.MessagesReceived++;
        _pendingEvents.Add(() => channel.RaiseMessage(data, binary));
    }

    private void MarkPeerAcknowledged(DataChannel channel)
    {
        if (channel.PeerAcknowledged)
            return;
        channel.PeerAcknowledged = true;
        if (channel.State == DataChannelState.Connecting)
        {
            channel.SetState(DataChannelState.Open);
            _pendingEvents.Add(channel.RaiseOpened);
            _pendingEvents.Add(() => RaiseDataChannelOpened(channel));
        }
    }

    private void HandleDcep(ushort streamId, byte[] data)
    {
        if (data.Length == 1 && data[0] == DcepOpen.AckMessageType)
        {
            if (_channels.Find(streamId) is { } opened)
                MarkPeerAcknowledged(opened);
            else
                _counters.MessagesDropped++;
            return;
        }
        var open = DcepOpen.Parse(data);
        if (open is null || _channels.Contains(streamId) || _resets.IsPending(streamId)
            || open.Label.Length + open.Protocol.Length > MaxPeerLabelAndProtocolLength)
        {
            _counters.MessagesDropped++;
            return;
        }
        var channel = new DataChannel(this, streamId, open.Label, open.ToOptions(streamId), DataChannelState.Open) { PeerAcknowledged = true };
        _channels.Add(channel);
        _sender.Enqueue(new OutgoingMessage { StreamId = streamId, Ppid = Ppid.Dcep, Data = [DcepOpen.AckMessageType], Unordered = false });
        Log.RemoteChannelOpened(_logger, streamId, open.Label);
        _pendingEvents.Add(() => RaiseDataChannelOpened(channel));
    }

    internal void CloseChannel(DataChannel channel)
    {
        lock (_lock)
        {
            if (channel.State is DataChannelState.Closing or DataChannelState.Closed)
                return;
            if (!_channels.IsRegistered(channel))
                return;
            channel.SetState(DataChannelState.Closing);
            if (!IsUp || !_peerSupportsReConfig)
                FinishChannelClose(channel);
            else
                _resets.Request(channel.StreamId);
            RunGuarded(static () => { });
        }
        DispatchEvents();
    }

    private void FinishChannelClose(DataChannel channel)
    {
        if (channel.State == DataChannelState.Closed)
            return;
        channel.SetState(DataChannelState.Closed);
        _channels.Remove(channel);
        _sender.DropUnsent(channel);
        _receiver.ForgetStream(channel.StreamId);
        _sender.ResetStream(channel.StreamId);
        _resets.Forget(channel.StreamId);
        _pendingEvents.Add(channel.RaiseClosed);
        if (_logger.IsEnabled(LogLevel.Debug))
            Log.ChannelClosed(_logger, channel.StreamId);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ChannelClosed, Level = LogLevel.Debug, Message = "Data channel {StreamId} closed")]
        public static partial void ChannelClosed(ILogger logger, ushort streamId);
    }
}
