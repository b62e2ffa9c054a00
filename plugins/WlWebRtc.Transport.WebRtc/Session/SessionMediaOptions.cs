using WlWebRtc.Rtp.Sending;
using WlWebRtc.Sctp;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>
/// Turns a negotiated session into the RTP sender's and the SCTP association's options: one place, so the
/// negotiation tests build exactly what a session builds and can check that it validates.
/// </summary>
internal static class SessionMediaOptions
{
    /// <summary>
    /// The sender's options: the estimate starts at the configured start bitrate, or lower when the host asks for less
    /// (<paramref name="startBitrateBitsPerSecond"/>), within the configured floor and ceiling.
    /// </summary>
    public static RtpVideoSenderOptions Video(NegotiatedVideo video, uint ssrc, uint rtxSsrc, string cname, int mtu, int startBitrateBitsPerSecond,
        CongestionControlOptions? congestion = null, FecOptions? fec = null, LossRecoveryOptions? loss = null)
    {
        var cc = congestion ?? CongestionControlOptions.Default;
        var fecOn = fec?.Enabled == true && video.RedPayloadType.HasValue && video.UlpfecPayloadType.HasValue;
        return (loss ?? LossRecoveryOptions.Default).ApplyTo(new()
        {
            Ssrc = ssrc,
            PayloadType = (byte)video.PayloadType,
            RtxSsrc = video.RtxPayloadType is null ? null : rtxSsrc,
            RtxPayloadType = video.RtxPayloadType is { } rtx ? (byte)rtx : null,
            Cname = cname,
            AbsSendTimeExtensionId = video.AbsSendTimeId ?? 0,
            TransportWideCcExtensionId = video.TransportCcId ?? 0,
            PlayoutDelayExtensionId = video.PlayoutDelayId ?? 0,
            MaxPayloadSize = mtu,
            StartBitrateBitsPerSecond = Math.Clamp(Math.Min(startBitrateBitsPerSecond, cc.StartBitrate), cc.MinBitrate, cc.MaxBitrate),
            MinBitrateBitsPerSecond = cc.MinBitrate,
            MaxBitrateBitsPerSecond = cc.MaxBitrate,
            PacingFactor = cc.PacingFactor,
            PacingWindow = cc.PacingBurst,
            ProbeInterval = cc.ProbeInterval,
            RedPayloadType = fecOn ? (byte)video.RedPayloadType!.Value : null,
            UlpfecPayloadType = fecOn ? (byte)video.UlpfecPayloadType!.Value : null,
            FecProtection = fec?.Protection ?? 0,
        });
    }

    public static SctpAssociationOptions Data(NegotiatedData data, bool isDtlsClient, int mtu) =>
        new()
        {
            LocalPort = 5000,
            RemotePort = data.RemoteSctpPort,
            MaxSendMessageSize = (int)Math.Min(data.RemoteMaxMessageSize, int.MaxValue),
            // What we advertised is what we reassemble; the window must hold one such message (the association checks).
            MaxReceiveMessageSize = (int)Math.Min(data.LocalMaxMessageSize, int.MaxValue),
            ReceiveWindow = (int)Math.Max(1024 * 1024, Math.Min(data.LocalMaxMessageSize, int.MaxValue)),
            MaxPacketSize = mtu,
            IsDtlsClient = isDtlsClient,
        };
}
