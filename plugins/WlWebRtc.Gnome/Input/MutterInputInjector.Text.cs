using Microsoft.Extensions.Logging;
using WlWebRtc.Gnome.Keymap;
using WlWebRtc.Input;
using WlWebRtc.Keysyms;

namespace WlWebRtc.Gnome.Input;

/// <summary>
/// The keyboard-layout part of the Mutter injector (<see cref="IKeyboardTextInjector"/>). Characters are typed as
/// keysyms by the shared policy (<see cref="KeysymTyping"/>, libraries/WlWebRtc.Keysyms); Mutter resolves a keysym
/// only in its keymap's current group and drops any other (43 to 50: "No keycode found for keyval … in current
/// group"). Under GNOME Shell the keymap follows the session's input sources, so a layout set here becomes the only
/// input source (<see cref="GnomeInputSources"/>) and every character of that layout types, AltGr ones included; the
/// user's sources come back when the viewer leaves or the injector ends. With mutter alone (its keymap is a fixed US
/// one: mutter reads no setting and its native backend builds the keymap from compiled-in names, so not even
/// XKB_DEFAULT_LAYOUT reaches it) or with <c>input_sources = "keep"</c>, the keymap stays and only its characters type.
/// </summary>
internal sealed partial class MutterInputInjector : IKeyboardTextInjector
{
    /// <summary>How long the shell takes to load a changed input source into Mutter's keymap (it reacts to dconf's change signal; measured well under 100 ms).</summary>
    internal static readonly TimeSpan LayoutSettle = TimeSpan.FromMilliseconds(300);

    private readonly KeysymTyping _typing = new();
    private readonly GnomeInputSources? _inputSources;
    private int _layoutLogged;

    public async ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken)
    {
        if (_inputSources is null)
        {
            if (Interlocked.Exchange(ref _layoutLogged, 1) == 0)
            {
                Log.LayoutKept(_logger, layout);
            }

            return;
        }

        try
        {
            var users = await _inputSources.ApplyAsync(layout, variant, cancellationToken).ConfigureAwait(false);
            Log.InputSourceSet(_logger, GnomeInputSources.XkbSourceId(layout, variant), users);
            await Task.Delay(LayoutSettle, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // gsettings missing or refused: the keymap stays, characters it has still type
            Log.InputSourceFailed(_logger, layout, exception.Message);
        }
    }

    public async ValueTask RestoreKeyboardLayoutAsync(CancellationToken cancellationToken)
    {
        if (_inputSources is null)
        {
            return;
        }

        try
        {
            if (await _inputSources.RestoreAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.InputSourcesRestored(_logger);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Log.InputSourcesRestoreFailed(_logger, _inputSources.Saved?.Sources ?? "", exception.Message);
        }
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

        [LoggerMessage(EventIds.InputSourceSet, LogLevel.Information, "GNOME input source set to {Source} for the viewer's keyboard layout; the user's input sources {Users} come back when it leaves")]
        public static partial void InputSourceSet(ILogger logger, string source, string users);

        [LoggerMessage(EventIds.InputSourceFailed, LogLevel.Warning, "Could not set the GNOME input source for keyboard layout {Layout}: {Reason}; the session's keymap stays")]
        public static partial void InputSourceFailed(ILogger logger, string layout, string reason);

        [LoggerMessage(EventIds.InputSourcesRestored, LogLevel.Information, "The user's GNOME input sources are back")]
        public static partial void InputSourcesRestored(ILogger logger);

        [LoggerMessage(EventIds.InputSourcesRestoreFailed, LogLevel.Warning, "Could not give back the user's GNOME input sources {Sources} (org.gnome.desktop.input-sources sources): {Reason}")]
        public static partial void InputSourcesRestoreFailed(ILogger logger, string sources, string reason);
    }
}
