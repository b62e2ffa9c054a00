using System.Buffers.Binary;
using System.Security.Cryptography;

namespace WlWebRtc.Rtp.Srtp;

/// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES counter mode, HMAC-SHA1 truncated to 80 bits; SRTCP puts the
/// E flag and index before the tag, and the tag covers them.</summary>
internal sealed class AesCmHmacSha1Transform : ISrtpTransform
{
    private const int HmacTagLength = 10;
    private const int SrtcpIndexLength = 4;

    private readonly Aes _rtpCipher;
    private readonly Aes _rtcpCipher;
    private readonly ICryptoTransform _rtpEcb;
    private readonly ICryptoTransform _rtcpEcb;
    private readonly IncrementalHash _rtpAuth;
    private readonly IncrementalHash _rtcpAuth;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly byte[] _counters = AesCounterMode.NewScratch();
    private readonly byte[] _keystream = AesCounterMode.NewScratch();

    public AesCmHmacSha1Transform(SrtpSession.SessionKeys keys)
    {
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        _rtpCipher = CreateEcb(keys.RtpKey);
        _rtcpCipher = CreateEcb(keys.RtcpKey);
        _rtpEcb = _rtpCipher.CreateEncryptor(keys.RtpKey, null);
        _rtcpEcb = _rtcpCipher.CreateEncryptor(keys.RtcpKey, null);
        _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
    }

    public int TagLength => HmacTagLength;

    public void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        var plain = packet[headerLength..];
        Span<byte> iv = stackalloc byte[16];
        CounterIv(iv, _rtpSalt, ssrc, index);
        AesCounterMode.Transform(_rtpEcb, _counters, _keystream, iv, plain, destination.Slice(headerLength, plain.Length));
        RtpHmac(destination[..packet.Length], RolloverCounter(index), destination.Slice(packet.Length, HmacTagLength));
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        var bodyLength = packet.Length - HmacTagLength;
        Span<byte> tag = stackalloc byte[HmacTagLength];
        RtpHmac(packet[..bodyLength], RolloverCounter(index), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(bodyLength, HmacTagLength)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        CounterIv(iv, _rtpSalt, ssrc, index);
        var body = packet[headerLength..bodyLength];
        AesCounterMode.Transform(_rtpEcb, _counters, _keystream, iv, body, body);
        return true;
    }

    public void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex)
    {
        var plain = packet[8..];
        Span<byte> iv = stackalloc byte[16];
        CounterIv(iv, _rtcpSalt, ssrc, srtcpIndex);
        AesCounterMode.Transform(_rtcpEcb, _counters, _keystream, iv, plain, destination.Slice(8, plain.Length));
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(packet.Length, SrtcpIndexLength), 0x80000000u | srtcpIndex);
        Span<byte> hash = stackalloc byte[20];
        _rtcpAuth.AppendData(destination[..(packet.Length + SrtcpIndexLength)]);
        _rtcpAuth.GetHashAndReset(hash);
        hash[..HmacTagLength].CopyTo(destination.Slice(packet.Length + SrtcpIndexLength, HmacTagLength));
    }

    public int SrtcpIndexOffset(int packetLength) => packetLength - HmacTagLength - SrtcpIndexLength;

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint eAndIndex)
    {
        var bodyLength = packet.Length - SrtcpIndexLength - HmacTagLength;
        Span<byte> hash = stackalloc byte[20];
        _rtcpAuth.AppendData(packet[..(bodyLength + SrtcpIndexLength)]);
        _rtcpAuth.GetHashAndReset(hash);
        if (!CryptographicOperations.FixedTimeEquals(hash[..HmacTagLength], packet.Slice(bodyLength + SrtcpIndexLength, HmacTagLength)))
        {
            return false;
        }

        if ((eAndIndex & 0x80000000u) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtcpSalt, ssrc, eAndIndex & 0x7FFFFFFF);
            var body = packet[8..bodyLength];
            AesCounterMode.Transform(_rtcpEcb, _counters, _keystream, iv, body, body);
        }

        return true;
    }

    public void Dispose()
    {
        _rtpEcb.Dispose();
        _rtcpEcb.Dispose();
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAuth.Dispose();
        _rtcpAuth.Dispose();
    }

    private static Aes CreateEcb(byte[] key)
    {
        var aes = Aes.Create();
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        aes.Key = key;
        return aes;
    }

    private static uint RolloverCounter(ulong index) => (uint)(index >> 16);

    /// <summary>IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).</summary>
    private static void CounterIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }
    }

    /// <summary>The RTP tag: HMAC over the packet followed by the rollover counter (RFC 3711 section 4.2).</summary>
    private void RtpHmac(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        Span<byte> hash = stackalloc byte[20];
        _rtpAuth.AppendData(authenticated);
        _rtpAuth.AppendData(rocBytes);
        _rtpAuth.GetHashAndReset(hash);
        hash[..HmacTagLength].CopyTo(tag);
    }
}
