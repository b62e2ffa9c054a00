using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>A network interface as the filter sees it (the real ones come from <see cref="InterfaceAddresses"/>, tests make their own).</summary>
internal sealed record NetworkInterfaceInfo(string Name, bool IsLoopback, IReadOnlyList<IPAddress> Addresses);

/// <summary>
/// Chooses the local addresses host candidates are gathered on, without touching the machine.
/// Automatic choice (no <c>interfaces</c>): every interface except those matching <c>exclude_interfaces</c>
/// (container and VM bridges and their veth ends by default: a browser elsewhere can never reach them, and each
/// one is a candidate pair the browser probes in vain); VPN interfaces (tun*, wg*) stay, they are real paths.
/// Loopback only when the HTTP server listens on loopback (the browser is then on this machine) or when nothing
/// else is usable: a browser on another machine would waste a check on 127.0.0.1. Link-local addresses are never used (their zone makes them
/// ambiguous and browsers never pair with them across links). An explicit <c>interfaces</c> list is used as given.
/// </summary>
internal static class HostAddressFilter
{
    /// <summary>Docker, Podman, libvirt, LXC/LXD, Kubernetes CNI bridges and the veth ends of containers.</summary>
    public static readonly IReadOnlyList<string> DefaultExcludedInterfaces =
        ["docker*", "br-*", "veth*", "virbr*", "vnet*", "podman*", "cni*", "flannel*", "cali*", "lxcbr*", "lxdbr*"];

    /// <param name="all">The machine's interfaces.</param>
    /// <param name="interfaces">The configured <c>interfaces</c> (empty: automatic choice).</param>
    /// <param name="exclude">The configured <c>exclude_interfaces</c>.</param>
    /// <param name="ipv6">Whether IPv6 addresses are used.</param>
    /// <param name="listen">The address the host's HTTP server listens on, when known (<see cref="Plugins.PluginContext.ListenEndPoint"/>).</param>
    public static IReadOnlyList<IPAddress> Select(IReadOnlyList<NetworkInterfaceInfo> all, IReadOnlyList<string> interfaces, IReadOnlyList<string> exclude, bool ipv6, IPAddress? listen = null)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(exclude);
        var result = new List<IPAddress>();
        if (interfaces.Count > 0)
        {
            foreach (var name in interfaces)
            {
                if (IPAddress.TryParse(name, out var literal))
                {
                    result.Add(literal);
                    continue;
                }

                foreach (var nic in all.Where(n => n.Name == name))
                {
                    result.AddRange(nic.Addresses.Where(a => IsUsable(a, ipv6)));
                }
            }

            return result.Distinct().ToArray();
        }

        var candidates = all.Where(n => !exclude.Any(pattern => Matches(pattern, n.Name))).ToArray();
        foreach (var nic in candidates.Where(n => !n.IsLoopback))
        {
            result.AddRange(nic.Addresses.Where(a => IsUsable(a, ipv6) && !IPAddress.IsLoopback(a)));
        }

        // A server listening on loopback serves only browsers on this machine: loopback is then a path that works.
        if (result.Count == 0 || (listen is not null && IPAddress.IsLoopback(listen)))
        {
            foreach (var nic in candidates.Where(n => n.IsLoopback))
            {
                result.AddRange(nic.Addresses.Where(a => IsUsable(a, ipv6)));
            }
        }

        return result.Distinct().ToArray();
    }

    /// <summary>An interface name against a pattern: exact, or a prefix when the pattern ends in '*'.</summary>
    public static bool Matches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return pattern.EndsWith('*')
            ? name.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, name, StringComparison.Ordinal);
    }

    private static bool IsUsable(IPAddress address, bool ipv6) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => !IsIPv4LinkLocal(address),
        AddressFamily.InterNetworkV6 => ipv6 && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal && !address.IsIPv4MappedToIPv6,
        _ => false,
    };

    private static bool IsIPv4LinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
