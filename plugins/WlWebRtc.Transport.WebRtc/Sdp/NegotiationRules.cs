using System.Globalization;
using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>
/// The checks that keep every value taken from a remote description inside what the RTP and SCTP
/// libraries accept, so a legal but unsupported value is negotiated away here and never fails later
/// (on the DTLS thread, where the sender and the association are built).
/// </summary>
internal static class NegotiationRules
{
    /// <summary>The RTP sender writes one-byte header extensions (RFC 8285 section 4.2): ids 1 to 14.</summary>
    public const int MaxOneByteExtensionId = 14;

    /// <summary>What the data channel assumes when the remote gives no a=max-message-size (RFC 8841 section 6).</summary>
    public const long DefaultMaxMessageSize = 65_536;

    /// <summary>
    /// A payload type we may send: 0-127, outside 64-95, which RFC 5761 section 4 reserves for RTCP
    /// packet types when RTP and RTCP share the port (rtcp-mux is mandatory here).
    /// </summary>
    public static bool IsSendablePayloadType(int pt) => pt is >= 0 and <= 127 and not (>= 64 and <= 95);

    /// <summary>
    /// The offered header extensions we send, with ids the sender can write. An extension with a two-byte
    /// id (15-255, legal per RFC 8285) is left out of the answer. An id that the section maps to more than
    /// one extension is ambiguous (the offer is invalid per RFC 8285 section 5): we keep neither, since we
    /// cannot know which meaning the peer would apply to it. A URI offered twice keeps its first id.
    /// </summary>
    public static List<SdpExtMap> UsableExtensions(IReadOnlyList<SdpExtMap> offered, bool playoutDelay)
    {
        var uses = new Dictionary<int, int>();
        foreach (var ext in offered)
        {
            uses[ext.Id] = uses.GetValueOrDefault(ext.Id) + 1;
        }

        var kept = new List<SdpExtMap>();
        foreach (var ext in offered)
        {
            var supported = ext.Uri is RtpExtensionUris.AbsSendTime or RtpExtensionUris.TransportWideCc ||
                (ext.Uri == RtpExtensionUris.PlayoutDelay && playoutDelay);
            if (supported && ext.Id is >= 1 and <= MaxOneByteExtensionId && uses[ext.Id] == 1 && !kept.Exists(k => k.Uri == ext.Uri))
            {
                kept.Add(new SdpExtMap(ext.Id, null, ext.Uri));
            }
        }

        return kept;
    }

    /// <summary>True when exactly one a=rtpmap line names <paramref name="pt"/> (two would make it ambiguous).</summary>
    public static bool HasSingleRtpMap(SdpMedia media, int pt) => media.RtpMaps.Count(r => r.PayloadType == pt) == 1;

    /// <summary>
    /// The RTX payload type to pair with <paramref name="pt"/>: an rtx/90000 map whose apt names it, itself
    /// sendable, unambiguous and distinct from the media payload type; null when there is none (no RTX then).
    /// </summary>
    public static SdpRtpMap? RtxFor(SdpMedia media, int pt)
    {
        var apt = pt.ToString(CultureInfo.InvariantCulture);
        return media.RtpMaps.FirstOrDefault(r => r.EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase) && r.ClockRate == 90000 &&
            r.PayloadType != pt && IsSendablePayloadType(r.PayloadType) && HasSingleRtpMap(media, r.PayloadType) &&
            H264Fmtp.Parse(media.Fmtp.GetValueOrDefault(r.PayloadType)).GetValueOrDefault("apt") == apt);
    }

    /// <summary>
    /// The RED and ULPFEC payload types of a section: one red/90000 and one ulpfec/90000 map, each unambiguous, sendable
    /// and distinct from <paramref name="mediaPt"/> and <paramref name="rtxPt"/>; null when the section lacks either.
    /// </summary>
    public static (SdpRtpMap Red, SdpRtpMap Ulpfec)? RedAndUlpfec(SdpMedia media, int mediaPt, int? rtxPt)
    {
        bool Usable(SdpRtpMap r, string name) => r.EncodingName.Equals(name, StringComparison.OrdinalIgnoreCase) && r.ClockRate == 90000 &&
            r.PayloadType != mediaPt && r.PayloadType != rtxPt && IsSendablePayloadType(r.PayloadType) && HasSingleRtpMap(media, r.PayloadType);
        var red = media.RtpMaps.FirstOrDefault(r => Usable(r, "red"));
        var ulpfec = media.RtpMaps.FirstOrDefault(r => Usable(r, "ulpfec"));
        return red is not null && ulpfec is not null && red.PayloadType != ulpfec.PayloadType ? (red, ulpfec) : null;
    }

    /// <summary>The remote a=max-message-size for the SCTP sender: 0 stays "no limit", absent or negative is the default, larger than the sender can count is its maximum.</summary>
    public static long MaxMessageSize(long? offered) => offered is { } size and >= 0 ? Math.Min(size, int.MaxValue) : DefaultMaxMessageSize;

    /// <summary>A port the SCTP association accepts, or null.</summary>
    public static int? ValidSctpPort(int? port) => port is >= 1 and <= 65535 ? port : null;

    /// <summary>Why no offered codec can be sent, for the SessionDescriptionException (and WHEP's 400).</summary>
    public static string NoUsableVideo(SdpMedia offered)
    {
        var names = offered.RtpMaps.Select(r => r.EncodingName).Where(n => !n.Equals("rtx", StringComparison.OrdinalIgnoreCase) &&
            !n.Equals("red", StringComparison.OrdinalIgnoreCase) && !n.Equals("ulpfec", StringComparison.OrdinalIgnoreCase) &&
            !n.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var offeredText = names.Count == 0 ? "no codec" : string.Join(", ", names);
        var h264 = names.Exists(n => n.Equals("H264", StringComparison.OrdinalIgnoreCase));
        return h264
            ? $"The offer has no H.264 video the server can send: offered {offeredText}, but no H.264 format with clock rate 90000, packetization-mode=1, a supported profile-level-id and a usable payload type."
            : $"The offer has no H.264 video the server can send: offered {offeredText}.";
    }
}
