namespace WlWebRtc.Ice.Stun;

/// <summary>
/// When a client transaction sends and gives up (RFC 8489 section 6.2.1): over UDP the request goes out at 0,
/// RTO, 3 RTO, 7 RTO ... (the wait doubles), <see cref="MaxRequests"/> times (Rc), and the transaction fails
/// <see cref="LastWaitMultiplier"/> RTO (Rm) after the last one: with the defaults, sends at 0, 0.5, 1.5, 3.5,
/// 7.5, 15.5, 31.5 s and failure at 39.5 s. Over TCP/TLS it is sent once and fails after <see cref="ReliableTimeout"/> (Ti).
/// </summary>
public sealed record StunRetransmission
{
    public static StunRetransmission Default { get; } = new();

    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    public int MaxRequests { get; init; } = 7;

    public int LastWaitMultiplier { get; init; } = 16;

    public TimeSpan ReliableTimeout { get; init; } = TimeSpan.FromSeconds(39.5);

    /// <summary>How long after sending request number <paramref name="index"/> (0-based) the next step happens.</summary>
    public TimeSpan WaitAfter(int index, bool reliable)
    {
        if (reliable)
        {
            return ReliableTimeout;
        }

        return index >= MaxRequests - 1
            ? InitialRto * LastWaitMultiplier
            : InitialRto * (1L << Math.Min(index, 30));
    }

    /// <summary>The send times of every request and the failure time, relative to the first send.</summary>
    public (IReadOnlyList<TimeSpan> Sends, TimeSpan Timeout) Schedule(bool reliable)
    {
        var sends = new List<TimeSpan>();
        var at = TimeSpan.Zero;
        var count = reliable ? 1 : MaxRequests;
        for (var i = 0; i < count; i++)
        {
            sends.Add(at);
            at += WaitAfter(i, reliable);
        }

        return (sends, at);
    }

    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        if (InitialRto <= TimeSpan.Zero)
        {
            errors.Add($"{path}.initial_rto must be positive, got {InitialRto}.");
        }

        if (MaxRequests is < 1 or > 16)
        {
            errors.Add($"{path}.max_requests must be 1-16, got {MaxRequests}.");
        }

        if (LastWaitMultiplier < 1)
        {
            errors.Add($"{path}.last_wait_multiplier must be at least 1, got {LastWaitMultiplier}.");
        }

        if (ReliableTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}.reliable_timeout must be positive, got {ReliableTimeout}.");
        }

        return errors;
    }
}
