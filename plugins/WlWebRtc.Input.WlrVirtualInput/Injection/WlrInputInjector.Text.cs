using System.Text;
using Microsoft.Extensions.Logging;
using WlWebRtc.Input.WlrVirtualInput.Keyboard;
using WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;
using WlWebRtc.Wayland;

namespace WlWebRtc.Input.WlrVirtualInput.Injection;

/// <summary>
/// The keyboard-layout part of the injector (<see cref="IKeyboardTextInjector"/>): a key whose press gives on the
/// remote keymap what it gave the viewer goes as its evdev code (so dead keys, AltGr and shortcuts work natively);
/// any other character is typed as a keysym bound to a spare key of an uploaded keymap (<see cref="DynamicKeys"/>).
/// A character key's spare key is held while the viewer holds the key, so the client auto-repeats it (Wayland clients
/// repeat held keys themselves); text (<see cref="TypeTextAsync"/>) is typed press-release.
/// </summary>
internal sealed partial class WlrInputInjector
{
    /// <summary>Keymap uploads a second at most (each makes the compositor and the focused client recompile it).</summary>
    private const int MaxKeymapUploadsPerSecond = 20;

    // real modifier bits, the same in the built-in keymap and in libxkbcommon's (Shift 0, Lock 1, Control 2, Mod1 3, Mod2 4, Mod4 6)
    private const uint ControlMask = 1 << 2;
    private const uint AltMask = 1 << 3;
    private const uint NumLockMask = 1 << 4;
    private const uint SuperMask = 1 << 6;

    /// <summary>A chunk of typed text holds at most this many distinct characters, so that none is evicted before it is typed.</summary>
    private const int DistinctPerChunk = DynamicKeys.Capacity / 2;

    private readonly HashSet<int> _typedKeys = [];
    // the viewer's held character keys and the spare keys pressed for them
    private readonly Dictionary<int, int> _heldSpareKeys = [];
    private readonly HashSet<int> _altGraphKeys = [];
    private bool _afterDeadKey;
    private long _uploadWindowStart;
    private int _uploadsInWindow;

    private enum KeyRoute
    {
        Native,
        Typed,
        Swallowed,
    }

    /// <summary>The keymap now loaded (<c>us (built in)</c> until a layout is set).</summary>
    public string LayoutName
    {
        get
        {
            lock (_gate)
            {
                return _model.Name;
            }
        }
    }

    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(variant);
        var next = KeyboardModel.ForLayout(layout, variant);
        if (next is null)
        {
            Log.LayoutUnavailable(_logger, layout, variant, Interop.XkbCommon.IsSupported ? "libxkbcommon does not know it" : "libxkbcommon is not installed");
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            // the keys held now were pressed under the old keymap: release them under it
            ReleaseAllLocked();
            _model.Dispose();
            _model = next;
            _typedKeys.Clear();
            _altGraphKeys.Clear();
            _afterDeadKey = false;
            UploadKeymapLocked();
        }

        Log.LayoutLoaded(_logger, next.Name);
        return ValueTask.CompletedTask;
    }

    public ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produced);
        lock (_gate)
        {
            if (!pressed)
            {
                _altGraphKeys.Remove(key);
                if (_heldSpareKeys.Remove(key, out var spare))
                {
                    SendKey(spare, pressed: false, modifiersChanged: false);
                }

                if (!_typedKeys.Remove(key))
                {
                    KeyLocked(key, pressed: false);
                }

                return ValueTask.CompletedTask;
            }

            switch (RouteOf(key, produced, out var character))
            {
                case KeyRoute.Native:
                    KeyLocked(key, pressed: true);
                    break;
                case KeyRoute.Typed:
                    if (!_typedKeys.Add(key))
                    {
                        break; // the viewer's repeat of a held character key: the client repeats the held spare key
                    }

                    if (TypeLocked([character], hold: true) is { } held)
                    {
                        _heldSpareKeys[key] = held;
                    }

                    break;
                default:
                    _typedKeys.Add(key);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask TypeTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var chunk = new List<Rune>();
            var distinct = new HashSet<Rune>();
            foreach (var rune in text.EnumerateRunes())
            {
                if (!distinct.Contains(rune) && distinct.Count == DistinctPerChunk)
                {
                    TypeLocked(chunk, hold: false);
                    chunk.Clear();
                    distinct.Clear();
                }

                distinct.Add(rune);
                chunk.Add(rune);
            }

            TypeLocked(chunk, hold: false);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether a key goes natively, as a typed character, or not at all.</summary>
    private KeyRoute RouteOf(int key, string produced, out Rune character)
    {
        character = default;
        if (!_model.KnowsKeysyms)
        {
            return KeyRoute.Native;
        }

        if (produced == "AltGraph")
        {
            _altGraphKeys.Add(key); // a level modifier on the viewer: the characters it gave are typed without it
            return KeyRoute.Native;
        }

        if (produced == "Dead")
        {
            // a dead key the remote keymap has too composes natively with the next key; otherwise the viewer's
            // composed character comes with that key
            if (IsDeadKeysym(_model.KeysymAt(key)))
            {
                _afterDeadKey = true;
                return KeyRoute.Native;
            }

            return KeyRoute.Swallowed;
        }

        if (Rune.DecodeFromUtf16(produced, out character, out var used) != System.Buffers.OperationStatus.Done || used != produced.Length)
        {
            return KeyRoute.Native; // a key name (Enter, Shift, ArrowLeft …) or several characters: the key itself
        }

        var afterDead = _afterDeadKey;
        _afterDeadKey = false;
        if (_altGraphKeys.Count > 0 && (_model.Masks.Depressed & ControlMask) != 0)
        {
            // AltGr with Control held: a Windows browser sends AltGr as ControlLeft + AltRight, and the character
            // must not arrive as a Control shortcut
            return KeyRoute.Typed;
        }

        var keysym = _model.KeysymAt(key);
        return afterDead || (keysym != 0 && Interop.XkbCommon.KeysymToUtf32(keysym) == (uint)character.Value) ? KeyRoute.Native : KeyRoute.Typed;
    }

    /// <summary>
    /// Types characters as keysyms on spare keys, without the level modifiers that produced them on the viewer; with
    /// <paramref name="hold"/> the last key is pressed and left down, and its evdev code returned.
    /// </summary>
    private int? TypeLocked(IReadOnlyList<Rune> characters, bool hold)
    {
        if (characters.Count == 0 || !_model.KnowsKeysyms)
        {
            return null;
        }

        var keys = new List<int>(characters.Count);
        foreach (var character in characters)
        {
            var keysym = Interop.XkbCommon.Utf32ToKeysym((uint)character.Value);
            if (keysym != 0 && Interop.XkbCommon.KeysymName(keysym) is { } name)
            {
                keys.Add(_model.Bind(keysym, name));
            }
        }

        if (_model.Commit())
        {
            if (!TakeUploadBudget())
            {
                Log.TypingThrottled(_logger, characters.Count);
                return null;
            }

            UploadKeymapLocked();
        }

        var masks = _model.Masks;
        var typing = new KeyboardMasks(masks.Depressed & (_altGraphKeys.Count > 0 ? SuperMask : ControlMask | AltMask | SuperMask), 0, masks.Locked & NumLockMask, masks.Group);
        var buffer = new byte[(2 * 24) + (keys.Count * 2 * 20)]; // two modifiers requests (8 + 16 bytes), a press and a release (8 + 12) a key
        var writer = new WireWriter(buffer);
        AppendModifiers(ref writer, _keyboard, typing);
        for (var i = 0; i < keys.Count; i++)
        {
            AppendKey(ref writer, keys[i], pressed: true);
            if (!(hold && i == keys.Count - 1))
            {
                AppendKey(ref writer, keys[i], pressed: false);
            }
        }

        AppendModifiers(ref writer, _keyboard, masks);
        Send(writer.Written);
        return hold && keys.Count > 0 ? keys[^1] : null;
    }

    /// <summary>Releases the spare keys held for the viewer's character keys (part of releasing everything).</summary>
    private void ReleaseHeldSpareKeysLocked()
    {
        foreach (var spare in _heldSpareKeys.Values)
        {
            SendKey(spare, pressed: false, modifiersChanged: false);
        }

        _heldSpareKeys.Clear();
        _typedKeys.Clear();
    }

    private void AppendKey(ref WireWriter writer, int key, bool pressed)
    {
        writer.Begin(_keyboard, KeyboardKey);
        writer.Uint(Now());
        writer.Uint((uint)key);
        writer.Uint(pressed ? 1u : 0u);
        writer.End();
    }

    /// <summary>Sends the model's keymap and then its masks (a new keymap resets the compositor's modifier state).</summary>
    private void UploadKeymapLocked()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 && _connection.Closed.IsCompleted, this);
        SendKeymap(_connection, _keyboard, _model.KeymapText);
        SendModifiers();
    }

    private bool TakeUploadBudget()
    {
        var now = Environment.TickCount64;
        if (now - _uploadWindowStart >= 1000)
        {
            _uploadWindowStart = now;
            _uploadsInWindow = 0;
        }

        return ++_uploadsInWindow <= MaxKeymapUploadsPerSecond;
    }

    /// <summary>The dead keysyms (dead_grave 0xfe50 … the last dead_ keysym below 0xfea0).</summary>
    private static bool IsDeadKeysym(uint keysym) => keysym is >= 0xfe50 and < 0xfea0;

    private static partial class Log
    {
        [LoggerMessage(EventIds.LayoutLoaded, LogLevel.Information, "The virtual keyboard's keymap is now the {Layout} layout")]
        public static partial void LayoutLoaded(ILogger logger, string layout);

        [LoggerMessage(EventIds.LayoutUnavailable, LogLevel.Warning, "Keyboard layout {Layout}({Variant}) not loaded ({Reason}); the keymap stays as it was")]
        public static partial void LayoutUnavailable(ILogger logger, string layout, string variant, string reason);

        [LoggerMessage(EventIds.TypingThrottled, LogLevel.Warning, "Dropped {Count} typed characters: more than 20 keymap changes a second")]
        public static partial void TypingThrottled(ILogger logger, int count);
    }
}
