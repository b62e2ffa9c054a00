using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace WlWebRtc.Rtp.Srtp;

/// <summary>SRTP_AEAD_AES_128_GCM and SRTP_AEAD_AES_256_GCM (RFC 7714): AES-GCM with a 128-bit tag; the header is
/// associated data; SRTCP puts the E flag and index after the tag and authenticates them as associated data.</summary>
internal sealed class AeadAesGcmTransform : ISrtpTransform
{
    private const int GcmTagLength = 16;
    private const int SrtcpIndexLength = 4;
    private const int MaxStackAad = 2048;

    private readonly AesGcm _rtpGcm;
    private readonly AesGcm _rtcpGcm;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AeadAesGcmTransform(SrtpSession.SessionKeys keys)
    {
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        _rtpGcm = new AesGcm(keys.RtpKey, GcmTagLength);
        _rtcpGcm = new AesGcm(keys.RtcpKey, GcmTagLength);
    }

    public int TagLength => GcmTagLength;

    public void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index)
    {
        var plain = packet[headerLength..];
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(nonce, ssrc, index);
        _rtpGcm.Encrypt(nonce, plain, destination.Slice(headerLength, plain.Length), destination.Slice(packet.Length, GcmTagLength), destination[..headerLength]);
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        var bodyLength = packet.Length - GcmTagLength;
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(nonce, ssrc, index);
        var body = packet[headerLength..bodyLength];
        try
        {
            _rtpGcm.Decrypt(nonce, body, packet.Slice(bodyLength, GcmTagLength), body, packet[..headerLength]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex)
    {
        var eAndIndex = 0x80000000u | srtcpIndex;
        var plain = packet[8..];
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(nonce, ssrc, srtcpIndex);
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eAndIndex);
        _rtcpGcm.Encrypt(nonce, plain, destination.Slice(8, plain.Length), destination.Slice(packet.Length, GcmTagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(packet.Length + GcmTagLength, SrtcpIndexLength), eAndIndex);
    }

    public int SrtcpIndexOffset(int packetLength) => packetLength - SrtcpIndexLength;

    public bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint eAndIndex)
    {
        var bodyLength = packet.Length - SrtcpIndexLength - GcmTagLength;
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(nonce, ssrc, eAndIndex & 0x7FFFFFFF);
        var tag = packet.Slice(bodyLength, GcmTagLength);
        try
        {
            if ((eAndIndex & 0x80000000u) != 0)
            {
                Span<byte> aad = stackalloc byte[12];
                packet[..8].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[8..], eAndIndex);
                var body = packet[8..bodyLength];
                _rtcpGcm.Decrypt(nonce, body, tag, body, aad);
            }
            else
            {
                // Unencrypted SRTCP with GCM: everything is associated data (RFC 7714 section 9.3). The packet's
                // size is the peer's choice: only a datagram-sized copy goes on the stack.
                var rented = bodyLength + SrtcpIndexLength > MaxStackAad ? ArrayPool<byte>.Shared.Rent(bodyLength + SrtcpIndexLength) : null;
                try
                {
                    var aad = rented is null ? stackalloc byte[bodyLength + SrtcpIndexLength] : rented.AsSpan(0, bodyLength + SrtcpIndexLength);
                    packet[..bodyLength].CopyTo(aad);
                    BinaryPrimitives.WriteUInt32BigEndian(aad[bodyLength..], eAndIndex);
                    _rtcpGcm.Decrypt(nonce, [], tag, [], aad);
                }
                finally
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _rtpGcm.Dispose();
        _rtcpGcm.Dispose();
    }

    /// <summary>RFC 7714 section 8.1: 00 00 || SSRC || ROC || SEQ, XOR salt (ROC and SEQ are the 48-bit index).</summary>
    private void RtpNonce(Span<byte> nonce, uint ssrc, ulong index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtpSalt[i];
        }
    }

    /// <summary>RFC 7714 section 9.1: 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR salt.</summary>
    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint srtcpIndex)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], srtcpIndex);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtcpSalt[i];
        }
    }
}
