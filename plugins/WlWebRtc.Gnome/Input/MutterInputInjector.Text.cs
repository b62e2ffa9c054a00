using System.Text;
using Microsoft.Extensions.Logging;
using WlWebRtc.Input;

namespace WlWebRtc.Gnome.Input;

/// <summary>
/// The keyboard-layout part of the Mutter injector (<see cref="IKeyboardTextInjector"/>). Mutter's keymap is the
/// session's (its input sources), which this injector neither knows nor changes, so a key that produced a character
/// on the viewer is typed as that character: <c>NotifyKeyboardKeysym</c>, for which Mutter finds a key and level in
/// its keymap (pressing Shift or AltGr itself); a character its keymap lacks Mutter drops (43: "No keycode found for
/// keyval"), so those need the session's input source to have them. A Shift the viewer holds is lifted around it,
/// since the character already carries it; AltGr, Caps Lock and dead keys are not sent (the characters they give
/// come with the next keys). Other keys (Enter, arrows, modifiers for shortcuts) go as physical keys. A character key
/// is typed on its press, so it does not auto-repeat.
/// </summary>
internal sealed partial class MutterInputInjector : IKeyboardTextInjector
{
    private static readonly int[] ShiftKeys = [42, 54];

    private readonly HashSet<int> _typedKeys = [];
    private int _layoutLogged;

    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _layoutLogged, 1) == 0)
        {
            Log.LayoutKept(_logger, layout);
        }

        return ValueTask.CompletedTask;
    }

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
    internal static uint KeysymOf(Rune character) =>
        character.Value is (>= 0x20 and <= 0x7e) or (>= 0xa0 and <= 0xff) ? (uint)character.Value : 0x0100_0000u + (uint)character.Value;

    /// <summary>Whether a key is typed as its character (or, for AltGr, Caps Lock and dead keys, not sent at all).</summary>
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
            await KeyCoreAsync(shift, false, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            foreach (var character in characters)
            {
                var keysym = KeysymOf(character);
                await _session.CallRemoteDesktopAsync("NotifyKeyboardKeysym", "ub", [keysym, true], cancellationToken).ConfigureAwait(false);
                await _session.CallRemoteDesktopAsync("NotifyKeyboardKeysym", "ub", [keysym, false], cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var shift in shifts)
            {
                await KeyCoreAsync(shift, true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.LayoutKept, LogLevel.Information, "Keyboard layout {Layout} not loaded: Mutter keeps the session's keymap; characters are typed as keysyms")]
        public static partial void LayoutKept(ILogger logger, string layout);
    }
}
