using System.Net;

namespace WlWebRtc.Host.Server;

/// <summary>
/// The viewer URLs to print at start. A wildcard listen address (0.0.0.0, ::) is not something a browser can open,
/// so for it the URLs name localhost and each address of the machine that another host can reach (not loopback,
/// not IPv6 link-local, which would need a zone).
/// </summary>
internal static class ViewerUrls
{
    public static IReadOnlyList<string> For(string scheme, IPEndPoint listen, IEnumerable<IPAddress> localAddresses, string token)
    {
        var query = "/?token=" + Uri.EscapeDataString(token);
        var wildcard = listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any);
        if (!wildcard)
        {
            return [$"{scheme}://{Host(listen.Address)}:{listen.Port}{query}"];
        }

        var ipv4Only = listen.Address.Equals(IPAddress.Any);
        var reachable = localAddresses
            .Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal && (!ipv4Only || a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
            .Distinct()
            .OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 1 : 0);
        return [$"{scheme}://localhost:{listen.Port}{query}", .. reachable.Select(a => $"{scheme}://{Host(a)}:{listen.Port}{query}")];
    }

    private static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
