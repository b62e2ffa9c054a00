using WlWebRtc.Plugins;

namespace WlWebRtc.Transport;

/// <summary>A plugin that delivers encoded video to viewers (e.g. WebRTC).</summary>
public interface ITransportPlugin : IPlugin
{
    /// <summary>Starts the transport (binds sockets, creates certificates); sessions are created from it.</summary>
    ValueTask<ITransport> StartAsync(PluginContext context, CancellationToken cancellationToken);
}
