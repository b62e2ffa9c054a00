using WlWebRtc.Input.WlrVirtualInput.Keyboard;

namespace WlWebRtc.Input.Tests.Keymap;

/// <summary>
/// The layout mapping of the wlr virtual keyboard with the real libxkbcommon: a layout compiled from its XKB names
/// (German: AltGr+Q is @, Shift and AltGr through the keymap's own actions), keysyms bound to spare keys of the
/// uploaded keymap (compiled as the compositor would, least recently used evicted), and the state kept across a recompile.
/// </summary>
public sealed class LayoutKeymapTests
{
    private const int KeyQ = 16;
    private const int KeyY = 21;
    private const int KeyE = 18;
    private const int ShiftLeft = 42;
    private const int AltRight = 100;

    [Fact]
    public void ForLayout_German_AltGrQIsAtAndAltGrEIsEuro_YAndZSwapped()
    {
        using var model = KeyboardModel.ForLayout("de", string.Empty)!;
        Assert.NotNull(model);

        Assert.Equal('z', (char)model.KeysymAt(KeyY));
        Assert.Equal('q', (char)model.KeysymAt(KeyQ));
        Assert.True(model.Apply(AltRight, pressed: true));
        Assert.Equal('@', (char)model.KeysymAt(KeyQ));
        Assert.Equal(0x20acu, model.KeysymAt(KeyE)); // EuroSign
        Assert.True(model.Apply(AltRight, pressed: false));
        Assert.Equal('q', (char)model.KeysymAt(KeyQ));
    }

    [Fact]
    public void ForLayout_German_ShiftSetsTheShiftMaskAndNumLockStartsLocked()
    {
        using var model = KeyboardModel.ForLayout("de", string.Empty)!;
        var numLock = model.Masks.Locked;
        Assert.NotEqual(0u, numLock);

        model.Apply(ShiftLeft, pressed: true);
        Assert.Equal(1u, model.Masks.Depressed);
        Assert.Equal('Q', (char)model.KeysymAt(KeyQ));
        model.Apply(ShiftLeft, pressed: false);
        Assert.Equal(0u, model.Masks.Depressed);
        Assert.Equal(numLock, model.Masks.Locked);
    }

    [Theory]
    [InlineData("nosuchlayout", "")]
    [InlineData("de", "nosuchvariant")]
    public void ForLayout_Unknown_Null(string layout, string variant) => Assert.Null(KeyboardModel.ForLayout(layout, variant));

    [Fact]
    public void Bind_BuiltInUs_TheUploadedKeymapTypesTheKeysymOnTheSpareKey()
    {
        using var model = KeyboardModel.BuiltInUs();
        const uint ssharp = 0xdf;
        const uint cyrillicA = 0x6c1;

        var first = model.Bind(ssharp, "ssharp");
        var second = model.Bind(cyrillicA, "Cyrillic_a");
        Assert.True(model.Commit());
        Assert.False(model.Commit());

        Assert.Equal(ssharp, model.KeysymAt(first));
        Assert.Equal(cyrillicA, model.KeysymAt(second));
        Assert.True(first > 464, $"spare key {first} above the built-in keymap's keys");
        using var compiled = new CompiledKeymap(model.KeymapText);
        Assert.Equal("ssharp", compiled.KeysymOf(first));
        Assert.Equal("Cyrillic_a", compiled.KeysymOf(second));
        Assert.Equal("a", compiled.KeysymOf(30)); // the built-in keys unchanged
    }

    [Fact]
    public void Bind_German_ShiftHeldAcrossTheRecompile_ItsReleaseStillClearsShift()
    {
        using var model = KeyboardModel.ForLayout("de", string.Empty)!;
        model.Apply(ShiftLeft, pressed: true);

        var key = model.Bind(0x6c1, "Cyrillic_a");
        Assert.True(model.Commit());
        Assert.Equal(1u, model.Masks.Depressed);
        Assert.Equal(0x6c1u, model.KeysymAt(key));

        model.Apply(ShiftLeft, pressed: false);
        Assert.Equal(0u, model.Masks.Depressed);
        using var compiled = new CompiledKeymap(model.KeymapText);
        Assert.Equal("Cyrillic_a", compiled.KeysymOf(key));
        Assert.Equal("z", compiled.KeysymOf(KeyY));
    }

    [Fact]
    public void DynamicKeys_MoreKeysymsThanSlots_LeastRecentlyUsedMakesRoom()
    {
        // Unicode keysyms (0x1000000 + code point) of Cyrillic letters
        static uint Keysym(uint i) => 0x1000400 + i;
        static string Name(uint i) => $"U{0x400 + i:X4}";
        var keys = new DynamicKeys(UsKeymap.Text, 480);
        var first = keys.Bind(Keysym(1), Name(1));
        for (uint i = 2; i <= DynamicKeys.Capacity; i++)
        {
            keys.Bind(Keysym(i), Name(i));
        }

        Assert.Equal(first, keys.EvdevFor(Keysym(1))); // used again: now the most recent
        var evicting = keys.Bind(Keysym(100), Name(100));

        Assert.Null(keys.EvdevFor(Keysym(2))); // the least recently used went
        Assert.Equal(first, keys.EvdevFor(Keysym(1)));
        Assert.Equal(480 - 8 + 1, evicting);
        using var compiled = new CompiledKeymap(keys.KeymapText());
        Assert.Equal(Name(100), compiled.KeysymOf(evicting));
    }
}
