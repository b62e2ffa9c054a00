using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling.WebSocket.Endpoints;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Signaling.WebSocket.Session;
using WlWebRtc.Signaling.WebSocket.Viewer;

[assembly: WlWebRtcPlugin(typeof(WebSocketSignalingPlugin))]

namespace WlWebRtc.Signaling.WebSocket.Plugin;

/// <summary>
/// WebSocket signaling with a JSON protocol (PROTOCOL.md) at <c>/ws</c>, and the built-in web viewer at <c>/</c>.
/// </summary>
public sealed class WebSocketSignalingPlugin : ISignalingPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "websocket";

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Signaling, typeof(WebSocketSignalingPlugin).Assembly.GetName().Version!, 100,
        "WebSocket signaling (JSON offer/answer, trickle ICE, events) and the built-in web viewer at /");

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebSocketSignalingOptions.Read(context.Settings);
        return ValueTask.FromResult(options is null
            ? ProbeResult.Unavailable("invalid settings: " + string.Join("; ", errors))
            : ProbeResult.Available($"WebSocket at {options.Path}{(options.ServeViewer ? ", viewer at /" : string.Empty)}; up to {options.MaxSessions} sessions ({options.MaxUnauthenticated} waiting for a token), {options.MaxMessageBytes} bytes a message"));
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => WebSocketSignalingOptions.Read(settings).Errors;

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder endpoints, IViewerGateway viewers, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(viewers);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WebSocketSignalingOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException("Invalid [signaling.websocket] settings: " + string.Join("; ", errors));
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Signaling.WebSocket");
        // On stop, every socket gets a close frame (1001) at once, so that Kestrel's graceful stop does not wait
        // for receives that would otherwise only end with the host's shutdown timeout.
        var stopping = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        WebSocketEndpoint.Map(endpoints, new SessionEnvironment(options, viewers, context.Time, logger, stopping));
        if (options.ServeViewer)
        {
            ViewerFiles.Map(endpoints, ViewerFiles.Load(options.Path));
        }
    }
}
