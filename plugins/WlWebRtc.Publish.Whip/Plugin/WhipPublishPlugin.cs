using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Publish.Whip.Http;
using WlWebRtc.Publish.Whip.Plugin;
using WlWebRtc.Publish.Whip.Publishing;
using WlWebRtc.Signaling;

[assembly: WlWebRtcPlugin(typeof(WhipPublishPlugin))]

namespace WlWebRtc.Publish.Whip.Plugin;

/// <summary>
/// Publishes the stream into an SFU as a WHIP client (RFC 9725). It is a signaling plugin in the outbound direction:
/// it gets the host's <see cref="IViewerGateway"/> like the others, maps no route, and runs one
/// <see cref="WhipPublisher"/> from start until the server stops (then it DELETEs its resource).
/// </summary>
public sealed class WhipPublishPlugin : ISignalingPlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "whip_publish";

    /// <summary>How long the server's stop waits for the DELETE.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Signaling, typeof(WhipPublishPlugin).Assembly.GetName().Version!, 10,
        "WHIP publisher (RFC 9725): offers the encoded stream once to an SFU's WHIP endpoint (full ICE, controlling), reconnects with backoff");

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WhipPublishOptions.Read(context.Settings);
        return ValueTask.FromResult(options switch
        {
            null => ProbeResult.Unavailable("invalid settings: " + string.Join("; ", errors)),
            { Enabled: false } => ProbeResult.Unavailable($"disabled (signaling.{Name}.enabled = false)"),
            _ => ProbeResult.Available($"publishes to {options.Target}"),
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => WhipPublishOptions.Read(settings).Errors;

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder endpoints, IViewerGateway viewers, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(viewers);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = WhipPublishOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException($"Invalid [signaling.{Name}] settings: " + string.Join("; ", errors));
        }

        if (!options.Enabled || options.Url is null)
        {
            return;
        }

        var client = new WhipClient(WhipClient.CreateHttpClient(options.RequestTimeout), options.Url, options.BearerToken);
        var publisher = new WhipPublisher(client, viewers, options, Name, context.Time, context.LoggerFactory.CreateLogger("WlWebRtc.Publish.Whip"));
        publisher.Start();

        // The resource is DELETEd when the server begins to stop, before the host closes the sessions.
        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        lifetime?.ApplicationStopping.Register(() => publisher.StopAsync().AsTask().Wait(StopTimeout));
    }
}
