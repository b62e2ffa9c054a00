namespace WlWebRtc.RemoteInput.Mapping;

/// <summary>
/// An XKB keyboard layout as the config and the viewer name it: <c>de</c>, or with a variant <c>de(nodeadkeys)</c>.
/// Only lower-case letters, digits, <c>_</c> and <c>-</c>: the name ends up in an XKB rules lookup, never as syntax.
/// </summary>
public static class KeyboardLayoutName
{
    /// <summary>The longest accepted name, variant included.</summary>
    public const int MaxLength = 48;

    private const int MaxLayoutLength = 16;

    /// <summary>Splits <c>layout</c> or <c>layout(variant)</c>; false for anything else.</summary>
    public static bool TryParse(string? text, out string layout, out string variant)
    {
        layout = string.Empty;
        variant = string.Empty;
        if (text is null || text.Length is 0 or > MaxLength)
        {
            return false;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = open < 0 ? text : text[..open];
        var rest = open < 0 ? string.Empty : text[(open + 1)..];
        if (name.Length is 0 or > MaxLayoutLength || !char.IsAsciiLetterLower(name[0]) || !IsNamePart(name))
        {
            return false;
        }

        if (open >= 0)
        {
            if (rest.Length < 2 || rest[^1] != ')' || !IsNamePart(rest[..^1]))
            {
                return false;
            }

            variant = rest[..^1];
        }

        layout = name;
        return true;
    }

    private static bool IsNamePart(string text) => text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
}
