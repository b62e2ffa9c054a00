using WlWebRtc.Transport;

namespace WlWebRtc.Publish.Whip.Http;

/// <summary>
/// The ICE servers a WHIP endpoint names in its <c>Link</c> headers (RFC 9725 section 4.6):
/// <c>&lt;turn:host?transport=udp&gt;; rel="ice-server"; username="…"; credential="…"; credential-type="password"</c>.
/// Only stun:, turn: and turns: targets with printable, bounded values are taken.
/// </summary>
internal static class IceServerLinks
{
    /// <summary>Longest URL, username or credential taken.</summary>
    public const int MaxValueLength = 512;

    public static IReadOnlyList<IceServer> Parse(IEnumerable<string> linkHeaderValues)
    {
        var servers = new List<IceServer>();
        foreach (var link in LinkHeader.Parse(linkHeaderValues))
        {
            if (!link.Parameters.TryGetValue("rel", out var rel) ||
                !rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("ice-server", StringComparer.OrdinalIgnoreCase) ||
                !IsIceUrl(link.Target))
            {
                continue;
            }

            var username = link.Parameters.GetValueOrDefault("username");
            var credential = link.Parameters.GetValueOrDefault("credential");
            var type = link.Parameters.GetValueOrDefault("credential-type") ?? "password";
            if (username is null || credential is null || !type.Equals("password", StringComparison.OrdinalIgnoreCase) || !IsPrintable(username) || !IsPrintable(credential))
            {
                username = null;
                credential = null;
            }

            servers.Add(new IceServer([link.Target], username, credential));
        }

        return servers;
    }

    private static bool IsIceUrl(string url) =>
        (url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase)) &&
        IsPrintable(url) && !url.Contains(' ', StringComparison.Ordinal);

    private static bool IsPrintable(string value) => value.Length is > 0 and <= MaxValueLength && value.All(c => c is >= '\u0020' and <= '\u007e');
}
