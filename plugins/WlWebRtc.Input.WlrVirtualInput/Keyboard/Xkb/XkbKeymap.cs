using System.Runtime.InteropServices;

namespace WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;

/// <summary>A keymap compiled by libxkbcommon with one state: what the compositor and its clients make of the same text.</summary>
internal sealed class XkbKeymap : IDisposable
{
    private readonly XkbContextHandle _context;
    private readonly XkbKeymapHandle _keymap;
    private readonly XkbStateHandle _state;

    private XkbKeymap(XkbContextHandle context, XkbKeymapHandle keymap)
    {
        _context = context;
        _keymap = keymap;
        _state = Interop.XkbCommon.StateNew(keymap);
        if (_state.IsInvalid)
        {
            Dispose();
            throw new InvalidOperationException("xkb_state_new failed.");
        }
    }

    /// <summary>The highest keycode (evdev + 8) the keymap defines.</summary>
    public uint MaxKeycode => Interop.XkbCommon.KeymapMaxKeycode(_keymap);

    /// <summary>Compiles a keymap text; null when libxkbcommon rejects it.</summary>
    public static XkbKeymap? FromText(string text)
    {
        var context = Interop.XkbCommon.ContextNew(0);
        if (context.IsInvalid)
        {
            return null;
        }

        var keymap = Interop.XkbCommon.KeymapNewFromString(context, text, Interop.XkbCommon.KeymapFormatTextV1, 0);
        if (keymap.IsInvalid)
        {
            context.Dispose();
            return null;
        }

        return new XkbKeymap(context, keymap);
    }

    /// <summary>
    /// The keymap text of an XKB layout (rules <c>evdev</c>, model <c>pc105</c>) as libxkbcommon writes it, every
    /// include resolved; null when the layout or variant does not exist.
    /// </summary>
    public static string? TextForLayout(string layout, string variant)
    {
        using var context = Interop.XkbCommon.ContextNew(0);
        if (context.IsInvalid)
        {
            return null;
        }

        var strings = new[] { "evdev", "pc105", layout, variant, string.Empty }.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            var names = new Interop.XkbCommon.RuleNames { Rules = strings[0], Model = strings[1], Layout = strings[2], Variant = strings[3], Options = strings[4] };
            using var keymap = Interop.XkbCommon.KeymapNewFromNames(context, names, 0);
            if (keymap.IsInvalid)
            {
                return null;
            }

            var text = Interop.XkbCommon.KeymapGetAsString(keymap, Interop.XkbCommon.KeymapFormatTextV1);
            if (text == 0)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(text);
            }
            finally
            {
                unsafe
                {
                    NativeMemory.Free((void*)text);
                }
            }
        }
        finally
        {
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>Presses or releases a key in the state (its actions change the modifiers).</summary>
    public void UpdateKey(int evdevCode, bool pressed) =>
        Interop.XkbCommon.StateUpdateKey(_state, (uint)evdevCode + 8, pressed ? Interop.XkbCommon.KeyDown : Interop.XkbCommon.KeyUp);

    /// <summary>Sets the state's masks, as the virtual keyboard's <c>modifiers</c> request does in the compositor.</summary>
    public void SetMasks(KeyboardMasks masks) =>
        Interop.XkbCommon.StateUpdateMask(_state, masks.Depressed, masks.Latched, masks.Locked, 0, 0, masks.Group);

    /// <summary>The state's masks, for the <c>modifiers</c> request.</summary>
    public KeyboardMasks Masks => new(
        Interop.XkbCommon.StateSerializeMods(_state, Interop.XkbCommon.ModsDepressed),
        Interop.XkbCommon.StateSerializeMods(_state, Interop.XkbCommon.ModsLatched),
        Interop.XkbCommon.StateSerializeMods(_state, Interop.XkbCommon.ModsLocked),
        Interop.XkbCommon.StateSerializeLayout(_state, Interop.XkbCommon.LayoutLocked));

    /// <summary>The keysym the key gives in the current state (0 when none, or several).</summary>
    public uint KeysymAt(int evdevCode) => Interop.XkbCommon.StateKeyGetOneSym(_state, (uint)evdevCode + 8);

    public void Dispose()
    {
        _state.Dispose();
        _keymap.Dispose();
        _context.Dispose();
    }
}

/// <summary>The four values of <c>zwp_virtual_keyboard_v1.modifiers</c>.</summary>
internal readonly record struct KeyboardMasks(uint Depressed, uint Latched, uint Locked, uint Group);
