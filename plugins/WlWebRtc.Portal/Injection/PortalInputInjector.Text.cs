using System.Text;
using WlWebRtc.Input;

namespace WlWebRtc.Portal.Injection;

/// <summary>
/// The keyboard-layout part of the portal injector (<see cref="IKeyboardTextInjector"/>). The session's keymap is the
/// compositor's, which the portal neither tells nor lets change, so a key that produced a character on the viewer is
/// typed as that character (<c>NotifyKeyboardKeysym</c>: the compositor finds the key and level; Mutter drops a
/// character its keymap lacks). A Shift the viewer
/// holds is lifted around it, since the character already carries it; AltGr, Caps Lock and dead keys are not sent
/// (the characters they give come with the next keys). Other keys go as physical keys. A character key is typed on
/// its press, so it does not auto-repeat.
/// </summary>
internal sealed partial class PortalInputInjector : IKeyboardTextInjector
{
    private static readonly int[] ShiftKeys = [42, 54];

    private readonly HashSet<int> _typedKeys = [];

    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produced);
        bool typed;
        lock (_gate)
        {
            typed = pressed ? IsTyped(produced) && _typedKeys.Add(key) : _typedKeys.Remove(key);
        }

        if (!typed)
        {
            await KeyAsync(key, pressed, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (pressed && Rune.DecodeFromUtf16(produced, out var character, out var used) == System.Buffers.OperationStatus.Done && used == produced.Length)
        {
            await TypeAsync([character], cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask TypeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await TypeAsync([.. text.EnumerateRunes()], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keysym of a character: Latin-1 characters are their own keysyms, any other is 0x01000000 + its code point.</summary>
    internal static int KeysymOf(Rune character) =>
        character.Value is (>= 0x20 and <= 0x7e) or (>= 0xa0 and <= 0xff) ? character.Value : 0x0100_0000 + character.Value;

    private static bool IsTyped(string produced) =>
        produced is "AltGraph" or "CapsLock" or "Dead" ||
        (Rune.DecodeFromUtf16(produced, out _, out var used) == System.Buffers.OperationStatus.Done && used == produced.Length);

    private async Task TypeAsync(IReadOnlyList<Rune> characters, CancellationToken cancellationToken)
    {
        int[] shifts;
        lock (_gate)
        {
            shifts = [.. ShiftKeys.Where(_keys.Contains)];
        }

        foreach (var shift in shifts)
        {
            await notifier.NotifyKeyboardKeycodeAsync(shift, false, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            foreach (var character in characters)
            {
                var keysym = KeysymOf(character);
                await notifier.NotifyKeyboardKeysymAsync(keysym, true, cancellationToken).ConfigureAwait(false);
                await notifier.NotifyKeyboardKeysymAsync(keysym, false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var shift in shifts)
            {
                await notifier.NotifyKeyboardKeycodeAsync(shift, true, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
