using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.WebRtc.Tests.Sdp;

public sealed class SdpNegotiatorTests
{
    [Fact]
    public void CreateAnswer_ChromiumOffer_PicksConstrainedBaselineMode1WithRtxAndExtensions()
    {
        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(SampleOffers.Chromium), TestLocal.Create());

        var video = negotiated.Video!;
        Assert.Equal(108, video.PayloadType);
        Assert.Equal(109, video.RtxPayloadType);
        Assert.Equal("42e01f", video.ProfileLevelId);
        Assert.Equal(2, video.AbsSendTimeId);
        Assert.Equal(4, video.TransportCcId);
        Assert.Equal(5, video.PlayoutDelayId);
        Assert.True(video.Nack && video.Pli && video.Fir && video.Remb && video.TransportCcFeedback);
        Assert.False(negotiated.LocalIsDtlsClient);
        Assert.Equal("4ZcD", negotiated.Remote.Ufrag);
        Assert.Equal(5000, negotiated.Data!.RemoteSctpPort);

        var section = answer.Media[0];
        Assert.True(answer.IceLite);
        Assert.Equal(["0", "1"], answer.BundleMids);
        Assert.Equal(SdpSetup.Passive, section.Setup);
        Assert.Equal(SdpDirection.SendOnly, section.Direction);
        Assert.Equal(["108", "109"], section.Formats);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", section.Fmtp[108]);
        Assert.Equal("apt=108", section.Fmtp[109]);
        Assert.Contains(section.SsrcGroups, g => g.Semantics == "FID" && g.Ssrcs.SequenceEqual(new uint[] { 1111, 2222 }));
        Assert.DoesNotContain(section.ExtMaps, e => e.Uri.Contains("toffset", StringComparison.Ordinal));
        Assert.True(section.EndOfCandidates);
    }

    [Fact]
    public void CreateAnswer_Written_IsParsableWithTheSameChoices()
    {
        var (answer, _) = SdpNegotiator.CreateAnswer(SdpParser.Parse(SampleOffers.Chromium), TestLocal.Create());

        var text = SdpWriter.Write(answer);
        var parsed = SdpParser.Parse(text);

        Assert.Contains("a=ice-lite\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n", text, StringComparison.Ordinal);
        Assert.Equal(50000, parsed.Media[0].Port);
        Assert.Equal("application", parsed.Media[1].Kind);
        Assert.Equal(5000, parsed.Media[1].SctpPort);
    }

    [Fact]
    public void CreateAnswer_OnlyHighProfileOffered_AnswersHigh()
    {
        var offer = SampleOffers.Chromium
            .Replace("profile-level-id=42e01f", "profile-level-id=640c1f", StringComparison.Ordinal)
            .Replace("profile-level-id=42001f", "profile-level-id=640c1f", StringComparison.Ordinal)
            .Replace("profile-level-id=4d001f", "profile-level-id=640c1f", StringComparison.Ordinal);

        var (_, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create());

        Assert.Equal("640c1f", negotiated.Video!.ProfileLevelId);
        Assert.Equal(102, negotiated.Video.PayloadType);
    }

    [Fact]
    public void CreateAnswer_OfferPassive_MakesUsDtlsClient()
    {
        var offer = SampleOffers.Chromium.Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create());

        Assert.True(negotiated.LocalIsDtlsClient);
        Assert.Equal(SdpSetup.Active, answer.Media[0].Setup);
    }

    [Fact]
    public void CreateAnswer_NoFingerprint_Throws()
    {
        var offer = string.Join("\r\n", SampleOffers.Chromium.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal)));

        var ex = Assert.Throws<SessionDescriptionException>(() => SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create()));

        Assert.Contains("fingerprint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_NoRtcpMux_Throws()
    {
        var offer = SampleOffers.Chromium.Replace("a=rtcp-mux\r\n", string.Empty, StringComparison.Ordinal);

        var ex = Assert.Throws<SessionDescriptionException>(() => SdpNegotiator.CreateAnswer(SdpParser.Parse(offer), TestLocal.Create()));

        Assert.Contains("rtcp-mux", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAnswer_DataChannelDisabled_RejectsApplicationSection()
    {
        var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(SampleOffers.Chromium), TestLocal.Create(dataChannel: false));

        Assert.Null(negotiated.Data);
        Assert.Equal(0, answer.Media[1].Port);
    }

    [Fact]
    public void CreateAnswer_PlayoutDelayDisabled_OmitsExtension()
    {
        var local = TestLocal.Create() with { PlayoutDelayZero = false };

        var (_, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(SampleOffers.Chromium), local);

        Assert.Null(negotiated.Video!.PlayoutDelayId);
    }

    [Fact]
    public void CreateOffer_ThenApplyAnswer_ReadsChosenPayloadTypeAndRole()
    {
        var offer = SdpNegotiator.CreateOffer(TestLocal.Create());
        var offerText = SdpWriter.Write(offer);
        Assert.Contains("a=setup:actpass", offerText, StringComparison.Ordinal);
        Assert.Contains("a=sendonly", offerText, StringComparison.Ordinal);

        // The viewer answers like a browser: picks 98 (42001f) with its RTX 99, setup active.
        var answer = SdpParser.Parse(
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 98 99\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:wxyz\r\na=ice-pwd:aaaaaaaaaaaaaaaaaaaaaaaa\r\n" +
            "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)) + "\r\na=setup:active\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\n" +
            "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
            "a=rtpmap:98 H264/90000\r\na=rtcp-fb:98 nack\r\na=rtcp-fb:98 nack pli\r\na=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
            "a=rtpmap:99 rtx/90000\r\na=fmtp:99 apt=98\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\n");

        var negotiated = SdpNegotiator.ApplyAnswer(offer, answer);

        Assert.Equal(98, negotiated.Video!.PayloadType);
        Assert.Equal(99, negotiated.Video.RtxPayloadType);
        Assert.Equal(6, negotiated.Video.PlayoutDelayId);
        Assert.False(negotiated.LocalIsDtlsClient);
        Assert.NotNull(negotiated.Data);
    }

    [Theory]
    [InlineData("42e01f", "ConstrainedBaseline")]
    [InlineData("42001f", "Baseline")]
    [InlineData("4d001f", "Main")]
    [InlineData("4de01f", "ConstrainedBaseline")]
    [InlineData("640c1f", "ConstrainedHigh")]
    [InlineData("64001f", "High")]
    [InlineData("f4001f", "PredictiveHigh444")]
    public void H264ProfileLevelId_KnownIds_Classified(string text, string profile)
    {
        var expected = Enum.Parse<H264Profile>(profile);
        Assert.True(H264ProfileLevelId.TryParse(text, out var id));
        Assert.Equal(expected, id.Profile);
        Assert.Equal(0x1f, id.LevelIdc);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("zze01f")]
    [InlineData("6401ff")]
    public void H264ProfileLevelId_Invalid_NotParsed(string text) => Assert.False(H264ProfileLevelId.TryParse(text, out _));
}
