using System.Buffers;
using System.Text;

namespace WlWebRtc.Keysyms;

/// <summary>
/// The keyboard policy of injectors whose compositor types keysyms (<c>NotifyKeyboardKeysym</c>: it finds a key and
/// level in its keymap, pressing Shift or AltGr itself) and whose keymap the server neither knows nor changes: a key
/// that produced one character on the viewer is typed as that character, with a Shift the viewer holds lifted around
/// it (the character already carries it), and under AltGr a Control the viewer holds too (a Windows browser reports
/// AltGr as ControlLeft + AltRight); AltGr, Caps Lock and dead keys are not sent; other keys go as physical keys.
/// A character key's keysym is pressed with the key and released with it (<see cref="PressAsync"/>,
/// <see cref="ReleaseAsync"/>), so a held key auto-repeats like a physical one: on Wayland the client repeats a key the
/// compositor reports held (wl_keyboard.repeat_info), the viewer's own repeats are dropped. The lifted keys are pressed
/// again when the last held character key is released. One instance per injector: it remembers the held characters.
/// </summary>
public sealed class KeysymTyping
{
    private readonly Lock _gate = new();
    // held keys that are typed, with the character they type (none for AltGr, Caps Lock and dead keys)
    private readonly Dictionary<int, Rune?> _typedKeys = [];
    // Shift (and, under AltGr, Control) keys released remotely for the held characters while the viewer holds them
    private readonly HashSet<int> _liftedModifiers = [];
    // the viewer's AltGr keys held now
    private readonly HashSet<int> _altGraphKeys = [];

    /// <summary>The evdev codes of the Shift keys (KEY_LEFTSHIFT, KEY_RIGHTSHIFT), lifted around typed characters.</summary>
    public static IReadOnlyList<int> ShiftKeys { get; } = [42, 54];

    /// <summary>
    /// The evdev codes of the Control keys (KEY_LEFTCTRL, KEY_RIGHTCTRL), lifted around characters typed while AltGr is
    /// held: a browser on Windows reports AltGr as ControlLeft then AltRight, and the character must not reach the
    /// client as a Control shortcut (Ctrl+@ is NUL in a terminal).
    /// </summary>
    public static IReadOnlyList<int> ControlKeys { get; } = [29, 97];

    /// <summary>
    /// Where a key event goes; <paramref name="character"/> is what to press for <see cref="KeyRoute.TypeCharacter"/>
    /// or release for <see cref="KeyRoute.ReleaseCharacter"/>.
    /// </summary>
    public KeyRoute Route(int key, bool pressed, string produced, out Rune character)
    {
        ArgumentNullException.ThrowIfNull(produced);
        character = default;
        lock (_gate)
        {
            if (!pressed)
            {
                _altGraphKeys.Remove(key);
                if (_typedKeys.Remove(key, out var typed))
                {
                    character = typed.GetValueOrDefault();
                    return typed is null ? KeyRoute.Drop : KeyRoute.ReleaseCharacter;
                }

                // a lifted Shift's release goes out too (the remote key is up already): the injector's record of held keys stays right
                _liftedModifiers.Remove(key);
                return KeyRoute.Physical;
            }

            if (!IsTyped(produced))
            {
                return KeyRoute.Physical;
            }

            if (_typedKeys.ContainsKey(key))
            {
                return KeyRoute.Drop; // the viewer's repeat of a held character key: the remote side repeats it
            }

            if (produced == "AltGraph")
            {
                _altGraphKeys.Add(key);
            }

            var single = SingleCharacter(produced, out character);
            _typedKeys[key] = single ? character : null;
            return single ? KeyRoute.TypeCharacter : KeyRoute.Drop;
        }
    }

    /// <summary>
    /// A key from the viewer with what it produced, routed by <see cref="Route"/>: sent as itself
    /// (<paramref name="sendPhysical"/>), or typed as its character's keysym for as long as it is held (so the client
    /// repeats it like any held key).
    /// </summary>
    public async Task KeyAsync(
        int key,
        bool pressed,
        string produced,
        Func<IReadOnlyCollection<int>> heldKeys,
        Func<int, bool, CancellationToken, Task> sendPhysical,
        Func<int, bool, CancellationToken, Task> sendKeycode,
        Func<int, bool, CancellationToken, Task> sendKeysym,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heldKeys);
        ArgumentNullException.ThrowIfNull(sendPhysical);
        switch (Route(key, pressed, produced, out var character))
        {
            case KeyRoute.Physical:
                await sendPhysical(key, pressed, cancellationToken).ConfigureAwait(false);
                break;
            case KeyRoute.TypeCharacter:
                await PressAsync(character, heldKeys(), sendKeycode, sendKeysym, cancellationToken).ConfigureAwait(false);
                break;
            case KeyRoute.ReleaseCharacter:
                await ReleaseAsync(character, heldKeys(), sendKeycode, sendKeysym, cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    /// <summary>Releases the keysyms of the character keys held now (part of an injector's release of everything).</summary>
    public async Task ReleaseHeldAsync(Func<int, bool, CancellationToken, Task> sendKeysym, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sendKeysym);
        foreach (var keysym in TakeHeldKeysyms())
        {
            await sendKeysym(keysym, false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Presses the keysym of <paramref name="character"/> (routed <see cref="KeyRoute.TypeCharacter"/>), the Shift keys
    /// of <paramref name="heldKeys"/> (and its Control keys while AltGr is held) released first; if that fails, they are
    /// pressed again.
    /// </summary>
    public async Task PressAsync(
        Rune character,
        IReadOnlyCollection<int> heldKeys,
        Func<int, bool, CancellationToken, Task> sendKeycode,
        Func<int, bool, CancellationToken, Task> sendKeysym,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heldKeys);
        ArgumentNullException.ThrowIfNull(sendKeycode);
        ArgumentNullException.ThrowIfNull(sendKeysym);
        int[] lift;
        lock (_gate)
        {
            var modifiers = _altGraphKeys.Count > 0 ? ShiftKeys.Concat(ControlKeys) : ShiftKeys;
            lift = [.. modifiers.Where(k => heldKeys.Contains(k) && _liftedModifiers.Add(k))];
        }

        try
        {
            foreach (var shift in lift)
            {
                await sendKeycode(shift, false, cancellationToken).ConfigureAwait(false);
            }

            await sendKeysym(KeysymOf(character), true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await PressLiftedShiftsAsync(heldKeys, sendKeycode, force: true, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Releases the keysym of <paramref name="character"/> (routed <see cref="KeyRoute.ReleaseCharacter"/>); when no
    /// character key is held any more, presses the lifted Shift keys the viewer still holds (<paramref name="heldKeys"/>).
    /// </summary>
    public async Task ReleaseAsync(
        Rune character,
        IReadOnlyCollection<int> heldKeys,
        Func<int, bool, CancellationToken, Task> sendKeycode,
        Func<int, bool, CancellationToken, Task> sendKeysym,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heldKeys);
        ArgumentNullException.ThrowIfNull(sendKeycode);
        ArgumentNullException.ThrowIfNull(sendKeysym);
        try
        {
            await sendKeysym(KeysymOf(character), false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await PressLiftedShiftsAsync(heldKeys, sendKeycode, force: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The keysyms of the characters held now, forgotten with the lifted Shift keys (for an injector's release of everything).</summary>
    public IReadOnlyList<int> TakeHeldKeysyms()
    {
        lock (_gate)
        {
            int[] held = [.. _typedKeys.Values.Where(c => c is not null).Select(c => KeysymOf(c.GetValueOrDefault()))];
            _typedKeys.Clear();
            _liftedModifiers.Clear();
            _altGraphKeys.Clear();
            return held;
        }
    }

    private async Task PressLiftedShiftsAsync(IReadOnlyCollection<int> heldKeys, Func<int, bool, CancellationToken, Task> sendKeycode, bool force, CancellationToken cancellationToken)
    {
        int[] press;
        lock (_gate)
        {
            if (!force && _typedKeys.Values.Any(c => c is not null))
            {
                return;
            }

            press = [.. _liftedModifiers.Where(heldKeys.Contains)];
            _liftedModifiers.Clear();
        }

        foreach (var shift in press)
        {
            await sendKeycode(shift, true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The keysym of a character: Latin-1 characters are their own keysyms; any other its legacy X11 keysym where there
    /// is one (libxkbcommon), else 0x01000000 + its code point.
    /// </summary>
    public static int KeysymOf(Rune character)
    {
        if (character.Value is (>= 0x20 and <= 0x7e) or (>= 0xa0 and <= 0xff))
        {
            return character.Value;
        }

        // the legacy keysym where X11 has one: the layouts bind those (de: EuroSign, ru: Cyrillic_*), and Mutter
        // finds a keysym's key only by exact value
        if (Interop.XkbCommon.IsSupported && Interop.XkbCommon.Utf32ToKeysym((uint)character.Value) is var keysym and not 0)
        {
            return (int)keysym;
        }

        return 0x0100_0000 + character.Value;
    }

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
