using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Sending;

/// <summary>What <see cref="RtcpFeedbackReader"/> hands on while it reads, in the order the viewer sent it.</summary>
internal interface IRtcpFeedbackTarget
{
    /// <summary>A report block about our SSRC, with the NTP middle 32 bits of its arrival.</summary>
    RtcpEvents OnReportBlock(ReportBlock block, uint arrivalNtpMiddle);

    /// <summary>Whether a transport-wide-cc message announcing <paramref name="statusCount"/> statuses may be parsed.</summary>
    bool TryAdmitTransportFeedback(int statusCount);

    /// <summary>A receiver estimated maximum bitrate.</summary>
    RtcpEvents OnRemb(long bitsPerSecond);
}
