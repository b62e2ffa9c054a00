using System.Net.Security;

using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Turn;

/// <summary>How the client reaches its TURN server: UDP, TCP, or TLS over TCP (RFC 8656 section 3.1).</summary>
public enum TurnTransport
{
    Udp,
    Tcp,
    Tls,
}

/// <summary>One TURN server and the long-term credential to use with it.</summary>
public sealed record TurnServerOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 3478;

    public TurnTransport Transport { get; init; } = TurnTransport.Udp;

    public required string Username { get; init; }

    public required string Password { get; init; }

    /// <summary>The name the TLS certificate must carry; <see cref="Host"/> when null.</summary>
    public string? TlsTargetHost { get; init; }

    /// <summary>Replaces the system's certificate check for TLS (tests with a self-signed certificate); null keeps it.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    /// <summary>The allocation lifetime asked for; the server may grant less (RFC 8656 default 600 s).</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public StunRetransmission Retransmission { get; init; } = StunRetransmission.Default;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads a <c>turn:</c> or <c>turns:</c> URI (RFC 7065): <c>turn:host[:port][?transport=udp|tcp]</c>,
    /// <c>turns:host[:port]</c> (TLS, default port 5349). IPv6 hosts go in brackets.
    /// </summary>
    public static TurnServerOptions FromUri(string uri, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var secure = uri.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);
        if (!secure && !uri.StartsWith("turn:", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{uri}' is not a turn: or turns: URI.");
        }

        var rest = uri[(secure ? 6 : 5)..];
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string host;
        var port = secure ? 5349 : 3478;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{uri}': an IPv6 host has no closing bracket.");
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest[0] == ':' ? ParsePort(rest[1..], uri) : throw new FormatException($"'{uri}': junk after the host.");
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            if (colon >= 0)
            {
                port = ParsePort(rest[(colon + 1)..], uri);
            }
        }

        if (host.Length == 0)
        {
            throw new FormatException($"'{uri}' has no host.");
        }

        var transport = secure ? TurnTransport.Tls : TurnTransport.Udp;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            transport = pair.ToUpperInvariant() switch
            {
                "TRANSPORT=UDP" when !secure => TurnTransport.Udp,
                "TRANSPORT=TCP" => secure ? TurnTransport.Tls : TurnTransport.Tcp,
                _ => throw new FormatException($"'{uri}': unsupported parameter '{pair}' (turn: takes transport=udp|tcp, turns: transport=tcp)."),
            };
        }

        return new TurnServerOptions { Host = host, Port = port, Transport = transport, Username = username, Password = password };
    }

    /// <summary>Every problem at once, each named by its path under <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add($"{path}.host is empty.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"{path}.port must be 1-65535, got {Port}.");
        }

        if (string.IsNullOrEmpty(Username))
        {
            errors.Add($"{path}.username is empty.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            errors.Add($"{path}.password is empty.");
        }

        if (RequestedLifetime < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{path}.requested_lifetime must be at least 60 s, got {RequestedLifetime.TotalSeconds} s.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}.connect_timeout must be positive.");
        }

        errors.AddRange(Retransmission.Validate(path + ".retransmission"));
        return errors;
    }

    private static int ParsePort(string text, string uri) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535
            ? p
            : throw new FormatException($"'{uri}': port '{text}' is not 1-65535.");
}
