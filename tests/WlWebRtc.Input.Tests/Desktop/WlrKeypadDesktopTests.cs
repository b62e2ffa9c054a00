using WlWebRtc.Input.Tests.Support;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Desktop;

/// <summary>
/// Num Lock through the wlr virtual keyboard, seen by bash (readline) in foot on the real headless sway: the keypad
/// types digits while Num Lock is on; once the viewer toggles it off, KP_8 is Up (history) and KP_7 is Home (start of line).
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrKeypadDesktopTests(HeadlessDesktop desktop) : IAsyncLifetime
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(10);
    private readonly string _scratch = DesktopChecks.NewScratchDirectory();
    private DesktopProcess? _window;

    public async Task InitializeAsync() => await desktop.SwayMsgAsync("focus_follows_mouse", "no");

    public Task DisposeAsync()
    {
        _window?.Stop();
        Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keypad_NumLockOnThenToggledOff_TypesDigitsThenMovesThroughHistoryAndLine()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartBashAsync("keypad");
        var digits = Path.Combine(_scratch, "digits");
        var moved = Path.Combine(_scratch, "moved");
        var again = Path.Combine(_scratch, "again");

        // Num Lock on (the initial state): keypad keys type digits
        await input.SendAsync("viewer-1", [.. ViewerMessages.Type("echo "), .. Press("Numpad1", "Numpad2", "Numpad3"), .. ViewerMessages.Type($" >> {digits}\n")]);
        Assert.Equal("123\n", await WaitForContentAsync(digits, "123\n"));

        // Num Lock off: KP_8 is KP_Up, readline recalls the previous command, Enter runs it again
        await input.SendAsync("viewer-1", Press("NumLock"));
        await input.SendAsync("viewer-1", [.. Press("Numpad8"), .. ViewerMessages.Type("\n")]);
        Assert.Equal("123\n123\n", await WaitForContentAsync(digits, "123\n123\n"));

        // KP_7 is KP_Home: the 'e' typed after it lands at the start of the line
        await input.SendAsync("viewer-1", [.. ViewerMessages.Type($"cho moved > {moved}"), .. Press("Numpad7"), .. ViewerMessages.Type("e\n")]);
        Assert.Equal("moved\n", await DesktopChecks.WaitForFileAsync(moved, FileTimeout));

        // Num Lock on again: digits again
        await input.SendAsync("viewer-1", Press("NumLock"));
        await input.SendAsync("viewer-1", [.. ViewerMessages.Type("echo "), .. Press("Numpad4", "Numpad0"), .. ViewerMessages.Type($" > {again}\n")]);
        Assert.Equal("40\n", await DesktopChecks.WaitForFileAsync(again, FileTimeout));
    }

    private static byte[][] Press(params string[] codes) =>
        [.. codes.SelectMany(code => new[] { ViewerMessages.Key(code, true), ViewerMessages.Key(code, false) })];

    private static async Task<string> WaitForContentAsync(string path, string expected)
    {
        var deadline = DateTime.UtcNow + FileTimeout;
        var content = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            content = File.Exists(path) ? await File.ReadAllTextAsync(path) : string.Empty;
            if (content == expected)
            {
                return content;
            }

            await Task.Delay(50);
        }

        return content;
    }

    private async Task StartBashAsync(string appId)
    {
        Assert.True(File.Exists("/bin/bash"), "bash is not installed (Debian package bash)");

        // readline with its built-in key bindings only: no user or system rc files
        _window = await desktop.StartFootAsync(appId, "env", "INPUTRC=/dev/null", "bash", "--norc", "--noprofile");
        await Task.Delay(500); // bash prints its prompt and foot takes keyboard focus
    }
}
