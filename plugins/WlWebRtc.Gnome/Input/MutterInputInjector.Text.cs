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

    public async ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken)
    {
        switch (_typing.Route(key, pressed, produced, out var character))
        {
            case KeyRoute.Physical:
                await KeyAsync(key, pressed, cancellationToken).ConfigureAwait(false);
                break;
            case KeyRoute.TypeCharacter:
                await TypeAsync([character], cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    public async ValueTask TypeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await TypeAsync([.. text.EnumerateRunes()], cancellationToken).ConfigureAwait(false);
    }

    private Task TypeAsync(IReadOnlyList<System.Text.Rune> characters, CancellationToken cancellationToken)
    {
        int[] held;
        lock (_gate)
        {
            held = [.. _keys];
        }

        return KeysymTyping.TypeAsync(
            characters,
            held,
            KeyCoreAsync,
            (keysym, pressed, ct) => _session.CallRemoteDesktopAsync("NotifyKeyboardKeysym", "ub", [(uint)keysym, pressed], ct),
            cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.LayoutKept, LogLevel.Information, "Keyboard layout {Layout} not loaded: Mutter keeps the session's keymap; characters are typed as keysyms")]
        public static partial void LayoutKept(ILogger logger, string layout);
    }
}
