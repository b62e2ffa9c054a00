using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Benchmark;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.IceServers;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Reachability;
using Microsoft.Extensions.Logging;

[assembly: WlWebRtcPlugin(typeof(WebRtcTransportPlugin))]

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>The "webrtc" transport: WebRTC in managed code (ICE-lite, DTLS 1.2 on BouncyCastle, SRTP, SCTP data channels).</summary>
public sealed partial class WebRtcTransportPlugin : ITransportPlugin, IBenchmarkablePlugin
{
    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new("webrtc", PluginKind.Transport, new Version(1, 0, 0), 100,
        "WebRTC to browsers: ICE-lite, DTLS-SRTP (BouncyCastle), H.264 over RTP, SCTP data channels")
    {
        // The probe asks the STUN servers (1.5 s) and allocates on each TURN server (5 s at most, then a release of
        // 2 s at most): more than the default 5 s on a slow link, still bounded.
        ProbeTimeout = TimeSpan.FromSeconds(12),
    };

    /// <inheritdoc />
    public IReadOnlyList<string> BenchmarkNames { get; } = ["transport"];

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WebRtcTransportOptions.Read(settings).Errors;
    }

    /// <inheritdoc />
    public async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = Probe(context);
        if (!result.IsAvailable)
        {
            return result;
        }

        // The facts a "works on the LAN, black screen from outside" report starts from: our addresses and, with a STUN
        // server, the address the outside sees.
        var (options, _) = WebRtcTransportOptions.Read(context.Settings);
        var facts = await ReachabilityAsync(options, context, cancellationToken).ConfigureAwait(false);
        return ProbeResult.Available($"{result.Reason}; ICE {IceModeText(options, facts)}; reachability: {facts.Describe()}");
    }

    private static ProbeResult Probe(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebRtcTransportOptions.Read(context.Settings);
        if (errors.Count > 0)
        {
            return ProbeResult.Unavailable("invalid config: " + string.Join("; ", errors));
        }

        var addresses = InterfaceAddresses.Resolve(options, context.ListenEndPoint?.Address);
        if (addresses.Count == 0)
        {
            return ProbeResult.Unavailable("no usable local IP address for host candidates");
        }

        var bound = new List<string>();
        var failed = new List<string>();
        foreach (var address in addresses)
        {
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(address, options.SinglePort ? options.Port : options.PortMin));
                bound.Add(socket.LocalEndPoint!.ToString()!);
            }
            catch (SocketException ex) when (options.SinglePort && options.Port != 0 && ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                return ProbeResult.Unavailable(WebRtcTransport.PortTakenMessage(address, options.Port, ex.SocketErrorCode));
            }
            catch (SocketException ex)
            {
                failed.Add($"{address}: {ex.SocketErrorCode}");
            }
        }

        if (bound.Count == 0)
        {
            return ProbeResult.Unavailable("cannot bind UDP: " + string.Join(", ", failed));
        }

        try
        {
            _ = DtlsCertificate.Create(context.Time);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): any failure to load or run BouncyCastle makes the plugin unavailable
        catch (Exception ex)
        {
            return ProbeResult.Unavailable("BouncyCastle could not make an ECDSA certificate: " + ex.Message);
        }

        return ProbeResult.Available($"UDP on {string.Join(", ", bound)}; ECDSA P-256 DTLS certificate OK" +
            (failed.Count > 0 ? $"; not bindable: {string.Join(", ", failed)}" : string.Empty));
    }

    /// <inheritdoc />
    public async ValueTask<ITransport> StartAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebRtcTransportOptions.Read(context.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid [transport.webrtc] config: " + string.Join("; ", errors));
        }

        ReachabilityFacts? facts = null;
        if (options.Ice.HasServers)
        {
            facts = await ReachabilityAsync(options, context, cancellationToken).ConfigureAwait(false);
            var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc");
            if (logger.IsEnabled(LogLevel.Information))
            {
                var described = facts.Describe();
                var mode = IceModeText(options, facts);
                Log.Reachability(logger, described, mode);
            }

            // Bad TURN config is said loudly at start, but the transport still serves what works (host and
            // server-reflexive candidates); sessions keep trying the server, which may come back.
            foreach (var failed in facts.Turn.Where(t => !t.Ok))
            {
                Log.TurnUnusable(logger, failed.Uri, failed.Error!, facts.TurnWarning!);
            }

            options = options with { Ice = options.Ice with { Mode = ResolveMode(options.Ice, facts) } };
        }

        var certificate = DtlsCertificate.Create(context.Time);
        return new WebRtcTransport(options, certificate, context.LoggerFactory, context.Time, context.ListenEndPoint?.Address) { StartFacts = facts };
    }

    /// <summary>
    /// ice_mode = auto with a STUN server: full when the server answered with an address that is not ours (a NAT: the
    /// server-reflexive candidate and our own checks are what reach viewers), or when no answer came or TURN is
    /// configured (relayed candidates need full ICE); lite when every answer is one of our own addresses (a public host).
    /// </summary>
    internal static IceMode ResolveMode(IceServerSettings ice, ReachabilityFacts facts) =>
        ice.Mode != IceMode.Auto ? ice.Mode
        : ice.TurnServers.Count > 0 ? IceMode.Full
        : ice.StunServers.Count == 0 || facts.Public ? IceMode.Lite
        : IceMode.Full;

    private static string IceModeText(WebRtcTransportOptions options, ReachabilityFacts facts) =>
        (options.Ice.Mode, ResolveMode(options.Ice, facts)) switch
        {
            (IceMode.Auto, IceMode.Full) when options.Ice.TurnServers.Count > 0 => "full (auto: TURN configured)",
            (IceMode.Auto, IceMode.Full) => facts.BehindNat ? "full (auto: behind NAT)" : "full (auto: no STUN answer, NAT not ruled out)",
            (IceMode.Auto, IceMode.Lite) => options.Ice.StunServers.Count == 0 ? "lite (auto: no STUN or TURN server)" : "lite (auto: public address, no NAT)",
            (_, var mode) => mode.ToString().ToLowerInvariant() + " (ice_mode)",
        };

    /// <summary>The STUN answers (when STUN servers are configured) and one real Allocate on each TURN server, bounded in time.</summary>
    private static async Task<ReachabilityFacts> ReachabilityAsync(WebRtcTransportOptions options, PluginContext context, CancellationToken cancellationToken)
    {
        var stun = StunReachabilityProbe.ProbeAsync(InterfaceAddresses.Resolve(options, context.ListenEndPoint?.Address), options.Ice.StunServers, cancellationToken);
        var turn = TurnServerCheck.CheckAsync(options.Ice, context.Time, context.LoggerFactory, cancellationToken);
        var facts = await stun.ConfigureAwait(false);
        return facts with { Turn = await turn.ConfigureAwait(false) };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.TurnServerUnusable, Level = LogLevel.Warning, Message = "TURN server {Uri} is unusable: {Reason} ({Consequence})")]
        public static partial void TurnUnusable(ILogger logger, string uri, string reason, string consequence);

        [LoggerMessage(EventId = EventIds.ReachabilityProbed, Level = LogLevel.Information, Message = "WebRTC reachability: {Facts}; ICE {Mode}")]
        public static partial void Reachability(ILogger logger, string facts, string mode);
    }

    /// <inheritdoc />
    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (name != "transport")
        {
            output.WriteLine($"Unknown benchmark '{name}'; this plugin runs: transport.");
            return Task.FromResult(2);
        }

        return TransportBenchmark.RunAsync(arguments, output, cancellationToken);
    }
}
