using WlWebRtc.Plugins;

namespace WlWebRtc.Capture;

/// <summary>A plugin that creates capture sources.</summary>
public interface ICapturePlugin : IPlugin
{
    /// <summary>
    /// Creates a source that will deliver frames in one of the formats and memory kinds the request accepts.
    /// May talk to the desktop (portal permission, PipeWire) before returning.
    /// </summary>
    ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken);
}
