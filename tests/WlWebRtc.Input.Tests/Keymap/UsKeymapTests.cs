using System.Diagnostics;
using System.Text.RegularExpressions;
using WlWebRtc.Input.WlrVirtualInput.Keyboard;
using WlWebRtc.RemoteInput.Mapping;

namespace WlWebRtc.Input.Tests.Keymap;

/// <summary>The embedded keymap compiled by the real compilers: libxkbcommon (sway, foot) and xkbcomp (Xwayland).</summary>
public sealed partial class UsKeymapTests
{
    private const int KeyNumLock = 69;
    private const int KeyKp7 = 71;
    private const int KeyKp8 = 72;
    private const int KeyKpDot = 83;
    private const int KeySelect = 353;
    private const int KeyFn = 464;

    [Theory]
    [InlineData(KeyKp7, "KP_7", "KP_Home")]
    [InlineData(KeyKp8, "KP_8", "KP_Up")]
    [InlineData(73, "KP_9", "KP_Prior")]
    [InlineData(76, "KP_5", "KP_Begin")]
    [InlineData(79, "KP_1", "KP_End")]
    [InlineData(82, "KP_0", "KP_Insert")]
    [InlineData(KeyKpDot, "KP_Decimal", "KP_Delete")]
    public void Text_XkbcommonWithNumLockLockedOrNot_KeypadKeyGivesDigitOrNavigation(int evdev, string withNumLock, string withoutNumLock)
    {
        using var keymap = new CompiledKeymap(UsKeymap.Text);

        keymap.SetModifiers(0, ModifierState.Mod2);
        Assert.Equal(withNumLock, keymap.KeysymOf(evdev));
        Assert.True(keymap.IsActive("Mod2"), "a locked Mod2 should be active (XKB_MOD_NAME_NUM, what clients test for Num Lock)");

        keymap.SetModifiers(0, 0);
        Assert.Equal(withoutNumLock, keymap.KeysymOf(evdev));
        Assert.False(keymap.IsActive("Mod2"));

        // Shift inverts the keypad, as on a PC keyboard
        keymap.SetModifiers(ModifierState.Shift, ModifierState.Mod2);
        Assert.Equal(withoutNumLock, keymap.KeysymOf(evdev));
    }

    [Fact]
    public void Text_Xkbcommon_NumLockKeyIsNumLockAndLettersFollowShift()
    {
        using var keymap = new CompiledKeymap(UsKeymap.Text);

        Assert.Equal("Num_Lock", keymap.KeysymOf(KeyNumLock));
        Assert.Equal("a", keymap.KeysymOf(30));
        keymap.SetModifiers(ModifierState.Shift, ModifierState.Mod2);
        Assert.Equal("A", keymap.KeysymOf(30));
        Assert.Equal("exclam", keymap.KeysymOf(2));
    }

    [Fact]
    public void Text_Xkbcommon_EveryEvdevCodeOfTheDomKeyTableHasAKeysym()
    {
        using var keymap = new CompiledKeymap(UsKeymap.Text);
        keymap.SetModifiers(0, ModifierState.Mod2);

        var missing = DomKeyCodes.Codes
            .Select(code => (Code: code, Evdev: DomKeyCodes.TryGetEvdev(code, out var evdev) ? evdev : -1))
            .Where(key => keymap.KeysymOf(key.Evdev) == "NoSymbol")
            .Select(key => $"{key.Code} (evdev {key.Evdev})")
            .ToList();

        Assert.Empty(missing);
        Assert.Contains(DomKeyCodes.Codes, code => DomKeyCodes.TryGetEvdev(code, out var evdev) && evdev > 247);
    }

    [Theory]
    [InlineData(KeySelect, "Select")]
    [InlineData(KeyFn, "XF86Fn")]
    public void Text_XkbcommonEvdevCodeAbove247_HasKeysym(int evdev, string keysym)
    {
        using var keymap = new CompiledKeymap(UsKeymap.Text);

        Assert.Equal(keysym, keymap.KeysymOf(evdev));
    }

    [Fact]
    public async Task Text_Xkbcomp_CompilesWithKeypadTypeAndDropsKeycodesAbove255()
    {
        var compiled = await CompileWithXkbcompAsync(UsKeymap.Text);

        Assert.Matches(@"type ""KEYPAD"" \{ modifiers= Shift\+NumLock;", compiled);
        Assert.Equal("type= \"KEYPAD\", symbols[Group1]= [ KP_Up, KP_8 ]", KeyBlock(compiled, KeyKp8));
        Assert.Equal("type= \"KEYPAD\", symbols[Group1]= [ KP_Delete, KP_Decimal ]", KeyBlock(compiled, KeyKpDot));
        Assert.Contains("[ Num_Lock ]", KeyBlock(compiled, KeyNumLock), StringComparison.Ordinal);
        Assert.Matches(@"modifier_map Mod2 \{ <I77> \};", compiled);
        Assert.Matches(@"virtual_modifiers [^;]*NumLock", compiled);

        // X11 keycodes are 8 bits: Xwayland's clients never see these two keys (a documented limitation)
        Assert.DoesNotContain("<I361>", compiled, StringComparison.Ordinal);
        Assert.DoesNotContain("<I472>", compiled, StringComparison.Ordinal);
    }

    /// <summary>The key's statement body as xkbcomp writes it back, white space folded.</summary>
    private static string KeyBlock(string compiled, int evdev)
    {
        var match = Regex.Match(compiled, $@"key <I{evdev + 8}> \{{ (.*?) \}};");
        Assert.True(match.Success, $"xkbcomp's output has no key <I{evdev + 8}>");
        return match.Groups[1].Value;
    }

    private static async Task<string> CompileWithXkbcompAsync(string text)
    {
        var xkbcomp = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(dir => Path.Combine(dir, "xkbcomp")).FirstOrDefault(File.Exists);
        Assert.True(xkbcomp is not null, "xkbcomp is not installed (Debian: apt-get install x11-xkb-utils)");
        var directory = Directory.CreateTempSubdirectory("wlwebrtc-xkb-");
        try
        {
            var input = Path.Combine(directory.FullName, "in.xkb");
            var output = Path.Combine(directory.FullName, "out.xkb");
            await File.WriteAllTextAsync(input, text);
            var start = new ProcessStartInfo(xkbcomp!, ["-w", "1", "-xkb", input, output]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            _ = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"xkbcomp failed ({process.ExitCode}): {await errors}");
            return Whitespace().Replace(await File.ReadAllTextAsync(output), " ");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
