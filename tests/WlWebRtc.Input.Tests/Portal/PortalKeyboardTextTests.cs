using WlWebRtc.Portal.Injection;

namespace WlWebRtc.Input.Tests.Portal;

/// <summary>
/// The portal injector's keyboard text: characters the viewer typed go as keysyms (the compositor finds their keys),
/// without the viewer's Shift, AltGr or Caps Lock; other keys as physical keys.
/// </summary>
public sealed class PortalKeyboardTextTests
{
    [Fact]
    public async Task KeyAsync_GermanShiftSevenIsSlash_TypedAsKeysymWithShiftLifted()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);

        await injector.KeyAsync(42, true, "Shift", CancellationToken.None);
        await injector.KeyAsync(8, true, "/", CancellationToken.None);
        await injector.KeyAsync(8, false, "/", CancellationToken.None);
        await injector.KeyAsync(42, false, "Shift", CancellationToken.None);

        Assert.Equal(["key 42 True", "key 42 False", "keysym 2f True", "keysym 2f False", "key 42 True", "key 42 False"], notifier.Calls);
    }

    [Fact]
    public async Task KeyAsync_AltGrEuro_AltGrNotSent_EuroAsItsLegacyKeysym()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);

        await injector.KeyAsync(100, true, "AltGraph", CancellationToken.None);
        await injector.KeyAsync(18, true, "€", CancellationToken.None);
        await injector.KeyAsync(18, false, "€", CancellationToken.None);
        await injector.KeyAsync(100, false, "AltGraph", CancellationToken.None);
        await injector.KeyAsync(28, true, "Enter", CancellationToken.None);
        await injector.KeyAsync(28, false, "Enter", CancellationToken.None);

        Assert.Equal(["keysym 20ac True", "keysym 20ac False", "key 28 True", "key 28 False"], notifier.Calls);
    }

    [Fact]
    public async Task TypeTextAsync_LatinOneAndCjk_KeysymsInOrder()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);

        await injector.TypeTextAsync("ä日", CancellationToken.None);

        Assert.Equal(["keysym e4 True", "keysym e4 False", "keysym 10065e5 True", "keysym 10065e5 False"], notifier.Calls);
    }

    [Fact]
    public async Task KeyAsync_CharacterKeyHeldWithRepeats_KeysymHeldUntilTheKeyIsReleased()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);

        await injector.KeyAsync(40, true, "ä", CancellationToken.None);
        await injector.KeyAsync(40, true, "ä", CancellationToken.None); // the viewer's repeats: the compositor's client repeats the held key
        await injector.KeyAsync(40, true, "ä", CancellationToken.None);
        Assert.Equal(["keysym e4 True"], notifier.Calls);

        await injector.KeyAsync(40, false, "ä", CancellationToken.None);
        Assert.Equal(["keysym e4 True", "keysym e4 False"], notifier.Calls);
    }

    [Fact]
    public async Task ReleaseAllAsync_CharacterKeyHeld_ItsKeysymReleasedToo()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);
        await injector.KeyAsync(29, true, "Control", CancellationToken.None);
        await injector.KeyAsync(18, true, "€", CancellationToken.None);

        await injector.ReleaseAllAsync(CancellationToken.None);

        Assert.Equal(["key 29 True", "keysym 20ac True", "keysym 20ac False", "key 29 False"], notifier.Calls);
    }
}
