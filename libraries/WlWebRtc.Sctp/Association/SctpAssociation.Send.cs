using WlWebRtc.Sctp.Dcep;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    internal bool SendMessage(DataChannel channel, ReadOnlySpan<byte> data, bool isBinary)
    {
        var limit = _options.MaxSendMessageSize;
        if (limit > 0 && data.Length > limit)
            throw new ArgumentException($"Message of {data.Length} bytes exceeds the peer's maximum message size {limit}.", nameof(data));
        lock (_lock)
        {
            if (_terminated || channel.State is not (DataChannelState.Open or DataChannelState.Connecting)
                || !_channels.IsRegistered(channel))
                return false;
            if (!_sender.HasRoomFor(data.Length))
                return false;
            var ppid = data.IsEmpty ? (isBinary ? Ppid.BinaryEmpty : Ppid.StringEmpty) : (isBinary ? Ppid.Binary : Ppid.String);
            // Empty messages travel as one zero byte (RFC 8831 §6.6).
            byte[] payload = data.IsEmpty ? [0] : data.ToArray();
            var options = channel.Options;
            // Before the peer acknowledged the open, everything goes ordered (RFC 8832 §6).
            _sender.Enqueue(new OutgoingMessage
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

    /// <summary>Sends what may go now: SACK, control chunks, RE-CONFIG, then what the send side has (FORWARD-TSN, retransmissions, new data).</summary>
    private void FlushOutgoing()
    {
        if (_terminated || _peerTag == 0)
        {
            _builder.Flush();
            return;
        }
        if (IsUp && _receiver.TakeSack() is { } sack)
            _builder.Add(sack);
        if (IsUp)
        {
            _resets.Transmit();
            _sender.Transmit();
            MaybeFinishShutdown();
        }
        _builder.Flush();
    }

    private void OnT3Expired()
    {
        if (!IsUp)
            return;
        if (!_sender.OnT3Expired())
        {
            Log.Failed(_logger, "retransmissions exhausted");
            Terminate(SctpAssociationState.Failed);
        }
    }

    private void OnReconfigTimerExpired()
    {
        if (IsUp)
            _resets.OnTimerExpired();
    }
}
