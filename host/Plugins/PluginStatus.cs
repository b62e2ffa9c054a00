namespace WlWebRtc.Host.Plugins;

/// <summary>Where a plugin stands after loading and probing.</summary>
internal enum PluginStatus
{
    /// <summary>Loaded, not probed yet.</summary>
    Loaded,

    /// <summary>Probed: can run here.</summary>
    Available,

    /// <summary>Probed: cannot run here (missing hardware, session or config); the reason says why.</summary>
    Unavailable,

    /// <summary>Refused or broken: could not be loaded, or its probe threw, crashed or hung.</summary>
    Failed,
}
