using WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;

namespace WlWebRtc.Input.WlrVirtualInput.Keyboard;

/// <summary>
/// The virtual keyboard's keymap and modifier state, as the compositor sees them (its <c>key</c> requests do not
/// change the compositor's modifier state: the keyboard sends the masks itself). Two kinds: the built-in US keymap,
/// whose keys carry no actions (masks from <see cref="ModifierState"/>), and a layout compiled by libxkbcommon from
/// its XKB names, whose actions (Shift, AltGr = ISO_Level3_Shift, locks) a local xkb state runs. Both can bind
/// keysyms they lack to spare keys (<see cref="DynamicKeys"/>) when libxkbcommon is present. Not thread-safe.
/// </summary>
internal sealed class KeyboardModel : IDisposable
{
    private readonly ModifierState? _explicitModifiers;
    private readonly DynamicKeys _dynamic;
    private readonly List<int> _held = [];
    private XkbKeymap? _xkb;
    private bool _dirty;

    private KeyboardModel(string name, ModifierState? explicitModifiers, DynamicKeys dynamic, XkbKeymap? xkb)
    {
        Name = name;
        _explicitModifiers = explicitModifiers;
        _dynamic = dynamic;
        _xkb = xkb;
    }

    /// <summary>The layout's name (<c>us (built in)</c>, <c>de</c>, <c>fr(bepo)</c>).</summary>
    public string Name { get; }

    /// <summary>Whether keysyms can be looked up and typed (libxkbcommon is present).</summary>
    public bool KnowsKeysyms => _xkb is not null;

    /// <summary>The keymap to upload: the layout plus the bound keysyms.</summary>
    public string KeymapText => _dynamic.KeymapText();

    /// <summary>The masks for the <c>modifiers</c> request.</summary>
    public KeyboardMasks Masks => _explicitModifiers is { } modifiers
        ? new KeyboardMasks(modifiers.Depressed, 0, modifiers.Locked, 0)
        : _xkb!.Masks;

    /// <summary>The built-in US keymap (the default: the session's keymap is unknown).</summary>
    public static KeyboardModel BuiltInUs()
    {
        var text = UsKeymap.Text;
        var xkb = Interop.XkbCommon.IsSupported ? XkbKeymap.FromText(text) : null;
        var firstSpare = xkb?.MaxKeycode + 1 ?? (uint)UsKeymap.Symbols.Keys.Max() + 9;
        var model = new KeyboardModel("us (built in)", new ModifierState(), new DynamicKeys(text, firstSpare), xkb);
        model.SyncExplicitMasks();
        return model;
    }

    /// <summary>The keymap of an XKB layout; null when libxkbcommon is missing or does not know the layout.</summary>
    public static KeyboardModel? ForLayout(string layout, string variant)
    {
        if (!Interop.XkbCommon.IsSupported || XkbKeymap.TextForLayout(layout, variant) is not { } text || XkbKeymap.FromText(text) is not { } xkb)
        {
            return null;
        }

        var name = variant.Length == 0 ? layout : $"{layout}({variant})";
        var model = new KeyboardModel(name, null, new DynamicKeys(text, xkb.MaxKeycode + 1), xkb);

        // Num Lock on at start, as with the built-in keymap
        xkb.UpdateKey(ModifierState.NumLockKey, pressed: true);
        xkb.UpdateKey(ModifierState.NumLockKey, pressed: false);
        return model;
    }

    /// <summary>Applies a key the keyboard sends; true when the masks changed (then send them).</summary>
    public bool Apply(int key, bool pressed)
    {
        if (pressed)
        {
            _held.Remove(key);
            _held.Add(key);
        }
        else
        {
            _held.Remove(key);
        }

        if (_explicitModifiers is { } modifiers)
        {
            var changed = modifiers.Apply(key, pressed);
            SyncExplicitMasks();
            return changed;
        }

        var before = _xkb!.Masks;
        _xkb.UpdateKey(key, pressed);
        return _xkb.Masks != before;
    }

    /// <summary>Releases every held key (locks stay); true when the masks changed.</summary>
    public bool ReleaseAll()
    {
        var before = Masks;
        if (_explicitModifiers is { } modifiers)
        {
            modifiers.ReleaseAll();
            SyncExplicitMasks();
        }
        else
        {
            for (var i = _held.Count - 1; i >= 0; i--)
            {
                _xkb!.UpdateKey(_held[i], pressed: false);
            }
        }

        _held.Clear();
        return Masks != before;
    }

    /// <summary>The keysym the key gives now (0 when unknown).</summary>
    public uint KeysymAt(int key) => _xkb?.KeysymAt(key) ?? 0;

    /// <summary>The evdev code of a key that types <paramref name="keysym"/>, binding a spare key if needed (then <see cref="Commit"/>).</summary>
    public int Bind(uint keysym, string keysymName)
    {
        if (_dynamic.EvdevFor(keysym) is { } bound)
        {
            return bound;
        }

        _dirty = true;
        return _dynamic.Bind(keysym, keysymName);
    }

    /// <summary>Recompiles the local keymap after new bindings; true when the keymap changed (then upload it).</summary>
    public bool Commit()
    {
        if (!_dirty || _xkb is null)
        {
            return false;
        }

        _dirty = false;
        var masks = Masks;
        var next = XkbKeymap.FromText(KeymapText) ?? throw new InvalidOperationException("libxkbcommon rejected the keymap with the bound keysyms.");
        if (_explicitModifiers is null)
        {
            // the held keys again, so that their release clears their modifiers; then the locks and latches as they were
            foreach (var key in _held)
            {
                next.UpdateKey(key, pressed: true);
            }

            next.SetMasks(masks with { Depressed = next.Masks.Depressed });
        }
        else
        {
            next.SetMasks(masks);
        }

        _xkb.Dispose();
        _xkb = next;
        return true;
    }

    public void Dispose() => _xkb?.Dispose();

    private void SyncExplicitMasks() => _xkb?.SetMasks(Masks);
}
