using System.Globalization;

namespace WlWebRtc.Input.Tests.Support;

/// <summary>The JSON messages a viewer sends (docs/input-protocol.md), and US-layout typing of text as key messages.</summary>
internal static class ViewerMessages
{
    private static readonly Dictionary<char, (string Code, bool Shift)> Us = BuildUs();

    public static byte[] Key(string code, bool down) => System.Text.Encoding.UTF8.GetBytes($$"""{"t":"k","c":"{{code}}","d":{{(down ? "true" : "false")}}}""");

    public static byte[] Move(double x, double y) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"t":"pm","x":{{x}},"y":{{y}}}"""));

    public static byte[] Button(int domButton, bool down) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"t":"pb","b":{{domButton}},"d":{{(down ? "true" : "false")}}}"""));

    public static byte[] Wheel(double dx, double dy, int mode) =>
        System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"t":"pw","dx":{{dx}},"dy":{{dy}},"m":{{mode}}}"""));

    /// <summary>Key messages that type <paramref name="text"/> on a US layout (Shift held around shifted characters).</summary>
    public static IEnumerable<byte[]> Type(string text)
    {
        foreach (var character in text)
        {
            if (!Us.TryGetValue(character, out var key))
            {
                throw new ArgumentException($"No US key for '{character}'.", nameof(text));
            }

            if (key.Shift)
            {
                yield return Key("ShiftLeft", true);
            }

            yield return Key(key.Code, true);
            yield return Key(key.Code, false);
            if (key.Shift)
            {
                yield return Key("ShiftLeft", false);
            }
        }
    }

    /// <summary>Ctrl+<paramref name="letter"/>.</summary>
    public static IEnumerable<byte[]> Control(char letter)
    {
        var code = "Key" + char.ToUpperInvariant(letter);
        return [Key("ControlLeft", true), Key(code, true), Key(code, false), Key("ControlLeft", false)];
    }

    private static Dictionary<char, (string, bool)> BuildUs()
    {
        var map = new Dictionary<char, (string, bool)>();
        for (var c = 'a'; c <= 'z'; c++)
        {
            map[c] = ("Key" + char.ToUpperInvariant(c), false);
            map[char.ToUpperInvariant(c)] = ("Key" + char.ToUpperInvariant(c), true);
        }

        for (var d = '0'; d <= '9'; d++)
        {
            map[d] = ("Digit" + d, false);
        }

        const string shiftedDigits = ")!@#$%^&*(";
        for (var i = 0; i < shiftedDigits.Length; i++)
        {
            map[shiftedDigits[i]] = ("Digit" + i.ToString(CultureInfo.InvariantCulture), true);
        }

        foreach (var (plain, shifted, code) in new[]
        {
            ('-', '_', "Minus"), ('=', '+', "Equal"), ('[', '{', "BracketLeft"), (']', '}', "BracketRight"), ('\\', '|', "Backslash"),
            (';', ':', "Semicolon"), ('\'', '"', "Quote"), ('`', '~', "Backquote"), (',', '<', "Comma"), ('.', '>', "Period"), ('/', '?', "Slash"),
        })
        {
            map[plain] = (code, false);
            map[shifted] = (code, true);
        }

        map[' '] = ("Space", false);
        map['\n'] = ("Enter", false);
        map['\t'] = ("Tab", false);
        return map;
    }
}
