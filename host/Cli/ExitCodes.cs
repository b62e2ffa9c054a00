namespace WlWebRtc.Host.Cli;

/// <summary>Process exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success (also: <c>start</c> stopped by SIGINT/SIGTERM or <c>wlwebrtc stop</c>).</summary>
    public const int Ok = 0;

    /// <summary>A failure at run time (also: <c>start</c> could not stop cleanly, each failed step is logged).</summary>
    public const int Failure = 1;

    /// <summary>Invalid command line or configuration.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary><c>status</c>/<c>stop</c>: no running instance answered.</summary>
    public const int NotRunning = 3;

    /// <summary><c>start</c>: a required plugin kind has no available plugin (the message says why).</summary>
    public const int PluginUnavailable = 4;

    /// <summary>
    /// <c>start</c>: the capture source failed at run time (e.g. the screen share was revoked), so the server stopped
    /// rather than serve a frozen picture; <c>status</c>: the running instance reports such a failure (it is stopping).
    /// </summary>
    public const int CaptureFailed = 5;
}
