using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Desktop;

/// <summary>
/// Stops a desktop process at the end of a using block without disposing it: the desktop disposes every process it
/// started at teardown, and DesktopProcess.Dispose is not idempotent (a second Dispose throws from Process.HasExited).
/// </summary>
internal readonly struct ProcessStopper(DesktopProcess process) : IDisposable
{
    public DesktopProcess Process => process;

    public void Dispose() => process.Stop();
}

internal static class ProcessStopperExtensions
{
    public static ProcessStopper StopAtEnd(this DesktopProcess process) => new(process);

    public static async Task<ProcessStopper> StopAtEnd(this Task<DesktopProcess> starting) => new(await starting);
}
