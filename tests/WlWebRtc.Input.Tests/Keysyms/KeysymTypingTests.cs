using System.Text;
using WlWebRtc.Keysyms;

namespace WlWebRtc.Input.Tests.Keysyms;

public sealed class KeysymTypingTests
{
    [Theory]
    [InlineData("a", 0x61)]
    [InlineData("@", 0x40)]
    [InlineData("ä", 0xe4)]
    [InlineData("€", 0x20ac)] // EuroSign, as the layouts bind it
    [InlineData("ж", 0x6d6)] // Cyrillic_zhe
    [InlineData("日", 0x010065e5)] // no legacy keysym
    [InlineData("😀", 0x0101f600)]
    public void KeysymOf_Character_Latin1ItselfElseLegacyKeysymElseUnicodeKeysym(string text, int keysym) =>
        Assert.Equal(keysym, KeysymTyping.KeysymOf(Rune.GetRuneAt(text, 0)));

    [Theory]
    [InlineData("z", true)]
    [InlineData("€", true)]
    [InlineData("AltGraph", true)]
    [InlineData("CapsLock", true)]
    [InlineData("Dead", true)]
    [InlineData("Enter", false)]
    [InlineData("Shift", false)]
    [InlineData("ab", false)]
    [InlineData("", false)]
    public void IsTyped_Produced_CharactersAndTheKeysNotSent(string produced, bool typed) =>
        Assert.Equal(typed, KeysymTyping.IsTyped(produced));

    [Fact]
    public void Route_CharacterKeyPressRepeatRelease_PressedOnceRepeatDroppedReleasedWithTheKey()
    {
        var typing = new KeysymTyping();

        Assert.Equal(KeyRoute.TypeCharacter, typing.Route(16, true, "@", out var character));
        Assert.Equal(new Rune('@'), character);
        Assert.Equal(KeyRoute.Drop, typing.Route(16, true, "@", out _)); // the viewer's repeat: the remote side repeats the held keysym
        Assert.Equal(KeyRoute.ReleaseCharacter, typing.Route(16, false, "q", out var released)); // the layout may have changed meanwhile
        Assert.Equal(new Rune('@'), released);
        Assert.Equal(KeyRoute.Physical, typing.Route(16, false, "@", out _)); // not held any more
    }

    [Fact]
    public async Task PressAndRelease_ShiftHeld_LiftedWhileTheCharacterIsHeldAndPressedAgainAfterTheLastRelease()
    {
        var typing = new KeysymTyping();
        var sent = new List<string>();
        Task Key(int code, bool pressed, CancellationToken _) => Record(sent, $"key {code} {pressed}");
        Task Sym(int keysym, bool pressed, CancellationToken _) => Record(sent, $"sym {keysym:x} {pressed}");
        int[] held = [42];

        Assert.Equal(KeyRoute.TypeCharacter, typing.Route(8, true, "/", out var slash));
        await typing.PressAsync(slash, held, Key, Sym, CancellationToken.None);
        Assert.Equal(KeyRoute.TypeCharacter, typing.Route(9, true, "(", out var paren)); // rolled over: both held
        await typing.PressAsync(paren, held, Key, Sym, CancellationToken.None);
        Assert.Equal(KeyRoute.ReleaseCharacter, typing.Route(8, false, "/", out var first));
        await typing.ReleaseAsync(first, held, Key, Sym, CancellationToken.None);
        Assert.Equal(KeyRoute.ReleaseCharacter, typing.Route(9, false, "(", out var second));
        await typing.ReleaseAsync(second, held, Key, Sym, CancellationToken.None);

        Assert.Equal(["key 42 False", "sym 2f True", "sym 28 True", "sym 2f False", "sym 28 False", "key 42 True"], sent);
    }

    [Fact]
    public async Task PressAndRelease_ShiftReleasedWhileLifted_ReleaseGoesOutAndShiftIsNotPressedAgain()
    {
        var typing = new KeysymTyping();
        var sent = new List<string>();
        Task Key(int code, bool pressed, CancellationToken _) => Record(sent, $"key {code} {pressed}");
        Task Sym(int keysym, bool pressed, CancellationToken _) => Record(sent, $"sym {keysym:x} {pressed}");

        typing.Route(8, true, "/", out var slash);
        await typing.PressAsync(slash, [42], Key, Sym, CancellationToken.None);
        Assert.Equal(KeyRoute.Physical, typing.Route(42, false, "Shift", out _)); // the injector forgets it (the remote key is up already)
        typing.Route(8, false, "/", out var released);
        await typing.ReleaseAsync(released, [], Key, Sym, CancellationToken.None);

        Assert.Equal(["key 42 False", "sym 2f True", "sym 2f False"], sent);
    }

    [Fact]
    public async Task TakeHeldKeysyms_CharactersHeld_ReturnsTheirKeysymsOnceAndForgetsThem()
    {
        var typing = new KeysymTyping();
        typing.Route(16, true, "€", out var euro);
        await typing.PressAsync(euro, [], (_, _, _) => Task.CompletedTask, (_, _, _) => Task.CompletedTask, CancellationToken.None);
        typing.Route(100, true, "AltGraph", out _);

        Assert.Equal([0x20ac], typing.TakeHeldKeysyms());
        Assert.Empty(typing.TakeHeldKeysyms());
        Assert.Equal(KeyRoute.Physical, typing.Route(16, false, "€", out _));
    }

    [Fact]
    public void Route_AltGraphAndDeadKeys_Dropped()
    {
        var typing = new KeysymTyping();

        Assert.Equal(KeyRoute.Drop, typing.Route(100, true, "AltGraph", out _));
        Assert.Equal(KeyRoute.Drop, typing.Route(13, true, "Dead", out _));
        Assert.Equal(KeyRoute.Drop, typing.Route(100, false, "AltGraph", out _));
        Assert.Equal(KeyRoute.Drop, typing.Route(13, false, "Dead", out _));
    }

    [Fact]
    public void Route_OtherKeys_Physical()
    {
        var typing = new KeysymTyping();

        Assert.Equal(KeyRoute.Physical, typing.Route(28, true, "Enter", out _));
        Assert.Equal(KeyRoute.Physical, typing.Route(28, false, "Enter", out _));
        Assert.Equal(KeyRoute.Physical, typing.Route(42, true, "Shift", out _));
    }

    [Fact]
    public async Task KeyAsync_WindowsAltGr_ControlLiftedAroundTheCharacterAndPressedAgain()
    {
        var typing = new KeysymTyping();
        var sent = new List<string>();
        int[] held = [];
        Task Physical(int code, bool pressed, CancellationToken _)
        {
            held = pressed ? [.. held, code] : [.. held.Where(k => k != code)];
            return Record(sent, $"key {code} {pressed}");
        }

        // a browser on Windows: ControlLeft, then AltRight as AltGraph, then Q gives @
        foreach (var (key, pressed, produced) in new[] { (29, true, "Control"), (100, true, "AltGraph"), (16, true, "@"), (16, false, "@"), (100, false, "AltGraph"), (29, false, "Control") })
        {
            await typing.KeyAsync(key, pressed, produced, () => held, Physical, (code, pressed, _) => Record(sent, $"key {code} {pressed}"), (keysym, pressed, _) => Record(sent, $"sym {keysym:x} {pressed}"), CancellationToken.None);
        }

        Assert.Equal(["key 29 True", "key 29 False", "sym 40 True", "sym 40 False", "key 29 True", "key 29 False"], sent);
    }

    [Fact]
    public async Task KeyAsync_ControlWithoutAltGr_StaysPressed()
    {
        var typing = new KeysymTyping();
        var sent = new List<string>();

        await typing.KeyAsync(16, true, "ä", () => [29], (code, pressed, _) => Record(sent, $"key {code} {pressed}"), (code, pressed, _) => Record(sent, $"key {code} {pressed}"), (keysym, pressed, _) => Record(sent, $"sym {keysym:x} {pressed}"), CancellationToken.None);

        Assert.Equal(["sym e4 True"], sent);
    }

    [Fact]
    public async Task TypeAsync_ShiftHeld_LiftedAroundTheCharactersAndPressedAgain()
    {
        var sent = new List<string>();

        await KeysymTyping.TypeAsync(
            [new Rune('Y'), new Rune('€')],
            [42, 30],
            (code, pressed, _) => Record(sent, $"key {code} {pressed}"),
            (keysym, pressed, _) => Record(sent, $"sym {keysym:x} {pressed}"),
            CancellationToken.None);

        Assert.Equal(["key 42 False", "sym 59 True", "sym 59 False", "sym 20ac True", "sym 20ac False", "key 42 True"], sent);
    }

    [Fact]
    public async Task TypeAsync_KeysymFails_ShiftPressedAgainAnyway()
    {
        var sent = new List<string>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => KeysymTyping.TypeAsync(
            [new Rune('a')],
            [54],
            (code, pressed, _) => Record(sent, $"key {code} {pressed}"),
            (_, _, _) => throw new InvalidOperationException("gone"),
            CancellationToken.None));

        Assert.Equal(["key 54 False", "key 54 True"], sent);
    }

    private static Task Record(List<string> sent, string what)
    {
        sent.Add(what);
        return Task.CompletedTask;
    }
}
