using WlWebRtc.Plugins;

namespace WlWebRtc.Encoders;

/// <summary>A plugin that creates video encoders.</summary>
public interface IEncoderPlugin : IPlugin
{
    /// <summary>The formats and memory this plugin's encoders take; known before an encoder exists so that capture can negotiate.</summary>
    EncoderInputCapabilities InputCapabilities { get; }

    /// <summary>Creates an encoder. Throws <see cref="VideoEncoderException"/> with a clear message when the settings cannot be met.</summary>
    IVideoEncoder CreateEncoder(EncoderSettings settings, PluginContext context);
}
