namespace WlWebRtc.RemoteInput.Safety;

/// <summary>The keys and buttons one viewer holds pressed, in press order (released in reverse). Not thread-safe.</summary>
internal sealed class PressedInputs
{
    private readonly List<int> _keys = [];
    private readonly List<int> _buttons = [];

    public IReadOnlyList<int> Keys => _keys;

    public IReadOnlyList<int> Buttons => _buttons;

    public bool IsEmpty => _keys.Count == 0 && _buttons.Count == 0;

    public bool HoldsKey(int key) => _keys.Contains(key);

    public bool HoldsButton(int button) => _buttons.Contains(button);

    /// <summary>Records a key event; false when it changes nothing (a press of a held key, a release of a key not held).</summary>
    public bool ApplyKey(int key, bool down) => Apply(_keys, key, down);

    public bool ApplyButton(int button, bool down) => Apply(_buttons, button, down);

    /// <summary>Empties the record and returns what was held, most recent first.</summary>
    public (int[] Keys, int[] Buttons) TakeAll()
    {
        int[] keys = [.. Enumerable.Reverse(_keys)];
        int[] buttons = [.. Enumerable.Reverse(_buttons)];
        _keys.Clear();
        _buttons.Clear();
        return (keys, buttons);
    }

    private static bool Apply(List<int> held, int code, bool down)
    {
        if (down)
        {
            if (held.Contains(code))
            {
                return false;
            }

            held.Add(code);
            return true;
        }

        return held.Remove(code);
    }
}
