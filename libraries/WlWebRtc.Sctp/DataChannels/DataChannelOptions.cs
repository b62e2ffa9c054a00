namespace WlWebRtc.Sctp;

/// <summary>How a data channel delivers (RTCDataChannelInit). Immutable; check with <see cref="Validate"/>.</summary>
public sealed record DataChannelOptions
{
    /// <summary>In-order delivery (default) or as messages arrive.</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Partial reliability: give a message up after this many retransmissions (0 = send once).</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Partial reliability: give a message up once it is this old.</summary>
    public TimeSpan? MaxPacketLifetime { get; init; }

    /// <summary>Sub-protocol name carried in DATA_CHANNEL_OPEN.</summary>
    public string Protocol { get; init; } = "";

    /// <summary>Negotiated out of band (no DCEP): both sides open the channel with the same <see cref="StreamId"/>.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Stream id to use; required when <see cref="Negotiated"/>, else chosen with our parity when null.</summary>
    public int? StreamId { get; init; }

    /// <summary>DCEP priority (RFC 8832: 128 below normal, 256 normal, 512 high, 1024 extra high).</summary>
    public int Priority { get; init; } = 256;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRetransmits is not null && MaxPacketLifetime is not null)
            errors.Add($"{nameof(MaxRetransmits)}/{nameof(MaxPacketLifetime)}: set at most one.");
        if (MaxRetransmits is < 0)
            errors.Add($"{nameof(MaxRetransmits)}: must not be negative, was {MaxRetransmits}.");
        if (MaxPacketLifetime is { } life && (life < TimeSpan.Zero || life.TotalMilliseconds > uint.MaxValue))
            errors.Add($"{nameof(MaxPacketLifetime)}: {life} is out of range.");
        if (Negotiated && StreamId is null)
            errors.Add($"{nameof(StreamId)}: required when {nameof(Negotiated)} is true.");
        if (StreamId is < 0 or > 65534)
            errors.Add($"{nameof(StreamId)}: {StreamId} is outside 0-65534.");
        if (Priority is < 0 or > 65535)
            errors.Add($"{nameof(Priority)}: {Priority} is outside 0-65535.");
        if (System.Text.Encoding.UTF8.GetByteCount(Protocol) > 65535)
            errors.Add($"{nameof(Protocol)}: longer than 65535 bytes.");
        return errors;
    }
}
