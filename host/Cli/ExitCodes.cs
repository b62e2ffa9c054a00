namespace WlWebRtc.Host.Cli;

/// <summary>Process exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success (also: <c>start</c> stopped by SIGINT/SIGTERM or <c>wlwebrtc stop</c>).</summary>
    public const int Ok = 0;

    /// <summary>A failure at run time.</summary>
    public const int Failure = 1;

    /// <summary>Invalid command line or configuration.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary><c>status</c>/<c>stop</c>: no running instance answered.</summary>
    public const int NotRunning = 3;

    /// <summary><c>start</c>: a required plugin kind has no available plugin (the message says why).</summary>
    public const int PluginUnavailable = 4;
}
