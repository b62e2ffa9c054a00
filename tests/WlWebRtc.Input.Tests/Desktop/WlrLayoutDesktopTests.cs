using WlWebRtc.Input.Tests.Support;
using WlWebRtc.RemoteInput;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Desktop;

/// <summary>
/// Keyboard layouts and text through the wlr virtual keyboard, seen by bash in foot on the real headless sway: a viewer
/// with a German layout types umlauts, € and AltGr combinations and a dead key with the remote keymap matched to
/// German; characters the remote keymap lacks and composed text arrive as keysyms on spare keys, and a held one repeats.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrLayoutDesktopTests(HeadlessDesktop desktop) : IAsyncLifetime
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(20);
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
    public async Task GermanViewer_KeyboardLayoutDe_TypesUmlautsEuroAndAltGrCombinationsNatively()
    {
        await using var input = await RoutedInput.StartAsync(desktop, InputRouterOptions.Default with { KeyboardLayout = "de" });
        await input.Router.FlushAsync(CancellationToken.None);
        Assert.Equal("de", input.Injector.LayoutName);
        await StartBashAsync("german");
        var file = Path.Combine(_scratch, "de");

        // the last @ as a browser on Windows sends AltGr: ControlLeft, then AltRight
        await input.SendAsync("viewer-1", [
            .. GermanViewer.Type("echo 'äöüß€@{[]}\\|ÄÖÜ"),
            GermanViewer.Key("ControlLeft", "Control", true), GermanViewer.Key("AltRight", "AltGraph", true), .. GermanViewer.Press("KeyQ", "@"),
            GermanViewer.Key("AltRight", "AltGraph", false), GermanViewer.Key("ControlLeft", "Control", false),
            .. GermanViewer.Type($"' > {file}\n")]);

        Assert.Equal("äöüß€@{[]}\\|ÄÖÜ@\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
        Assert.Equal(0, input.Router.GetStats().DroppedTotal);
    }

    [Fact]
    public async Task GermanViewer_AutoLayoutAfterReport_DeadAcuteThenE_ComposesInTheClient()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        await input.SendAsync("viewer-1", GermanViewer.Layout("de"));
        Assert.Equal("de", input.Injector.LayoutName);
        await StartBashAsync("dead");
        var file = Path.Combine(_scratch, "dead");

        // ´ is a dead key on the German layout (Equal): the browser reports "Dead", then "é" for the e that follows
        await input.SendAsync("viewer-1", [
            .. GermanViewer.Type("echo "), .. GermanViewer.Press("Equal", "Dead"), .. GermanViewer.Press("KeyE", "é"),
            .. GermanViewer.Type($"t > {file}\n")]);

        Assert.Equal("ét\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
    }

    [Fact]
    public async Task CharactersTheUsKeymapLacks_AndComposedText_ArriveAsKeysyms()
    {
        // no layout reported: the built-in US keymap stays, and what it cannot type goes as keysyms
        await using var input = await RoutedInput.StartAsync(desktop);
        await StartBashAsync("keysyms");
        var file = Path.Combine(_scratch, "keysyms");

        await input.SendAsync("viewer-1", [
            .. ViewerMessages.Type("echo "),
            .. GermanViewer.Press("Minus", "ß"), // a German viewer's ß
            .. GermanViewer.Press("KeyF", "а"), .. GermanViewer.Press("KeyB", "и"), // a Russian viewer's Cyrillic letters
            GermanViewer.Text("日本語"), // an input-method composition
            .. GermanViewer.Press("KeyA", "a"), // a key the US keymap has: native
            .. ViewerMessages.Type($" > {file}\n")]);

        Assert.Empty(input.Router.GetStats().Dropped);
        Assert.Equal("ßаи日本語a\n", await DesktopChecks.WaitForFileAsync(file, FileTimeout));
        Assert.Equal("us (built in)", input.Injector.LayoutName);
    }

    [Fact]
    public async Task CharacterTheUsKeymapLacks_KeyHeld_FootRepeatsItUntilReleased()
    {
        await using var input = await RoutedInput.StartAsync(desktop);
        var file = Path.Combine(_scratch, "repeat");
        // raw mode: what foot sends arrives at once, and its own key repeat is what repeats
        _window = await desktop.StartFootAsync("repeat", "sh", "-c", $"stty raw -echo; exec cat > '{file}'");
        await WlWebRtc.Testing.Poll.UntilAsync(
            async () =>
            {
                await input.SendAsync("viewer-1", [.. GermanViewer.Press("KeyK", "k")]);
                await Task.Delay(200);
                return ReadText(file).Contains('k', StringComparison.Ordinal);
            },
            "the first key in foot",
            FileTimeout);

        // a German viewer's ß (Minus) held: a spare key held down, which foot repeats
        await input.SendAsync("viewer-1", [GermanViewer.Key("Minus", "ß", true), GermanViewer.Key("Minus", "ß", true)]); // the second is the viewer's repeat
        await WlWebRtc.Testing.Poll.UntilAsync(() => ReadText(file).Count(c => c == 'ß') >= 3, "the held ß repeated by foot", FileTimeout);
        await input.SendAsync("viewer-1", [GermanViewer.Key("Minus", "ß", false), .. GermanViewer.Press("KeyA", "a")]);

        await WlWebRtc.Testing.Poll.UntilAsync(() => ReadText(file).EndsWith('a'), "the key after the release", FileTimeout);
        Assert.Matches("^k+ß{3,}a$", ReadText(file));
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private async Task StartBashAsync(string appId)
    {
        Assert.True(File.Exists("/bin/bash"), "bash is not installed (Debian package bash)");

        // readline with its built-in key bindings only, in a UTF-8 locale so that it takes multi-byte characters
        _window = await desktop.StartFootAsync(appId, "env", "INPUTRC=/dev/null", "LC_ALL=C.UTF-8", "bash", "--norc", "--noprofile");
        await Task.Delay(500); // bash prints its prompt and foot takes keyboard focus
    }
}
