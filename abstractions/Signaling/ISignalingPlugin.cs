using Microsoft.AspNetCore.Routing;
using WlWebRtc.Plugins;

namespace WlWebRtc.Signaling;

/// <summary>
/// A plugin that exposes endpoints through which viewers reach transport sessions (WebSocket, WHEP, …).
/// All signaling plugins share the host's one HTTP server.
/// </summary>
public interface ISignalingPlugin : IPlugin
{
    /// <summary>Adds the plugin's routes to the host's HTTP server.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints, IViewerGateway viewers, PluginContext context);
}
