using WlWebRtc.RemoteInput.Mapping;

namespace WlWebRtc.RemoteInput.Tests.Mapping;

public sealed class DomKeyCodesTests
{
    [Theory]
    [InlineData("Escape", 1)]
    [InlineData("Digit1", 2)]
    [InlineData("Digit0", 11)]
    [InlineData("KeyQ", 16)]
    [InlineData("KeyZ", 44)]
    [InlineData("Enter", 28)]
    [InlineData("Space", 57)]
    [InlineData("F1", 59)]
    [InlineData("F12", 88)]
    [InlineData("F13", 183)]
    [InlineData("F24", 194)]
    [InlineData("ArrowUp", 103)]
    [InlineData("PageDown", 109)]
    [InlineData("Numpad0", 82)]
    [InlineData("NumpadEnter", 96)]
    [InlineData("MetaLeft", 125)]
    [InlineData("AltRight", 100)]
    [InlineData("IntlRo", 89)]
    [InlineData("IntlYen", 124)]
    [InlineData("AudioVolumeMute", 113)]
    [InlineData("MediaPlayPause", 164)]
    public void TryGetEvdev_KnownCode_ReturnsLinuxCode(string code, int evdev)
    {
        Assert.True(DomKeyCodes.TryGetEvdev(code, out var actual));
        Assert.Equal(evdev, actual);
    }

    [Fact]
    public void Codes_UsLayoutKeys_AllPresent()
    {
        var required = new List<string>();
        required.AddRange(Enumerable.Range('A', 26).Select(c => "Key" + (char)c));
        required.AddRange(Enumerable.Range(0, 10).Select(d => "Digit" + d));
        required.AddRange(Enumerable.Range(1, 24).Select(f => "F" + f));
        required.AddRange(Enumerable.Range(0, 10).Select(d => "Numpad" + d));
        required.AddRange(["Minus", "Equal", "BracketLeft", "BracketRight", "Backslash", "Semicolon", "Quote", "Backquote", "Comma", "Period", "Slash",
            "Backspace", "Tab", "CapsLock", "Enter", "ShiftLeft", "ShiftRight", "ControlLeft", "ControlRight", "AltLeft", "AltRight", "MetaLeft", "MetaRight",
            "ContextMenu", "Space", "Insert", "Delete", "Home", "End", "PageUp", "PageDown", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown",
            "NumLock", "NumpadDivide", "NumpadMultiply", "NumpadSubtract", "NumpadAdd", "NumpadEnter", "NumpadDecimal", "PrintScreen", "ScrollLock", "Pause",
            "IntlBackslash", "IntlRo", "IntlYen"]);

        var missing = required.Where(code => !DomKeyCodes.TryGetEvdev(code, out _)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Codes_DistinctPhysicalKeys_MapToDistinctEvdevCodes()
    {
        // aliases (older browser names, the keypad backspace) are the only codes allowed to share an evdev code
        var aliases = new HashSet<string>(StringComparer.Ordinal) { "OSLeft", "OSRight", "VolumeDown", "VolumeMute", "VolumeUp", "NumpadBackspace" };
        var duplicates = DomKeyCodes.Codes.Where(c => !aliases.Contains(c))
            .GroupBy(c => { DomKeyCodes.TryGetEvdev(c, out var e); return e; })
            .Where(g => g.Count() > 1)
            .Select(g => string.Join("/", g))
            .ToList();

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("keya")]
    [InlineData("A")]
    [InlineData("Unidentified")]
    public void TryGetEvdev_UnknownOrWrongCase_ReturnsFalse(string code) => Assert.False(DomKeyCodes.TryGetEvdev(code, out _));
}
