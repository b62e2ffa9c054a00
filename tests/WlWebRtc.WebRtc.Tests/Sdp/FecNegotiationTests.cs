using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.Transport.WebRtc.Session;

namespace WlWebRtc.WebRtc.Tests.Sdp;

/// <summary>red/90000 and ulpfec/90000 in offer/answer, as Chromium offers them, and the sender options they make.</summary>
public sealed class FecNegotiationTests
{
    /// <summary>The sample Chromium offer with the RED, RTX-for-RED and ULPFEC formats Chromium adds to its video section.</summary>
    internal static string ChromiumWithFec => SampleOffers.Chromium
        .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 108 109 127 125\r\n", "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 108 109 127 125 116 117 118\r\n", StringComparison.Ordinal)
        .Replace("a=rtpmap:96 VP8/90000\r\n", "a=rtpmap:116 red/90000\r\na=rtpmap:117 rtx/90000\r\na=fmtp:117 apt=116\r\na=rtpmap:118 ulpfec/90000\r\na=rtpmap:96 VP8/90000\r\n", StringComparison.Ordinal);

    [Fact]
    public void CreateAnswer_FecOnAndOffered_AnswersRedAndUlpfecAndSenderSendsFec()
    {
        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(ChromiumWithFec), TestLocal.Create() with { Fec = true });

        var video = negotiated.Video!;
        Assert.Equal(116, video.RedPayloadType);
        Assert.Equal(118, video.UlpfecPayloadType);
        var section = SdpParser.Parse(SdpWriter.Write(answer)).Media[0];
        Assert.Equal(["108", "109", "116", "118"], section.Formats);
        Assert.Contains(section.RtpMaps, r => r.PayloadType == 116 && r.EncodingName == "red" && r.ClockRate == 90000);
        Assert.Contains(section.RtpMaps, r => r.PayloadType == 118 && r.EncodingName == "ulpfec");
        var options = SessionMediaOptions.Video(video, 1111, 2222, "c", 1200, 1_000_000, fec: new FecOptions { Enabled = true, Protection = 0.2 });
        Assert.Empty(options.Validate());
        Assert.True(options.FecEnabled);
        Assert.Equal((byte)116, options.RedPayloadType);
        Assert.Equal(0.2, options.FecProtection);
    }

    [Fact]
    public void CreateAnswer_FecOff_LeavesRedAndUlpfecOut()
    {
        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(ChromiumWithFec), TestLocal.Create());

        Assert.Null(negotiated.Video!.RedPayloadType);
        Assert.Equal(["108", "109"], answer.Media[0].Formats);
        Assert.False(SessionMediaOptions.Video(negotiated.Video, 1111, 2222, "c", 1200, 1_000_000, fec: FecOptions.Default).FecEnabled);
    }

    [Fact]
    public void CreateAnswer_OnlyRedOffered_NoFec()
    {
        var offer = ChromiumWithFec.Replace("a=rtpmap:118 ulpfec/90000\r\n", string.Empty, StringComparison.Ordinal);

        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create() with { Fec = true });

        Assert.Null(negotiated.Video!.RedPayloadType);
        Assert.DoesNotContain(answer.Media[0].RtpMaps, r => r.EncodingName == "red");
    }

    [Fact]
    public void CreateOffer_FecOn_OffersRedAndUlpfec_AndAnAnswerKeepingThemTurnsFecOn()
    {
        var local = TestLocal.Create() with { Fec = true };
        var offer = SdpNegotiator.CreateOffer(local);
        var video = offer.Media[0];
        var red = Assert.Single(video.RtpMaps, r => r.EncodingName == "red");
        var ulpfec = Assert.Single(video.RtpMaps, r => r.EncodingName == "ulpfec");

        // The viewer answers like our own answer would: the first H.264 format, its RTX, RED and ULPFEC.
        var answerText = SdpWriter.Write(offer)
            .Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);
        var negotiated = SdpNegotiator.ApplyAnswer(offer, SdpParser.Parse(answerText));

        Assert.Equal(red.PayloadType, negotiated.Video!.RedPayloadType);
        Assert.Equal(ulpfec.PayloadType, negotiated.Video.UlpfecPayloadType);
        Assert.DoesNotContain(SdpNegotiator.CreateOffer(TestLocal.Create()).Media[0].RtpMaps, r => r.EncodingName is "red" or "ulpfec");
    }
}
