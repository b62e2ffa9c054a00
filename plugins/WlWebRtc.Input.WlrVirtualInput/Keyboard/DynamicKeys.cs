using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WlWebRtc.Input.WlrVirtualInput.Keyboard;

/// <summary>
/// Keysyms the keymap lacks, bound to spare keycodes above the keymap's own so that they can be typed (the way
/// wtype types text): each binding adds a keycode line <c>&lt;Znnn&gt; = k;</c> to <c>xkb_keycodes</c> and a
/// one-level key to <c>xkb_symbols</c> of the base keymap text. The least recently used binding makes room when all
/// <see cref="Capacity"/> slots are taken. Not thread-safe.
/// </summary>
internal sealed partial class DynamicKeys(string baseText, uint firstKeycode)
{
    /// <summary>How many keysyms are bound at once.</summary>
    public const int Capacity = 64;

    private readonly string _baseText = baseText;
    private readonly uint _firstKeycode = firstKeycode;
    private readonly Dictionary<uint, int> _slotOfKeysym = [];
    private readonly (uint Keysym, string Name, long LastUse)[] _slots = new (uint, string, long)[Capacity];
    private long _uses;

    /// <summary>The evdev code of the keysym's key if it is bound.</summary>
    public int? EvdevFor(uint keysym)
    {
        if (!_slotOfKeysym.TryGetValue(keysym, out var slot))
        {
            return null;
        }

        _slots[slot].LastUse = ++_uses;
        return EvdevOf(slot);
    }

    /// <summary>Binds a keysym (by its XKB name) to a slot, evicting the least recently used; returns its evdev code.</summary>
    public int Bind(uint keysym, string keysymName)
    {
        if (EvdevFor(keysym) is { } bound)
        {
            return bound;
        }

        var slot = 0;
        for (var i = 0; i < Capacity; i++)
        {
            if (_slots[i].Name is null)
            {
                slot = i;
                break;
            }

            if (_slots[i].LastUse < _slots[slot].LastUse)
            {
                slot = i;
            }
        }

        if (_slots[slot].Name is not null)
        {
            _slotOfKeysym.Remove(_slots[slot].Keysym);
        }

        _slots[slot] = (keysym, keysymName, ++_uses);
        _slotOfKeysym[keysym] = slot;
        return EvdevOf(slot);
    }

    /// <summary>The base keymap with every bound keysym added.</summary>
    public string KeymapText()
    {
        if (_slotOfKeysym.Count == 0)
        {
            return _baseText;
        }

        var invariant = CultureInfo.InvariantCulture;
        var keycodes = new StringBuilder();
        var symbols = new StringBuilder();
        for (var slot = 0; slot < Capacity; slot++)
        {
            if (_slots[slot].Name is { } name)
            {
                keycodes.Append(invariant, $"  <{KeyName(slot)}> = {_firstKeycode + (uint)slot};\n");
                symbols.Append(invariant, $"  key <{KeyName(slot)}> {{ [ {name} ] }};\n");
            }
        }

        var text = InsertAtSectionEnd(_baseText, "xkb_keycodes", keycodes.ToString());
        text = InsertAtSectionEnd(text, "xkb_symbols", symbols.ToString());
        var maximum = (_firstKeycode + Capacity).ToString(invariant);
        return MaximumStatement().Replace(text, m => uint.Parse(m.Groups[1].Value, invariant) < _firstKeycode + Capacity ? $"maximum = {maximum};" : m.Value, 1);
    }

    /// <summary>Inserts lines before the closing <c>};</c> (at the start of a line) of the first section named so.</summary>
    internal static string InsertAtSectionEnd(string text, string section, string lines)
    {
        var start = text.IndexOf(section, StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf("\n};", start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException($"The keymap has no {section} section.");
        }

        return text.Insert(end + 1, lines);
    }

    private static string KeyName(int slot) => "Z" + (slot + 1).ToString("D3", CultureInfo.InvariantCulture);

    private int EvdevOf(int slot) => (int)(_firstKeycode + (uint)slot) - 8;

    [GeneratedRegex(@"maximum\s*=\s*(\d+)\s*;")]
    private static partial Regex MaximumStatement();
}
