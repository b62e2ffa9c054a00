using System.Globalization;

namespace WlWebRtc.Transport.WebRtc.IceServers;

/// <summary>A <c>stun:host[:port]</c> URI (RFC 7064); IPv6 hosts in brackets; port 3478 by default.</summary>
internal sealed record StunServerUri(string Uri, string Host, int Port)
{
    public static bool TryParse(string text, out StunServerUri? uri, out string error)
    {
        uri = null;
        if (!text.StartsWith("stun:", StringComparison.OrdinalIgnoreCase))
        {
            error = "is not a stun: URI (stun:host[:port]; 'stuns:' is not supported)";
            return false;
        }

        var rest = text[5..];
        string host;
        var portText = (string?)null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = "has an IPv6 host without a closing bracket";
                return false;
            }

            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    error = "has junk after the host";
                    return false;
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            portText = colon >= 0 ? rest[(colon + 1)..] : null;
        }

        var port = 3478;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"has port '{portText}', not 1-65535";
            return false;
        }

        if (host.Length == 0 || host.Contains('?', StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || host.Contains(' ', StringComparison.Ordinal))
        {
            error = "has no valid host";
            return false;
        }

        uri = new StunServerUri(text, host, port);
        error = string.Empty;
        return true;
    }
}
