using System.Text;

namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>
/// What the viewer may send as a key's value (<c>k</c>, a DOM <c>KeyboardEvent.key</c>) and as text (<c>tx</c>):
/// well-formed UTF-16 without control characters, so that an injector only ever types printable characters.
/// </summary>
internal static class KeyText
{
    /// <summary>A key value: one or a few characters (<c>ä</c>, <c>€</c>), or a key name (<c>Dead</c>, <c>Enter</c>).</summary>
    public static bool IsValidKey(string? key) => IsValidText(key, InputMessageParser.MaxKeyLength);

    /// <summary>Non-empty, at most <paramref name="maxLength"/> UTF-16 units, whole code points, none of them a control character.</summary>
    public static bool IsValidText(string? text, int maxLength)
    {
        if (text is null || text.Length == 0 || text.Length > maxLength)
        {
            return false;
        }

        foreach (var rune in EnumerateRunes(text))
        {
            if (rune is not { } value || Rune.IsControl(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a key value is a character (what the key typed) rather than a key name such as <c>Enter</c>.</summary>
    public static bool IsCharacter(string key) => Rune.DecodeFromUtf16(key, out _, out var used) == System.Buffers.OperationStatus.Done && used == key.Length;

    /// <summary>The code points of <paramref name="text"/>; null for a lone surrogate.</summary>
    private static IEnumerable<Rune?> EnumerateRunes(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                yield return null;
                yield break;
            }

            yield return rune;
            i += used;
        }
    }
}
