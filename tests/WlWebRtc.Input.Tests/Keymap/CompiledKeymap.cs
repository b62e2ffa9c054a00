using WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;

namespace WlWebRtc.Input.Tests.Keymap;

/// <summary>A keymap text compiled by libxkbcommon, with one state whose modifier masks the test sets.</summary>
internal sealed class CompiledKeymap : IDisposable
{
    private readonly XkbContextHandle _context;
    private readonly XkbKeymapHandle _keymap;
    private readonly XkbStateHandle _state;

    public CompiledKeymap(string text)
    {
        _context = Interop.XkbCommon.ContextNew(0);
        Assert.False(_context.IsInvalid, "xkb_context_new failed");
        _keymap = Interop.XkbCommon.KeymapNewFromString(_context, text, Interop.XkbCommon.KeymapFormatTextV1, 0);
        Assert.False(_keymap.IsInvalid, "libxkbcommon rejected the keymap text (xkb_keymap_new_from_string returned NULL)");
        _state = Interop.XkbCommon.StateNew(_keymap);
        Assert.False(_state.IsInvalid, "xkb_state_new failed");
    }

    /// <summary>Sets the state as the zwp_virtual_keyboard_v1.modifiers request does.</summary>
    public void SetModifiers(uint depressed, uint locked) => Interop.XkbCommon.StateUpdateMask(_state, depressed, 0, locked, 0, 0, 0);

    /// <summary>The keysym name the evdev key produces in the current state ("NoSymbol" when none).</summary>
    public string KeysymOf(int evdevCode) => Interop.XkbCommon.KeysymName(Interop.XkbCommon.StateKeyGetOneSym(_state, (uint)evdevCode + 8)) ?? "<invalid>";

    public bool IsActive(string modifierName) => Interop.XkbCommon.StateModNameIsActive(_state, modifierName, Interop.XkbCommon.ModsEffective) == 1;

    public void Dispose()
    {
        _state.Dispose();
        _keymap.Dispose();
        _context.Dispose();
    }
}
