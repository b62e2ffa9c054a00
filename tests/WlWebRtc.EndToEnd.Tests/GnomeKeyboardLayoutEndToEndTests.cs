using Microsoft.Playwright;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (keyboard layouts) on a real headless GNOME Shell: the server with the gnome capture and input, the
/// built-in viewer in headless Chromium whose keyboard layout map is a German one (an init script stands in for the
/// German keyboard: the viewer guesses "de" from it and reports it), and German keys sent through the DevTools
/// protocol with the codes and key values a German keyboard gives. With <c>keyboard_layout = "auto"</c> the server
/// makes "de" the session's input source (GNOME Shell loads it into Mutter's keymap), so umlauts, € and AltGr
/// characters (also AltGr as browsers on Windows report it: ControlLeft + AltRight) reach foot; when the viewer
/// leaves, the user's input sources come back.
/// </summary>
[Collection(GnomeShellGroup.Name)]
public sealed class GnomeKeyboardLayoutEndToEndTests(SmallGnomeShell shell, ITestOutputHelper output)
{
    private const string Token = "e2e-gnome-layout-token-0123456789";
    private const string Schema = "org.gnome.desktop.input-sources";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    // the base-level keys of a German keyboard that the viewer's layout guess reads
    private const string GermanLayoutMap = """
        (() => {
          const keys = [['KeyA', 'a'], ['KeyQ', 'q'], ['KeyY', 'z'], ['KeyZ', 'y'], ['Semicolon', 'ö'], ['Quote', 'ä'],
            ['BracketLeft', 'ü'], ['Minus', 'ß'], ['Backslash', '#']];
          Object.defineProperty(Keyboard.prototype, 'getLayoutMap', { value: async () => new Map(keys), configurable: true });
        })();
        """;

    [Fact]
    public async Task GermanViewer_GnomeShell_UmlautsEuroAndAltGrCombinationsReachFoot_UsersSourcesBackWhenItLeaves()
    {
        var before = await shell.GetSettingAsync(Schema, "sources");
        await shell.SetSettingAsync("org.gnome.desktop.peripherals.keyboard", "repeat", "false"); // exact text: a release late under load must not repeat a key
        var file = Path.Combine(shell.RunDirectory, "german-" + Guid.NewGuid().ToString("N"));
        await using var server = await MutterServer.StartAsync(shell, Token, "[clipboard]\ndirection = \"off\"\n");
        try
        {
            await using (var viewer = await ViewerPage.OpenAsync(server.ViewerUrl, initScript: GermanLayoutMap))
            {
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
                await Poll.UntilAsync(async () => await shell.GetSettingAsync(Schema, "sources") == "[('xkb', 'de')]", "the German input source set by the server", Timeout);
                Assert.Contains(await viewer.SentMessagesAsync(), m => m.Contains("\"t\":\"kl\"", StringComparison.Ordinal) && m.Contains("\"l\":\"de\"", StringComparison.Ordinal));

                using var foot = shell.StartProcess("foot-e2e-german", "foot", "sh", "-c", $"stty raw -echo; exec cat > '{file}'");
                var devtools = await viewer.Page.Context.NewCDPSessionAsync(viewer.Page);
                await viewer.Page.ClickAsync("#video"); // the page's focus; lands on foot remotely

                // a marker first: the keyboard reaches foot (mapped and focused) before the keys under test
                await Poll.UntilAsync(
                    async () =>
                    {
                        await PressAsync(devtools, "KeyK", "k", 75);
                        await Task.Delay(300);
                        return ReadText(file).Contains('k', StringComparison.Ordinal);
                    },
                    "the marker in foot",
                    Timeout);

                await PressAsync(devtools, "Quote", "ä", 222);
                await PressAsync(devtools, "Semicolon", "ö", 192);
                await PressAsync(devtools, "BracketLeft", "ü", 186);
                await HoldAsync(devtools, "ShiftLeft", "Shift", 16, 1, () => PressAsync(devtools, "Quote", "Ä", 222, Shift));
                await HoldAsync(devtools, "AltRight", "AltGraph", 18, 2, async () =>
                {
                    await PressAsync(devtools, "KeyE", "€", 69);
                    await PressAsync(devtools, "KeyQ", "@", 81);
                    await PressAsync(devtools, "Digit7", "{", 55);
                    await PressAsync(devtools, "Minus", "\\", 219);
                });
                // AltGr as a browser on Windows reports it: ControlLeft, then AltRight (the Control must not reach foot)
                await HoldAsync(devtools, "ControlLeft", "Control", 17, 1, () => HoldAsync(devtools, "AltRight", "AltGraph", 18, 2, () => PressAsync(devtools, "KeyQ", "@", 81, ControlAlt)));
                await PressAsync(devtools, "KeyY", "z", 89);
                await PressAsync(devtools, "Backslash", "#", 191);
                await PressAsync(devtools, "Enter", "Enter", 13);

                await Poll.UntilAsync(() => ReadText(file).EndsWith('\r'), "the German line in foot", Timeout);
                Assert.Matches("^k+äöüÄ€@\\{\\\\@z#\r$", ReadText(file));
            }

            // the viewer left: the server gives the user's input sources back
            await Poll.UntilAsync(async () => await shell.GetSettingAsync(Schema, "sources") == before, "the user's input sources back", Timeout);
        }
        finally
        {
            await shell.SetSettingAsync("org.gnome.desktop.peripherals.keyboard", "repeat", "true");
            output.WriteLine(server.Output);
            output.WriteLine("typed: " + ReadText(file));
        }
    }

    // DevTools modifier bits
    private const int Shift = 8;
    private const int ControlAlt = 2 | 1;

    private static async Task PressAsync(ICDPSession devtools, string code, string key, int virtualKey, int modifiers = 0)
    {
        var down = Key(key.Length == 1 ? "keyDown" : "rawKeyDown", code, key, virtualKey, modifiers, 0);
        if (key.Length == 1)
        {
            down["text"] = key;
            down["unmodifiedText"] = key;
        }

        await devtools.SendAsync("Input.dispatchKeyEvent", down);
        await devtools.SendAsync("Input.dispatchKeyEvent", Key("keyUp", code, key, virtualKey, modifiers, 0));
    }

    private static async Task HoldAsync(ICDPSession devtools, string code, string key, int virtualKey, int location, Func<Task> keys)
    {
        await devtools.SendAsync("Input.dispatchKeyEvent", Key("rawKeyDown", code, key, virtualKey, 0, location));
        await keys();
        await devtools.SendAsync("Input.dispatchKeyEvent", Key("keyUp", code, key, virtualKey, 0, location));
    }

    private static Dictionary<string, object> Key(string type, string code, string key, int virtualKey, int modifiers, int location) => new()
    {
        ["type"] = type,
        ["code"] = code,
        ["key"] = key,
        ["windowsVirtualKeyCode"] = virtualKey,
        ["modifiers"] = modifiers,
        ["location"] = location,
    };

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
}
