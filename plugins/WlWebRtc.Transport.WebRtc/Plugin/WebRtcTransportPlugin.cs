using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Benchmark;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Plugin;

[assembly: WlWebRtcPlugin(typeof(WebRtcTransportPlugin))]

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>The "webrtc" transport: WebRTC in managed code (ICE-lite, DTLS 1.2 on BouncyCastle, SRTP, SCTP data channels).</summary>
public sealed class WebRtcTransportPlugin : ITransportPlugin, IBenchmarkablePlugin
{
    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new("webrtc", PluginKind.Transport, new Version(1, 0, 0), 100,
        "WebRTC to browsers: ICE-lite, DTLS-SRTP (BouncyCastle), H.264 over RTP, SCTP data channels");

    /// <inheritdoc />
    public IReadOnlyList<string> BenchmarkNames { get; } = ["transport"];

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WebRtcTransportOptions.Read(settings).Errors;
    }

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebRtcTransportOptions.Read(context.Settings);
        if (errors.Count > 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("invalid config: " + string.Join("; ", errors)));
        }

        var addresses = InterfaceAddresses.Resolve(options, context.ListenEndPoint?.Address);
        if (addresses.Count == 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("no usable local IP address for host candidates"));
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
                return ValueTask.FromResult(ProbeResult.Unavailable(WebRtcTransport.PortTakenMessage(address, options.Port, ex.SocketErrorCode)));
            }
            catch (SocketException ex)
            {
                failed.Add($"{address}: {ex.SocketErrorCode}");
            }
        }

        if (bound.Count == 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("cannot bind UDP: " + string.Join(", ", failed)));
        }

        try
        {
            _ = DtlsCertificate.Create(context.Time);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): any failure to load or run BouncyCastle makes the plugin unavailable
        catch (Exception ex)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("BouncyCastle could not make an ECDSA certificate: " + ex.Message));
        }

        return ValueTask.FromResult(ProbeResult.Available($"UDP on {string.Join(", ", bound)}; ECDSA P-256 DTLS certificate OK" +
            (failed.Count > 0 ? $"; not bindable: {string.Join(", ", failed)}" : string.Empty)));
    }

    /// <inheritdoc />
    public ValueTask<ITransport> StartAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebRtcTransportOptions.Read(context.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid [transport.webrtc] config: " + string.Join("; ", errors));
        }

        var certificate = DtlsCertificate.Create(context.Time);
        return ValueTask.FromResult<ITransport>(new WebRtcTransport(options, certificate, context.LoggerFactory, context.Time, context.ListenEndPoint?.Address));
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
