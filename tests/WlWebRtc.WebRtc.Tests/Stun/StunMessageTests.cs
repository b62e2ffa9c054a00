using System.Net;
using WlWebRtc.Transport.WebRtc.Stun;

namespace WlWebRtc.WebRtc.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = System.Text.Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void TryParse_Rfc5769Request_ReadsAttributesAndVerifies()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message!.Type);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.True(message.VerifyIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TryParse_Rfc5769Ipv4Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv4Response, out var message));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message!.XorMappedAddress);
        Assert.True(message.VerifyIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TryParse_Rfc5769Ipv6Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Ipv6Response, out var message));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), message!.XorMappedAddress);
        Assert.True(message.VerifyIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void VerifyIntegrity_WrongPassword_Fails()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.False(message!.VerifyIntegrity(System.Text.Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void VerifyIntegrity_FlippedByte_FailsButStillParses()
    {
        var forged = (byte[])Rfc5769Vectors.Request.Clone();
        forged[40] ^= 1; // inside PRIORITY

        Assert.True(StunMessage.TryParse(forged, out var message));
        Assert.False(message!.VerifyIntegrity(Key));
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void Build_Rfc5769Ipv4Response_ReproducesTheVectorExactly()
    {
        var built = new StunMessageBuilder(StunMessageType.BindingSuccess, Rfc5769Vectors.TransactionId)
            .Add(StunAttributeType.Software, System.Text.Encoding.UTF8.GetBytes("test vector"))
            .AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853))
            .Build(Key);

        // The vector pads SOFTWARE with a space where we pad with zero: compare everything else.
        var expected = (byte[])Rfc5769Vectors.Ipv4Response.Clone();
        Assert.Equal(expected.Length, built.Length);
        Assert.Equal(expected.AsSpan(0, 35).ToArray(), built.AsSpan(0, 35).ToArray());
        Assert.Equal(expected.AsSpan(36, 12).ToArray(), built.AsSpan(36, 12).ToArray());
        Assert.True(StunMessage.TryParse(built, out var parsed));
        Assert.True(parsed!.VerifyIntegrity(Key));
        Assert.True(parsed.VerifyFingerprint());
    }

    [Fact]
    public void Build_Ipv6RequestWithIceAttributes_RoundTrips()
    {
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        var built = new StunMessageBuilder(StunMessageType.BindingRequest, tid)
            .AddUsername("abcd:efgh")
            .AddPriority(12345)
            .AddUseCandidate()
            .AddIceControlling(0x0102030405060708)
            .AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("fe80::1"), 9))
            .Build(Key);

        Assert.True(StunMessage.TryParse(built, out var m));
        Assert.Equal("abcd:efgh", m!.Username);
        Assert.Equal(12345u, m.Priority);
        Assert.True(m.Has(StunAttributeType.UseCandidate));
        Assert.Equal(0x0102030405060708ul, m.IceControlling);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fe80::1"), 9), m.XorMappedAddress);
        Assert.True(m.VerifyIntegrity(Key));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Build_ErrorCode_RoundTrips()
    {
        var built = new StunMessageBuilder(StunMessageType.BindingError, new byte[12]).AddErrorCode(487, "Role Conflict").Build();

        Assert.True(StunMessage.TryParse(built, out var m));
        Assert.Equal((487, "Role Conflict"), m!.ErrorCode);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(21)]
    [InlineData(50)]
    [InlineData(107)]
    public void TryParse_Truncated_ReturnsFalse(int length) =>
        Assert.False(StunMessage.TryParse(Rfc5769Vectors.Request.AsSpan(0, length), out _));

    [Fact]
    public void TryParse_AttributeAfterFingerprint_ReturnsFalse()
    {
        var extended = Rfc5769Vectors.Request.Concat(new byte[] { 0x80, 0x22, 0, 0 }).ToArray();
        extended[3] += 4;

        Assert.False(StunMessage.TryParse(extended, out _));
    }

    [Fact]
    public void TryParse_AttributeLengthBeyondMessage_ReturnsFalse()
    {
        var broken = (byte[])Rfc5769Vectors.Request.Clone();
        broken[23] = 0xF0; // SOFTWARE length 0x10F0

        Assert.False(StunMessage.TryParse(broken, out _));
    }

    [Fact]
    public void TryParse_WrongCookie_ReturnsFalse()
    {
        var broken = (byte[])Rfc5769Vectors.Request.Clone();
        broken[4] = 0;

        Assert.False(StunMessage.TryParse(broken, out _));
    }
}
