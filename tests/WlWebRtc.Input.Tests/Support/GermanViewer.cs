using System.Text.Json;

namespace WlWebRtc.Input.Tests.Support;

/// <summary>
/// The key messages a browser with a German (de) layout sends for typed text: the physical code, the key value the
/// browser reports (<c>k</c>), Shift or AltGr (AltRight, reported as <c>AltGraph</c>) around the characters that need them.
/// </summary>
internal static class GermanViewer
{
    private enum Level
    {
        Base,
        Shift,
        AltGr,
    }

    private static readonly Dictionary<char, (string Code, Level Level)> Keys = Build();

    /// <summary>A key message with the key value the viewer reports.</summary>
    public static byte[] Key(string code, string key, bool down) =>
        System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { ["t"] = "k", ["c"] = code, ["k"] = key, ["d"] = down }));

    /// <summary>A text message (<c>tx</c>), as an input-method composition sends it.</summary>
    public static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { ["t"] = "tx", ["s"] = text }));

    /// <summary>The viewer's layout report (<c>kl</c>).</summary>
    public static byte[] Layout(string layout) => System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { ["t"] = "kl", ["l"] = layout }));

    /// <summary>A key pressed and released, reporting <paramref name="key"/>.</summary>
    public static IEnumerable<byte[]> Press(string code, string key) => [Key(code, key, true), Key(code, key, false)];

    public static IEnumerable<byte[]> Type(string text)
    {
        foreach (var character in text)
        {
            if (!Keys.TryGetValue(character, out var key))
            {
                throw new ArgumentException($"No German key for '{character}'.", nameof(text));
            }

            var value = character == '\n' ? "Enter" : character.ToString();
            var modifier = key.Level switch
            {
                Level.Shift => ("ShiftLeft", "Shift"),
                Level.AltGr => ("AltRight", "AltGraph"),
                _ => default,
            };
            if (modifier.Item1 is not null)
            {
                yield return Key(modifier.Item1, modifier.Item2, true);
            }

            yield return Key(key.Code, value, true);
            yield return Key(key.Code, value, false);
            if (modifier.Item1 is not null)
            {
                yield return Key(modifier.Item1, modifier.Item2, false);
            }
        }
    }

    private static Dictionary<char, (string, Level)> Build()
    {
        var map = new Dictionary<char, (string, Level)>();
        for (var c = 'a'; c <= 'z'; c++)
        {
            var code = "Key" + char.ToUpperInvariant(c switch { 'y' => 'z', 'z' => 'y', _ => c });
            map[c] = (code, Level.Base);
            map[char.ToUpperInvariant(c)] = (code, Level.Shift);
        }

        for (var d = '0'; d <= '9'; d++)
        {
            map[d] = ("Digit" + d, Level.Base);
        }

        foreach (var (character, code, level) in new[]
        {
            (' ', "Space", Level.Base), ('\n', "Enter", Level.Base), ('-', "Slash", Level.Base), ('.', "Period", Level.Base),
            ('/', "Digit7", Level.Shift), ('>', "IntlBackslash", Level.Shift), ('<', "IntlBackslash", Level.Base),
            ('\'', "Backslash", Level.Shift), ('#', "Backslash", Level.Base), ('_', "Slash", Level.Shift),
            ('ä', "Quote", Level.Base), ('ö', "Semicolon", Level.Base), ('ü', "BracketLeft", Level.Base), ('ß', "Minus", Level.Base),
            ('Ä', "Quote", Level.Shift), ('Ö', "Semicolon", Level.Shift), ('Ü', "BracketLeft", Level.Shift),
            ('@', "KeyQ", Level.AltGr), ('€', "KeyE", Level.AltGr), ('{', "Digit7", Level.AltGr), ('[', "Digit8", Level.AltGr),
            (']', "Digit9", Level.AltGr), ('}', "Digit0", Level.AltGr), ('\\', "Minus", Level.AltGr), ('|', "IntlBackslash", Level.AltGr),
        })
        {
            map[character] = (code, level);
        }

        return map;
    }
}
