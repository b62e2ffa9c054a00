using WlWebRtc.Gnome.Keymap;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Input;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// Keyboard layouts on a real headless GNOME Shell 43 (gnome-shell's keymap follows org.gnome.desktop.input-sources,
/// unlike mutter alone): the injector makes the viewer's layout the session's input source, so a German viewer's
/// umlauts, € and AltGr characters reach foot (Mutter types a keysym only when its current keymap group has it), and
/// the user's input sources and US keymap come back afterwards.
/// </summary>
[Collection(GnomeShellGroup.Name)]
public sealed class GnomeShellKeyboardLayoutTests(SmallGnomeShell shell)
{
    // evdev codes of the modifiers
    private const int Shift = 42;
    private const int AltGr = 100;
    private const int Enter = 28;
    private const string KeyboardSettings = "org.gnome.desktop.peripherals.keyboard";

    [Fact]
    public async Task SetKeyboardLayoutAsync_GermanViewerOnGnomeShell_UmlautsEuroAndAltGrCombinationsTyped_ThenTheUsersSourcesComeBack()
    {
        var before = await shell.GetSettingAsync(GnomeInputSources.Schema, "sources");
        await shell.SetSettingAsync(KeyboardSettings, "repeat", "false"); // exact text: a release late under load must not repeat a key
        await using var source = await GnomePlugins.CaptureAsync(shell);
        var input = await GnomePlugins.InjectorAsync(shell, source, SmallGnomeShell.Width, SmallGnomeShell.Height);
        try
        {
            var text = Assert.IsAssignableFrom<IKeyboardTextInjector>(input);
            using var foot = FootReader.Start(shell, "german");
            await foot.FirstKeyArrivesAsync(text);

            await text.SetKeyboardLayoutAsync("de", "", CancellationToken.None);
            Assert.Equal("[('xkb', 'de')]", await shell.GetSettingAsync(GnomeInputSources.Schema, "sources"));

            // what a browser with a German layout reports: ä ö ü on Quote, Semicolon, BracketLeft; Shift+Quote Ä;
            // AltGr+E €, AltGr+Q @, AltGr+7 {, AltGr+Minus \; z on KeyY, # on Backslash
            FootReader.Press(text, 40, "ä");
            FootReader.Press(text, 39, "ö");
            FootReader.Press(text, 26, "ü");
            With(text, Shift, "Shift", () => FootReader.Press(text, 40, "Ä"));
            With(text, AltGr, "AltGraph", () =>
            {
                FootReader.Press(text, 18, "€");
                FootReader.Press(text, 16, "@");
                FootReader.Press(text, 8, "{");
                FootReader.Press(text, 12, "\\");
            });
            // AltGr as a browser on Windows reports it: ControlLeft, then AltRight (Control must not reach foot: Ctrl+@ is NUL)
            With(text, 29, "Control", () => With(text, AltGr, "AltGraph", () => FootReader.Press(text, 16, "@")));
            FootReader.Press(text, 21, "z");
            FootReader.Press(text, 43, "#");
            FootReader.Press(text, Enter, "Enter");
            await GnomePlugins.WaitUntilAsync(() => foot.Read().EndsWith('\r'), "the German line in foot", () => $"typed: '{foot.Read()}'");
            Assert.Matches("^k+äöüÄ€@\\{\\\\@z#\r$", foot.Read());

            await text.RestoreKeyboardLayoutAsync(CancellationToken.None);
            Assert.Equal(before, await shell.GetSettingAsync(GnomeInputSources.Schema, "sources"));

            // the US keymap again: Mutter drops ä, y is on KeyY
            await GnomePlugins.WaitUntilAsync(
                () =>
                {
                    File.WriteAllText(foot.Output, "");
                    FootReader.Press(text, 40, "ä");
                    FootReader.Press(text, 21, "y");
                    Thread.Sleep(200);
                    return foot.Read().Contains('y', StringComparison.Ordinal);
                },
                "the US keymap back",
                () => $"typed: '{foot.Read()}'");
            Assert.DoesNotContain("ä", foot.Read(), StringComparison.Ordinal);
        }
        finally
        {
            await input.DisposeAsync();
            await shell.SetSettingAsync(KeyboardSettings, "repeat", "true");
            Assert.Equal(before, await shell.GetSettingAsync(GnomeInputSources.Schema, "sources"));
        }
    }

    [Fact]
    public async Task DisposeAsync_LayoutApplied_TheUsersSourcesComeBack()
    {
        await shell.SetSettingAsync(GnomeInputSources.Schema, "sources", "[('xkb', 'us'), ('xkb', 'fr')]");
        try
        {
            await using var source = await GnomePlugins.CaptureAsync(shell);
            var input = await GnomePlugins.InjectorAsync(shell, source, SmallGnomeShell.Width, SmallGnomeShell.Height);
            await Assert.IsAssignableFrom<IKeyboardTextInjector>(input).SetKeyboardLayoutAsync("de", "nodeadkeys", CancellationToken.None);
            Assert.Equal("[('xkb', 'de+nodeadkeys')]", await shell.GetSettingAsync(GnomeInputSources.Schema, "sources"));

            await input.DisposeAsync();

            Assert.Equal("[('xkb', 'us'), ('xkb', 'fr')]", await shell.GetSettingAsync(GnomeInputSources.Schema, "sources"));
        }
        finally
        {
            await shell.SetSettingAsync(GnomeInputSources.Schema, "sources", "@a(ss) []");
        }
    }

    /// <summary>Presses a modifier, runs <paramref name="keys"/> and releases it.</summary>
    private static void With(IKeyboardTextInjector text, int modifier, string produced, Action keys)
    {
        text.KeyAsync(modifier, true, produced, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        keys();
        text.KeyAsync(modifier, false, produced, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }
}
