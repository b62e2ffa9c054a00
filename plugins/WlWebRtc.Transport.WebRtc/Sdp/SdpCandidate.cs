using System.Globalization;
using System.Net;
using System.Text;

namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>An ICE candidate line (RFC 8839 section 5.1), without the "candidate:" prefix.</summary>
internal sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress,
    int? RelatedPort,
    string? TcpType)
{
    /// <summary>Parses "foundation component transport priority address port typ type [raddr a rport p] [ext...]".</summary>
    public static bool TryParse(string value, out SdpCandidate? candidate, out string error)
    {
        candidate = null;
        var text = value.StartsWith("candidate:", StringComparison.Ordinal) ? value["candidate:".Length..] : value;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8)
        {
            error = "a candidate needs at least 8 fields";
            return false;
        }

        if (parts[0].Length is 0 or > 32)
        {
            error = "bad foundation";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256)
        {
            error = "bad component id";
            return false;
        }

        if (!uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority))
        {
            error = "bad priority";
            return false;
        }

        if (!int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = "bad port";
            return false;
        }

        if (parts[6] != "typ")
        {
            error = "missing 'typ'";
            return false;
        }

        string? raddr = null;
        int? rport = null;
        string? tcpType = null;
        for (var i = 8; i + 1 < parts.Length; i += 2)
        {
            switch (parts[i])
            {
                case "raddr":
                    raddr = parts[i + 1];
                    break;
                case "rport":
                    if (!int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var rp) || rp > 65535)
                    {
                        error = "bad rport";
                        return false;
                    }

                    rport = rp;
                    break;
                case "tcptype":
                    tcpType = parts[i + 1];
                    break;
                default:
                    break; // generation, ufrag, network-id, network-cost...: extensions are ignored
            }
        }

        candidate = new SdpCandidate(parts[0], component, parts[2], priority, parts[4], port, parts[7], raddr, rport, tcpType);
        error = string.Empty;
        return true;
    }

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The candidate's address as an IP endpoint, or null for mDNS names and other unresolvable hosts.</summary>
    public IPEndPoint? EndPoint => IPAddress.TryParse(Address, out var ip) ? new IPEndPoint(ip, Port) : null;

    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {Type}");
        if (RelatedAddress is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" raddr {RelatedAddress}");
        }

        if (RelatedPort is { } rp)
        {
            sb.Append(CultureInfo.InvariantCulture, $" rport {rp}");
        }

        if (TcpType is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" tcptype {TcpType}");
        }

        return sb.ToString();
    }
}
