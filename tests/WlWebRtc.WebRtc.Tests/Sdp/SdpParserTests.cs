using WlWebRtc.Transport;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.WebRtc.Tests.Sdp;

public sealed class SdpParserTests
{
    [Fact]
    public void Parse_ChromiumOffer_ReadsSessionAndMediaAttributes()
    {
        var sdp = SdpParser.Parse(SampleOffers.Chromium);

        Assert.Equal(["0", "1"], sdp.BundleMids);
        Assert.Equal(2, sdp.Media.Count);
        var video = sdp.Media[0];
        Assert.Equal("video", video.Kind);
        Assert.Equal("UDP/TLS/RTP/SAVPF", video.Protocol);
        Assert.Equal("0", video.Mid);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.True(video.RtcpMux);
        Assert.True(video.RtcpReducedSize);
        Assert.Equal("4ZcD", sdp.UfragOf(video));
        Assert.Equal("2/1muCWoOi3uLifh0NuRHlXE", sdp.PwdOf(video));
        Assert.Equal(SdpSetup.ActPass, sdp.SetupOf(video));
        Assert.Equal("sha-256", video.Fingerprint!.HashFunction);
        Assert.Equal(32, video.Fingerprint.Value.Length);
        Assert.Equal(0x75, video.Fingerprint.Value[0]);
        Assert.Contains(video.RtpMaps, m => m.PayloadType == 108 && m.EncodingName == "H264" && m.ClockRate == 90000);
        Assert.Equal("apt=108", video.Fmtp[109]);
        Assert.Contains(video.RtcpFeedback, f => f.PayloadType == 108 && f.Value == "nack pli");
        Assert.Contains(video.ExtMaps, e => e.Id == 5 && e.Uri == RtpExtensionUris.PlayoutDelay);
        Assert.Equal(2, video.Candidates.Count);
        Assert.Equal("127.0.0.1", video.Candidates[0].Address);
        Assert.Equal(46243, video.Candidates[0].Port);
        Assert.Equal("active", video.Candidates[1].TcpType);
        var data = sdp.Media[1];
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
    }

    [Fact]
    public void Parse_UnknownAttributesAndLines_AreIgnored()
    {
        var text = SampleOffers.Chromium.Replace("a=rtcp-mux\r\n", "a=rtcp-mux\r\na=x-something:whatever 1 2\r\nb=AS:1000\r\n", StringComparison.Ordinal);

        var sdp = SdpParser.Parse(text);

        Assert.True(sdp.Media[0].RtcpMux);
    }

    [Fact]
    public void Parse_LfOnlyLineEnds_AreAccepted()
    {
        var sdp = SdpParser.Parse(SampleOffers.Chromium.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal(2, sdp.Media.Count);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("v=1\r\n", "line 1")]
    [InlineData("v=0\r\nhello\r\n", "line 2")]
    [InlineData("v=0\r\no=- 1 x IN IP4 127.0.0.1\r\n", "session version")]
    [InlineData("v=0\r\ns=-\r\n", "'o=' line before")]
    public void Parse_Malformed_ThrowsWithLineAndReason(string text, string expected)
    {
        var ex = Assert.Throws<SessionDescriptionException>(() => SdpParser.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=rtpmap:108 H264/90000", "a=rtpmap:300 H264/90000", "payload type")]
    [InlineData("a=rtpmap:108 H264/90000", "a=rtpmap:108 H264", "clock rate")]
    [InlineData("a=setup:actpass", "a=setup:sideways", "setup must be")]
    [InlineData("a=extmap:2 http", "a=extmap:0 http", "extmap id")]
    [InlineData("a=ice-pwd:2/1muCWoOi3uLifh0NuRHlXE", "a=ice-pwd:short", "22 to 256")]
    [InlineData("a=mid:1", "a=mid:", "mid must be")]
    [InlineData("a=sctp-port:5000", "a=sctp-port:70000", "sctp-port")]
    [InlineData("m=video 9 UDP", "m=video x UDP", "port")]
    [InlineData("a=candidate:1467250027 1 udp 2122260223 127.0.0.1 46243 typ host", "a=candidate:1 1 udp", "8 fields")]
    public void Parse_BadAttribute_ThrowsNamingTheLine(string find, string replace, string reason)
    {
        var text = SampleOffers.Chromium.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(SampleOffers.Chromium, text);

        var ex = Assert.Throws<SessionDescriptionException>(() => SdpParser.Parse(text));

        Assert.Contains("SDP line", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadFingerprintHex_Throws()
    {
        var text = SampleOffers.Chromium.Replace("75:74:5A", "75:7G:5A", StringComparison.Ordinal);

        var ex = Assert.Throws<SessionDescriptionException>(() => SdpParser.Parse(text));

        Assert.Contains("'7G' is not a hex byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteThenParse_RoundTripsEveryAttribute()
    {
        var original = SdpParser.Parse(SampleOffers.Chromium);

        var again = SdpParser.Parse(SdpWriter.Write(original));

        Assert.Equal(original.BundleMids, again.BundleMids);
        for (var i = 0; i < original.Media.Count; i++)
        {
            var a = original.Media[i];
            var b = again.Media[i];
            Assert.Equal(a.Formats, b.Formats);
            Assert.Equal(a.RtpMaps, b.RtpMaps);
            Assert.Equal(a.Fmtp, b.Fmtp);
            Assert.Equal(a.ExtMaps, b.ExtMaps);
            Assert.Equal(a.RtcpFeedback.OrderBy(f => f.ToString()), b.RtcpFeedback.OrderBy(f => f.ToString()));
            Assert.Equal(a.Candidates, b.Candidates);
            Assert.Equal(a.Fingerprint!.Value, b.Fingerprint!.Value);
            Assert.Equal(a.Setup, b.Setup);
            Assert.Equal(a.Direction, b.Direction);
            Assert.Equal(a.SctpPort, b.SctpPort);
            Assert.Equal(a.MaxMessageSize, b.MaxMessageSize);
        }
    }
}
