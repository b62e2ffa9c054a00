using WlWebRtc.Input;
using WlWebRtc.Keysyms;

namespace WlWebRtc.Portal.Injection;

/// <summary>
/// The keyboard-layout part of the portal injector (<see cref="IKeyboardTextInjector"/>). The session's keymap is the
/// compositor's, which the portal neither tells nor lets change, so characters are typed as keysyms by the shared
/// policy (<see cref="KeysymTyping"/>, libraries/WlWebRtc.Keysyms; Mutter drops a character its keymap lacks).
/// </summary>
internal sealed partial class PortalInputInjector : IKeyboardTextInjector
{
    private readonly KeysymTyping _typing = new();

    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken) =>
        await _typing.KeyAsync(key, pressed, produced, HeldKeys, (k, p, ct) => KeyAsync(k, p, ct).AsTask(), notifier.NotifyKeyboardKeycodeAsync, SendKeysymAsync, cancellationToken).ConfigureAwait(false);

    public async ValueTask TypeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        await TypeAsync([.. text.EnumerateRunes()], cancellationToken).ConfigureAwait(false);
    }

    private Task TypeAsync(IReadOnlyList<System.Text.Rune> characters, CancellationToken cancellationToken) =>
        KeysymTyping.TypeAsync(characters, HeldKeys(), notifier.NotifyKeyboardKeycodeAsync, SendKeysymAsync, cancellationToken);

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
        notifier.NotifyKeyboardKeysymAsync(keysym, pressed, cancellationToken);
}
