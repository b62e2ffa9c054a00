using System.Security.Cryptography;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Rtp.Tests.Srtp;

/// <summary>Known-answer tests: RFC 3711 appendix B, libsrtp's driver vectors, RFC 7714 sections 16-17.</summary>
public sealed class SrtpVectorTests
{
    private static readonly byte[] Rfc3711MasterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] Rfc3711MasterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");

    private static readonly byte[] GcmKey128 = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmKey256 = Hex.Bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] GcmSalt = Hex.Bytes("517569642070726f2071756f");

    private const string GcmRtpPlain = "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string GcmRtcpPlain = "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    [Fact]
    public void DeriveSessionKeys_Rfc3711AppendixB3_MatchesRtpKeys()
    {
        var keys = SrtpSession.DeriveSessionKeys(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(keys.RtpKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(keys.RtpSalt));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Of(keys.RtpAuthKey));
    }

    [Fact]
    public void DeriveSessionKeys_Rfc3711MasterKey_MatchesSrtcpKeysOfOtherImplementations()
    {
        var keys = SrtpSession.DeriveSessionKeys(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));

        Assert.Equal("4c1aa45a81f73d61c800bbb00fbb1eaa", Hex.Of(keys.RtcpKey));
        Assert.Equal("8d54534feb49ae8e7993a6bd0b844fc323a93dfd", Hex.Of(keys.RtcpAuthKey));
        Assert.Equal("9581c7ad87b3e530bf3e4454a8b3", Hex.Of(keys.RtcpSalt));
    }

    [Fact]
    public void Keystream_Rfc3711AppendixB2_MatchesFirstBlocks()
    {
        using var aes = Aes.Create();
        aes.Key = Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        var keystream = new byte[48];

        AesCounterMode.Keystream(aes, Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Hex.Of(keystream.AsSpan(0, 16)));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Hex.Of(keystream.AsSpan(16, 16)));
    }

    [Fact]
    public void ProtectRtp_LibsrtpAesCmVector_MatchesCiphertextAndTag()
    {
        using var session = new SrtpSession(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));
        var plain = Hex.Bytes("800f1234decafbadcafebabeabababababababababababababababab");
        var buffer = new byte[plain.Length + session.RtpOverhead];

        var status = session.ProtectRtp(plain, buffer, out var written);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb", Hex.Of(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void UnprotectRtp_LibsrtpAesCmVector_RestoresPlaintext()
    {
        using var session = new SrtpSession(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));
        var packet = Hex.Bytes("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

        var status = session.UnprotectRtp(packet, out var length);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal("800f1234decafbadcafebabeabababababababababababababababab", Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void ProtectRtcp_LibsrtpAesCmVectorIndexOne_MatchesCiphertextIndexAndTag()
    {
        using var session = new SrtpSession(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));
        var plain = Hex.Bytes("81c8000bcafebabeabababababababababababababababab");
        session.SetNextSrtcpIndex(0xcafebabe, 1);
        var buffer = new byte[plain.Length + session.RtcpOverhead];

        var status = session.ProtectRtcp(plain, buffer, out var written);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798", Hex.Of(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void UnprotectRtcp_LibsrtpAesCmVector_RestoresPlaintext()
    {
        using var session = new SrtpSession(new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1Tag80, Rfc3711MasterKey, Rfc3711MasterSalt));
        var packet = Hex.Bytes("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

        var status = session.UnprotectRtcp(packet, out var length);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal("81c8000bcafebabeabababababababababababababababab", Hex.Of(packet.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce")]
    [InlineData(SrtpProfile.AeadAes256Gcm, "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13")]
    public void ProtectRtp_Rfc7714Section16Vector_MatchesCiphertextAndTag(SrtpProfile profile, string expected)
    {
        using var session = GcmSession(profile);
        var plain = Hex.Bytes(GcmRtpPlain);
        var buffer = new byte[plain.Length + session.RtpOverhead];

        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(plain, buffer, out var written));

        Assert.Equal(expected, Hex.Of(buffer.AsSpan(0, written)));
    }

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce")]
    [InlineData(SrtpProfile.AeadAes256Gcm, "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13")]
    public void UnprotectRtp_Rfc7714Section16Vector_RestoresPlaintext(SrtpProfile profile, string protectedHex)
    {
        using var session = GcmSession(profile);
        var packet = Hex.Bytes(protectedHex);

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtp(packet, out var length));

        Assert.Equal(GcmRtpPlain, Hex.Of(packet.AsSpan(0, length)));
    }

    [Fact]
    public void ProtectRtcp_Rfc7714Section17Vector128_MatchesCiphertextTagAndIndex()
    {
        using var session = GcmSession(SrtpProfile.AeadAes128Gcm);
        var plain = Hex.Bytes(GcmRtcpPlain);
        session.SetNextSrtcpIndex(0x4d617273, 0x5d4);
        var buffer = new byte[plain.Length + session.RtcpOverhead];

        Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(plain, buffer, out var written));

        Assert.Equal(
            "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4",
            Hex.Of(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void UnprotectRtcp_Rfc7714Section17Vector256_RestoresPlaintext()
    {
        using var session = GcmSession(SrtpProfile.AeadAes256Gcm);
        var packet = Hex.Bytes("81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4");

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtcp(packet, out var length));

        Assert.Equal(GcmRtcpPlain, Hex.Of(packet.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4000)]
    public void UnprotectRtcp_UnencryptedGcm_AuthenticatesWholePacketAsAssociatedData(int length)
    {
        using var session = GcmSession(SrtpProfile.AeadAes128Gcm);
        var plain = new byte[length];
        new Random(length).NextBytes(plain);
        plain[0] = 0x80;
        plain[1] = 201;
        const uint ssrc = 0x01020304;
        const uint index = 5;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), ssrc);

        // RFC 7714 sections 9.1 and 9.3: E = 0, so the packet and the index are all associated data.
        var nonce = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(2), ssrc);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= GcmSalt[i];
        }

        var aad = plain.Concat(new byte[] { 0, 0, 0, (byte)index }).ToArray();
        var tag = new byte[16];
        using (var gcm = new AesGcm(GcmKey128, 16))
        {
            gcm.Encrypt(nonce, Array.Empty<byte>(), Array.Empty<byte>(), tag, aad);
        }

        var wire = plain.Concat(tag).Concat(new byte[] { 0, 0, 0, (byte)index }).ToArray();
        var forged = wire.ToArray();
        forged[length / 2] ^= 1;

        Assert.Equal(SrtpStatus.AuthenticationFailed, session.UnprotectRtcp(forged, out _));
        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtcp(wire, out var unprotected));
        Assert.Equal(plain, wire.AsSpan(0, unprotected).ToArray());
    }

    private static SrtpSession GcmSession(SrtpProfile profile)
    {
        var key = profile == SrtpProfile.AeadAes256Gcm ? GcmKey256 : GcmKey128;
        return SrtpSession.FromSessionKeys(profile, key, GcmSalt, [], key, GcmSalt, []);
    }
}
