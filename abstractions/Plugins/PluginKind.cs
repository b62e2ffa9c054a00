namespace WlWebRtc.Plugins;

/// <summary>The five kinds of plugin the host composes into a streaming server.</summary>
public enum PluginKind
{
    /// <summary>Produces video frames (a Wayland output, a window, a synthetic pattern).</summary>
    Capture,

    /// <summary>Turns video frames into encoded access units.</summary>
    Encoder,

    /// <summary>Delivers encoded video to viewers and carries their data-channel messages.</summary>
    Transport,

    /// <summary>Exposes endpoints through which viewers reach transport sessions.</summary>
    Signaling,

    /// <summary>Injects a viewer's pointer and keyboard into the captured session.</summary>
    Input,
}
