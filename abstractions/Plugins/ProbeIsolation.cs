namespace WlWebRtc.Plugins;

/// <summary>Where the host runs a plugin's probe.</summary>
public enum ProbeIsolation
{
    /// <summary>In the host process, under a time limit.</summary>
    InProcess,

    /// <summary>
    /// In a child process (<c>wlwebrtc probe NAME</c>), for probes that call into native code
    /// that may crash or hang (hardware encoders): a native fault cannot take the host down.
    /// </summary>
    ChildProcess,
}
