namespace WlWebRtc.Session;

/// <summary>Why <see cref="HeadlessSupervisor.RunAsync"/> ended.</summary>
public enum SupervisorOutcome
{
    /// <summary>Stopped on request (a signal, or the server was stopped with <c>wlwebrtc stop</c>): everything is torn down.</summary>
    Stopped,

    /// <summary>The server refused its configuration: restarting cannot help.</summary>
    ServerConfigurationInvalid,

    /// <summary>The session could not be prepared (the account, the run directory) or died too often in a row.</summary>
    GaveUp,
}
