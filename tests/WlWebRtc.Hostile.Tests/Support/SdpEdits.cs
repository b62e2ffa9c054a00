using System.Text.RegularExpressions;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>Line-level edits of SDP text (CRLF lines), the way a hostile client munges an offer.</summary>
internal static partial class SdpEdits
{
    public static string[] Lines(string sdp) => sdp.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    public static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>Renumbers the video section's header extension <paramref name="uri"/> to <paramref name="id"/>.</summary>
    public static string SetExtensionId(string sdp, string uri, int id) =>
        Join(Lines(sdp).Select(l => ExtmapLine().Match(l) is { Success: true } m && m.Groups["uri"].Value == uri ? $"a=extmap:{id}{m.Groups["rest"].Value}" : l));

    /// <summary>
    /// Gives every extmap line of <paramref name="answer"/> the id its URI has in <paramref name="originalOffer"/>, so that
    /// the peer (which offered those ids) accepts an answer to a munged offer and goes on to ICE and DTLS.
    /// </summary>
    public static string RestoreExtensionIds(string answer, string originalOffer)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(originalOffer))
        {
            if (ExtmapLine().Match(line) is { Success: true } m)
            {
                ids.TryAdd(m.Groups["uri"].Value, m.Groups["id"].Value);
            }
        }

        return Join(Lines(answer).Select(l => ExtmapLine().Match(l) is { Success: true } m && ids.TryGetValue(m.Groups["uri"].Value, out var id) ? $"a=extmap:{id}{m.Groups["rest"].Value}" : l));
    }

    /// <summary>The header extension URIs of the extmap lines, in order.</summary>
    public static IReadOnlyList<string> ExtensionUris(string sdp) =>
        Lines(sdp).Select(l => ExtmapLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["uri"].Value).ToList();

    [GeneratedRegex(@"^a=extmap:(?<id>\d+)(?<rest>(?:/\S+)?\s+(?<uri>\S+).*)$")]
    private static partial Regex ExtmapLine();
}
