using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Ice.Turn;

namespace WlWebRtc.Transport.WebRtc.IceServers;

/// <summary>
/// The ICE part of <c>[transport.webrtc]</c>: the agent kind, the STUN and TURN servers (used by the server's own
/// full agent and sent to viewers), their credentials (static, or minted per use from a shared secret: TURN REST,
/// so no long-lived password ever reaches a page), and trickle.
/// </summary>
internal sealed record IceServerSettings
{
    public static readonly string[] Keys =
    [
        "ice_mode", "stun_servers", "turn_servers", "turn_username", "turn_credential", "turn_shared_secret",
        "turn_credential_lifetime_seconds", "trickle", "gathering_timeout_ms", "turn_tls_ca_file",
    ];

    public IceMode Mode { get; init; } = IceMode.Auto;

    public IReadOnlyList<StunServerUri> StunServers { get; init; } = [];

    /// <summary>turn:/turns: URIs as configured, each already checked with <see cref="TurnServerOptions.FromUri"/>.</summary>
    public IReadOnlyList<string> TurnServers { get; init; } = [];

    public string? TurnUsername { get; init; }

    public string? TurnCredential { get; init; }

    public string? TurnSharedSecret { get; init; }

    /// <summary>How long minted TURN credentials stay valid; a TURN server refuses refreshes after that, so it bounds a relayed session.</summary>
    public TimeSpan TurnCredentialLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Trickle of the server's own candidates (full ICE): the answer goes out at once with the host (and announced)
    /// candidates; server-reflexive and relayed ones follow through signaling as they are found. False: the answer waits
    /// for them, at most <see cref="GatheringTimeout"/>.
    /// </summary>
    public bool Trickle { get; init; } = true;

    /// <summary>How long gathering of server-reflexive and relayed candidates may take (without trickle, the answer waits that long at most).</summary>
    public TimeSpan GatheringTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Auto resolved: full ICE when the server has STUN or TURN servers to gather through.</summary>
    public bool UseFullIce => Mode == IceMode.Full || (Mode == IceMode.Auto && (StunServers.Count > 0 || TurnServers.Count > 0));

    public bool HasServers => StunServers.Count > 0 || TurnServers.Count > 0;

    /// <summary>Credentials for <paramref name="user"/>: minted for <see cref="TurnCredentialLifetime"/> with a shared secret, else the static ones.</summary>
    public (string Username, string Credential)? TurnCredentialsFor(string user, DateTimeOffset now)
    {
        if (TurnSharedSecret is { } secret)
        {
            var minted = TurnRestCredentials.Mint(secret, user, TurnCredentialLifetime, now);
            return (minted.Username, minted.Password);
        }

        return TurnUsername is { } name && TurnCredential is { } credential ? (name, credential) : null;
    }

    /// <summary>
    /// Certificates trusted for <c>turns:</c> servers besides the system's roots (<c>turn_tls_ca_file</c>: a private CA
    /// or a self-signed coturn certificate); the name in the certificate must still match the host. Null: system roots only.
    /// </summary>
    public TurnTlsTrust? TurnTlsTrust { get; init; }

    /// <summary>TURN servers with credentials of their own, for one session (a WHIP endpoint's Link headers); never configured.</summary>
    public IReadOnlyList<TurnServerOptions> SessionTurnServers { get; init; } = [];

    /// <summary>The TURN servers for the server's own allocations, with credentials for <paramref name="user"/>.</summary>
    public IReadOnlyList<TurnServerOptions> TurnServerOptionsFor(string user, DateTimeOffset now)
    {
        if (TurnServers.Count == 0 || TurnCredentialsFor(user, now) is not { } credentials)
        {
            return SessionTurnServers;
        }

        return [.. TurnServers.Select(uri => TurnServerOptions.FromUri(uri, credentials.Username, credentials.Credential) with { CertificateValidation = TurnTlsTrust is { } trust ? trust.Validate : null }), .. SessionTurnServers];
    }

    /// <summary>Reads the ICE keys of the table into <paramref name="reader"/>'s error list (all problems at once).</summary>
    public static IceServerSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var modeText = reader.ReadString("ice_mode", "auto", "auto", "lite", "full");
        var mode = modeText switch
        {
            "lite" => IceMode.Lite,
            "full" => IceMode.Full,
            _ => IceMode.Auto,
        };
        var stun = new List<StunServerUri>();
        foreach (var text in reader.ReadList("stun_servers", []))
        {
            if (StunServerUri.TryParse(text, out var uri, out var error))
            {
                stun.Add(uri!);
            }
            else
            {
                reader.AddError("stun_servers", $"'{text}' {error}");
            }
        }

        var turn = new List<string>();
        var configuredTurn = reader.ReadList("turn_servers", []);
        foreach (var text in configuredTurn)
        {
            try
            {
                _ = TurnServerOptions.FromUri(text, "u", "p");
                turn.Add(text);
            }
            catch (FormatException e)
            {
                reader.AddError("turn_servers", e.Message);
            }
        }

        var settings = new IceServerSettings
        {
            Mode = mode,
            StunServers = stun,
            TurnServers = turn,
            TurnUsername = NullIfEmpty(reader.ReadString("turn_username", "")),
            TurnCredential = NullIfEmpty(reader.ReadString("turn_credential", "")),
            TurnSharedSecret = NullIfEmpty(reader.ReadString("turn_shared_secret", "")),
            TurnCredentialLifetime = TimeSpan.FromSeconds(reader.ReadInt32("turn_credential_lifetime_seconds", 43_200, 60, 604_800)),
            Trickle = reader.ReadBoolean("trickle", true),
            GatheringTimeout = TimeSpan.FromMilliseconds(reader.ReadInt32("gathering_timeout_ms", 3000, 100, 30_000)),
            TurnTlsTrust = ReadTlsTrust(reader),
        };

        var hasStatic = settings.TurnUsername is not null || settings.TurnCredential is not null;
        if (settings.TurnSharedSecret is not null && hasStatic)
        {
            reader.AddError("turn_shared_secret", "give either turn_shared_secret (TURN REST credentials) or turn_username/turn_credential, not both");
        }
        else if (settings.TurnSharedSecret is null && (settings.TurnUsername is null) != (settings.TurnCredential is null))
        {
            reader.AddError(settings.TurnUsername is null ? "turn_username" : "turn_credential", "turn_username and turn_credential must be given together");
        }

        if (turn.Count > 0 && settings.TurnSharedSecret is null && !hasStatic)
        {
            reader.AddError("turn_servers", "need credentials: turn_shared_secret, or turn_username and turn_credential");
        }

        if (configuredTurn.Count == 0 && (settings.TurnSharedSecret is not null || hasStatic))
        {
            reader.AddError("turn_servers", "TURN credentials are configured but no turn_servers");
        }

        return settings;
    }

    private static TurnTlsTrust? ReadTlsTrust(SettingsReader reader)
    {
        var path = reader.ReadString("turn_tls_ca_file", "");
        if (path.Length == 0)
        {
            return null;
        }

        var trust = TurnTlsTrust.TryLoad(path, out var error);
        if (trust is null)
        {
            reader.AddError("turn_tls_ca_file", error!);
        }

        return trust;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
