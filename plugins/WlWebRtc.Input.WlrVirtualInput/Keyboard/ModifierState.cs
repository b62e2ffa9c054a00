namespace WlWebRtc.Input.WlrVirtualInput.Keyboard;

/// <summary>
/// The xkb modifier masks implied by the keys held (depressed) and Caps Lock (locked), for the
/// <c>zwp_virtual_keyboard_v1.modifiers</c> request. Real modifier bits of the embedded keymap:
/// Shift 1, Lock 2, Control 4, Mod1 (Alt) 8, Mod2 (Num Lock) 16, Mod4 (Super) 64. Caps Lock and Num Lock are locks:
/// each press toggles them. Num Lock starts on (the keypad types digits until the viewer presses Num Lock), as
/// before the keypad followed it and as on most desktops.
/// </summary>
internal sealed class ModifierState
{
    public const uint Shift = 1;
    public const uint Lock = 2;
    public const uint Control = 4;
    public const uint Mod1 = 8;
    public const uint Mod2 = 16;
    public const uint Mod4 = 64;

    public const int CapsLockKey = 58;
    public const int NumLockKey = 69;

    private readonly HashSet<int> _held = [];

    /// <summary>Modifier name (as in the keymap) → the evdev keys that set it.</summary>
    public static IReadOnlyList<(string Modifier, int[] Keys)> ModifierKeys { get; } =
    [
        ("Shift", [42, 54]),
        ("Lock", [CapsLockKey]),
        ("Control", [29, 97]),
        ("Mod1", [56, 100]),
        ("Mod2", [NumLockKey]),
        ("Mod4", [125, 126]),
    ];

    public uint Depressed { get; private set; }

    public uint Locked { get; private set; } = Mod2;

    /// <summary>Applies a key event; true when the masks changed (then send them).</summary>
    public bool Apply(int key, bool pressed)
    {
        var before = (Depressed, Locked);
        if (pressed)
        {
            var held = !_held.Add(key);
            // a lock toggles on the press; a repeated press while held (browser auto-repeat) does not toggle it back
            if (key == CapsLockKey && !held)
            {
                Locked ^= Lock;
            }
            else if (key == NumLockKey && !held)
            {
                Locked ^= Mod2;
            }
        }
        else
        {
            _held.Remove(key);
        }

        Depressed = 0;
        foreach (var held in _held)
        {
            Depressed |= MaskOf(held);
        }

        return before != (Depressed, Locked);
    }

    /// <summary>Forgets every held key (the locks stay as they are); true when the masks changed.</summary>
    public bool ReleaseAll()
    {
        var before = Depressed;
        _held.Clear();
        Depressed = 0;
        return before != 0;
    }

    public static uint MaskOf(int key) => key switch
    {
        42 or 54 => Shift,
        29 or 97 => Control,
        56 or 100 => Mod1,
        125 or 126 => Mod4,
        _ => 0,
    };
}
