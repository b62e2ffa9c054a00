using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace WlWebRtc.Host.Server;

/// <summary>The machine's own addresses (for wildcard listen addresses: certificate names, viewer URLs in the log).</summary>
internal static class LocalNetwork
{
    /// <summary>Unicast IPv4 and IPv6 addresses of the interfaces that are up; empty when they cannot be read.</summary>
    public static IReadOnlyList<IPAddress> Addresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .ToArray();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
