using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace WlWebRtc.Host.Configuration;

/// <summary>Parses <c>ADDRESS:PORT</c> (IPv6 in brackets: <c>[::1]:8080</c>); <c>localhost</c> means 127.0.0.1.</summary>
internal static class ListenAddress
{
    public static IPEndPoint Default { get; } = new(IPAddress.Loopback, 8080);

    public static bool TryParse(string text, [NotNullWhen(true)] out IPEndPoint? endPoint, out string problem)
    {
        endPoint = null;
        problem = string.Empty;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = $"must be ADDRESS:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got '{text}'";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            problem = $"port must be 0-65535, got '{portText}'";
            return false;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            problem = $"'{host}' is not an IP address (use 0.0.0.0 to listen on every interface)";
            return false;
        }

        endPoint = new IPEndPoint(address, port);
        return true;
    }

    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
