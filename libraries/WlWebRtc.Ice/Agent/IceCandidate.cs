using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Ice.Agent;

public enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relayed,
}

/// <summary>
/// A UDP candidate (RFC 8445 section 5.1, SDP form RFC 8839 section 5.1). <see cref="RelatedEndPoint"/> is the base
/// (srflx, prflx) or the mapped address (relay), as signaled in raddr/rport.
/// </summary>
public sealed record IceCandidate(string Foundation, int Component, uint Priority, IPEndPoint EndPoint, IceCandidateType Type, IPEndPoint? RelatedEndPoint = null)
{
    /// <summary>The SDP attribute value: <c>candidate:foundation component udp priority address port typ type [raddr a rport p]</c>.</summary>
    public string ToSdp()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"candidate:{Foundation} {Component} udp {Priority} {EndPoint.Address} {EndPoint.Port} typ {TypeName(Type)}");
        return RelatedEndPoint is { } r ? string.Create(CultureInfo.InvariantCulture, $"{text} raddr {r.Address} rport {r.Port}") : text;
    }

    /// <summary>Reads an SDP candidate (with or without "a=" and "candidate:"); UDP only, unknown extensions ignored.</summary>
    public static IceCandidate ParseSdp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.StartsWith("a=", StringComparison.Ordinal) ? text[2..] : text;
        value = value.StartsWith("candidate:", StringComparison.Ordinal) ? value[10..] : value;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || parts[6] != "typ")
        {
            throw new FormatException($"'{text}' is not an ICE candidate (foundation component transport priority address port typ type).");
        }

        if (!parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{text}': only UDP candidates are supported, got {parts[2]}.");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256 ||
            !uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority == 0 ||
            !IPAddress.TryParse(parts[4], out var address) ||
            !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}': bad component, priority, address or port (mDNS names are not resolved).");
        }

        var type = parts[7] switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => throw new FormatException($"'{text}': unknown candidate type '{parts[7]}'."),
        };
        IPAddress? relatedAddress = null;
        var relatedPort = -1;
        for (var i = 8; i + 1 < parts.Length; i += 2)
        {
            if (parts[i] == "raddr" && IPAddress.TryParse(parts[i + 1], out var ra))
            {
                relatedAddress = ra;
            }
            else if (parts[i] == "rport" && int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var rp) && rp <= 65535)
            {
                relatedPort = rp;
            }
        }

        var related = relatedAddress is not null && relatedPort >= 0 ? new IPEndPoint(relatedAddress, relatedPort) : null;
        return new IceCandidate(parts[0], component, priority, new IPEndPoint(address, port), type, related);
    }

    public override string ToString() => ToSdp();

    internal static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    internal AddressFamily Family => EndPoint.Address.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : EndPoint.AddressFamily;
}
