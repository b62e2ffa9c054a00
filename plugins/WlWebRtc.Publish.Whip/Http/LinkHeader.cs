namespace WlWebRtc.Publish.Whip.Http;

/// <summary>One link of a <c>Link</c> header (RFC 8288): the target and its parameters (names lower-cased, first one wins).</summary>
internal sealed record LinkValue(string Target, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Reads <c>Link</c> header values (RFC 8288 section 3): <c>&lt;target&gt; *( ";" name [ "=" ( token / quoted-string ) ] )</c>,
/// links separated by commas. The header comes from the network: a malformed link is skipped (up to the next comma
/// outside quotes), never thrown on, and the sizes are bounded.
/// </summary>
internal static class LinkHeader
{
    /// <summary>Most links read from all the header values together.</summary>
    public const int MaxLinks = 16;

    /// <summary>Longest header value read (the rest is ignored).</summary>
    public const int MaxLength = 8192;

    /// <summary>Most parameters kept per link.</summary>
    public const int MaxParameters = 16;

    public static IReadOnlyList<LinkValue> Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var links = new List<LinkValue>();
        foreach (var value in values)
        {
            Parse(value.Length > MaxLength ? value[..MaxLength] : value, links);
            if (links.Count >= MaxLinks)
            {
                break;
            }
        }

        return links;
    }

    private static void Parse(string s, List<LinkValue> links)
    {
        var pos = 0;
        while (pos < s.Length && links.Count < MaxLinks)
        {
            while (pos < s.Length && (s[pos] is ',' || IsWhite(s[pos])))
            {
                pos++;
            }

            if (pos >= s.Length)
            {
                return;
            }

            if (s[pos] != '<')
            {
                pos = NextLink(s, pos);
                continue;
            }

            var close = s.IndexOf('>', pos + 1);
            if (close < 0)
            {
                return;
            }

            var target = s[(pos + 1)..close].Trim();
            pos = close + 1;
            if (ReadParameters(s, ref pos) is { } parameters)
            {
                links.Add(new LinkValue(target, parameters));
            }
        }
    }

    /// <summary>Reads <c>; name[=value]</c> parameters up to the end of the link; null (and the position after the link) when malformed.</summary>
    private static Dictionary<string, string>? ReadParameters(string s, ref int pos)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhite(s, ref pos);
            if (pos >= s.Length)
            {
                return parameters;
            }

            if (s[pos] == ',')
            {
                pos++;
                return parameters;
            }

            if (s[pos] != ';')
            {
                pos = NextLink(s, pos);
                return null;
            }

            pos++;
            SkipWhite(s, ref pos);
            var start = pos;
            while (pos < s.Length && IsTokenChar(s[pos]))
            {
                pos++;
            }

            var name = s[start..pos].ToLowerInvariant();
            SkipWhite(s, ref pos);
            var value = string.Empty;
            if (pos < s.Length && s[pos] == '=')
            {
                pos++;
                SkipWhite(s, ref pos);
                if (pos < s.Length && s[pos] == '"')
                {
                    if (ReadQuoted(s, ref pos) is not { } quoted)
                    {
                        return null;
                    }

                    value = quoted;
                }
                else
                {
                    start = pos;
                    while (pos < s.Length && IsTokenChar(s[pos]))
                    {
                        pos++;
                    }

                    value = s[start..pos];
                }
            }

            if (name.Length == 0)
            {
                pos = NextLink(s, pos);
                return null;
            }

            if (parameters.Count < MaxParameters)
            {
                parameters.TryAdd(name, value);
            }
        }
    }

    /// <summary>A quoted-string from the opening quote at <paramref name="pos"/>, with backslash escapes; null when it never closes.</summary>
    private static string? ReadQuoted(string s, ref int pos)
    {
        var text = new System.Text.StringBuilder();
        pos++;
        while (pos < s.Length)
        {
            var c = s[pos++];
            if (c == '"')
            {
                return text.ToString();
            }

            if (c == '\\' && pos < s.Length)
            {
                c = s[pos++];
            }

            text.Append(c);
        }

        return null;
    }

    /// <summary>The position after the next comma outside a quoted string (or the end).</summary>
    private static int NextLink(string s, int pos)
    {
        var quoted = false;
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (quoted && c == '\\')
            {
                pos++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                return pos + 1;
            }
        }

        return s.Length;
    }

    private static void SkipWhite(string s, ref int pos)
    {
        while (pos < s.Length && IsWhite(s[pos]))
        {
            pos++;
        }
    }

    private static bool IsWhite(char c) => c is ' ' or '\t';

    /// <summary>RFC 9110 tchar.</summary>
    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
