using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Transport.WebRtc.IceServers;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// The <c>[transport.webrtc]</c> table. Host candidates are gathered on <see cref="Interfaces"/> (names like
/// "lo"/"eth0" or literal addresses; empty means every interface that is up, minus <see cref="ExcludeInterfaces"/>).
/// In single-port mode every session shares one socket per address on <see cref="Port"/>, demultiplexed by ufrag
/// and 5-tuple; otherwise each session binds its own socket, from <see cref="PortMin"/>..<see cref="PortMax"/> (0 = any).
/// <see cref="AnnouncedAddresses"/> are offered as extra host candidates (NAT 1:1, a public address).
/// </summary>
internal sealed record WebRtcTransportOptions
{
    public static readonly string[] Keys =
    [
        .. IceServerSettings.Keys,
        "interfaces", "exclude_interfaces", "ipv6", "single_port", "port", "port_min", "port_max",
        "announced_addresses", "announce_local", "consent_timeout_seconds", "disconnected_timeout_seconds",
        "dtls_resend_ms", "dtls_timeout_ms", "playout_delay_zero", "max_queued_frames", "mtu", "watch_addresses",
        .. CongestionControlOptions.Keys,
        .. FecOptions.Keys,
        .. LossRecoveryOptions.Keys,
    ];

    public IReadOnlyList<string> Interfaces { get; init; } = [];

    public IReadOnlyList<string> ExcludeInterfaces { get; init; } = HostAddressFilter.DefaultExcludedInterfaces;

    public bool IPv6 { get; init; } = true;

    public bool SinglePort { get; init; } = true;

    public int Port { get; init; }

    public int PortMin { get; init; }

    public int PortMax { get; init; }

    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; init; } = [];

    public bool AnnounceLocal { get; init; } = true;

    /// <summary>
    /// Re-read the local addresses when interfaces change (rtnetlink, or a poll where it is unavailable): sockets follow,
    /// and live sessions ask their viewers for an ICE restart.
    /// </summary>
    public bool WatchAddresses { get; init; } = true;

    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(6);

    public int DtlsResendMillis { get; init; } = 200;

    public int DtlsTimeoutMillis { get; init; } = 10_000;

    public bool PlayoutDelayZero { get; init; } = true;

    public int MaxQueuedFrames { get; init; } = 8;

    public int Mtu { get; init; } = 1200;

    /// <summary>Bandwidth estimate bounds, pacer and probing (their own record: <see cref="CongestionControlOptions"/>).</summary>
    public CongestionControlOptions Congestion { get; init; } = CongestionControlOptions.Default;
    /// <summary>ice_mode, STUN/TURN servers and their credentials, trickle.</summary>
    public IceServerSettings Ice { get; init; } = new();

    /// <summary>ULPFEC in RED for lossy links (off by default).</summary>
    public FecOptions Fec { get; init; } = FecOptions.Default;

    /// <summary>The playout delay on a lossy link and doubled retransmissions (<see cref="LossRecoveryOptions"/>).</summary>
    public LossRecoveryOptions LossRecovery { get; init; } = LossRecoveryOptions.Default;

    /// <summary>Reads the table; every problem is returned at once (keys relative to the table).</summary>
    public static (WebRtcTransportOptions Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(Keys);
        var options = new WebRtcTransportOptions
        {
            Interfaces = reader.ReadList("interfaces", []),
            ExcludeInterfaces = reader.ReadList("exclude_interfaces", HostAddressFilter.DefaultExcludedInterfaces),
            IPv6 = reader.ReadBoolean("ipv6", true),
            SinglePort = reader.ReadBoolean("single_port", true),
            Port = reader.ReadInt32("port", 0, 0, 65535),
            PortMin = reader.ReadInt32("port_min", 0, 0, 65535),
            PortMax = reader.ReadInt32("port_max", 0, 0, 65535),
            AnnouncedAddresses = ReadAddresses(reader, "announced_addresses"),
            AnnounceLocal = reader.ReadBoolean("announce_local", true),
            WatchAddresses = reader.ReadBoolean("watch_addresses", true),
            ConsentTimeout = TimeSpan.FromSeconds(reader.ReadDouble("consent_timeout_seconds", 30, 1, 300)),
            DisconnectedTimeout = TimeSpan.FromSeconds(reader.ReadDouble("disconnected_timeout_seconds", 6, 0.5, 300)),
            DtlsResendMillis = reader.ReadInt32("dtls_resend_ms", 200, 20, 5000),
            DtlsTimeoutMillis = reader.ReadInt32("dtls_timeout_ms", 10_000, 1000, 120_000),
            PlayoutDelayZero = reader.ReadBoolean("playout_delay_zero", true),
            MaxQueuedFrames = reader.ReadInt32("max_queued_frames", 8, 1, 1024),
            Mtu = reader.ReadInt32("mtu", 1200, 576, 1400),
            Congestion = CongestionControlOptions.Read(reader),
            Fec = FecOptions.Read(reader),
            LossRecovery = LossRecoveryOptions.Read(reader),
            Ice = IceServerSettings.Read(reader),
        };
        if ((options.PortMin == 0) != (options.PortMax == 0))
        {
            reader.AddError("port_min", "port_min and port_max must be given together");
        }
        else if (options.PortMin > options.PortMax)
        {
            reader.AddError("port_min", $"must not exceed port_max ({options.PortMax})");
        }

        if (options.SinglePort && options.PortMin != 0)
        {
            reader.AddError("port_min", "a port range applies only with single_port = false; use 'port' in single-port mode");
        }

        if (!options.SinglePort && options.Port != 0)
        {
            reader.AddError("port", "'port' applies only with single_port = true; use port_min/port_max");
        }

        // An announced address is reached through a forwarding of one known port (NAT 1:1, a port mapping), so the
        // local socket must sit on that port: a random port per start, or per session, could never be forwarded.
        if (options.AnnouncedAddresses.Count > 0 && (!options.SinglePort || options.Port == 0))
        {
            reader.AddError("announced_addresses", "needs a fixed 'port' with single_port = true (transport.webrtc.port is the port announced with each address)");
        }

        if (!options.AnnounceLocal && options.AnnouncedAddresses.Count == 0)
        {
            reader.AddError("announce_local", "announce_local = false needs at least one entry in announced_addresses, else no candidate is offered");
        }

        if (options.DisconnectedTimeout >= options.ConsentTimeout)
        {
            reader.AddError("disconnected_timeout_seconds", "must be shorter than consent_timeout_seconds");
        }

        foreach (var name in options.Interfaces)
        {
            if (!IPAddress.TryParse(name, out _) && !InterfaceAddresses.InterfaceExists(name))
            {
                reader.AddError("interfaces", $"'{name}' is neither an IP address nor a network interface on this machine");
            }
        }

        return (options, reader.Errors);
    }

    private static IPAddress[] ReadAddresses(SettingsReader reader, string key)
    {
        var result = new List<IPAddress>();
        foreach (var text in reader.ReadList(key, []))
        {
            if (!IPAddress.TryParse(text, out var address) ||
                address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) ||
                (address.AddressFamily == AddressFamily.InterNetwork ? address.ToString() != text : text.IndexOfAny(['[', ']', '%', '/']) >= 0))
            {
                reader.AddError(key, $"'{text}' is not an IPv4 or IPv6 address (host names and ports are not accepted: the port is transport.webrtc.port)");
            }
            else if (IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address) || address.IsIPv6Multicast || IsIPv4Multicast(address))
            {
                reader.AddError(key, $"'{text}' is a wildcard or multicast address, which a browser cannot send to");
            }
            else
            {
                result.Add(address);
            }
        }

        return [.. result.Distinct()];
    }

    private static bool IsIPv4Multicast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239;
}
