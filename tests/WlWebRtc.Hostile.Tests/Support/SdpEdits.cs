using System.Text.RegularExpressions;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>Line-level edits of SDP text (CRLF lines), the way a hostile client munges an offer.</summary>
internal static partial class SdpEdits
{
    public static string[] Lines(string sdp) => sdp.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    public static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>Adds an extmap line for <paramref name="uri"/> after the video section's last one.</summary>
    public static string AddExtension(string sdp, string uri, int id)
    {
        var lines = Lines(sdp).ToList();
        var last = lines.FindLastIndex(l => l.StartsWith("a=extmap:", StringComparison.Ordinal));
        var at = last >= 0 ? last + 1 : lines.FindIndex(l => l.StartsWith("m=video", StringComparison.Ordinal)) + 1;
        lines.Insert(at, $"a=extmap:{id} {uri}");
        return Join(lines);
    }

    /// <summary>Renumbers the video section's header extension <paramref name="uri"/> to <paramref name="id"/>.</summary>
    public static string SetExtensionId(string sdp, string uri, int id) =>
        Join(Lines(sdp).Select(l => ExtmapLine().Match(l) is { Success: true } m && m.Groups["uri"].Value == uri ? $"a=extmap:{id}{m.Groups["rest"].Value}" : l));

    /// <summary>
    /// Gives every extmap line of <paramref name="answer"/> the id its URI has in <paramref name="originalOffer"/> (and drops
    /// the ones the peer never offered), so that the peer accepts an answer to a munged offer and goes on to ICE and DTLS,
    /// while the server sends with what it negotiated.
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

        return Join(Lines(answer)
            .Where(l => ExtmapLine().Match(l) is not { Success: true } m || ids.ContainsKey(m.Groups["uri"].Value))
            .Select(l => ExtmapLine().Match(l) is { Success: true } m && ids.TryGetValue(m.Groups["uri"].Value, out var id) ? $"a=extmap:{id}{m.Groups["rest"].Value}" : l));
    }

    /// <summary>The header extension URIs of the extmap lines, in order.</summary>
    public static IReadOnlyList<string> ExtensionUris(string sdp) =>
        Lines(sdp).Select(l => ExtmapLine().Match(l)).Where(m => m.Success).Select(m => m.Groups["uri"].Value).ToList();

    [GeneratedRegex(@"^a=extmap:(?<id>\d+)(?<rest>(?:/\S+)?\s+(?<uri>\S+).*)$")]
    private static partial Regex ExtmapLine();
}
