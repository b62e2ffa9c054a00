namespace WlWebRtc.Gnome.Clipboard;

/// <summary>The names applications use for UTF-8 text (X11 atoms included, for Xwayland clients).</summary>
internal static class TextMimeTypes
{
    public const string Utf8 = "text/plain;charset=utf-8";

    public static readonly string[] Aliases = [Utf8, "text/plain", "UTF8_STRING", "STRING", "TEXT"];

    public static bool IsText(string mimeType) => Aliases.Contains(mimeType, StringComparer.OrdinalIgnoreCase);

    /// <summary>What to offer the desktop for content of <paramref name="mimeType"/>: text under every alias, anything else as is.</summary>
    public static string[] OfferedAs(string mimeType) => IsText(mimeType) ? Aliases : [mimeType];

    /// <summary>The offered type to ask for: the requested one, else for text any text alias on offer.</summary>
    public static string? Choose(IReadOnlyList<string> offered, string requested)
    {
        if (offered.Contains(requested, StringComparer.Ordinal))
        {
            return requested;
        }

        return IsText(requested) ? Aliases.FirstOrDefault(a => offered.Contains(a, StringComparer.Ordinal)) : null;
    }
}
