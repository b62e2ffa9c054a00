using System.Net;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Turn;

namespace WlWebRtc.Ice.Tests.Turn;

public sealed class TurnUnitTests
{
    [Fact]
    public void Mint_KnownSecretAndTime_UsernameIsExpiryColonUserAndPasswordIsBase64HmacSha1()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var credential = TurnRestCredentials.Mint("secret", "viewer", TimeSpan.FromHours(1), now);

        Assert.Equal("1700003600:viewer", credential.Username);
        // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'secret',b'1700003600:viewer',hashlib.sha1).digest()).decode())"
        Assert.Equal(ExpectedPassword, credential.Password);
        Assert.Equal(now.AddHours(1), credential.Expires);
    }

    [Fact]
    public void Mint_UserWithColon_Throws()
    {
        Assert.Throws<ArgumentException>(() => TurnRestCredentials.Mint("secret", "a:b", TimeSpan.FromHours(1), DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("turn:turn.example.org", "turn.example.org", 3478, TurnTransport.Udp)]
    [InlineData("turn:10.0.0.1:3479?transport=tcp", "10.0.0.1", 3479, TurnTransport.Tcp)]
    [InlineData("turns:turn.example.org:443?transport=tcp", "turn.example.org", 443, TurnTransport.Tls)]
    [InlineData("turns:[2001:db8::1]", "2001:db8::1", 5349, TurnTransport.Tls)]
    public void FromUri_Rfc7065Uri_HostPortTransport(string uri, string host, int port, TurnTransport transport)
    {
        var options = TurnServerOptions.FromUri(uri, "u", "p");

        Assert.Equal((host, port, transport), (options.Host, options.Port, options.Transport));
    }

    [Theory]
    [InlineData("stun:example.org")]
    [InlineData("turn:example.org:99999")]
    [InlineData("turn:example.org?transport=sctp")]
    [InlineData("turns:example.org?transport=udp")]
    public void FromUri_Unsupported_ThrowsFormatException(string uri)
    {
        Assert.Throws<FormatException>(() => TurnServerOptions.FromUri(uri, "u", "p"));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllWithPaths()
    {
        var options = new TurnServerOptions { Host = "", Port = 0, Username = "", Password = "" };

        var errors = options.Validate("transport.webrtc.turn[0]");

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("transport.webrtc.turn[0].", e, StringComparison.Ordinal));
    }

    [Fact]
    public void ChannelData_PaddedForStreams_DecodesWithoutPadding()
    {
        var encoded = ChannelData.Encode(0x4001, [1, 2, 3, 4, 5], pad: true);

        Assert.Equal(12, encoded.Length);
        Assert.Equal(12, TurnStreamFramer.FrameLength(encoded));
        var (channel, data) = ChannelData.Decode(encoded);
        Assert.Equal(0x4001, channel);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, data.ToArray());
    }

    [Fact]
    public async Task Framer_StunAndChannelDataBackToBack_SplitsIntoMessages()
    {
        var stun = StunMessageBuilder.Request(StunMethod.Allocate).Build();
        var channel = ChannelData.Encode(0x4FFF, [9, 9, 9], pad: true);
        using var stream = new MemoryStream([.. stun, .. channel, .. stun]);
        var framer = new TurnStreamFramer(stream);

        Assert.Equal(stun, await framer.ReadAsync(default));
        Assert.Equal(channel, await framer.ReadAsync(default));
        Assert.Equal(stun, await framer.ReadAsync(default));
        Assert.Null(await framer.ReadAsync(default));
    }

    [Fact]
    public void Framer_FirstByteOfNeither_ThrowsParseException()
    {
        Assert.Throws<StunParseException>(() => TurnStreamFramer.FrameLength([0x80, 0, 0, 4]));
    }

    [Fact]
    public void XorPeerAddress_RoundTrip_Ipv4AndIpv6()
    {
        var v4 = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000);
        var v6 = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 40001);
        var bytes = new StunMessageBuilder(StunMethod.Send, StunClass.Indication, StunMessageBuilder.NewTransactionId())
            .AddXorAddress(StunAttributeType.XorPeerAddress, v4)
            .AddXorAddress(StunAttributeType.XorRelayedAddress, v6)
            .Build();

        var m = StunMessage.Parse(bytes);

        Assert.Equal(v4, m.XorPeerAddress);
        Assert.Equal(v6, m.XorRelayedAddress);
    }

    private const string ExpectedPassword = "W5/a+Jpe6LsDDnHTZkeBS4sTzbo=";
}
