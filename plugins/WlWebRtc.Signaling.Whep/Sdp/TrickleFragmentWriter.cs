using System.Text;
using WlWebRtc.Signaling.Whep.Sessions;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Sdp;

/// <summary>Writes the server's <c>application/trickle-ice-sdpfrag</c> bodies (RFC 8840, RFC 9725 section 4.3).</summary>
internal static class TrickleFragmentWriter
{
    /// <summary>Credentials (after an ICE restart, else null), then the first media section with its mid and candidates.</summary>
    public static string Write(string? ufrag, string? pwd, AnswerMedia media, IReadOnlyList<IceCandidate> candidates, bool endOfCandidates)
    {
        var sb = new StringBuilder();
        if (ufrag is not null && pwd is not null)
        {
            sb.Append("a=ice-ufrag:").Append(ufrag).Append("\r\n");
            sb.Append("a=ice-pwd:").Append(pwd).Append("\r\n");
        }

        sb.Append(media.MLine).Append("\r\n");
        sb.Append("a=mid:").Append(media.Mid).Append("\r\n");
        foreach (var candidate in candidates)
        {
            sb.Append("a=").Append(candidate.Candidate).Append("\r\n");
        }

        if (endOfCandidates)
        {
            sb.Append("a=end-of-candidates\r\n");
        }

        return sb.ToString();
    }
}
