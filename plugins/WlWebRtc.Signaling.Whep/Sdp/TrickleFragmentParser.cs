using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Sdp;

/// <summary>Parses trickle ICE SDP fragments; anything malformed is a <see cref="FormatException"/> naming the line.</summary>
internal static class TrickleFragmentParser
{
    public const int MaxCandidates = 64;
    public const int MaxLineLength = 1024;

    public static TrickleFragment Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string? ufrag = null;
        string? pwd = null;
        string? mid = null;
        var mLineIndex = -1;
        var end = false;
        var candidates = new List<IceCandidate>();
        var lineNumber = 0;
        foreach (var raw in body.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                throw new FormatException($"line {lineNumber} is longer than {MaxLineLength} characters");
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                throw new FormatException($"line {lineNumber} is not an SDP line (x=value): '{Shorten(line)}'");
            }

            if (line[0] == 'm')
            {
                mLineIndex++;
                mid = null;
                continue;
            }

            if (line[0] != 'a')
            {
                continue;
            }

            var attribute = line[2..];
            if (TryValue(attribute, "ice-ufrag:", out var value))
            {
                ufrag = RequireToken(value, "ice-ufrag", lineNumber);
            }
            else if (TryValue(attribute, "ice-pwd:", out value))
            {
                pwd = RequireToken(value, "ice-pwd", lineNumber);
            }
            else if (TryValue(attribute, "mid:", out value))
            {
                mid = RequireToken(value, "mid", lineNumber);
            }
            else if (attribute.StartsWith("candidate:", StringComparison.Ordinal))
            {
                if (candidates.Count == MaxCandidates)
                {
                    throw new FormatException($"more than {MaxCandidates} candidates in one fragment");
                }

                CheckCandidate(attribute, lineNumber);
                candidates.Add(new IceCandidate(attribute, mid, mLineIndex < 0 ? 0 : mLineIndex));
            }
            else if (attribute == "end-of-candidates")
            {
                end = true;
            }
        }

        return new TrickleFragment(ufrag, pwd, candidates, end);
    }

    /// <summary>The first <c>a=ice-ufrag</c> of an offer (to tell an ICE restart from a trickle).</summary>
    public static string? OfferUfrag(string sdp)
    {
        foreach (var raw in sdp.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                return line["a=ice-ufrag:".Length..].ToString();
            }
        }

        return null;
    }

    private static void CheckCandidate(string attribute, int lineNumber)
    {
        // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
        var fields = attribute["candidate:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[6] != "typ" || !int.TryParse(fields[1], out _) || !long.TryParse(fields[3], out _) || !int.TryParse(fields[5], out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"line {lineNumber} is not a valid candidate: '{Shorten(attribute)}'");
        }
    }

    private static bool TryValue(string attribute, string name, out string value)
    {
        if (attribute.StartsWith(name, StringComparison.Ordinal))
        {
            value = attribute[name.Length..];
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static string RequireToken(string value, string name, int lineNumber) =>
        value.Length == 0 || value.Any(char.IsWhiteSpace) ? throw new FormatException($"line {lineNumber}: a={name} needs one value") : value;

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
