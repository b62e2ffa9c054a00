using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Rtp.Sending;

/// <summary>
/// Writes the RTP header of every packet the sender sends, media and retransmission alike, with the negotiated
/// one-byte header extensions: abs-send-time, transport-wide sequence number and playout delay. Owns the
/// transport-wide sequence, which counts every packet on the transport whatever its SSRC. Used under the
/// sender's send lock.
/// </summary>
internal sealed class RtpHeaderBuilder
{
    /// <summary>The longest header written: the fixed header and one extension block with the three elements.</summary>
    public const int MaxHeaderLength = RtpHeader.FixedLength + 4 + 16;

    private readonly int _absSendTimeId;
    private readonly int _transportWideCcId;
    private readonly int _playoutDelayId;
    private int _playoutMinUnits;
    private int _playoutMaxUnits;
    private readonly long _timestampFrequency;
    private ushort _transportSequence;
    private ushort _pendingTransportSequence;
    private bool _hasPendingTransportSequence;

    public RtpHeaderBuilder(RtpVideoSenderOptions options, long timestampFrequency)
    {
        _absSendTimeId = options.AbsSendTimeExtensionId;
        _transportWideCcId = options.TransportWideCcExtensionId;
        _playoutDelayId = options.PlayoutDelayExtensionId;
        // Playout delay travels in units of 10 ms.
        _playoutMinUnits = (int)(options.PlayoutDelayMin.TotalMilliseconds / 10);
        _playoutMaxUnits = (int)(options.PlayoutDelayMax.TotalMilliseconds / 10);
        _timestampFrequency = timestampFrequency;
    }

    /// <summary>The playout delay written from the next header on (in 10 ms units, rounded down; the policy may change it per frame).</summary>
    public void SetPlayoutDelay(TimeSpan min, TimeSpan max)
    {
        _playoutMinUnits = (int)(min.TotalMilliseconds / 10);
        _playoutMaxUnits = (int)(max.TotalMilliseconds / 10);
    }

    /// <summary>Writes the header at the start of <paramref name="packet"/>; returns its length. <paramref name="now"/>
    /// is a <see cref="TimeProvider"/> timestamp (for abs-send-time).</summary>
    public int Write(Span<byte> packet, bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc, long now)
    {
        var hasExtensions = _absSendTimeId != 0 || _transportWideCcId != 0 || _playoutDelayId != 0;
        var offset = RtpHeaderWriter.WriteFixed(packet, marker, payloadType, sequence, timestamp, ssrc, hasExtensions);
        if (!hasExtensions)
        {
            return offset;
        }

        var blockStart = RtpHeaderWriter.BeginExtensions(packet, offset, twoByte: false);
        offset = blockStart;
        Span<byte> value = stackalloc byte[3];
        if (_absSendTimeId != 0)
        {
            AbsSendTime.Write(value, AbsSendTime.FromTimestamp(now, _timestampFrequency));
            offset = RtpHeaderWriter.AddElement(packet, offset, false, _absSendTimeId, value);
        }

        if (_transportWideCcId != 0)
        {
            var transportSequence = _transportSequence++;
            TransportWideSequence.Write(value, transportSequence);
            offset = RtpHeaderWriter.AddElement(packet, offset, false, _transportWideCcId, value[..2]);
            _pendingTransportSequence = transportSequence;
            _hasPendingTransportSequence = true;
        }

        if (_playoutDelayId != 0)
        {
            PlayoutDelay.Write(value, _playoutMinUnits, _playoutMaxUnits);
            offset = RtpHeaderWriter.AddElement(packet, offset, false, _playoutDelayId, value);
        }

        return RtpHeaderWriter.EndExtensions(packet, blockStart, offset);
    }

    /// <summary>The transport-wide sequence number of the header written last, once: the sender reports it to the
    /// bandwidth estimator when the packet actually went out.</summary>
    public bool TryTakeTransportSequence(out ushort sequence)
    {
        sequence = _pendingTransportSequence;
        if (!_hasPendingTransportSequence)
        {
            return false;
        }

        _hasPendingTransportSequence = false;
        return true;
    }
}
