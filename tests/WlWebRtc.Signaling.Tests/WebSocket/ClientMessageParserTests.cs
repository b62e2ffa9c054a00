using System.Text;
using WlWebRtc.Signaling.WebSocket.Protocol;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Tests.WebSocket;

public sealed class ClientMessageParserTests
{
    private static ClientMessage Parse(string json) => ClientMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_Offer_ReturnsSdp() =>
        Assert.Equal(new OfferMessage("v=0\r\n"), Parse("""{"type":"offer","sdp":"v=0\r\n"}"""));

    [Fact]
    public void Parse_Candidate_ReturnsCandidateWithMidAndIndex() =>
        Assert.Equal(new CandidateMessage(new IceCandidate("candidate:1 1 udp 5 10.0.0.1 9 typ host", "0", 0)),
            Parse("""{"type":"candidate","candidate":"candidate:1 1 udp 5 10.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}"""));

    [Theory]
    [InlineData("""{"type":"candidate","candidate":""}""")]
    [InlineData("""{"type":"candidate","candidate":null}""")]
    [InlineData("""{"type":"candidate"}""")]
    [InlineData("""{"type":"end-of-candidates"}""")]
    public void Parse_EndOfCandidates_ReturnsNullCandidate(string json) => Assert.Equal(new CandidateMessage(null), Parse(json));

    [Fact]
    public void Parse_AuthPingBye_ReturnsMessages()
    {
        Assert.Equal(new AuthMessage("t0k"), Parse("""{"type":"auth","token":"t0k"}"""));
        Assert.Equal(new PingMessage(42), Parse("""{"type":"ping","id":42}"""));
        Assert.IsType<ByeMessage>(Parse("""{"type":"bye","extra":1}"""));
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    [InlineData("\"offer\"", "JSON object")]
    [InlineData("""{"type":5}""", "'type' must be a string")]
    [InlineData("""{"type":"offer","sdp":1}""", "'sdp' must be a string")]
    [InlineData("""{"type":"candidate","candidate":"a=candidate:1"}""", "must start with 'candidate:'")]
    [InlineData("""{"type":"candidate","candidate":"candidate:1","sdpMLineIndex":-1}""", "'sdpMLineIndex'")]
    [InlineData("""{"type":"candidate","candidate":"candidate:1","sdpMLineIndex":1.5}""", "whole number")]
    [InlineData("""{"type":"ping","id":"x"}""", "whole number")]
    [InlineData("""{"type":"a","b":{"c":{"d":{"e":{}}}}}""", "not valid JSON")]
    public void Parse_Malformed_ThrowsBadMessageSayingWhy(string json, string reason)
    {
        var ex = Assert.Throws<ProtocolException>(() => Parse(json));
        Assert.Equal(ErrorCodes.BadMessage, ex.Code);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CandidateTooLong_Throws()
    {
        var json = $$"""{"type":"candidate","candidate":"candidate:{{new string('1', ClientMessageParser.MaxCandidateLength)}}"}""";
        Assert.Contains("longer than", Assert.Throws<ProtocolException>(() => Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomAndMutatedInput_OnlyProtocolExceptions()
    {
        // 10^5 inputs: mutations of valid messages and random bytes. Anything but a ProtocolException fails.
        string[] seeds =
        [
            """{"type":"offer","sdp":"v=0\r\n"}""",
            """{"type":"candidate","candidate":"candidate:1 1 udp 5 10.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}""",
            """{"type":"auth","token":"abc"}""",
            """{"type":"ping","id":1}""",
        ];
        var random = new Random(1234);
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] input;
            if (i % 4 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = System.Text.Encoding.UTF8.GetBytes(seeds[i % seeds.Length]);
                var mutations = random.Next(1, 4);
                for (var m = 0; m < mutations && input.Length > 0; m++)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                Assert.NotNull(ClientMessageParser.Parse(input));
                parsed++;
            }
            catch (ProtocolException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }

        Assert.InRange(parsed, 1, 99_999);
    }

    [Fact]
    public void Parse_RestartIce_ReturnsSdp() =>
        Assert.Equal(new RestartIceMessage("v=0\r\n"), Parse("""{"type":"restart-ice","sdp":"v=0\r\n"}"""));

    [Fact]
    public void Parse_MutatedRestartIceAndCandidates_OnlyProtocolExceptions()
    {
        string[] seeds =
        [
            """{"type":"restart-ice","sdp":"v=0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef0123456\r\n"}""",
            """{"type":"candidate","candidate":"candidate:2 1 udp 1694498815 203.0.113.7 50000 typ srflx raddr 10.0.0.2 rport 50000","sdpMid":"0","sdpMLineIndex":0}""",
            """{"type":"end-of-candidates"}""",
        ];
        var random = new Random(98765);
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = System.Text.Encoding.UTF8.GetBytes(seeds[i % seeds.Length]);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            try
            {
                Assert.NotNull(ClientMessageParser.Parse(input));
                parsed++;
            }
            catch (ProtocolException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }

        Assert.InRange(parsed, 1, 99_999);
    }
}
