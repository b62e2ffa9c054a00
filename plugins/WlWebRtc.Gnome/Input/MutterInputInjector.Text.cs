using Microsoft.Extensions.Logging;
using WlWebRtc.Input;
using WlWebRtc.Keysyms;

namespace WlWebRtc.Gnome.Input;

/// <summary>
/// The keyboard-layout part of the Mutter injector (<see cref="IKeyboardTextInjector"/>). Mutter's keymap is the
/// session's (its input sources), which this injector neither knows nor changes, so characters are typed as keysyms
/// by the shared policy (<see cref="KeysymTyping"/>, libraries/WlWebRtc.Keysyms); a character its keymap lacks
/// Mutter drops (43: "No keycode found for keyval"), so those need the session's input source to have them.
/// </summary>
internal sealed partial class MutterInputInjector : IKeyboardTextInjector
{
    private readonly KeysymTyping _typing = new();
    private int _layoutLogged;

    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _layoutLogged, 1) == 0)
        {
            Log.LayoutKept(_logger, layout);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken) =>
        await _typing.KeyAsync(key, pressed, produced, HeldKeys, (k, p, ct) => KeyAsync(k, p, ct).AsTask(), KeyCoreAsync, SendKeysymAsync, cancellationToken).ConfigureAwait(false);

    public async ValueTask TypeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await TypeAsync([.. text.EnumerateRunes()], cancellationToken).ConfigureAwait(false);
    }

    private Task TypeAsync(IReadOnlyList<System.Text.Rune> characters, CancellationToken cancellationToken) =>
        KeysymTyping.TypeAsync(characters, HeldKeys(), KeyCoreAsync, SendKeysymAsync, cancellationToken);

    /// <summary>Releases the keysyms of held character keys (part of releasing everything).</summary>
    private Task ReleaseHeldKeysymsAsync(CancellationToken cancellationToken) => _typing.ReleaseHeldAsync(SendKeysymAsync, cancellationToken);

    private int[] HeldKeys()
    {
        lock (_gate)
        {
            return [.. _keys];
        }
    }

    private Task SendKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken) =>
        _session.CallRemoteDesktopAsync("NotifyKeyboardKeysym", "ub", [(uint)keysym, pressed], cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventIds.LayoutKept, LogLevel.Information, "Keyboard layout {Layout} not loaded: Mutter keeps the session's keymap; characters are typed as keysyms")]
        public static partial void LayoutKept(ILogger logger, string layout);
    }
}
