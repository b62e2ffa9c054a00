using Xunit.Abstractions;
using WlWebRtc.Input.Tests.Support;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Desktop;

/// <summary>
/// Viewer JSON messages → <c>InputRouter</c> → wlr virtual pointer/keyboard → a real sway (headless) → foot terminals.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrInputDesktopTests(HeadlessDesktop desktop, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(10);
    private readonly string _scratch = DesktopChecks.NewScratchDirectory();
    private readonly List<DesktopProcess> _windows = [];

    public async Task InitializeAsync() =>
        // a click, not the pointer passing over a window, must be what moves focus
        await desktop.SwayMsgAsync("focus_follows_mouse", "no");

    public Task DisposeAsync()
    {
        // Stop, not Dispose: the desktop disposes every process it started when the collection ends
        foreach (var window in _windows)
        {
            window.Stop();
        }

        Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Typing_CommandIntoFoot_WritesFile()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("typer");
        var file = Path.Combine(_scratch, "typed");

        await input.SendAsync("viewer-1", ViewerMessages.Type($"echo typed > {file}\n"));

        Assert.Equal("typed\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
        Assert.Equal(0, input.Router.GetStats().DroppedTotal);
    }

    [Fact]
    public async Task Typing_ShiftedCharacters_ArriveUpperCaseAndSymbols()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("shifter");
        var file = Path.Combine(_scratch, "shifted");

        await input.SendAsync("viewer-1", ViewerMessages.Type($"echo 'AbC_1!Z' > {file}\n"));

        Assert.Equal("AbC_1!Z\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
    }

    [Fact]
    public async Task ControlU_KillsTypedLine_ControlC_InterruptsProgram()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("control");
        var killed = Path.Combine(_scratch, "killed");
        var kept = Path.Combine(_scratch, "kept");
        var after = Path.Combine(_scratch, "after");

        // Ctrl+U erases the line typed so far (the tty's kill character): only the second command runs
        await input.SendAsync("viewer-1", ViewerMessages.Type($"echo bad > {killed}"));
        await input.SendAsync("viewer-1", ViewerMessages.Control('u'));
        await input.SendAsync("viewer-1", ViewerMessages.Type($"echo good > {kept}\n"));
        Assert.Equal("good\n", await DesktopChecks.WaitForFileAsync(kept, FileTimeout));
        Assert.False(File.Exists(killed));

        // Ctrl+C interrupts a running program: the shell gets the next command
        await input.SendAsync("viewer-1", ViewerMessages.Type("sleep 60\n"));
        await Task.Delay(300);
        await input.SendAsync("viewer-1", ViewerMessages.Control('c'));
        await input.SendAsync("viewer-1", ViewerMessages.Type($"echo after > {after}\n"));
        Assert.Equal("after\n", await DesktopChecks.WaitForFileAsync(after, FileTimeout));
    }

    [Fact]
    public async Task ViewerGone_WithShiftHeld_NextViewerTypesLowerCase()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("stuck");
        var file = Path.Combine(_scratch, "lower");

        await input.SendAsync("viewer-a", ViewerMessages.Key("ShiftLeft", true), ViewerMessages.Key("ControlLeft", true), ViewerMessages.Button(0, true));
        input.Router.OnViewerGone("viewer-a");
        await input.Router.FlushAsync(CancellationToken.None);

        await input.SendAsync("viewer-b", ViewerMessages.Type($"echo lower > {file}\n"));

        Assert.Equal("lower\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
    }

    [Fact]
    public async Task ControlLost_WithShiftHeld_ReleasesShift()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("demoted");
        var file = Path.Combine(_scratch, "demoted");

        await input.SendAsync("viewer-a", ViewerMessages.Key("ShiftRight", true));
        input.Router.OnControlLost("viewer-a");
        await input.Router.FlushAsync(CancellationToken.None);
        await input.SendAsync("viewer-b", ViewerMessages.Type($"echo quiet > {file}\n"));

        Assert.Equal("quiet\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
    }

    [Fact]
    public async Task Click_OnOtherTiledWindow_MovesFocus()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartShellAsync("left-pane");
        await StartShellAsync("right-pane");
        Assert.Equal("right-pane", await DesktopChecks.FocusedAppIdAsync(desktop));

        await ClickCentreAsync(input, "left-pane");
        await WaitForFocusAsync("left-pane");

        await ClickCentreAsync(input, "right-pane");
        await WaitForFocusAsync("right-pane");
    }

    [Fact]
    public async Task Wheel_UpThenDown_ScrollsBackAndReturns()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartFootAsync("scrolled", "sh", "-c", "seq 1 3000; exec sleep 600");
        await Task.Delay(500);
        var rect = await DesktopChecks.WindowRectAsync(desktop, "scrolled");
        var (width, height) = desktop.OutputSize;
        await input.SendAsync("viewer-1", ViewerMessages.Move((rect.X + (rect.Width / 2.0)) / width, (rect.Y + (rect.Height / 2.0)) / height));

        var bottom = await ScreenshotAsync("bottom");
        await input.SendAsync("viewer-1", Enumerable.Range(0, 5).Select(_ => ViewerMessages.Wheel(0, -100, 0)));
        var scrolledBack = await WaitForScreenChangeAsync(bottom, "up");
        await input.SendAsync("viewer-1", Enumerable.Range(0, 5).Select(_ => ViewerMessages.Wheel(0, 100, 0)));
        var returned = await WaitForScreenAsync(bottom, "down");

        Assert.NotEqual(bottom, scrolledBack);
        Assert.Equal(bottom, returned);
    }

    [Fact]
    public async Task Latency_PointerMovesAndKeys_ReportsPercentiles()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        const int moves = 1000;
        for (var i = 0; i < moves; i++)
        {
            input.Router.OnMessage("viewer-1", hasControl: true, ViewerMessages.Move((i % 100) / 100.0, (i % 37) / 37.0));
            if (i % 100 == 50)
            {
                // F13: a key with no effect on the focused client
                input.Router.OnMessage("viewer-1", hasControl: true, ViewerMessages.Key("F13", true));
                input.Router.OnMessage("viewer-1", hasControl: true, ViewerMessages.Key("F13", false));
            }

            await Task.Delay(1); // a viewer's pace (at most ~1000 events/s: the rate limit)
        }

        await input.Router.FlushAsync(CancellationToken.None);
        var stats = input.Router.GetStats();
        output.WriteLine($"input latency (message received -> written to the Wayland socket) over {stats.LatencySamples} events: " +
            $"p50 {stats.LatencyP50!.Value.TotalMicroseconds:0} us, p95 {stats.LatencyP95!.Value.TotalMicroseconds:0} us; dropped {stats.DroppedTotal}");
        Assert.Equal(0, stats.DroppedTotal);
        Assert.Equal(moves + 20, stats.LatencySamples);
    }

    private async Task ClickCentreAsync(RoutedInput input, string appId)
    {
        var rect = await DesktopChecks.WindowRectAsync(desktop, appId);
        var (width, height) = desktop.OutputSize;
        await input.SendAsync(
            "viewer-1",
            ViewerMessages.Move((rect.X + (rect.Width / 2.0)) / width, (rect.Y + (rect.Height / 2.0)) / height),
            ViewerMessages.Button(0, true),
            ViewerMessages.Button(0, false));
    }

    private async Task WaitForFocusAsync(string appId)
    {
        string? focused = null;
        for (var i = 0; i < 100; i++)
        {
            focused = await DesktopChecks.FocusedAppIdAsync(desktop);
            if (focused == appId)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Equal(appId, focused);
    }

    private async Task StartShellAsync(string appId) => await StartFootAsync(appId, "sh");

    private async Task StartFootAsync(string appId, params string[] command)
    {
        _windows.Add(await desktop.StartFootAsync(appId, command));
        await Task.Delay(300); // the shell prints its prompt and foot takes keyboard focus
    }

    private async Task<byte[]> ScreenshotAsync(string name)
    {
        var path = Path.Combine(_scratch, $"{name}-{Environment.TickCount64}.png");
        var result = await desktop.RunAsync("grim", [path]);
        Assert.True(result.ExitCode == 0, $"grim failed: {result.StandardError}");
        return await File.ReadAllBytesAsync(path);
    }

    private async Task<byte[]> WaitForScreenChangeAsync(byte[] before, string name)
    {
        byte[] now = before;
        for (var i = 0; i < 40 && now.AsSpan().SequenceEqual(before); i++)
        {
            await Task.Delay(100);
            now = await ScreenshotAsync(name);
        }

        return now;
    }

    private async Task<byte[]> WaitForScreenAsync(byte[] expected, string name)
    {
        byte[] now = [];
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(100);
            now = await ScreenshotAsync(name);
            if (now.AsSpan().SequenceEqual(expected))
            {
                break;
            }
        }

        return now;
    }
}
