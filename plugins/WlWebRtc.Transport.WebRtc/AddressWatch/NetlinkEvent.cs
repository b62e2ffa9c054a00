using System.Net;

namespace WlWebRtc.Transport.WebRtc.AddressWatch;

/// <summary>What one rtnetlink notification says happened.</summary>
internal enum NetlinkEventKind
{
    /// <summary>RTM_NEWADDR: an address was added (or its flags changed, e.g. DAD finished).</summary>
    AddressAdded,

    /// <summary>RTM_DELADDR: an address was removed.</summary>
    AddressRemoved,

    /// <summary>RTM_NEWLINK: an interface appeared or changed state (up, down, renamed, moved).</summary>
    LinkChanged,

    /// <summary>RTM_DELLINK: an interface went away (with its addresses).</summary>
    LinkRemoved,

    /// <summary>The kernel dropped notifications (NLMSG_OVERRUN, or ENOBUFS on receive): everything must be read again.</summary>
    Overrun,
}

/// <summary>One parsed rtnetlink notification.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="InterfaceIndex">The kernel's interface index (0 when the message has none).</param>
/// <param name="InterfaceName">IFA_LABEL or IFLA_IFNAME when present.</param>
/// <param name="Address">IFA_LOCAL, else IFA_ADDRESS, for address events.</param>
/// <param name="PrefixLength">The address's prefix length.</param>
internal sealed record NetlinkEvent(NetlinkEventKind Kind, int InterfaceIndex, string? InterfaceName, IPAddress? Address, int PrefixLength)
{
    public override string ToString() => Kind switch
    {
        NetlinkEventKind.AddressAdded or NetlinkEventKind.AddressRemoved => $"{Kind} {Address}/{PrefixLength} on {InterfaceName ?? "#" + InterfaceIndex}",
        NetlinkEventKind.Overrun => "Overrun",
        _ => $"{Kind} {InterfaceName ?? "#" + InterfaceIndex}",
    };
}
