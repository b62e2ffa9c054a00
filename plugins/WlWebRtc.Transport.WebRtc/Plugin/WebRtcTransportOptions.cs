using System.Net;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>
/// The <c>[transport.webrtc]</c> table. Host candidates are gathered on <see cref="Interfaces"/> (names like
/// "lo"/"eth0" or literal addresses; empty means every interface that is up). In single-port mode every
/// session shares one socket per address on <see cref="Port"/>, demultiplexed by ufrag and 5-tuple;
/// otherwise each session binds its own socket, from <see cref="PortMin"/>..<see cref="PortMax"/> (0 = any).
/// </summary>
internal sealed record WebRtcTransportOptions
{
    public static readonly string[] Keys =
    [
        "interfaces", "ipv6", "single-port", "port", "port-min", "port-max", "consent-timeout-seconds",
        "disconnected-timeout-seconds", "dtls-resend-ms", "dtls-timeout-ms", "playout-delay-zero", "max-queued-frames", "mtu",
    ];

    public IReadOnlyList<string> Interfaces { get; init; } = [];

    public bool IPv6 { get; init; } = true;

    public bool SinglePort { get; init; } = true;

    public int Port { get; init; }

    public int PortMin { get; init; }

    public int PortMax { get; init; }

    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(6);

    public int DtlsResendMillis { get; init; } = 200;

    public int DtlsTimeoutMillis { get; init; } = 10_000;

    public bool PlayoutDelayZero { get; init; } = true;

    public int MaxQueuedFrames { get; init; } = 8;

    public int Mtu { get; init; } = 1200;

    /// <summary>Reads the table; every problem is returned at once (keys relative to the table).</summary>
    public static (WebRtcTransportOptions Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(Keys);
        var options = new WebRtcTransportOptions
        {
            Interfaces = reader.ReadList("interfaces", []),
            IPv6 = reader.ReadBoolean("ipv6", true),
            SinglePort = reader.ReadBoolean("single-port", true),
            Port = reader.ReadInt32("port", 0, 0, 65535),
            PortMin = reader.ReadInt32("port-min", 0, 0, 65535),
            PortMax = reader.ReadInt32("port-max", 0, 0, 65535),
            ConsentTimeout = TimeSpan.FromSeconds(reader.ReadDouble("consent-timeout-seconds", 30, 1, 300)),
            DisconnectedTimeout = TimeSpan.FromSeconds(reader.ReadDouble("disconnected-timeout-seconds", 6, 0.5, 300)),
            DtlsResendMillis = reader.ReadInt32("dtls-resend-ms", 200, 20, 5000),
            DtlsTimeoutMillis = reader.ReadInt32("dtls-timeout-ms", 10_000, 1000, 120_000),
            PlayoutDelayZero = reader.ReadBoolean("playout-delay-zero", true),
            MaxQueuedFrames = reader.ReadInt32("max-queued-frames", 8, 1, 1024),
            Mtu = reader.ReadInt32("mtu", 1200, 576, 1400),
        };
        if ((options.PortMin == 0) != (options.PortMax == 0))
        {
            reader.AddError("port-min", "port-min and port-max must be given together");
        }
        else if (options.PortMin > options.PortMax)
        {
            reader.AddError("port-min", $"must not exceed port-max ({options.PortMax})");
        }

        if (options.SinglePort && options.PortMin != 0)
        {
            reader.AddError("port-min", "a port range applies only with single-port = false; use 'port' in single-port mode");
        }

        if (!options.SinglePort && options.Port != 0)
        {
            reader.AddError("port", "'port' applies only with single-port = true; use port-min/port-max");
        }

        if (options.DisconnectedTimeout >= options.ConsentTimeout)
        {
            reader.AddError("disconnected-timeout-seconds", "must be shorter than consent-timeout-seconds");
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
}
