using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>Finds the local addresses host candidates are gathered on.</summary>
internal static class InterfaceAddresses
{
    public static bool InterfaceExists(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().Any(n => n.Name == name);

    public static IReadOnlyList<IPAddress> Resolve(IReadOnlyList<string> interfaces, bool ipv6)
    {
        var result = new List<IPAddress>();
        var all = NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown).ToArray();
        if (interfaces.Count == 0)
        {
            foreach (var nic in all)
            {
                result.AddRange(Usable(nic, ipv6));
            }
        }
        else
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
                    result.AddRange(Usable(nic, ipv6));
                }
            }
        }

        return result.Distinct().ToArray();
    }

    private static IEnumerable<IPAddress> Usable(NetworkInterface nic, bool ipv6) =>
        nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).Where(a =>
            a.AddressFamily == AddressFamily.InterNetwork ||
            (ipv6 && a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal && !a.IsIPv6SiteLocal));
}
