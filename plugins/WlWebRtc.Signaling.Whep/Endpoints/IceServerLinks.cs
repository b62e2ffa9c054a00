using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Endpoints;

/// <summary>
/// The ICE servers as <c>Link</c> header values (RFC 9725 section 4.6): one per URL,
/// <c>&lt;turn:host:port?transport=udp&gt;; rel="ice-server"; username="…"; credential="…"; credential-type="password"</c>.
/// </summary>
internal static class IceServerLinks
{
    public static IEnumerable<string> Format(IReadOnlyList<IceServer> servers)
    {
        foreach (var server in servers)
        {
            foreach (var url in server.Urls)
            {
                if (!IsSafe(url))
                {
                    continue;
                }

                var link = $"<{url}>; rel=\"ice-server\"";
                if (server.Username is { } username && server.Credential is { } credential && IsSafe(username) && IsSafe(credential))
                {
                    link += $"; username=\"{username}\"; credential=\"{credential}\"; credential-type=\"password\"";
                }

                yield return link;
            }
        }
    }

    /// <summary>Nothing that would end a quoted string, a URL reference or the header (configured values, but still).</summary>
    private static bool IsSafe(string value) =>
        !value.Any(c => c is '"' or '\\' or '<' or '>' || char.IsControl(c) || c > '\u007e');
}
