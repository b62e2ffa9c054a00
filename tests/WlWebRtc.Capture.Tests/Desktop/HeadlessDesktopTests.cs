using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Desktop;

/// <summary>The fixture itself, on its own desktops (not the shared one: these tests stop it).</summary>
public sealed class HeadlessDesktopTests
{
    [Fact]
    public async Task StartAsync_Defaults_EveryComponentRunsAndAnswers()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(Width: 800, Height: 600));

        foreach (var name in new[] { "dbus", "sway", "pipewire", "wireplumber", "permission-store", "xdpw", "xdp" })
        {
            Assert.True(desktop.Component(name).IsRunning, $"{name} is not running");
        }

        Assert.True(File.Exists(desktop.PipeWireSocket));
        Assert.StartsWith(desktop.RuntimeDirectory, desktop.SwaySocket, StringComparison.Ordinal);
        Assert.Equal(desktop.RuntimeDirectory, desktop.Environment["XDG_RUNTIME_DIR"]);
        var outputs = await desktop.SwayMsgAsync("-t", "get_outputs", "-r");
        Assert.Contains("\"width\": 800", outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_AfterClientsStarted_NoProcessOfTheRunRemainsAndRunDirectoryIsGone()
    {
        var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions());
        await desktop.StartFootAsync("leftover-check", "sleep", "600");
        var pids = desktop.Processes.Select(p => p.Pid).ToList();
        Assert.NotEmpty(desktop.LiveProcessesOfRun());

        desktop.Dispose();

        Assert.Empty(desktop.LiveProcessesOfRun());
        Assert.All(pids, pid => Assert.False(HeadlessDesktop.IsProcessAlive(pid), $"pid {pid} survived"));
        Assert.False(Directory.Exists(desktop.RunDirectory));
    }

    [Fact]
    public async Task SetOutputModeAsync_NewSize_SwayReportsIt()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(Width: 640, Height: 480));

        await desktop.SetOutputModeAsync(1024, 768);

        Assert.Equal((1024, 768), desktop.OutputSize);
        var outputs = await desktop.SwayMsgAsync("-t", "get_outputs", "-r");
        Assert.Contains("\"width\": 1024", outputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StepExceedsTimeLimit_FailsNamingTheStepAndLeavesNothingRunning()
    {
        var options = new HeadlessDesktopOptions { ReadyTimeout = TimeSpan.FromMilliseconds(1) };

        var exception = await Assert.ThrowsAsync<HeadlessDesktopException>(() => HeadlessDesktop.StartAsync(options));

        Assert.Contains("Timed out", exception.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for", exception.Message, StringComparison.Ordinal);
        var run = exception.Message[(exception.Message.LastIndexOf("logs kept in ", StringComparison.Ordinal) + 13)..].TrimEnd(')');
        Assert.True(Directory.Exists(run), run);
        var marker = "\0XDG_RUNTIME_DIR=" + Path.Combine(run, "xdg") + "\0";
        var survivors = Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out var pid) && HeadlessDesktop.IsProcessAlive(pid) && EnvironmentOf(d).Contains(marker, StringComparison.Ordinal))
            .ToList();
        Assert.Empty(survivors);
        Directory.Delete(run, recursive: true);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsWithEveryProblemBeforeStartingAnything()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(Width: 1, Background: "red")));

        Assert.Contains("Background", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Width", exception.Message, StringComparison.Ordinal);
    }

    private static string EnvironmentOf(string procDirectory)
    {
        try
        {
            return "\0" + File.ReadAllText(Path.Combine(procDirectory, "environ"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
