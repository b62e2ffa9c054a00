namespace WlWebRtc.Input;

/// <summary>
/// An optional capability of an <see cref="IInputInjector"/>: keyboard input that knows what the viewer's keyboard
/// produced, so that characters arrive as the viewer typed them whatever the remote keymap is. The injector types a
/// key natively (its evdev code) when its keymap gives the same character, and otherwise types the character itself
/// (a keysym).
/// </summary>
public interface IKeyboardTextInjector
{
    /// <summary>
    /// Makes the remote keymap follow a keyboard layout (XKB names, e.g. <c>de</c> and an empty variant), so that
    /// physical keys, dead keys and AltGr work natively. An injector that cannot change the keymap ignores it.
    /// </summary>
    ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken);

    /// <summary>
    /// The viewer whose layout <see cref="SetKeyboardLayoutAsync"/> applied left or lost control: an injector that
    /// changed a setting of the desktop's user for it (GNOME's input sources) gives the user's own back. The keymap
    /// of an injector's own virtual keyboard may stay as it is (the default does nothing).
    /// </summary>
    ValueTask RestoreKeyboardLayoutAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Presses or releases the key at an evdev position whose press produced <paramref name="produced"/> on the
    /// viewer (a DOM <c>KeyboardEvent.key</c>: one character, <c>Dead</c>, or a key name such as <c>Enter</c>).
    /// </summary>
    ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken);

    /// <summary>Types text as characters (e.g. the result of an input-method composition), whatever the keymap.</summary>
    ValueTask TypeTextAsync(string text, CancellationToken cancellationToken);
}
