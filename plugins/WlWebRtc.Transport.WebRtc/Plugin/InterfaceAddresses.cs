using System.Net;
using System.Net.NetworkInformation;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>Finds the local addresses host candidates are gathered on (the choice itself is <see cref="HostAddressFilter"/>).</summary>
internal static class InterfaceAddresses
{
    public static bool InterfaceExists(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().Any(n => n.Name == name);

    /// <summary>The addresses to gather on; <paramref name="listen"/> is the host's HTTP listen address, when known.</summary>
    public static IReadOnlyList<IPAddress> Resolve(WebRtcTransportOptions options, IPAddress? listen)
    {
        ArgumentNullException.ThrowIfNull(options);
        return HostAddressFilter.Select(Enumerate(), options.Interfaces, options.ExcludeInterfaces, options.IPv6, listen);
    }

    private static NetworkInterfaceInfo[] Enumerate() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .Select(n => new NetworkInterfaceInfo(n.Name, n.NetworkInterfaceType == NetworkInterfaceType.Loopback,
                n.GetIPProperties().UnicastAddresses.Select(u => u.Address).ToArray()))
            .ToArray();
}
