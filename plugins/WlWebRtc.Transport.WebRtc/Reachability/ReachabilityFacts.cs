using System.Net;

namespace WlWebRtc.Transport.WebRtc.Reachability;

/// <summary>
/// What the transport knows at start about how viewers can reach it: its local addresses and, when STUN servers are
/// configured, the address a STUN server saw (from each local IPv4/IPv6 address). A mapped address that is none of
/// the local ones means a NAT sits in between.
/// </summary>
internal sealed record ReachabilityFacts(IReadOnlyList<IPAddress> LocalAddresses, IReadOnlyList<MappedAddress> Mapped)
{
    /// <summary>True when some STUN server answered with an address that is not one of ours.</summary>
    public bool BehindNat => Mapped.Any(m => m.Address is { } a && !LocalAddresses.Any(l => l.Equals(a)));

    /// <summary>True when a STUN server answered and every answer is one of our own addresses (a public host).</summary>
    public bool Public => Mapped.Any(m => m.Address is not null) && !BehindNat;

    /// <summary>The configured TURN servers, each checked with a real Allocate (<see cref="TurnServerCheck"/>).</summary>
    public IReadOnlyList<TurnCheckResult> Turn { get; init; } = [];

    /// <summary>What a failed TURN check means for viewers, or null when every configured server allocated.</summary>
    public string? TurnWarning => Turn.Any(t => !t.Ok)
        ? (Turn.All(t => !t.Ok) ? "no relayed candidates: " : "fewer relayed candidates: ") +
          "viewers that can only be reached through a relay (UDP blocked, symmetric NAT, relay-only policy) will not connect; host" +
          (Mapped.Any(m => m.Address is not null) ? " and server-reflexive" : string.Empty) + " candidates are still offered"
        : null;

    /// <summary>One line for --list-plugins and the start log, e.g. "local 192.168.1.5; mapped 203.0.113.7:50000 via stun:… (behind NAT)".</summary>
    public string Describe()
    {
        var text = "local " + string.Join(", ", LocalAddresses);
        if (Mapped.Count == 0)
        {
            text += "; no STUN server configured (NAT not checked)";
        }
        else
        {
            text += "; " + string.Join("; ", Mapped.Select(m => m.Address is { } a ? $"mapped {m.EndPoint} via {m.Server}" : $"no answer from {m.Server} ({m.Error})"));
            text += BehindNat ? " (behind NAT)" : Public ? " (public address, no NAT)" : string.Empty;
        }

        foreach (var turn in Turn)
        {
            text += "; " + turn.Describe();
        }

        return TurnWarning is { } warning ? text + " (" + warning + ")" : text;
    }
}

/// <summary>One STUN server's answer to a binding request sent from <see cref="Local"/>; <see cref="EndPoint"/> null when it failed.</summary>
internal sealed record MappedAddress(string Server, IPAddress Local, IPEndPoint? EndPoint, string? Error)
{
    public IPAddress? Address => EndPoint?.Address is { } a && a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : EndPoint?.Address;
}
