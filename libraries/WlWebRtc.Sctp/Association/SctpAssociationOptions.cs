namespace WlWebRtc.Sctp;

/// <summary>Settings of one SCTP association over DTLS (RFC 8261). Immutable; check with <see cref="Validate"/>.</summary>
public sealed record SctpAssociationOptions
{
    /// <summary>Our SCTP port: our SDP's a=sctp-port (5000 unless said otherwise).</summary>
    public int LocalPort { get; init; } = 5000;

    /// <summary>The peer's SCTP port: the remote SDP's a=sctp-port.</summary>
    public int RemotePort { get; init; } = 5000;

    /// <summary>Largest message we accept (our a=max-message-size): a peer whose message grows past it, fragment by
    /// fragment, gets the association aborted (protocol violation).</summary>
    public int MaxReceiveMessageSize { get; init; } = 262144;

    /// <summary>Largest message we send (the peer's a=max-message-size, 65536 if it gave none, 0 = unlimited per RFC 8841).</summary>
    public int MaxSendMessageSize { get; init; } = 262144;

    /// <summary>Largest SCTP packet we emit (the DTLS record payload); 1200 keeps UDP datagrams under every path MTU.</summary>
    public int MaxPacketSize { get; init; } = 1200;

    /// <summary>True when we are the DTLS client: our data channels then use even stream ids, else odd (RFC 8832 §6).</summary>
    public bool IsDtlsClient { get; init; }

    /// <summary>Advertised receive window (a_rwnd) and the bound on buffered, undelivered incoming bytes: DATA beyond it
    /// is refused unless it is the next TSN in sequence. A peer that still gets the buffer past the window plus
    /// <see cref="MaxReceiveMessageSize"/> ignores the window and gets the association aborted. At least
    /// <see cref="MaxReceiveMessageSize"/>, so the largest message fits.</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>Incoming streams that may hold a partial message at once; a fragment out of sequence that would open
    /// one more is refused (the sender retransmits it).</summary>
    public int MaxStreamsWithPartialMessages { get; init; } = 32;

    /// <summary>Bound on queued plus in-flight outgoing bytes; <see cref="DataChannel.Send(ReadOnlySpan{byte}, bool)"/> refuses beyond it.</summary>
    public int MaxSendBufferSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Streams we ask for in INIT (outbound and inbound); the association uses the smaller of both sides'.</summary>
    public int MaxStreams { get; init; } = 1024;

    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive retransmission timeouts after which the association fails (Association.Max.Retrans).</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>INIT / COOKIE-ECHO retransmissions before giving up (Max.Init.Retransmits).</summary>
    public int MaxInitRetransmissions { get; init; } = 8;

    /// <summary>How long a state cookie we hand out stays valid.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delayed SACK timer (RFC 9260 says at most 500 ms; 200 ms is usual).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Every error at once, each keyed by its option name; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LocalPort is < 1 or > 65535)
            errors.Add($"{nameof(LocalPort)}: {LocalPort} is not a port (1-65535).");
        if (RemotePort is < 1 or > 65535)
            errors.Add($"{nameof(RemotePort)}: {RemotePort} is not a port (1-65535).");
        if (MaxReceiveMessageSize < 1)
            errors.Add($"{nameof(MaxReceiveMessageSize)}: must be positive, was {MaxReceiveMessageSize}.");
        if (MaxSendMessageSize < 0)
            errors.Add($"{nameof(MaxSendMessageSize)}: must be 0 (unlimited) or positive, was {MaxSendMessageSize}.");
        if (MaxPacketSize is < 256 or > 65535)
            errors.Add($"{nameof(MaxPacketSize)}: {MaxPacketSize} is outside 256-65535.");
        if (ReceiveWindow < 1500)
            errors.Add($"{nameof(ReceiveWindow)}: must be at least 1500, was {ReceiveWindow}.");
        if (ReceiveWindow < MaxReceiveMessageSize)
            errors.Add($"{nameof(ReceiveWindow)}: {ReceiveWindow} is below {nameof(MaxReceiveMessageSize)} {MaxReceiveMessageSize}; the largest message must fit.");
        if (MaxStreamsWithPartialMessages < 1)
            errors.Add($"{nameof(MaxStreamsWithPartialMessages)}: must be at least 1, was {MaxStreamsWithPartialMessages}.");
        if (MaxSendBufferSize < 1)
            errors.Add($"{nameof(MaxSendBufferSize)}: must be positive, was {MaxSendBufferSize}.");
        if (MaxStreams is < 1 or > 65535)
            errors.Add($"{nameof(MaxStreams)}: {MaxStreams} is outside 1-65535.");
        if (RtoMin <= TimeSpan.Zero)
            errors.Add($"{nameof(RtoMin)}: must be positive, was {RtoMin}.");
        if (RtoInitial < RtoMin || RtoInitial > RtoMax)
            errors.Add($"{nameof(RtoInitial)}: {RtoInitial} must lie between {nameof(RtoMin)} and {nameof(RtoMax)}.");
        if (RtoMax < RtoMin)
            errors.Add($"{nameof(RtoMax)}: {RtoMax} is below {nameof(RtoMin)} {RtoMin}.");
        if (MaxRetransmissions < 1)
            errors.Add($"{nameof(MaxRetransmissions)}: must be at least 1, was {MaxRetransmissions}.");
        if (MaxInitRetransmissions < 1)
            errors.Add($"{nameof(MaxInitRetransmissions)}: must be at least 1, was {MaxInitRetransmissions}.");
        if (CookieLifetime <= TimeSpan.Zero)
            errors.Add($"{nameof(CookieLifetime)}: must be positive, was {CookieLifetime}.");
        if (DelayedAckTimeout < TimeSpan.Zero || DelayedAckTimeout > TimeSpan.FromMilliseconds(500))
            errors.Add($"{nameof(DelayedAckTimeout)}: {DelayedAckTimeout} is outside 0-500 ms.");
        return errors;
    }
}
