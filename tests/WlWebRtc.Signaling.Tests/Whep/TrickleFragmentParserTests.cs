using System.Text;
using WlWebRtc.Signaling.Whep.Sdp;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Tests.Whep;

public sealed class TrickleFragmentParserTests
{
    [Fact]
    public void Parse_FragmentWithTwoSections_AssignsMidAndIndex()
    {
        var fragment = TrickleFragmentParser.Parse(
            "a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n"
            + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0\r\n"
            + "m=video 9 RTP/AVP 0\r\na=mid:v\r\na=candidate:2 1 udp 2122260222 192.0.2.1 61765 typ host\r\na=end-of-candidates\r\n");
        Assert.Equal("EsAw", fragment.IceUfrag);
        Assert.Equal("bP+XJMM09aR8AiX1jdukzR6Y", fragment.IcePwd);
        Assert.True(fragment.EndOfCandidates);
        Assert.Equal(
            [
                new IceCandidate("candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0", "0", 0),
                new IceCandidate("candidate:2 1 udp 2122260222 192.0.2.1 61765 typ host", "v", 1),
            ],
            fragment.Candidates);
    }

    [Fact]
    public void Parse_BareEndOfCandidates_NoCandidates()
    {
        var fragment = TrickleFragmentParser.Parse("a=end-of-candidates\n");
        Assert.Empty(fragment.Candidates);
        Assert.True(fragment.EndOfCandidates);
        Assert.Null(fragment.IceUfrag);
    }

    [Theory]
    [InlineData("hello\r\n", "not an SDP line")]
    [InlineData("a=candidate:1 1 udp x 1.2.3.4 5 typ host\r\n", "not a valid candidate")]
    [InlineData("a=candidate:1 1 udp 1 1.2.3.4 70000 typ host\r\n", "not a valid candidate")]
    [InlineData("a=candidate:1 1 udp 1 1.2.3.4 5 host\r\n", "not a valid candidate")]
    [InlineData("a=ice-ufrag:\r\n", "needs one value")]
    public void Parse_Malformed_ThrowsNamingTheLine(string body, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => TrickleFragmentParser.Parse(body)).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_TooManyCandidates_Throws()
    {
        var body = string.Concat(Enumerable.Range(0, TrickleFragmentParser.MaxCandidates + 1).Select(i => $"a=candidate:{i} 1 udp 1 10.0.0.1 {1000 + i} typ host\r\n"));
        Assert.Contains("more than", Assert.Throws<FormatException>(() => TrickleFragmentParser.Parse(body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OfferUfrag_FindsFirstUfrag() =>
        Assert.Equal("abcd", TrickleFragmentParser.OfferUfrag("v=0\r\nm=video 9 X 0\r\na=ice-ufrag:abcd\r\na=ice-ufrag:zz\r\n"));

    [Fact]
    public void Parse_RandomAndMutatedInput_OnlyFormatExceptions()
    {
        const string seed = "a=ice-ufrag:EsAw\r\nm=video 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:2 1 udp 2122260222 192.0.2.1 61765 typ host\r\na=end-of-candidates\r\n";
        var random = new Random(4321);
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var chars = seed.ToCharArray();
            if (i % 5 == 0)
            {
                chars = Enumerable.Range(0, random.Next(0, 80)).Select(_ => (char)random.Next(1, 128)).ToArray();
            }
            else
            {
                for (var m = random.Next(1, 4); m > 0; m--)
                {
                    chars[random.Next(chars.Length)] = (char)random.Next(1, 128);
                }
            }

            try
            {
                Assert.NotNull(TrickleFragmentParser.Parse(new string(chars)));
                accepted++;
            }
            catch (FormatException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }

        Assert.InRange(accepted, 1, 99_999);
    }

    [Fact]
    public void WriteThenParse_RandomCredentialsAndCandidates_RoundTrip()
    {
        // Property: whatever the server writes into a PATCH response (RFC 8840 fragment), a parser reads back unchanged.
        var random = new Random(2468);
        const string iceChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
        string Ice(int min, int max) => new([.. Enumerable.Range(0, random.Next(min, max)).Select(_ => iceChars[random.Next(iceChars.Length)])]);
        for (var i = 0; i < 10_000; i++)
        {
            var restart = random.Next(2) == 0;
            var ufrag = restart ? Ice(4, 40) : null;
            var pwd = restart ? Ice(22, 60) : null;
            var candidates = Enumerable.Range(0, random.Next(0, TrickleFragmentParser.MaxCandidates + 1))
                .Select(n => new IceCandidate($"candidate:{n} 1 udp {random.Next()} 198.51.100.{random.Next(256)} {random.Next(65536)} typ {(n % 2 == 0 ? "srflx" : "relay")} raddr 10.0.0.1 rport {random.Next(65536)}", "m" + (i % 3), 0))
                .ToList();
            var end = random.Next(2) == 0;
            var media = new global::WlWebRtc.Signaling.Whep.Sessions.AnswerMedia("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m" + (i % 3));

            var parsed = TrickleFragmentParser.Parse(TrickleFragmentWriter.Write(ufrag, pwd, media, candidates, end));

            Assert.Equal((ufrag, pwd, end), (parsed.IceUfrag, parsed.IcePwd, parsed.EndOfCandidates));
            Assert.Equal(candidates, parsed.Candidates);
        }
    }

    [Fact]
    public void Parse_MutatedRestartFragments_OnlyFormatExceptions()
    {
        const string seed = "a=ice-ufrag:new1\r\na=ice-pwd:0123456789abcdef0123456\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\r\na=candidate:2 1 udp 1694498815 203.0.113.7 50000 typ srflx raddr 10.0.0.2 rport 50000\r\na=end-of-candidates\r\n";
        var random = new Random(1357);
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var chars = seed.ToCharArray();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
            }

            try
            {
                var fragment = TrickleFragmentParser.Parse(new string(chars));
                Assert.True(fragment.Candidates.Count <= TrickleFragmentParser.MaxCandidates);
                Assert.True(fragment.IceUfrag is null || (fragment.IceUfrag.Length > 0 && !fragment.IceUfrag.Any(char.IsWhiteSpace)));
                accepted++;
            }
            catch (FormatException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }

        Assert.InRange(accepted, 1, 99_999);
    }
}
