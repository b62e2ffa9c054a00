namespace WlWebRtc.Bench.Ice;

/// <summary>The paths <c>wlwebrtc-bench ice</c> measures.</summary>
internal static class IcePath
{
    /// <summary>Server on loopback, host candidates, ICE-lite.</summary>
    public const string Host = "host";

    /// <summary>Server behind a NAT, STUN: the viewer reaches its server-reflexive candidate.</summary>
    public const string ServerReflexive = "srflx";

    /// <summary>Server behind a NAT with a TURN allocation over UDP; the viewer relay-only over UDP.</summary>
    public const string RelayUdp = "relay-udp";

    /// <summary>The same over TCP to coturn (server and viewer).</summary>
    public const string RelayTcp = "relay-tcp";

    /// <summary>The same over TLS to coturn's TLS port (the server trusts its certificate via turn_tls_ca_file; Chromium ignores certificate errors).</summary>
    public const string RelayTls = "relay-tls";

    public static readonly IReadOnlyList<string> Names = [Host, ServerReflexive, RelayUdp, RelayTcp, RelayTls];

    public static bool IsRelay(string path) => path is RelayUdp or RelayTcp or RelayTls;
}
