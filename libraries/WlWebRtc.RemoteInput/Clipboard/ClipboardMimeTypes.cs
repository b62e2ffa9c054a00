using System.Text;

namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>The content types that travel, how their names are normalised, and the checks their bytes must pass.</summary>
internal static class ClipboardMimeTypes
{
    public const string Text = "text/plain;charset=utf-8";
    public const string Png = "image/png";
    public const int MaxNameLength = 64;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical name of a type a viewer names (<c>text/plain</c> is UTF-8 in the browser); null when it does not travel.</summary>
    public static string? Normalize(string mimeType) => mimeType.ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal) switch
    {
        "text/plain" or "text/plain;charset=utf-8" => Text,
        "image/png" => Png,
        _ => null,
    };

    /// <summary>Which of the desktop's types to read: an image if offered (a screenshot also offers no text), else text.</summary>
    public static string? Choose(IReadOnlyList<string> offered)
    {
        if (offered.Contains(Png, StringComparer.OrdinalIgnoreCase))
        {
            return Png;
        }

        return offered.Any(t => t.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || t is "UTF8_STRING" or "STRING" or "TEXT") ? Text : null;
    }

    /// <summary>Whether the bytes are what the type says: valid UTF-8 text, or a PNG signature.</summary>
    public static bool IsValid(string mimeType, ReadOnlySpan<byte> content)
    {
        if (mimeType == Png)
        {
            return content.StartsWith(PngSignature);
        }

        try
        {
            _ = StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
