using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling.Whep.Endpoints;
using WlWebRtc.Signaling.Whep.Plugin;

[assembly: WlWebRtcPlugin(typeof(WhepSignalingPlugin))]

namespace WlWebRtc.Signaling.Whep.Plugin;

/// <summary>WHEP (draft-ietf-wish-whep) at <c>/whep</c>, so that any WHEP player can watch.</summary>
public sealed class WhepSignalingPlugin : ISignalingPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "whep";

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Signaling, typeof(WhepSignalingPlugin).Assembly.GetName().Version!, 90,
        "WHEP (draft-ietf-wish-whep): POST an SDP offer to /whep, trickle ICE with PATCH, DELETE to leave; CORS for browser players");

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WhepOptions.Read(context.Settings);
        return ValueTask.FromResult(options is null
            ? ProbeResult.Unavailable("invalid settings: " + string.Join("; ", errors))
            : ProbeResult.Available($"WHEP at {options.Path}; up to {options.MaxSessions} sessions, {options.MaxBodyBytes} bytes a body"));
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => WhepOptions.Read(settings).Errors;

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder endpoints, IViewerGateway viewers, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(viewers);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WhepOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException("Invalid [signaling.whep] settings: " + string.Join("; ", errors));
        }

        new WhepEndpoints(options, viewers, context.Time, context.LoggerFactory.CreateLogger("WlWebRtc.Signaling.Whep")).Map(endpoints);
    }
}
