using System.Security.Cryptography;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Agent;

public enum IceRole
{
    Controlling,
    Controlled,
}

public enum IceAgentState
{
    New,
    Checking,

    /// <summary>A nominated pair is selected and media may flow.</summary>
    Connected,

    /// <summary>Every pair failed, or consent on the selected pair expired (RFC 7675).</summary>
    Failed,
    Closed,
}

public enum IceCandidatePairState
{
    Frozen,
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>ICE username fragment and password (RFC 8445 section 5.3: at least 24 and 128 bits of randomness).</summary>
public sealed record IceCredentials(string Ufrag, string Pwd)
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Generate() => new(RandomIceString(8), RandomIceString(24));

    private static string RandomIceString(int length) => RandomNumberGenerator.GetString(IceChars, length);
}

/// <summary>Timers and limits of the agent.</summary>
public sealed record IceAgentOptions
{
    public static IceAgentOptions Default { get; } = new();

    /// <summary>Pacing of checks (RFC 8445 section 14.2: 50 ms by default, never under 5 ms).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Retransmission of connectivity checks.</summary>
    public StunRetransmission CheckRetransmission { get; init; } = StunRetransmission.Default with { MaxRequests = 7 };

    /// <summary>Retransmission of binding requests to STUN servers when gathering (gives up after 9.5 s).</summary>
    public StunRetransmission GatheringRetransmission { get; init; } = StunRetransmission.Default with { MaxRequests = 5, LastWaitMultiplier = 4 };

    /// <summary>The controlling agent nominates the best valid pair at the latest this long after the first one succeeded.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consent checks on the selected pair every interval, randomized by +-20% (RFC 7675 section 5.1: 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No consent response for this long: the agent fails (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most pairs kept in the check list (RFC 8445 section 6.1.2.5 recommends 100).</summary>
    public int MaxPairs { get; init; } = 100;

    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        if (Ta < TimeSpan.FromMilliseconds(5))
        {
            errors.Add($"{path}.ta must be at least 5 ms, got {Ta.TotalMilliseconds} ms.");
        }

        if (ConsentInterval <= TimeSpan.Zero || ConsentTimeout <= ConsentInterval)
        {
            errors.Add($"{path}.consent_timeout must exceed consent_interval, both positive.");
        }

        if (NominationDelay < TimeSpan.Zero)
        {
            errors.Add($"{path}.nomination_delay may not be negative.");
        }

        if (MaxPairs < 1)
        {
            errors.Add($"{path}.max_pairs must be at least 1.");
        }

        errors.AddRange(CheckRetransmission.Validate(path + ".check_retransmission"));
        errors.AddRange(GatheringRetransmission.Validate(path + ".gathering_retransmission"));
        return errors;
    }
}
