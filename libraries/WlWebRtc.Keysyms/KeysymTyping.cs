using System.Buffers;
using System.Text;

namespace WlWebRtc.Keysyms;

/// <summary>
/// The keyboard policy of injectors whose compositor types keysyms (<c>NotifyKeyboardKeysym</c>: it finds a key and
/// level in its keymap, pressing Shift or AltGr itself) and whose keymap the server neither knows nor changes: a key
/// that produced one character on the viewer is typed as that character, with a Shift the viewer holds lifted around
/// it (the character already carries it); AltGr, Caps Lock and dead keys are not sent; other keys go as physical keys.
/// A character key is typed on its press, so it does not auto-repeat. One instance per injector: it remembers which
/// held keys were typed, so their releases are dropped.
/// </summary>
public sealed class KeysymTyping
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _typedKeys = [];

    /// <summary>The evdev codes of the Shift keys (KEY_LEFTSHIFT, KEY_RIGHTSHIFT), lifted around typed characters.</summary>
    public static IReadOnlyList<int> ShiftKeys { get; } = [42, 54];

    /// <summary>Where a key event goes; <paramref name="character"/> is what to type for <see cref="KeyRoute.TypeCharacter"/>.</summary>
    public KeyRoute Route(int key, bool pressed, string produced, out Rune character)
    {
        ArgumentNullException.ThrowIfNull(produced);
        character = default;
        lock (_gate)
        {
            if (!pressed)
            {
                return _typedKeys.Remove(key) ? KeyRoute.Drop : KeyRoute.Physical;
            }

            if (!IsTyped(produced))
            {
                return KeyRoute.Physical;
            }

            if (!_typedKeys.Add(key))
            {
                return KeyRoute.Drop; // a repeat of a held character key
            }
        }

        return SingleCharacter(produced, out character) ? KeyRoute.TypeCharacter : KeyRoute.Drop;
    }

    /// <summary>The keysym of a character: Latin-1 characters are their own keysyms, any other is 0x01000000 + its code point.</summary>
    public static int KeysymOf(Rune character) =>
        character.Value is (>= 0x20 and <= 0x7e) or (>= 0xa0 and <= 0xff) ? character.Value : 0x0100_0000 + character.Value;

    /// <summary>Whether a key is typed as its character (one character), or for AltGr, Caps Lock and dead keys not sent at all.</summary>
    public static bool IsTyped(string produced) =>
        produced is "AltGraph" or "CapsLock" or "Dead" || SingleCharacter(produced, out _);

    /// <summary>
    /// Types <paramref name="characters"/> as keysym presses and releases, with the Shift keys of <paramref name="heldKeys"/>
    /// released first and pressed again afterwards (also when typing fails).
    /// </summary>
    public static async Task TypeAsync(
        IReadOnlyList<Rune> characters,
        IReadOnlyCollection<int> heldKeys,
        Func<int, bool, CancellationToken, Task> sendKeycode,
        Func<int, bool, CancellationToken, Task> sendKeysym,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentNullException.ThrowIfNull(heldKeys);
        ArgumentNullException.ThrowIfNull(sendKeycode);
        ArgumentNullException.ThrowIfNull(sendKeysym);
        int[] shifts = [.. ShiftKeys.Where(heldKeys.Contains)];
        foreach (var shift in shifts)
        {
            await sendKeycode(shift, false, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            foreach (var character in characters)
            {
                var keysym = KeysymOf(character);
                await sendKeysym(keysym, true, cancellationToken).ConfigureAwait(false);
                await sendKeysym(keysym, false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var shift in shifts)
            {
                await sendKeycode(shift, true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool SingleCharacter(string produced, out Rune character) =>
        Rune.DecodeFromUtf16(produced, out character, out var used) == OperationStatus.Done && used == produced.Length;
}
