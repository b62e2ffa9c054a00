using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.Transport.WebRtc.Session;

namespace WlWebRtc.WebRtc.Tests.Sdp;

/// <summary>Every value taken from a remote description is negotiated into something the RTP and SCTP libraries accept.</summary>
public sealed class NegotiationValidationTests
{
    private const string TransportCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    private const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Builds the sender's and the association's options exactly as a session does; all must validate.</summary>
    internal static void AssertBuildsValidOptions(NegotiatedSession negotiated)
    {
        if (negotiated.Video is { } video)
        {
            var errors = SessionMediaOptions.Video(video, 1111, 2222, "cname1", 1200, 8_000_000, fec: new FecOptions { Enabled = true }).Validate();
            Assert.True(errors.Count == 0, $"sender options invalid for {video}: {string.Join("; ", errors)}");
        }

        if (negotiated.Data is { } data)
        {
            var errors = SessionMediaOptions.Data(data, isDtlsClient: false, 1200).Validate();
            Assert.True(errors.Count == 0, $"SCTP options invalid for {data}: {string.Join("; ", errors)}");
        }
    }

    private static NegotiatedSession Answer(string offer) => SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create()).Negotiated;

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(255)]
    public void CreateAnswer_TransportCcWithTwoByteId_LeftOutAndSenderOptionsValid(int id)
    {
        var offer = SampleOffers.Chromium.Replace("a=extmap:4 " + TransportCc, $"a=extmap:{id} " + TransportCc, StringComparison.Ordinal);

        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create());

        Assert.Null(negotiated.Video!.TransportCcId);
        Assert.Equal(2, negotiated.Video.AbsSendTimeId);
        Assert.DoesNotContain(answer.Media[0].ExtMaps, e => e.Uri == TransportCc);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_TwoExtensionsShareAnId_NeitherNegotiated()
    {
        var offer = SampleOffers.Chromium.Replace("a=extmap:4 " + TransportCc, "a=extmap:2 " + TransportCc, StringComparison.Ordinal);

        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create());

        Assert.Null(negotiated.Video!.TransportCcId);
        Assert.Null(negotiated.Video.AbsSendTimeId);
        Assert.DoesNotContain(answer.Media[0].ExtMaps, e => e.Id == 2);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_OurExtensionSharesAnIdWithAnUnknownOne_Dropped()
    {
        var offer = SampleOffers.Chromium.Replace("a=extmap:3 urn:3gpp:video-orientation", "a=extmap:4 urn:3gpp:video-orientation", StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.Null(negotiated.Video!.TransportCcId);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_SameExtensionTwice_KeepsTheFirstId()
    {
        var offer = SampleOffers.Chromium.Replace("a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:9 " + AbsSendTime, StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.Equal(2, negotiated.Video!.AbsSendTimeId);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_OnlyVp8AndVp9Offered_ThrowsNamingTheOfferedCodecs()
    {
        var offer = SampleOffers.Chromium.Replace("H264/90000", "VP9/90000", StringComparison.Ordinal);

        var ex = Assert.Throws<SessionDescriptionException>(() => Answer(offer));

        Assert.Contains("no H.264 video", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offered VP8, VP9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_H264OnlyInPacketizationMode0_ThrowsSayingWhy()
    {
        var offer = SampleOffers.Chromium.Replace("packetization-mode=1", "packetization-mode=0", StringComparison.Ordinal);

        var ex = Assert.Throws<SessionDescriptionException>(() => Answer(offer));

        Assert.Contains("packetization-mode=1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_H264PayloadTypeInRtcpRange_NotChosen()
    {
        // 72-76 collide with RTCP packet types under rtcp-mux (RFC 5761 section 4).
        var offer = SampleOffers.Chromium.Replace(" 108 ", " 72 ", StringComparison.Ordinal).Replace(":108 ", ":72 ", StringComparison.Ordinal)
            .Replace("apt=108", "apt=72", StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.NotEqual(72, negotiated.Video!.PayloadType);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_RtxInRtcpRange_VideoWithoutRtx()
    {
        var offer = SampleOffers.Chromium.Replace(" 109", " 77", StringComparison.Ordinal).Replace(":109 ", ":77 ", StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.Equal(108, negotiated.Video!.PayloadType);
        Assert.Null(negotiated.Video.RtxPayloadType);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void CreateAnswer_PayloadTypeMappedTwice_NotChosen()
    {
        var offer = SampleOffers.Chromium.Replace("a=rtpmap:108 H264/90000\r\n", "a=rtpmap:108 H264/90000\r\na=rtpmap:108 VP8/90000\r\n", StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.NotEqual(108, negotiated.Video!.PayloadType);
        AssertBuildsValidOptions(negotiated);
    }

    [Theory]
    [InlineData("a=max-message-size:0\r\n", 0L)]
    [InlineData("a=max-message-size:99999999999999\r\n", (long)int.MaxValue)]
    [InlineData("", 65_536L)]
    public void CreateAnswer_MaxMessageSize_WithinWhatTheAssociationAccepts(string line, long expected)
    {
        var offer = SampleOffers.Chromium.Replace("a=sctp-port:5000\r\n", "a=sctp-port:5000\r\n" + line, StringComparison.Ordinal)
            .Replace("a=max-message-size:262144\r\n", string.Empty, StringComparison.Ordinal);

        var negotiated = Answer(offer);

        Assert.Equal(expected, negotiated.Data!.RemoteMaxMessageSize);
        AssertBuildsValidOptions(negotiated);
    }

    [Fact]
    public void ApplyAnswer_AnswerWithTwoByteExtensionId_LeftOut()
    {
        var offer = SdpNegotiator.CreateOffer(TestLocal.Create());
        var answer = SdpParser.Parse(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 98 99\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:wxyz\r\na=ice-pwd:aaaaaaaaaaaaaaaaaaaaaaaa\r\n" +
            "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)) + "\r\na=setup:active\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\n" +
            "a=extmap:200 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
            "a=extmap:3 " + TransportCc + "\r\na=extmap:3 " + AbsSendTime + "\r\n" +
            "a=rtpmap:98 H264/90000\r\na=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
            "a=rtpmap:99 rtx/90000\r\na=fmtp:99 apt=98\r\n");

        var negotiated = SdpNegotiator.ApplyAnswer(offer, answer);

        Assert.Null(negotiated.Video!.PlayoutDelayId);
        Assert.Null(negotiated.Video.TransportCcId);
        Assert.Null(negotiated.Video.AbsSendTimeId);
        Assert.Equal(99, negotiated.Video.RtxPayloadType);
        AssertBuildsValidOptions(negotiated);
    }
}
